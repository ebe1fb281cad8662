#pragma once
// The keys of loyaltyd's document, apart from the code that reads them: loyaltyd includes this to say which
// changed keys wait for a restart, without linking the server.
#include <array>
#include <string_view>

namespace loyalty::server {

// Every key, the engine's and the server's: each reads its own and refuses any other.
inline constexpr std::array<std::string_view, 16> document_keys{
    "storage", "shops",    "sqlite",     "postgresql", "listen", "insecure_http", "admin_token",   "limits",
    "threads", "metrics",  "access_log", "log_level",  "apps",   "dashboard",     "notifications", "maintenance_interval_s"};

// What loyalty_server_reconfigure applies to a running server (with "listen.tls", read again whatever the
// rest of "listen" says); a change to any other key takes effect at the next start.
inline constexpr std::array<std::string_view, 4> reloaded_keys{"limits", "access_log", "log_level", "shops"};

}  // namespace loyalty::server
