#pragma once
// What the HTTPS listener needs to know (config_document.cpp reads it from loyaltyd's document).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "apps_config.hpp"
#include "domain/staff.hpp"
#include "log_line.hpp"
#include "notifier.hpp"

namespace loyalty::server {

// What a reload (loyaltyd's SIGHUP) changes on a running server: each connection reads them afresh as it
// starts waiting for a request, so an open connection takes them from the request after the awaited one.
struct LiveSettings {
    std::size_t body_limit = 1u << 20;
    std::size_t header_limit = 8u << 10;
    std::chrono::milliseconds handshake_timeout{5000};
    std::chrono::milliseconds read_timeout{10000};  // a whole request, however slowly it trickles in
    std::chrono::milliseconds idle_timeout{30000};  // keep-alive wait for the next request
    std::chrono::milliseconds drain_timeout{10000};  // on stop, for requests in flight
    std::size_t max_connections = 1024;
    // Per client address (an IPv6 client: its /64), so that one client cannot take every connection.
    std::size_t max_connections_per_address = 256;
    std::size_t max_handshakes_per_address = 128;         // TLS handshakes in progress
    std::size_t handshakes_per_second_per_address = 200;  // and as many at once
    bool access_log = true;
    LogLevel log_level = LogLevel::info;  // lines below it are not written (access lines are info)
};

struct ServerConfig {
    std::string address = "127.0.0.1";
    uint16_t port = 8443;
    std::string cert_file;  // PEM; with key_file, the listener speaks TLS (1.2 minimum)
    std::string key_file;
    bool insecure_http = false;  // plain HTTP, only behind a proxy that terminates TLS
    std::string admin_token;
    std::string metrics_token;  // when set, /metrics asks for it as a bearer token (the admin token is not taken)
    LiveSettings live;
    unsigned io_threads = 0;        // 0: one per core
    unsigned engine_threads = 0;    // 0: 16 per I/O thread, at least 64; engine calls block on the durable commit
    std::chrono::seconds maintenance_interval{3600};
    std::optional<apps::AppsConfig> apps;  // the platform apps, when the document has "apps"
    core::SessionPolicy sessions;          // the dashboard's sign-ins ("dashboard")
    notify::NotifierOptions notifications;  // sending the shops' events ("notifications")

    bool tls() const { return !cert_file.empty(); }
};

}  // namespace loyalty::server
