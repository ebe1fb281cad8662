#include "log_line.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace loyalty::server {
namespace {

constexpr std::array<std::string_view, 4> level_names{"debug", "info", "warning", "error"};

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    return stamp;
}

}  // namespace

std::optional<LogLevel> log_level_named(std::string_view name) {
    for (std::size_t i = 0; i < level_names.size(); ++i)
        if (level_names[i] == name) return static_cast<LogLevel>(i);
    return std::nullopt;
}

std::string_view log_level_name(LogLevel level) { return level_names[static_cast<std::size_t>(level)]; }

LogLine::LogLine(LogLevel level) {
    text_ = "{\"ts\":\"" + utc_now() + "\",\"level\":\"" + std::string(log_level_name(level)) + "\"";
}

LogLine& LogLine::add(std::string_view key, const boost::json::value& value) {
    add_key(key);
    text_ += boost::json::serialize(value);
    return *this;
}

LogLine& LogLine::add_text(std::string_view key, std::string_view text) {
    add_key(key);
    text_ += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
    return *this;
}

LogLine& LogLine::add_decimal(std::string_view key, std::string_view digits) {
    add_key(key);
    text_ += digits;
    return *this;
}

void LogLine::add_key(std::string_view key) {
    text_ += ',';
    text_ += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
    text_ += ':';
}

std::string LogLine::text() const { return text_ + "}"; }

void LogLine::write() {
    std::string line = text() + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace loyalty::server
