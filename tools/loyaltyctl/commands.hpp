#pragma once
// loyaltyctl's commands, each a thin call through the C ABI.
#include <string>
#include <vector>

#include "loyalty/loyalty.h"

namespace loyaltyctl {

// Exit codes: what a script calling the CLI can branch on.
enum Exit : int {
    exit_ok = 0,
    exit_failed = 1,  // the library refused or failed; the message says why
    exit_usage = 2,   // the command line itself is wrong
};

struct UsageError {
    std::string message;
};

// Runs one command (its words after the global options) against an open engine.
int run_command(loyalty_engine* engine, const std::vector<std::string>& words);

extern const char* const usage_text;

}  // namespace loyaltyctl
