#pragma once
#include <cstdint>

#include "distributor/program_ref.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Settles a closed period of one program in `tx`: posts each member's points and grants and
// records the standings. A period settled before is read back and nothing is posted.
ProgramSettlement settle_program(Transaction& tx, const ShopProgram& p, const ProgramRef& ref, const Period& period,
                                 int64_t now);

}  // namespace loyalty::core
