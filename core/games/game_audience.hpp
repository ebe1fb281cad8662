#pragma once
// Who a game is for: its tiers, customer groups and segments, checked as rewards check theirs.
#include <string>

#include "program/audience.hpp"

namespace loyalty::core {

inline std::string game_refusal(Transaction& tx, const ShopProgram& p, const Game& g, const Member& m) {
    return audience_refusal(tx, p, {g.tiers, g.groups, g.segments}, m, "game \"" + g.game_id + "\"");
}

}  // namespace loyalty::core
