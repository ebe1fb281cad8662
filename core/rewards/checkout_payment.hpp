#pragma once
#include <string>

#include "points_book.hpp"

namespace loyalty::core {

// The most points that may pay for an order of `amount` VND: max_order_pct of it, in whole points.
// The quote and payments use this one limit. `policy.point_value` must be positive.
int64_t payable_points(const RedeemPolicy& policy, int64_t amount);

// Gives back the points that paid for `order_id` at checkout, once, when the order is not kept.
// `order_book` is the order's member; the payer, if another member, gets a book of its own.
// Returns whether anything was posted to `order_book`.
bool return_order_payment(Book& order_book, const std::string& order_id);

}  // namespace loyalty::core
