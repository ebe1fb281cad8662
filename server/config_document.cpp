#include "config_document.hpp"

#include <unistd.h>

#include "json_fields.hpp"
#include "util/error.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using namespace documents;

std::chrono::milliseconds millis(const json::object& o, std::string_view key, std::chrono::milliseconds fallback) {
    auto v = get_integer(o, key, "limits");
    if (!v) return fallback;
    if (*v < 1 || *v > 3'600'000)
        core::fail(core::Status::invalid_argument, "limits." + std::string(key) + " must be 1..3600000 milliseconds");
    return std::chrono::milliseconds(*v);
}

std::size_t count(const json::object& o, std::string_view key, std::string_view path, std::size_t fallback,
                  int64_t most) {
    auto v = get_integer(o, key, path);
    if (!v) return fallback;
    if (*v < 1 || *v > most)
        core::fail(core::Status::invalid_argument,
                   field_path(path, key) + " must be between 1 and " + std::to_string(most));
    return static_cast<std::size_t>(*v);
}

}  // namespace

// The server reads its own keys of the daemon's document and leaves the engine's to loyalty_open.
ServerConfig decode_server(const json::object& doc) {
    reject_unknown(doc, document_keys, "server");
    ServerConfig c;
    const json::object* listen = get_object(doc, "listen", "server");
    if (!listen) core::fail(core::Status::invalid_argument, "listen is required: {\"address\", \"port\", \"tls\"}");
    reject_unknown(*listen, {"address", "port", "tls"}, "listen");
    c.address = get_string(*listen, "address", "listen").value_or(c.address);
    auto port = get_integer(*listen, "port", "listen").value_or(c.port);
    if (port < 0 || port > 65535) core::fail(core::Status::invalid_argument, "listen.port must be 0..65535");
    c.port = static_cast<uint16_t>(port);
    if (const json::object* tls = get_object(*listen, "tls", "listen")) {
        reject_unknown(*tls, {"cert", "key"}, "listen.tls");
        c.cert_file = require_string(*tls, "cert", "listen.tls");
        c.key_file = require_string(*tls, "key", "listen.tls");
    }
    if (auto it = doc.find("insecure_http"); it != doc.end()) {
        if (!it->value().is_bool()) core::fail(core::Status::invalid_argument, "insecure_http must be true or false");
        c.insecure_http = it->value().get_bool();
    }
    if (auto it = doc.find("access_log"); it != doc.end()) {
        if (!it->value().is_bool()) core::fail(core::Status::invalid_argument, "access_log must be true or false");
        c.live.access_log = it->value().get_bool();
    }
    if (auto level = get_string(doc, "log_level", "server")) {
        auto named = log_level_named(*level);
        if (!named) core::fail(core::Status::invalid_argument, "log_level must be debug, info, warning or error");
        c.live.log_level = *named;
    }
    c.admin_token = require_string(doc, "admin_token", "server");
    // The token guards redemptions and program changes from the internet: it must not be guessable.
    if (c.admin_token.size() < 16)
        core::fail(core::Status::invalid_argument, "admin_token must be at least 16 characters");
    if (const json::object* metrics = get_object(doc, "metrics", "server")) {
        reject_unknown(*metrics, {"token"}, "metrics");
        c.metrics_token = get_string(*metrics, "token", "metrics").value_or("");
        if (!c.metrics_token.empty() && c.metrics_token.size() < 16)
            core::fail(core::Status::invalid_argument, "metrics.token must be at least 16 characters");
        if (!c.metrics_token.empty() && c.metrics_token == c.admin_token)
            core::fail(core::Status::invalid_argument,
                       "metrics.token must differ from admin_token: a scraper's copy must not open the admin API");
    }
    if (const json::object* limits = get_object(doc, "limits", "server")) {
        reject_unknown(*limits,
                       {"body_bytes", "header_bytes", "handshake_timeout_ms", "read_timeout_ms", "idle_timeout_ms",
                        "drain_timeout_ms", "max_connections", "max_connections_per_address",
                        "max_handshakes_per_address", "handshakes_per_second_per_address"},
                       "limits");
        c.live.body_limit = count(*limits, "body_bytes", "limits", c.live.body_limit, 16 << 20);
        c.live.header_limit = count(*limits, "header_bytes", "limits", c.live.header_limit, 1 << 20);
        c.live.handshake_timeout = millis(*limits, "handshake_timeout_ms", c.live.handshake_timeout);
        c.live.read_timeout = millis(*limits, "read_timeout_ms", c.live.read_timeout);
        c.live.idle_timeout = millis(*limits, "idle_timeout_ms", c.live.idle_timeout);
        c.live.drain_timeout = millis(*limits, "drain_timeout_ms", c.live.drain_timeout);
        c.live.max_connections = count(*limits, "max_connections", "limits", c.live.max_connections, 1 << 20);
        c.live.max_connections_per_address = count(*limits, "max_connections_per_address", "limits",
                                                   c.live.max_connections_per_address, 1 << 20);
        c.live.max_handshakes_per_address = count(*limits, "max_handshakes_per_address", "limits",
                                                  c.live.max_handshakes_per_address, 1 << 20);
        c.live.handshakes_per_second_per_address = count(*limits, "handshakes_per_second_per_address", "limits",
                                                         c.live.handshakes_per_second_per_address, 1 << 20);
    }
    if (const json::object* threads = get_object(doc, "threads", "server")) {
        reject_unknown(*threads, {"io", "engine"}, "threads");
        c.io_threads = static_cast<unsigned>(count(*threads, "io", "threads", 0, 256));
        c.engine_threads = static_cast<unsigned>(count(*threads, "engine", "threads", 0, 4096));
    }
    if (auto interval = get_integer(doc, "maintenance_interval_s", "server")) {
        if (*interval < 1) core::fail(core::Status::invalid_argument, "maintenance_interval_s must be positive");
        c.maintenance_interval = std::chrono::seconds(*interval);
    }
    if (const json::object* apps = get_object(doc, "apps", "server")) c.apps = apps::decode_apps(*apps);
    if (const json::object* dashboard = get_object(doc, "dashboard", "server")) {
        reject_unknown(*dashboard, {"session_idle_minutes", "session_absolute_hours"}, "dashboard");
        c.sessions.idle_seconds =
            60 * static_cast<int64_t>(count(*dashboard, "session_idle_minutes", "dashboard", 120, 24 * 60));
        c.sessions.absolute_seconds =
            3600 * static_cast<int64_t>(count(*dashboard, "session_absolute_hours", "dashboard", 12, 30 * 24));
        if (c.sessions.idle_seconds > c.sessions.absolute_seconds)
            core::fail(core::Status::invalid_argument,
                       "dashboard.session_idle_minutes must not be longer than session_absolute_hours");
    }
    if (const json::object* n = get_object(doc, "notifications", "server")) {
        reject_unknown(*n, {"ca_file", "workers", "timeout_ms"}, "notifications");
        if (auto ca = get_string(*n, "ca_file", "notifications")) {
            if (ca->empty() || ::access(ca->c_str(), R_OK) != 0)
                core::fail(core::Status::invalid_argument, "notifications.ca_file \"" + *ca + "\" cannot be read");
            c.notifications.ca_file = *ca;
        }
        c.notifications.workers = static_cast<unsigned>(count(*n, "workers", "notifications", 2, 64));
        if (auto ms = get_integer(*n, "timeout_ms", "notifications")) {
            if (*ms < 100 || *ms > 60000)
                core::fail(core::Status::invalid_argument, "notifications.timeout_ms must be 100..60000");
            c.notifications.timeout = std::chrono::milliseconds(*ms);
        }
    }
    return c;
}

}  // namespace loyalty::server
