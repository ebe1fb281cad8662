#pragma once
// One JSON line per request on stderr (log_line.hpp): enough to follow a delivery, never a secret, token or
// body. Written at level info.
#include <chrono>
#include <string_view>

#include "router.hpp"

namespace loyalty::server {

void log_request(std::string_view request_id, std::string_view method, const Handled& handled, unsigned status,
                 std::chrono::microseconds latency, std::string_view peer);

}  // namespace loyalty::server
