#pragma once
// Haravan's webhook subscription handshake: GET {callback}?hub.mode=subscribe&hub.verify_token=…
// &hub.challenge=… must be answered 200 with the challenge as the body when the verify token is
// the shop's, and 401 otherwise. The HTTP server calls this; it answers with text/plain so an
// echoed challenge is never rendered as markup.
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::connectors {

// The challenge to echo when `mode` is "subscribe" and `verify_token` equals `expected_token`
// (compared in constant time, its length included); nullopt otherwise. An empty expected token
// never matches: a shop that configured none must not accept every subscription.
std::optional<std::string> haravan_challenge(std::string_view mode, std::string_view verify_token,
                                             std::string_view challenge, std::string_view expected_token);

}  // namespace loyalty::connectors
