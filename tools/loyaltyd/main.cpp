// loyaltyd: the webhook receiver and admin API. A thin program: it reads one configuration file, opens
// the engine, starts the library's server on it, applies the file read again on SIGHUP and stops both
// cleanly on SIGTERM or SIGINT. Everything it writes to stderr is one JSON object per line (log_line.hpp).
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "config_file.hpp"
#include "config_paths.hpp"
#include "document_keys.hpp"
#include "log_line.hpp"
#include "loyalty/loyalty.h"
#include "startup_lines.hpp"

namespace {

namespace json = boost::json;
using loyalty::server::LogLevel;
using loyalty::server::LogLine;

constexpr const char* usage_line = "usage: loyaltyd --config FILE | --version | --help";

int usage() {
    std::printf("%s\n"
                "  FILE: the engine configuration ({\"storage\": \"sqlite:PATH\" or \"postgresql://...\",\n"
                "        \"shops\": [...]}) plus\n"
                "        \"listen\": {\"address\", \"port\", \"tls\": {\"cert\", \"key\"}}, \"admin_token\" and\n"
                "        \"log_level\" (debug, info, warning or error; default info)\n"
                "  Relative paths in FILE are taken from FILE's folder. SIGHUP reads FILE again and applies\n"
                "  limits, access_log, log_level, the TLS certificate and key, and new shops; SIGTERM or\n"
                "  SIGINT drains and stops.\n"
                "  The shop owner's dashboard is served at /admin/ (docs/dashboard.md).\n",
                usage_line);
    return 0;
}

LogLevel threshold = LogLevel::info;

void say(LogLevel level, const std::string& message) {
    if (level >= threshold) LogLine(level).add_text("message", message).write();
}

// The document's "log_level" (info when absent), which the library checks too: loyaltyd needs it before
// the library runs. Empty for a name that is no level.
std::optional<LogLevel> log_level_of(const json::object& config) {
    auto it = config.find("log_level");
    if (it == config.end() || it->value().is_null()) return LogLevel::info;
    const json::string* name = it->value().if_string();
    return name ? loyalty::server::log_level_named(std::string_view(name->data(), name->size())) : std::nullopt;
}
constexpr const char* bad_log_level = "log_level must be debug, info, warning or error";

// The file as the engine and the server take it: relative paths resolved against its folder.
json::object read_document(const std::string& path) {
    json::object document = loyaltyd::read_config_file(path);
    loyaltyd::resolve_relative_paths(document, std::filesystem::absolute(path).parent_path());
    return document;
}

// The keys a running server cannot change, among those that differ from the document it started with.
std::string restart_keys(const json::object& started, const json::object& now) {
    using loyalty::server::reloaded_keys;
    auto part = [](const json::object& doc, std::string_view key) {
        const json::value* v = doc.if_contains(key);
        if (!v) return json::value(nullptr);
        json::value copy = *v;
        if (key == "listen" && copy.is_object()) copy.as_object().erase("tls");  // reloaded
        return copy;
    };
    std::string keys;
    for (std::string_view key : loyalty::server::document_keys) {
        if (std::find(reloaded_keys.begin(), reloaded_keys.end(), key) != reloaded_keys.end()) continue;
        if (part(started, key) != part(now, key)) keys += (keys.empty() ? "" : ", ") + std::string(key);
    }
    return keys;
}

// SIGHUP: the file read again. What a running server can change changes; the rest is named and waits for
// the next start. A file that cannot be read or used changes nothing, and the daemon keeps running.
void reload(loyalty_server* server, const std::string& path, const json::object& started) {
    const std::string stays = "SIGHUP: the configuration in use stays: ";
    json::object document;
    try {
        document = read_document(path);
    } catch (const loyaltyd::ConfigError& e) {
        return say(LogLevel::error, stays + e.what());
    }
    auto level = log_level_of(document);
    if (!level) return say(LogLevel::error, stays + bad_log_level);
    const std::string text = json::serialize(document);
    if (loyalty_server_reconfigure(server, text.c_str()) != LOYALTY_OK)
        return say(LogLevel::error, stays + loyalty_last_error());
    threshold = *level;
    say(LogLevel::info, "SIGHUP: reloaded the TLS certificate and key, the limits, access_log, log_level and new shops");
    if (std::string later = restart_keys(started, document); !later.empty())
        say(LogLevel::warning, "SIGHUP: " + later + " changed and take effect at the next start");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("loyaltyd %s\n", loyalty_version());
        return 0;
    }
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) return usage();
    if (argc != 3 || std::strcmp(argv[1], "--config") != 0) {
        say(LogLevel::error, std::string("loyaltyd: ") + usage_line);
        return 2;
    }
    const std::string path = argv[2];
    json::object document;
    try {
        document = read_document(path);
    } catch (const loyaltyd::ConfigError& e) {
        say(LogLevel::error, std::string("loyaltyd: ") + e.what());
        return 1;
    }
    if (auto level = log_level_of(document)) {
        threshold = *level;
    } else {
        say(LogLevel::error, std::string("loyaltyd: ") + bad_log_level);
        return 1;
    }
    const std::string config = json::serialize(document);

    // Signals are taken synchronously below, so block them before any library thread starts.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    loyalty_engine* engine = nullptr;
    int opened = LOYALTY_INTERNAL;
    auto lines = loyaltyd::stderr_lines_of([&] { opened = loyalty_open(config.c_str(), &engine); });
    std::string open_error = opened == LOYALTY_OK ? "" : loyalty_last_error();
    loyaltyd::write_again(lines, threshold);
    if (opened != LOYALTY_OK) {
        say(LogLevel::error, "loyaltyd: cannot open the engine: " + open_error);
        return 1;
    }
    loyalty_server* server = nullptr;
    if (loyalty_server_start(engine, config.c_str(), &server) != LOYALTY_OK) {
        say(LogLevel::error, std::string("loyaltyd: cannot start: ") + loyalty_last_error());
        loyalty_close(engine);
        return 1;
    }
    if (threshold <= LogLevel::info)
        LogLine(LogLevel::info)
            .add_text("message", std::string("loyaltyd ") + loyalty_version() + " listening")
            .add("port", loyalty_server_port(server))
            .write();

    int received = 0;
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) reload(server, path, document);
    say(LogLevel::info, received == SIGTERM ? "SIGTERM: draining" : "SIGINT: draining");
    loyalty_server_stop(server);
    loyalty_close(engine);
    say(LogLevel::info, "stopped");
    return 0;
}
