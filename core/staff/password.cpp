#include "staff/password.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <semaphore>
#include <vector>

#include "util/error.hpp"

namespace loyalty::core {
namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::vector<unsigned char> out(text.size() / 4 * 3);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

void random_bytes(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1) fail(Status::internal, "the system's random source failed");
}

// Each hash takes 32 MiB for a tenth of a second: a burst of sign-ins (or an attacker's) waits its
// turn rather than taking a server's memory, 64 engine threads × 32 MiB at once.
std::counting_semaphore<4> hashing{4};

std::vector<unsigned char> scrypt(std::string_view password, const std::vector<unsigned char>& salt,
                                  const ScryptCost& cost, std::size_t size) {
    hashing.acquire();
    struct Release {
        ~Release() { hashing.release(); }
    } release;
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr), EVP_KDF_free);
    if (!kdf) fail(Status::internal, "OpenSSL has no scrypt");
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
    uint64_t n = uint64_t{1} << cost.log2_n;
    uint32_t r = static_cast<uint32_t>(cost.r), p = static_cast<uint32_t>(cost.p);
    std::string pass(password);
    std::vector<unsigned char> salt_copy = salt;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass.data(), pass.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_copy.data(), salt_copy.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_end(),
    };
    std::vector<unsigned char> out(size);
    bool ok = ctx && EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
    OPENSSL_cleanse(pass.data(), pass.size());
    if (!ok) fail(Status::internal, "scrypt failed");
    return out;
}

bool valid(const ScryptCost& c) { return c.log2_n >= 10 && c.log2_n <= 20 && c.r >= 1 && c.r <= 32 && c.p >= 1 && c.p <= 16; }

std::optional<int> small_number(std::string_view text) {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string hash_password(std::string_view password, ScryptCost cost) {
    if (!valid(cost)) fail(Status::invalid_argument, "scrypt cost out of range");
    std::vector<unsigned char> salt(salt_bytes);
    random_bytes(salt.data(), salt.size());
    auto hash = scrypt(password, salt, cost, hash_bytes);
    return "scrypt$" + std::to_string(cost.log2_n) + "$" + std::to_string(cost.r) + "$" + std::to_string(cost.p) +
           "$" + base64(salt.data(), salt.size()) + "$" + base64(hash.data(), hash.size());
}

bool verify_password(std::string_view password, std::string_view encoded) {
    std::array<std::string_view, 6> parts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto cut = encoded.find('$');
        if ((cut == std::string_view::npos) != (i + 1 == parts.size())) return false;
        parts[i] = encoded.substr(0, cut);
        encoded = cut == std::string_view::npos ? std::string_view() : encoded.substr(cut + 1);
    }
    if (parts[0] != "scrypt") return false;
    auto log2_n = small_number(parts[1]), r = small_number(parts[2]), p = small_number(parts[3]);
    auto salt = unbase64(parts[4]);
    auto expected = unbase64(parts[5]);
    if (!log2_n || !r || !p || !salt || !expected || expected->empty()) return false;
    ScryptCost cost{*log2_n, *r, *p};
    if (!valid(cost)) return false;
    auto actual = scrypt(password, *salt, cost, expected->size());
    return CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

std::string random_token() {
    std::array<unsigned char, 32> bytes{};
    random_bytes(bytes.data(), bytes.size());
    std::string text = base64(bytes.data(), bytes.size());
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

std::string token_digest(std::string_view token) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

}  // namespace loyalty::core
