#pragma once
// What every page loyaltyd writes for a member shares (their points page, its games and their results,
// the pages that say a link or a request is wrong): the one HTML document with its inline style, which
// the pages' Content-Security-Policy allows and nothing else. Numbers are written as the messages write
// them (core::format_points: 1.234.567).
#include <cstdint>
#include <string>

namespace loyalty::server {

// `body` (HTML already escaped) in the page's document; `title` is escaped here.
std::string member_document(const std::string& title, const std::string& body);

}  // namespace loyalty::server
