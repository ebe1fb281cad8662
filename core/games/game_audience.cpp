#include "games/game_audience.hpp"

#include "program/eligibility.hpp"
#include "program/tier_status.hpp"

namespace loyalty::core {

std::string game_refusal(const ShopProgram& p, const Game& game, const Member& m) {
    if (p.tiers && !game.tiers.empty()) {
        const std::string& held = p.tiers->levels[held_level(*p.tiers, m.tier)].name;
        if (!listed(game.tiers, held)) return "game \"" + game.game_id + "\" is not for tier \"" + held + "\"";
    }
    if (!in_groups(game.groups, m.group))
        return "game \"" + game.game_id + "\" is not for customer group \"" + m.group + "\"";
    return {};
}

}  // namespace loyalty::core
