#include "token_box.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "util/error.hpp"

namespace loyalty::apps {
namespace {

constexpr uint8_t format_version = 1;
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using Cipher = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

Cipher new_cipher() {
    Cipher c(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!c) core::fail(core::Status::internal, "OpenSSL could not allocate a cipher context");
    return c;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

int length(std::string_view s) {
    // Tokens are short; this bound keeps every length an int for OpenSSL's API.
    if (s.size() > (1u << 20)) core::fail(core::Status::invalid_argument, "a sealed value is limited to 1 MiB");
    return static_cast<int>(s.size());
}

[[noreturn]] void cannot_open() {
    core::fail(core::Status::invalid_argument,
               "a stored token does not open with the configured token key (altered, or sealed under another key)");
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

TokenBox::TokenBox(const std::array<uint8_t, key_size>& key) : key_(key) {}

TokenBox TokenBox::from_key_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        core::fail(core::Status::invalid_argument, "token_key_file " + path + " cannot be read");
    if ((st.st_mode & 077) != 0)
        core::fail(core::Status::invalid_argument,
                   "token_key_file " + path + " is readable by other users: chmod 600 it");
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) core::fail(core::Status::invalid_argument, "token_key_file " + path + " cannot be read");
    std::array<uint8_t, key_size> key{};
    if (text.size() == key_size) {
        std::copy(text.begin(), text.end(), key.begin());
        return TokenBox(key);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.size() == 2 * key_size) {
        bool ok = true;
        for (std::size_t i = 0; i < key_size && ok; ++i) {
            int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
            ok = hi >= 0 && lo >= 0;
            key[i] = static_cast<uint8_t>(hi * 16 + lo);
        }
        if (ok) return TokenBox(key);
    }
    core::fail(core::Status::invalid_argument,
               "token_key_file " + path + " must hold 32 random bytes, raw or as 64 hex digits "
               "(e.g. head -c 32 /dev/urandom > FILE)");
}

std::string TokenBox::derived_key(std::string_view purpose) const {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), bytes(purpose), purpose.size(), out, &n))
        core::fail(core::Status::internal, "OpenSSL could not derive a key");
    return std::string(reinterpret_cast<const char*>(out), n);
}

std::string TokenBox::seal(std::string_view plaintext, std::string_view context) const {
    std::string out(1 + nonce_size + plaintext.size() + tag_size, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    o[0] = format_version;
    if (RAND_bytes(o + 1, nonce_size) != 1) core::fail(core::Status::internal, "OpenSSL could not draw a nonce");
    Cipher c = new_cipher();
    int n = 0;
    bool ok = EVP_EncryptInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, key_.data(), o + 1) == 1 &&
              EVP_EncryptUpdate(c.get(), nullptr, &n, bytes(context), length(context)) == 1 &&
              EVP_EncryptUpdate(c.get(), o + 1 + nonce_size, &n, bytes(plaintext), length(plaintext)) == 1 &&
              EVP_EncryptFinal_ex(c.get(), o + 1 + nonce_size + n, &n) == 1 &&
              EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_GET_TAG, tag_size, o + 1 + nonce_size + plaintext.size()) == 1;
    if (!ok) core::fail(core::Status::internal, "OpenSSL could not seal a token");
    return out;
}

std::string TokenBox::open(std::string_view sealed, std::string_view context) const {
    if (sealed.size() < 1 + nonce_size + tag_size) cannot_open();
    if (static_cast<uint8_t>(sealed[0]) != format_version)
        core::fail(core::Status::invalid_argument, "a stored token was sealed by a newer release");
    const auto* s = bytes(sealed);
    std::size_t text_size = sealed.size() - 1 - nonce_size - tag_size;
    std::string out(text_size, '\0');
    unsigned char tag[tag_size];
    std::copy(s + sealed.size() - tag_size, s + sealed.size(), tag);
    Cipher c = new_cipher();
    int n = 0;
    bool ok = EVP_DecryptInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, key_.data(), s + 1) == 1 &&
              EVP_DecryptUpdate(c.get(), nullptr, &n, bytes(context), length(context)) == 1 &&
              EVP_DecryptUpdate(c.get(), reinterpret_cast<unsigned char*>(out.data()), &n, s + 1 + nonce_size,
                                static_cast<int>(text_size)) == 1 &&
              EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag) == 1 &&
              EVP_DecryptFinal_ex(c.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &n) == 1;
    if (!ok) cannot_open();
    return out;
}

}  // namespace loyalty::apps
