#pragma once
// The shape of every line loyaltyd writes to stderr: one JSON object, "ts" (RFC 3339, UTC, milliseconds)
// and "level" first, so a log collector needs no other parser. loyaltyd itself writes its lines with this
// too: it has no engine state, so the daemon can link it beside the C ABI.
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

// In order: a threshold writes its own level and those after it.
enum class LogLevel { debug, info, warning, error };

std::optional<LogLevel> log_level_named(std::string_view name);  // "debug", "info", "warning", "error"
std::string_view log_level_name(LogLevel level);

class LogLine {
public:
    explicit LogLine(LogLevel level);
    LogLine& add(std::string_view key, const boost::json::value& value);
    LogLine& add_text(std::string_view key, std::string_view text);
    // A number in plain decimal notation as given ("1.417"): Boost.JSON writes every double with an
    // exponent ("1.417E0"), which people and some collectors misread.
    LogLine& add_decimal(std::string_view key, std::string_view digits);
    // To stderr in one write, so lines from many threads never interleave.
    void write();
    std::string text() const;  // the line without its newline

private:
    void add_key(std::string_view key);
    std::string text_;
};

}  // namespace loyalty::server
