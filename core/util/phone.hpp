#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::core {

// A customer's phone number in one canonical form, so the same person typed three ways by three
// platforms is one member. Vietnamese numbers become `+84` + the national number without its trunk
// 0, with pre-2018 11-digit mobile prefixes rewritten to their current 10-digit form
// (`01626123456` -> `+84326123456`). Foreign numbers written with `+` (or `00`) keep their country
// code and digits. Returns nullopt for anything that is not plausibly a phone number.
//
// Accepted: digits with any of ` .-()` between them, and one `+` (or the `00` international prefix)
// before the first digit. `+84` must be followed by the national number without its trunk 0.
std::optional<std::string> canonical_phone(std::string_view raw);

}  // namespace loyalty::core
