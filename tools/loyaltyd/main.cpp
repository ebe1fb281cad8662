// loyaltyd: the webhook receiver and admin API. A thin program: it reads one configuration file, opens
// the engine, starts the library's server on it, reloads its TLS certificate on SIGHUP and stops both
// cleanly on SIGTERM or SIGINT. Everything it writes to stderr is one JSON object per line (log_line.hpp).
#include <boost/json/serialize.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "config_file.hpp"
#include "config_paths.hpp"
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
                "  Relative paths in FILE are taken from FILE's folder. SIGHUP reloads the TLS certificate\n"
                "  and key; SIGTERM or SIGINT drains and stops.\n"
                "  The shop owner's dashboard is served at /admin/ (docs/dashboard.md).\n",
                usage_line);
    return 0;
}

LogLevel threshold = LogLevel::info;

void say(LogLevel level, const std::string& message) {
    if (level >= threshold) LogLine(level).add_text("message", message).write();
}

// The document's "log_level", which the library checks too: loyaltyd needs it before the library runs.
bool take_log_level(const json::object& config) {
    auto it = config.find("log_level");
    if (it == config.end() || it->value().is_null()) return true;
    const json::string* name = it->value().if_string();
    auto level = name ? loyalty::server::log_level_named(std::string_view(name->data(), name->size())) : std::nullopt;
    if (!level) {
        say(LogLevel::error, "loyaltyd: log_level must be debug, info, warning or error");
        return false;
    }
    threshold = *level;
    return true;
}

bool has_tls(const json::object& config) {
    auto listen = config.find("listen");
    if (listen == config.end() || !listen->value().is_object()) return false;
    const json::value* tls = listen->value().get_object().if_contains("tls");
    return tls && tls->is_object();
}

// A renewed certificate: new connections get it, open ones keep theirs; a file that cannot be used
// leaves the one in use, and says why.
void reload(loyalty_server* server, bool tls) {
    if (!tls) return say(LogLevel::info, "SIGHUP: no TLS certificate to reload (plain HTTP)");
    if (loyalty_server_reload(server) != LOYALTY_OK)
        return say(LogLevel::error, std::string("SIGHUP: the TLS certificate and key in use stay: ") + loyalty_last_error());
    say(LogLevel::info, "SIGHUP: reloaded the TLS certificate and key");
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
        document = loyaltyd::read_config_file(path);
    } catch (const loyaltyd::ConfigError& e) {
        say(LogLevel::error, std::string("loyaltyd: ") + e.what());
        return 1;
    }
    if (!take_log_level(document)) return 1;
    loyaltyd::resolve_relative_paths(document, std::filesystem::absolute(path).parent_path());
    const std::string config = json::serialize(document);
    const bool tls = has_tls(document);

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
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) reload(server, tls);
    say(LogLevel::info, received == SIGTERM ? "SIGTERM: draining" : "SIGINT: draining");
    loyalty_server_stop(server);
    loyalty_close(engine);
    say(LogLevel::info, "stopped");
    return 0;
}
