#pragma once
// How an order's latest state moves the ledger: only the difference from what the order already
// holds is posted, so replays, duplicates and reordered deliveries never credit twice.
#include <string>

#include "domain/order.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Applies `in` inside `tx`. `in` is validated and `phone` canonical (or empty).
OrderResult apply_order(Transaction& tx, const ShopProgram& program, const OrderInput& in, const CustomerPhone& phone,
                        int64_t now);

}  // namespace loyalty::core
