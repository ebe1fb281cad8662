#include "crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/error.hpp"

namespace loyalty::connectors {

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // A zero-length key still needs a valid pointer.
    static const unsigned char empty = 0;
    const void* k = key.empty() ? static_cast<const void*>(&empty) : key.data();
    if (!HMAC(EVP_sha256(), k, static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), out, &len))
        core::fail(core::Status::internal, "HMAC-SHA256 failed in OpenSSL");
    return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace loyalty::connectors
