#pragma once
// The server's settings, read from its keys of loyaltyd's document (the engine's keys are left to
// loyalty_open).
#include <boost/json.hpp>

#include <array>
#include <string_view>

#include "config.hpp"

namespace loyalty::server {

// Every key of loyaltyd's document, the engine's and the server's: each reads its own and refuses others.
inline constexpr std::array<std::string_view, 16> document_keys{
    "storage", "shops",    "sqlite",     "postgresql", "listen", "insecure_http", "admin_token",   "limits",
    "threads", "metrics",  "access_log", "log_level",  "apps",   "dashboard",     "notifications", "maintenance_interval_s"};

ServerConfig decode_server(const boost::json::object& document);

}  // namespace loyalty::server
