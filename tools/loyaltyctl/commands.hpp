#pragma once
// loyaltyctl's commands, each a thin call through the C ABI, declared on the CLI11 app.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

// Shops, orders, customers, members, points, tiers and checkout.
void add_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
