#pragma once
#include <string>

#include "points_book.hpp"

namespace loyalty::core {

// Gives back the points that paid for `order_id` at checkout, once, when the order is not kept.
// `order_book` is the order's member; the payer, if another member, gets a book of its own.
// Returns whether anything was posted to `order_book`.
bool return_order_payment(Book& order_book, const std::string& order_id);

}  // namespace loyalty::core
