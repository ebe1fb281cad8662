#pragma once
// The rewards a member could claim now: enough points, a tier and group the reward is for, in stock.
// The same rules a claim is refused by (rewards/claims.cpp).
#include <vector>

#include "domain/member.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

std::vector<Reward> claimable_rewards(Transaction& tx, const ShopProgram& p, const Member& m);

}  // namespace loyalty::core
