// loyaltyctl: an admin CLI over libloyalty, so a person can try and operate the engine without writing code.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "backup.hpp"
#include "commands.hpp"
#include "json_text.hpp"
#include "loyalty/loyalty.h"
#include "operations.hpp"
#include "events.hpp"
#include "games.hpp"
#include "staff.hpp"
#include "sync.hpp"
#include "reports.hpp"
#include "rewards.hpp"
#include "support.hpp"

using namespace loyaltyctl;

namespace {

std::string default_db() {
    const char* env = std::getenv("LOYALTY_DB");
    return env && *env ? env : "loyalty.db";
}

// The file an SQLite storage names; none for ":memory:", an SQLite "file:" URI or another storage (PostgreSQL).
std::optional<std::string> sqlite_file(const std::string& storage) {
    constexpr std::string_view scheme = "sqlite:";
    if (!storage.starts_with(scheme)) return std::nullopt;
    std::string path = storage.substr(scheme.size());
    if (path.empty() || path == ":memory:" || path.starts_with("file:")) return std::nullopt;
    return path;
}

// The command words parsed, e.g. "member show".
std::string command_of(const CLI::App& app) {
    std::string words;
    for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
        at = at->get_subcommands().front();
        words += (words.empty() ? "" : " ") + at->get_name();
    }
    return words;
}

// Only `shop put` starts a database. Every other command reads, or writes under a shop that must be stored
// already: on a path that does not exist it would create an empty database only to answer "not found",
// which hides a mistyped --db.
bool may_create_database(const std::string& command) { return command == "shop put"; }

// A line that stops at a noun, or before any command: CLI11 would only say that a subcommand is required.
std::string missing_command(const CLI::App& reached, const std::string& path) {
    std::vector<std::string> left = reached.remaining();
    if (!left.empty() && left[0].starts_with("-")) return "unknown option " + left[0];
    if (!left.empty()) return "unknown command " + path + left[0];
    std::string known;
    for (const CLI::App* command : reached.get_subcommands({}))
        known += (known.empty() ? "" : ", ") + command->get_name();
    return (path.empty() ? "a command is needed: " : path + "needs a command: ") + known;
}

// A wrong command line: what is wrong, and the usage of the command that was reached, to standard error.
int usage_error(const CLI::App& app, const CLI::Formatter& formatter, const CLI::ParseError& error) {
    const CLI::App* reached = &app;
    std::string path;  // the command words reached, each followed by a space
    while (!reached->get_subcommands().empty()) {
        reached = reached->get_subcommands().front();
        path += reached->get_name() + " ";
    }
    bool at_noun = !reached->get_subcommands({}).empty();
    bool no_verb = dynamic_cast<const CLI::RequiredError*>(&error) || dynamic_cast<const CLI::ExtrasError*>(&error);
    std::string name = app.get_name() + (path.empty() ? "" : " " + path.substr(0, path.size() - 1));
    std::cerr << "loyaltyctl: " << (at_noun && no_verb ? missing_command(*reached, path) : error.what()) << "\n"
              << formatter.make_usage(reached, name) << "run '" << name << " --help' for more information\n";
    return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("An admin CLI over libloyalty.", "loyaltyctl");
    auto formatter = std::make_shared<CLI::Formatter>();
    formatter->label("Usage", "usage");
    formatter->label("SUBCOMMAND", "COMMAND");
    app.formatter(formatter);
    app.require_subcommand(1);
    std::string storage;
    // Both set the same storage, so the last one given wins.
    app.add_option_function<std::string>(
           "--db", [&storage](const std::string& path) { storage = "sqlite:" + path; },
           "SQLite database (default: $LOYALTY_DB, else loyalty.db); only shop put creates one")
        ->type_name("PATH")
        ->trigger_on_parse();
    app.add_option_function<std::string>(
           "--storage", [&storage](const std::string& uri) { storage = uri; },
           "any storage the library accepts, e.g. sqlite::memory:")
        ->type_name("URI")
        ->trigger_on_parse();
    app.set_version_flag("--version", [] { return std::string("loyaltyctl ") + loyalty_version(); });

    Action chosen;
    StorageAction chosen_without_engine;
    add_commands(app, chosen);
    add_reward_commands(app, chosen);
    add_game_commands(app, chosen);
    add_report_command(app, chosen);
    add_operator_commands(app, chosen);
    add_sync_commands(app, chosen);
    add_staff_commands(app, chosen);
    add_events_commands(app, chosen);
    add_backup_command(app, chosen_without_engine);
    app.footer("Every command has its own --help, e.g. loyaltyctl member show --help.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return exit_ok;
    } catch (const CLI::CallForVersion& e) {
        std::cout << e.what() << "\n";
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        return usage_error(app, *formatter, e);
    }
    if (storage.empty()) storage = "sqlite:" + default_db();
    if (auto file = sqlite_file(storage); file && !may_create_database(command_of(app))) {
        std::error_code ec;
        // Only a file known to be absent is refused; one that cannot be looked at is the library's to report.
        if (!std::filesystem::exists(*file, ec) && !ec) {
            std::cerr << "loyaltyctl: no database at " << *file << ": `" << command_of(app)
                      << "` does not create one (`loyaltyctl shop put` does); check --db, --storage or $LOYALTY_DB\n";
            return exit_failed;
        }
    }

    if (chosen_without_engine) return chosen_without_engine(storage);

    loyalty_engine* engine = nullptr;
    std::string config = "{\"storage\": " + quote(storage) + "}";
    if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) {
        std::cerr << "loyaltyctl: cannot open " << storage << ": " << loyalty_last_error() << "\n";
        return exit_failed;
    }
    int code = exit_failed;
    try {
        code = chosen(engine);
    } catch (const std::exception& e) {
        std::cerr << "loyaltyctl: " << e.what() << "\n";
    }
    loyalty_close(engine);
    return code;
}
