#pragma once
// JSON text helpers for the CLI, which sees JSON only as text going into and out of the library.
#include <string>
#include <string_view>

namespace loyaltyctl {

// A JSON string literal (with quotes) holding `s`.
std::string quote(std::string_view s);

// Re-indents compact JSON for people; the input is the library's own output, so it is well formed.
std::string pretty(std::string_view compact);

}  // namespace loyaltyctl
