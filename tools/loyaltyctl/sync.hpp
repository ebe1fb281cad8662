#pragma once
// loyaltyctl's commands for the platform apps: a shop's sync status, and starting a backfill or a
// reconciliation that a running loyaltyd carries out, followed with a progress bar on a terminal.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_sync_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
