#pragma once
// Haravan signs each delivery with base64(HMAC-SHA256(raw body, secret)) in X-Haravan-Hmacsha256.
#include <string>
#include <string_view>
#include <vector>

#include "common/headers.hpp"

namespace loyalty::connectors::haravan {

// True when the signature header matches the raw `body` under any non-empty secret (several
// during a rotation). A missing or undecodable header is false, never an error.
bool signature_verifies(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets);

}  // namespace loyalty::connectors::haravan
