#pragma once
// Text encodings of bytes, the comparison of secrets, and random bytes from the system's CSPRNG.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::core {

std::string base64_encode(std::string_view raw);
// Standard alphabet, padding optional; also the URL-safe alphabet. Whitespace is refused.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_encode(std::string_view raw);     // lower case
std::optional<std::string> hex_decode(std::string_view text);  // either case

// Compares in time that depends only on the lengths, so a forger learns nothing from timing.
bool constant_time_equal(std::string_view a, std::string_view b);

// `size` bytes from OpenSSL's CSPRNG; throws internal when it cannot draw them.
std::string random_bytes(std::size_t size);

}  // namespace loyalty::core
