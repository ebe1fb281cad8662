#pragma once
// Staff passwords, hashed with scrypt (memory-hard) through OpenSSL 3's EVP_KDF, and the random
// secrets of a session.
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::core {

// scrypt's cost: N = 2^log2_n, r, p. The defaults take 32 MiB and roughly 0.1 s per hash, so a
// stolen database costs an attacker as much per guess.
struct ScryptCost {
    int log2_n = 15;
    int r = 8;
    int p = 1;
};

// "scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>", with a fresh 16-byte salt. The cost is
// stored with the hash, so a later release can raise it without breaking stored passwords.
std::string hash_password(std::string_view password, ScryptCost cost = {});
// True when `password` hashes to `encoded`; false for a wrong password or a malformed hash. The
// comparison takes the same time wherever the hashes differ.
bool verify_password(std::string_view password, std::string_view encoded);

// 32 bytes from the operating system's CSPRNG, base64url without padding (43 characters).
std::string random_token();
// SHA-256 of the text, lowercase hex: what the store keeps of a session token.
std::string token_digest(std::string_view token);

}  // namespace loyalty::core
