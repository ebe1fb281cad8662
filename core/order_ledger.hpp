#pragma once
// How an order's latest state moves the ledger: only the difference from what the order already
// holds is posted, so replays, duplicates and reordered deliveries never credit twice.
#include <string>

#include "domain/order.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Applies `in` inside `tx`. `in` is validated and `phone` canonical (or empty). `history`: the state
// comes from the platform's past (Delivery::history): an order it first counts is marked history
// and never posts points, and nothing it does pays a bonus (docs/program.md, "History without points").
// Returns applied to the order before (OrderState::returned_amount) stay refunded whatever `in` says.
OrderResult apply_order(Transaction& tx, const ShopProgram& program, const OrderInput& in, const CustomerPhone& phone,
                        int64_t now, bool history = false);

}  // namespace loyalty::core
