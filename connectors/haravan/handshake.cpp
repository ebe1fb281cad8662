#include "haravan/handshake.hpp"

#include "common/crypto.hpp"

namespace loyalty::connectors {

std::optional<std::string> haravan_challenge(std::string_view mode, std::string_view verify_token,
                                             std::string_view challenge, std::string_view expected_token) {
    if (mode != "subscribe" || expected_token.empty()) return std::nullopt;
    // Comparing digests rather than the tokens keeps the compare's length fixed, so its timing
    // does not reveal the expected token's length either.
    static constexpr std::string_view key = "haravan hub.verify_token";
    if (!constant_time_equal(hmac_sha256(key, verify_token), hmac_sha256(key, expected_token))) return std::nullopt;
    return std::string(challenge);
}

}  // namespace loyalty::connectors
