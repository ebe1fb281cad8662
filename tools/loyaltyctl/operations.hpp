#pragma once
// loyaltyctl's commands for operators: maintenance, webhook deliveries and the quarantine.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_operator_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
