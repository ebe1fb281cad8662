#pragma once
// The signature primitives every connector uses: HMAC-SHA256 (OpenSSL) and its text encodings.
#include <optional>
#include <string>
#include <string_view>

#include "util/encoding.hpp"

namespace loyalty::connectors {

// The 32 raw bytes of HMAC-SHA256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);

// The encodings and the comparison live in the core (util/encoding.hpp), which staff passwords use too.
using core::base64_decode;
using core::base64_encode;
using core::constant_time_equal;
using core::hex_decode;
using core::hex_encode;

}  // namespace loyalty::connectors
