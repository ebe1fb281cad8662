#pragma once
// Who a game is for: its tiers and customer groups, as rewards have them.
#include <string>

#include "domain/member.hpp"
#include "domain/program.hpp"

namespace loyalty::core {

// Why the member may not play `game`, or "" when they may.
std::string game_refusal(const ShopProgram& p, const Game& game, const Member& m);

}  // namespace loyalty::core
