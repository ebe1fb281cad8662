#include "access_log.hpp"

#include <cstdio>

#include "log_line.hpp"

namespace loyalty::server {
namespace {

// Milliseconds with microsecond digits, from the integer count: "1.417", never an exponent.
std::string milliseconds_text(std::chrono::microseconds latency) {
    long long us = latency.count() < 0 ? 0 : static_cast<long long>(latency.count());
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%03lld", us / 1000, us % 1000);
    return text;
}

}  // namespace

void log_request(std::string_view request_id, std::string_view method, const Handled& handled, unsigned status,
                 std::chrono::microseconds latency, std::string_view peer) {
    LogLine line(LogLevel::info);
    line.add_text("request_id", request_id)
        .add_text("method", method)
        .add_text("route", route_name(handled.route))
        .add("status", status)
        .add_decimal("latency_ms", milliseconds_text(latency))
        .add_text("peer", peer);
    if (!handled.platform.empty()) line.add_text("platform", handled.platform);
    if (!handled.shop_id.empty()) line.add_text("shop_id", handled.shop_id);
    if (!handled.outcome.empty()) line.add_text("outcome", handled.outcome);
    if (!handled.quarantine_reason.empty()) line.add_text("quarantine_reason", handled.quarantine_reason);
    line.write();
}

}  // namespace loyalty::server
