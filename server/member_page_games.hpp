#pragma once
// The games part of the member's page: a form for each game they can play now, the result of a play,
// and why a play was refused, all in Vietnamese.
#include <string>
#include <vector>

#include "member_page.hpp"

namespace loyalty::server {

// Empty when there is no game to play.
std::string games_section(const std::vector<PageGame>& games, const std::string& token);
std::string play_result_section(const core::ShopProgram& program, const PagePlay& result);
// Why the member cannot play `game` now, from its status as the engine tells it.
std::string play_refusal(const core::Game& game, const core::GameStatus& status, int64_t available);

}  // namespace loyalty::server
