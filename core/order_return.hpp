#pragma once
// A return the platform records apart from its order (OrderReturn): refunds part of the order once
// per return id, through the order ledger's refund path.
#include <cstdint>

#include "domain/delivery.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Applies `r` (validated) inside `tx`. A return of an unknown order, or of a cancelled one, is
// skipped (an event of type "skipped" with a note) and not recorded, so it applies if it is pulled
// again once the order is in. A return applied before changes nothing and says so.
EventResult apply_return(Transaction& tx, const ShopProgram& program, const OrderReturn& r, int64_t now,
                         bool history);

}  // namespace loyalty::core
