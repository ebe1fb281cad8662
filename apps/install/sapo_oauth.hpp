#pragma once
// Sapo Web's install is OAuth 2: the browser goes to the store's admin, comes back with a code in a
// signed query, and the code is exchanged for a permanent token (X-Sapo-Access-Token).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apps_config.hpp"

namespace loyalty::apps {

inline constexpr std::string_view sapo_scopes = "read_orders,read_customers,write_customers,write_price_rules";

std::string sapo_authorize_url(const SapoApp& app, const std::string& store, const std::string& redirect_uri,
                               const std::string& state);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// True when the callback's `hmac` signs its other parameters: HMAC-SHA256 with the app's secret over
// "k=v" pairs sorted by key and joined by "&" (without `hmac` and `signature`). The digest is
// reported as base64; hex, as Shopify-style apps send it, is accepted too.
bool sapo_callback_verifies(const QueryParams& params, std::string_view client_secret);

// The store the callback names: `store`, or `shop` as "name" or "name.mysapo.net". Empty if none.
std::string sapo_store_of(const QueryParams& params);

}  // namespace loyalty::apps
