#pragma once
// Strict reading of request JSON: every field is checked for type and range, and every error names
// the field's path, so a caller learns exactly what to fix.
#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::documents {

namespace json = boost::json;

// Parses `text` as one JSON object. Rejects NULL, invalid UTF-8, nesting deeper than 64, trailing data
// and a key given twice.
json::object parse_object(const char* text, std::string_view what);
json::object parse_object(std::string_view text, std::string_view what);

std::optional<std::string> get_string(const json::object& o, std::string_view key, std::string_view path);
std::string require_string(const json::object& o, std::string_view key, std::string_view path);
// A whole number in int64 range; fractions, strings and out-of-range numbers are refused.
std::optional<int64_t> get_integer(const json::object& o, std::string_view key, std::string_view path);
int64_t require_integer(const json::object& o, std::string_view key, std::string_view path);
const json::object* get_object(const json::object& o, std::string_view key, std::string_view path);
const json::array* get_array(const json::object& o, std::string_view key, std::string_view path);
// Refuses keys outside `allowed`: a misspelt setting must not be silently ignored.
void reject_unknown(const json::object& o, std::initializer_list<std::string_view> allowed, std::string_view path);
void reject_unknown(const json::object& o, std::span<const std::string_view> allowed, std::string_view path);

std::string field_path(std::string_view path, std::string_view key);
// Refuses the request as invalid_argument with `message`.
[[noreturn]] void bad(const std::string& message);

}  // namespace loyalty::documents
