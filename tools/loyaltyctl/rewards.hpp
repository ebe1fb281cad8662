#pragma once
// loyaltyctl's commands for customer groups, rewards, grants and distributor programs.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_reward_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
