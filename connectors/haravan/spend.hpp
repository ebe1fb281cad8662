#pragma once
// How much of a Haravan order counts for loyalty, and how much of it went back. The rules are
// written out in connectors/README.md; each function here is one row of it.
#include <cstdint>
#include <string_view>

#include "haravan/fields.hpp"

namespace loyalty::connectors::haravan {

// Eligible spend: the goods after every discount (common/goods.hpp: Haravan's subtotal_price is
// before order-level discounts, so total_discounts comes off it), without shipping. Tax comes off
// only when the order separates it (taxes_included not true, total_tax > 0) and total_price shows
// it was not added on top of the goods (total_price == goods + shipping).
int64_t eligible_amount(const json::object& order, std::string_view path);

// What refunds[] returned, in 0..amount: the goods the refunds list (refund_line_items, valued at
// their subtotal, or at the line's price net of its discount share) when they list any, else the
// money of successful refund transactions.
int64_t refunds_total(const json::object& order, std::string_view path, int64_t amount);

}  // namespace loyalty::connectors::haravan
