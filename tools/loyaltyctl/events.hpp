#pragma once
// loyaltyctl's commands for the shops' events to their endpoints: list the deliveries, replay them
// (docs/notifications.md).
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_events_commands(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
