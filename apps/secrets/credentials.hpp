#pragma once
// A link's credentials as the apps keep them: a small JSON document sealed by the TokenBox under the
// shop and platform, so the database holds no usable token.
#include <cstdint>
#include <string>

#include "token_box.hpp"

namespace loyalty::apps {

struct Credentials {
    std::string access_token;
    std::string refresh_token;
    int64_t expires_at = 0;  // 0: does not expire
    std::string client_id;   // KiotViet: the shop's own API client
    std::string client_secret;

    std::string seal(const TokenBox& box, const std::string& shop_id, const std::string& platform) const;
    // Throws core::Error(invalid_argument) when the blob does not open (another key, altered).
    static Credentials open(const TokenBox& box, const std::string& sealed, const std::string& shop_id,
                            const std::string& platform);
};

}  // namespace loyalty::apps
