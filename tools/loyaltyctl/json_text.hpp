#pragma once
// JSON text helpers for the CLI, which sees JSON only as text going into and out of the library.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyaltyctl {

// A JSON string literal (with quotes) holding `s`.
std::string quote(std::string_view s);

// `, "key": value` for a number given, "" for one left out: the optional numbers of a request built from options.
std::string number_field(std::string_view key, const std::optional<std::int64_t>& value);

// Re-indents compact JSON for people; the input is the library's own output, so it is well formed.
std::string pretty(std::string_view compact);

}  // namespace loyaltyctl
