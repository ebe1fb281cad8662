#include "access_log.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace loyalty::server {

void log_request(std::string_view request_id, std::string_view method, const Handled& handled, unsigned status,
                 std::chrono::microseconds latency, std::string_view peer) {
    namespace json = boost::json;
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    json::object line{
        {"time", stamp},
        {"request_id", request_id},
        {"method", method},
        {"route", route_name(handled.route)},
        {"status", status},
        {"latency_ms", static_cast<double>(latency.count()) / 1000.0},
        {"peer", peer},
    };
    if (!handled.platform.empty()) line["platform"] = handled.platform;
    if (!handled.outcome.empty()) line["outcome"] = handled.outcome;
    std::string text = json::serialize(line);
    text += '\n';
    // One write per line, so lines from many threads never interleave.
    std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace loyalty::server
