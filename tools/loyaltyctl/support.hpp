#pragma once
// What every loyaltyctl command shares: declaring it to CLI11, reading its documents and numbers, printing a result.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "loyalty/loyalty.h"

namespace loyaltyctl {

// Exit codes: what a script calling the CLI can branch on.
enum Exit : int {
    exit_ok = 0,
    exit_failed = 1,  // the library refused or failed; the message says why
    exit_usage = 2,   // the command line itself is wrong
};

// What the parsed command line asks for, run once the engine is open. The command that was parsed sets it.
using Action = std::function<int(loyalty_engine*)>;

// A command word that only groups others, like `shop`: it needs exactly one of its own commands.
CLI::App* noun(CLI::App& parent, const std::string& name, const std::string& description);

// A command that does something: once it is parsed, `check` (if any) may refuse the line, and `run` becomes `chosen`.
CLI::App* verb(CLI::App& parent, const std::string& name, const std::string& description, Action& chosen, Action run,
               std::function<void()> check = {});

// Commands of the shape `noun verb SHOP FILE` that hand a document to one ABI call.
using Document = int (*)(loyalty_engine*, const char*, const char*, char**);
CLI::App* document_verb(CLI::App& parent, const std::string& name, const std::string& description, Action& chosen,
                        Document call);
// Hands `document` to `call` for the shop and prints the result as report() does.
int call_shop(Document call, loyalty_engine* e, const std::string& shop, const std::string& document);

// A positional or option holding a decimal int64: "-5" is one; "+5", " 5", "0x10", "1e3", "12abc" and values
// outside int64 are usage errors.
CLI::Option* add_integer(CLI::App& command, const std::string& name, std::optional<std::int64_t>& value,
                         const std::string& description);

// Prints a library result, or the library's error; frees `out` and returns the exit code.
int report(int status, char* out);

// A file's bytes, or standard input's for "-".
std::string read_document(const std::string& path);

}  // namespace loyaltyctl
