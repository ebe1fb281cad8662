#pragma once
// loyaltyctl report: one of the shop's reports (docs/program.md, "Reports") as its JSON document.
#include <CLI/CLI.hpp>

#include "support.hpp"

namespace loyaltyctl {

void add_report_command(CLI::App& app, Action& chosen);

}  // namespace loyaltyctl
