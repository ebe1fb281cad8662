#include "staff/password.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <semaphore>

#include "util/encoding.hpp"
#include "util/error.hpp"

namespace loyalty::core {
namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

// Each hash takes 32 MiB for a tenth of a second: a burst of sign-ins (or an attacker's) waits its
// turn rather than taking a server's memory, 64 engine threads × 32 MiB at once.
std::counting_semaphore<4> hashing{4};

std::string scrypt(std::string_view password, std::string salt, const ScryptCost& cost, std::size_t size) {
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
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass.data(), pass.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt.data(), salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_end(),
    };
    std::string out(size, '\0');
    bool ok = ctx && EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) == 1;
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
    std::string salt = random_bytes(salt_bytes);
    auto hash = scrypt(password, salt, cost, hash_bytes);
    return "scrypt$" + std::to_string(cost.log2_n) + "$" + std::to_string(cost.r) + "$" + std::to_string(cost.p) +
           "$" + base64_encode(salt) + "$" + base64_encode(hash);
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
    auto salt = base64_decode(parts[4]);
    auto expected = base64_decode(parts[5]);
    if (!log2_n || !r || !p || !salt || !expected || expected->empty()) return false;
    ScryptCost cost{*log2_n, *r, *p};
    if (!valid(cost)) return false;
    return constant_time_equal(scrypt(password, *salt, cost, expected->size()), *expected);
}

std::string random_token() {
    std::string text = base64_encode(random_bytes(32));
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

std::string token_digest(std::string_view token) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace loyalty::core
