#include "url.hpp"

#include <boost/url/parse.hpp>

namespace loyalty::server {
namespace {

// A NUL or another control character decoded into a shop id or a parameter would name something
// other than what every later check sees (C strings stop at the NUL): refused.
bool printable(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

}  // namespace

const std::string* Target::param(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return &value;
    return nullptr;
}

std::optional<Target> parse_target(std::string_view target) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return std::nullopt;
    Target t;
    for (std::string segment : parsed->segments()) {
        if (!printable(segment)) return std::nullopt;
        // "/api//v1/" names the same route as "/api/v1".
        if (!segment.empty()) t.segments.push_back(std::move(segment));
    }
    for (auto param : parsed->params()) {  // decoded, with '+' as a space
        if (!printable(param.key) || !printable(param.value)) return std::nullopt;
        if (!param.key.empty()) t.query.emplace_back(std::move(param.key), std::move(param.value));
    }
    return t;
}

}  // namespace loyalty::server
