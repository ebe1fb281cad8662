#pragma once
// The signature primitives every connector uses: HMAC-SHA256 (OpenSSL) and its text encodings.
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::connectors {

// The 32 raw bytes of HMAC-SHA256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string base64_encode(std::string_view raw);
// Standard alphabet, padding optional; also the URL-safe alphabet. Whitespace is refused.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_encode(std::string_view raw);     // lower case
std::optional<std::string> hex_decode(std::string_view text);  // either case

// Compares in time that depends only on the lengths, so a forger learns nothing from timing.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace loyalty::connectors
