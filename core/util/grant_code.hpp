#pragma once
#include <string>
#include <string_view>

namespace loyalty::core {

// A grant's code: 16 characters of Crockford base-32 from the kernel's cryptographic random source
// (80 bits), written in four groups ("7KQ2-M9XD-..."), so a code cannot be guessed from others.
std::string new_grant_code();
// The code as staff may type it: any case, with or without dashes or spaces, O for 0 and I or L
// for 1. Empty when it cannot be a code.
std::string normal_grant_code(std::string_view typed);

}  // namespace loyalty::core
