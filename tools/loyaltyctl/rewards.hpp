#pragma once
// loyaltyctl's commands for customer groups, rewards, grants and distributor programs.
#include <string>

#include "loyalty/loyalty.h"
#include "support.hpp"

namespace loyaltyctl {

int group(loyalty_engine* e, const std::string& verb, const Words& w);
int grant(loyalty_engine* e, const std::string& verb, const Words& w);
int period(loyalty_engine* e, const std::string& verb, const Words& w);
// A noun without a verb, like maintenance: `leaderboard SHOP PROGRAM_ID`.
int leaderboard(loyalty_engine* e, const Words& w);

}  // namespace loyaltyctl
