#include "haravan/spend.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/goods.hpp"
#include "common/text.hpp"

namespace loyalty::connectors::haravan {
namespace {

// Sums of amounts that each fit int64 can exceed it; they are clamped to the order's amount, so
// they are added up wide and never wrap.
__extension__ typedef __int128 wide_int;  // -Wpedantic needs telling that GCC has it

// Above any int64 amount, so capping a term here never changes a clamped result; capped terms
// cannot overflow even when a hostile body lists millions of them.
constexpr wide_int kCap = static_cast<wide_int>(1) << 64;

wide_int capped(wide_int value) { return value > kCap ? kCap : value; }

// floor(a * b / c) for 0 <= a < 2^127, 0 <= b, c > 0, capped at kCap, without overflowing.
wide_int mul_div_capped(wide_int a, int64_t b, int64_t c) {
    wide_int quot = a / c, rem = a % c;
    if (b != 0 && quot > kCap / b) return kCap;
    return capped(quot * b + rem * b / c);
}

int64_t clamp_to(wide_int value, int64_t amount) {
    if (value <= 0) return 0;
    return value >= amount ? amount : static_cast<int64_t>(value);
}

// What a line item cost before and after its own discount: Haravan's line price is before
// discounts and total_discount is the discount on the whole line.
struct LineFacts {
    int64_t price = 0;
    int64_t quantity = 0;
    int64_t discount = 0;
};

LineFacts line_facts(const json::object& line, std::string_view path) {
    LineFacts f;
    f.price = optional_money(line, "price", path);
    f.quantity = optional_count(line, "quantity", path);
    f.discount = optional_money(line, "total_discount", path);
    return f;
}

std::unordered_map<std::string, LineFacts> order_lines(const json::object& order, std::string_view path) {
    std::unordered_map<std::string, LineFacts> lines;
    const json::array* items = optional_array(order, "line_items", path);
    if (!items) return lines;
    std::string base = at(path, "line_items");
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string p = at(base, i);
        const json::object& line = object_at((*items)[i], p);
        if (auto id = optional_id(line, "id", p)) lines.emplace(*id, line_facts(line, p));
    }
    return lines;
}

// One refund_line_items entry in VND. `subtotal` is what the platform says the returned goods were
// worth; without it, quantity x price less the same share of the line's discount.
wide_int returned_goods(const json::object& item, std::string_view path,
                        const std::unordered_map<std::string, LineFacts>& lines) {
    if (present(item, "subtotal")) return optional_money(item, "subtotal", path);
    int64_t quantity = optional_count(item, "quantity", path);

    std::optional<LineFacts> facts;
    if (auto id = optional_id(item, "line_item_id", path)) {
        if (auto found = lines.find(*id); found != lines.end()) facts = found->second;
    }
    if (!facts) {
        const json::object* embedded = optional_object(item, "line_item", path);
        if (!embedded || !present(*embedded, "price"))
            refuse(at(at(path, "line_item"), "price") + " is required to value a refund without a subtotal");
        facts = line_facts(*embedded, at(path, "line_item"));
    }
    if (facts->quantity <= 0) return capped(static_cast<wide_int>(quantity) * facts->price);
    wide_int line_net = static_cast<wide_int>(facts->price) * facts->quantity - facts->discount;
    if (line_net <= 0) return 0;
    // Rounded down: the customer keeps a fraction of a dong rather than losing it.
    return mul_div_capped(line_net, quantity, facts->quantity);
}

// Refund transactions that moved money. Haravan writes the status in the shop's language
// ("Thành công"); a transaction without a status is the refund itself, recorded after the fact.
bool successful_refund(const json::object& t) {
    std::string kind = lowered(trimmed(optional_string(t, "kind")));
    if (!kind.empty() && kind != "refund") return false;
    const json::value* status = present(t, "status");
    if (!status) return true;
    if (!status->is_string()) return false;
    std::string s = lowered(trimmed(optional_string(t, "status")));
    return s.empty() || s == "success" || s == "thành công";
}

}  // namespace

int64_t eligible_amount(const json::object& order, std::string_view path) {
    OrderTotals totals;
    totals.subtotal = required_money(order, "subtotal_price", path);
    totals.total = required_money(order, "total_price", path);
    totals.discounts = optional_money(order, "total_discounts", path);
    if (present(order, "total_line_items_price"))
        totals.line_items_price = optional_money(order, "total_line_items_price", path);
    wide_int shipping = 0;
    if (const json::array* lines = optional_array(order, "shipping_lines", path)) {
        std::string base = at(path, "shipping_lines");
        for (std::size_t i = 0; i < lines->size(); ++i) {
            std::string p = at(base, i);
            shipping = capped(shipping + optional_money(object_at((*lines)[i], p), "price", p));
        }
    }
    totals.shipping = clamp_to(shipping, std::numeric_limits<int64_t>::max());
    int64_t goods = goods_after_discounts(totals);
    int64_t tax = optional_money(order, "total_tax", path);

    const json::value* included = present(order, "taxes_included");
    // Documented as the strings "true"/"false", seen as booleans and as null.
    bool taxes_included = included && ((included->is_bool() && included->get_bool()) ||
                                       lowered(trimmed(optional_string(order, "taxes_included"))) == "true");
    if (taxes_included || tax == 0) return goods;
    // Haravan adds a separated tax on top of the goods. Only when total_price leaves no room for
    // it was it inside the goods after all.
    if (static_cast<wide_int>(totals.total) == static_cast<wide_int>(goods) + shipping)
        return std::max<int64_t>(0, goods - tax);
    return goods;
}

int64_t refunds_total(const json::object& order, std::string_view path, int64_t amount) {
    const json::array* refunds = optional_array(order, "refunds", path);
    if (!refunds || refunds->empty()) return 0;
    auto lines = order_lines(order, path);

    wide_int goods = 0, money = 0;
    std::string base = at(path, "refunds");
    for (std::size_t i = 0; i < refunds->size(); ++i) {
        std::string rp = at(base, i);
        const json::object& refund = object_at((*refunds)[i], rp);
        if (const json::array* items = optional_array(refund, "refund_line_items", rp)) {
            std::string ib = at(rp, "refund_line_items");
            for (std::size_t j = 0; j < items->size(); ++j) {
                std::string ip = at(ib, j);
                goods += returned_goods(object_at((*items)[j], ip), ip, lines);
            }
        }
        if (const json::array* txs = optional_array(refund, "transactions", rp)) {
            std::string tb = at(rp, "transactions");
            for (std::size_t k = 0; k < txs->size(); ++k) {
                std::string tp = at(tb, k);
                const json::object& t = object_at((*txs)[k], tp);
                int64_t size = money_magnitude(t, "amount", tp);  // read even when not counted: a bad amount is a bad body
                if (successful_refund(t)) money += size;
            }
        }
    }
    // Goods first: the money returned may include shipping, which never earned points, and a
    // return recorded as goods and then as money would otherwise count twice.
    return clamp_to(goods > 0 ? goods : money, amount);
}

}  // namespace loyalty::connectors::haravan
