#pragma once
// The member's page posts plain HTML forms (no script, no session): how such a post is read, and how a
// post that another site's page made the browser send is told apart.
#include <optional>
#include <string>
#include <string_view>

#include "router.hpp"

namespace loyalty::server {

// The most a member page's form body may hold: one key of at most 64 characters and its name.
inline constexpr std::size_t member_form_limit = 256;

// The idempotency key of a body `idempotency_key=<key>`, where the key is 16 to 64 letters, digits,
// '-' or '_' (what the page draws). Such a key needs no percent-escape, so a body with one, another
// field or anything else is not a form the page made: nullopt.
std::optional<std::string> form_idempotency_key(std::string_view body);

// True when the browser says another site made the request: Sec-Fetch-Site other than same-origin,
// else an Origin that is not `own_origin` (or `public_origin` when not empty). A request with neither
// header is not a browser's cross-site post (every current browser sends Origin with a POST), and the
// token in its URL is what authorizes it.
bool cross_site_post(const Request& request, std::string_view own_origin, std::string_view public_origin);

// "https://host:port" of an absolute URL: its scheme and authority, without path.
std::string origin_of(std::string_view url);

}  // namespace loyalty::server
