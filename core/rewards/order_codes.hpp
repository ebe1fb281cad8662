#pragma once
// Grant codes an order applied at checkout (OrderInput::discount_codes): a paid order carrying an
// issued grant's code marks that grant used by the order, in the transaction that applies it.
#include <cstdint>
#include <string>

#include "domain/order.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Marks used every issued, unexpired grant of the shop whose code the order carries, when the order
// is paid, partially refunded or refunded. A code matching no grant, or a grant used by another
// order, voided or expired at the order's time, is left alone. Returns a note of what was done and
// left (empty when the order carries no code); a grant already used by this order adds nothing.
std::string use_order_codes(Transaction& tx, const ShopProgram& program, const OrderInput& order, int64_t now);

}  // namespace loyalty::core
