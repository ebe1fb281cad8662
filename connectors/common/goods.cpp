#include "goods.hpp"

namespace loyalty::connectors {
namespace {

__extension__ typedef __int128 wide_int;  // sums of two int64 amounts cannot wrap here

}  // namespace

int64_t goods_after_discounts(const OrderTotals& t) {
    wide_int goods = t.subtotal;
    bool already_discounted =
        t.discounts > 0 && t.line_items_price && wide_int{t.subtotal} + t.discounts == wide_int{*t.line_items_price};
    if (!already_discounted) goods -= t.discounts;
    // The customer cannot have paid more for goods than they paid in all, less the delivery.
    wide_int paid = wide_int{t.total} - t.shipping;
    if (goods > paid) goods = paid;
    return goods > 0 ? static_cast<int64_t>(goods) : 0;
}

}  // namespace loyalty::connectors
