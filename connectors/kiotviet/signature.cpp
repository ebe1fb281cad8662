// KiotViet's X-Hub-Signature: HMAC-SHA256 over the raw body, in an output format its documentation
// leaves open. Integrations report four encodings and two ways of using the secret, so each is
// tried; a match on any combination is the same proof of knowing the secret.
#include "common/crypto.hpp"
#include "common/text.hpp"
#include "internal.hpp"

namespace loyalty::connectors::kiotviet {
namespace {

constexpr std::size_t digest_size = 32;  // HMAC-SHA256

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// The 32-byte digests the header value can stand for: hex (either case) or base64, after an
// optional `sha256=` / `sha1=` label. The `sha1=` label is reported on SHA-256 digests, so the
// label says nothing about the algorithm and is only stripped.
std::vector<std::string> claimed_digests(std::string_view value) {
    std::string text = trimmed(value);
    std::string_view digest = text;
    for (std::string_view label : {std::string_view("sha256="), std::string_view("sha1=")}) {
        if (starts_with_ignoring_case(digest, label)) {
            digest.remove_prefix(label.size());
            break;
        }
    }
    std::vector<std::string> out;
    if (auto raw = hex_decode(digest); raw && raw->size() == digest_size) out.push_back(std::move(*raw));
    if (auto raw = base64_decode(digest); raw && raw->size() == digest_size) out.push_back(std::move(*raw));
    return out;
}

// The keys a registered secret can mean: the string itself, and the bytes it encodes when it is
// base64 (registrants are told to base64-encode a random secret, and KiotViet has been seen keying
// the HMAC with either form).
std::vector<std::string> keys_of(const std::string& secret) {
    std::vector<std::string> keys;
    // An empty secret is a misconfiguration, and a key anyone could use: it verifies nothing.
    if (secret.empty()) return keys;
    keys.push_back(secret);
    if (auto decoded = base64_decode(secret); decoded && !decoded->empty() && *decoded != secret)
        keys.push_back(std::move(*decoded));
    return keys;
}

}  // namespace

bool signature_matches(std::string_view header_value, std::string_view body, const std::vector<std::string>& secrets) {
    auto claimed = claimed_digests(header_value);
    if (claimed.empty()) return false;
    bool matched = false;
    // Every combination is computed and compared, so the time taken does not tell which one matched.
    for (const auto& secret : secrets) {
        for (const auto& key : keys_of(secret)) {
            std::string expected = hmac_sha256(key, body);
            for (const auto& digest : claimed) matched |= constant_time_equal(expected, digest);
        }
    }
    return matched;
}

}  // namespace loyalty::connectors::kiotviet
