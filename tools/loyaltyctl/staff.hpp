#pragma once
// loyaltyctl's commands for the dashboard's staff accounts: add, list, remove, reset. Passwords are
// read from standard input (one line), never from the command line, where `ps` would show them.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_staff_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
