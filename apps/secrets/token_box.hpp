#pragma once
// Platform tokens and client secrets at rest: sealed with AES-256-GCM under the operator's key, so a
// copied database or backup gives nothing away. The sealed form is bound to a context (the shop and
// platform it belongs to): a blob moved to another shop's row does not open.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::apps {

class TokenBox {
public:
    static constexpr std::size_t key_size = 32;

    explicit TokenBox(const std::array<uint8_t, key_size>& key);
    // The key file holds 32 random bytes, raw or as 64 hex digits (a trailing newline is allowed).
    // A file other users can read is refused: the key is worth every token it guards.
    static TokenBox from_key_file(const std::string& path);

    // Version byte, 12-byte random nonce, ciphertext, 16-byte tag.
    std::string seal(std::string_view plaintext, std::string_view context) const;
    // Throws core::Error(invalid_argument) when the blob was altered, made under another key or for
    // another context, or written by a newer release.
    std::string open(std::string_view sealed, std::string_view context) const;

    // A key for another purpose (signing install states, …), derived so the token key itself is
    // never used twice: HMAC-SHA256(key, purpose).
    std::string derived_key(std::string_view purpose) const;

private:
    std::array<uint8_t, key_size> key_;
};

}  // namespace loyalty::apps
