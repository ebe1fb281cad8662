#pragma once
// The member's own points page (GET /c/{token}): one small HTML document in Vietnamese for a phone,
// no script, no sign-in; the unguessable token in its URL is the only credential.
#include <string>

#include "engine.hpp"

namespace loyalty::server {

std::string render_member_page(const core::MemberPage& page, int64_t now);
// What a link that is unknown or was rotated away shows (with 404).
std::string render_missing_page();

}  // namespace loyalty::server
