#pragma once
// Signs test deliveries the way the platforms do, independently of the library's own code.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace loyalty::test {

inline std::string raw_hmac(const std::string& body, const std::string& secret) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
    return std::string(reinterpret_cast<const char*>(mac), len);
}

// Haravan and Sapo: base64 of the MAC.
inline std::string base64_hmac(const std::string& body, const std::string& secret) {
    std::string mac = raw_hmac(body, secret);
    unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    EVP_EncodeBlock(out, reinterpret_cast<const unsigned char*>(mac.data()), static_cast<int>(mac.size()));
    return reinterpret_cast<const char*>(out);
}

// KiotViet as most integrations see it: "sha256=" and lower-case hex.
inline std::string hub_hmac(const std::string& body, const std::string& secret) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "sha256=";
    for (unsigned char c : raw_hmac(body, secret)) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace loyalty::test
