#include "haravan/signature.hpp"

#include "common/crypto.hpp"
#include "common/text.hpp"
#include "haravan/fields.hpp"

namespace loyalty::connectors::haravan {

bool signature_verifies(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets) {
    const std::string* header = headers.find("X-Haravan-Hmacsha256");
    // Shopify-style spelling, seen in integrations written against both platforms.
    if (!header) header = headers.find("X-Haravan-Hmac-Sha256");
    if (!header) return false;
    auto given = base64_decode(trimmed(*header));
    if (!given || given->size() != 32) return false;
    bool verified = false;
    for (const auto& secret : secrets) {
        // HMAC under an empty key is something anyone can compute: an unset secret must not
        // turn into "accept every body".
        if (secret.empty()) continue;
        // No early exit: the time taken says nothing about which secret matched.
        verified |= constant_time_equal(*given, hmac_sha256(secret, body));
    }
    return verified;
}

}  // namespace loyalty::connectors::haravan
