#pragma once
// Haravan's install is OpenID Connect: the browser goes to the accounts server, comes back by a form
// POST with a code, and the code is exchanged server to server for a token and an id_token whose
// `orgid` claim names the shop.
#include <cstdint>
#include <string>
#include <string_view>

#include "apps_config.hpp"

namespace loyalty::apps {

// Login scopes, then what the features need: a long-lived shop token (grant_service), webhooks
// (wh_api), orders and customers to read, customers (tags) and discounts to write, a refresh token.
inline constexpr std::string_view haravan_scopes =
    "openid profile email org userinfo grant_service wh_api com.read_orders com.read_customers "
    "com.write_customers com.write_discounts offline_access";

std::string haravan_authorize_url(const HaravanApp& app, const std::string& redirect_uri, const std::string& state,
                                  const std::string& nonce);

struct HaravanIdentity {
    std::string org_id;
    std::string org_name;  // when the id_token carries it
    std::string subject;
};

// Reads the id_token of the token endpoint's answer. It came over TLS straight from the accounts
// server, which is what vouches for it (OpenID Connect Core 3.1.3.7), so its signature is not
// checked; its audience, expiry and nonce are. Throws core::Error(unauthenticated) naming the claim.
HaravanIdentity read_haravan_id_token(std::string_view id_token, const HaravanApp& app,
                                      std::string_view expected_nonce, int64_t now);

}  // namespace loyalty::apps
