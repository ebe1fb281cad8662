#pragma once
// A member with what the program says about them now, read in the caller's transaction.
#include <cstdint>

#include "engine.hpp"

namespace loyalty::core {

MemberDetails details_of(Transaction& tx, const ShopProgram& program, Member member, int64_t t);

}  // namespace loyalty::core
