#pragma once
// loyaltyctl's commands for instant-win games: play one, a member's standing in one, and the plays made.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_game_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
