#pragma once
// KiotViet's client credentials: the shop's own API client (ClientId and secret from "Thiết lập kết
// nối API") buys a token at {token_url}/connect/token, valid a day; it is renewed before it runs out.
#include <cstdint>

#include "apps_config.hpp"
#include "credentials.hpp"
#include "http/retry.hpp"

namespace loyalty::apps {

// Renewed this long before the token runs out, so no call starts with a token about to expire.
inline constexpr int64_t kiotviet_renew_before = 600;

bool kiotviet_token_due(const Credentials& c, int64_t now);

// `c` with a new access token and its expiry. KiotViet refusing the client throws
// core::Error(unauthenticated); other failures throw http::HttpError.
Credentials kiotviet_token(const AppsConfig& config, http::RetryingClient& client, Credentials c, int64_t now);

}  // namespace loyalty::apps
