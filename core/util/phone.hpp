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
//
// Vietnamese numbers must fit the numbering plan: a mobile is 9 digits after the trunk 0 under a
// prefix an operator holds (03x, 05x, 07x, 08x, 09x as listed in phone.cpp), a landline 10 digits
// under an 02x area code. `0123456789` is not a number.
std::optional<std::string> canonical_phone(std::string_view raw);

// A number staff type for a walk-in customer rather than the customer's own: the national digits
// all one digit (`0999999999`) or one ascending or descending run (`0987654321`). Such a number is
// shared by strangers, so it never identifies anyone (docs/program.md, "Identity").
bool placeholder_phone(std::string_view canonical);

}  // namespace loyalty::core
