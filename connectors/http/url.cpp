#include "url.hpp"

namespace loyalty::http {
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi << 4 | lo);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    // A NUL or another control character decoded into a shop id or a parameter would name
    // something other than what every later check sees (C strings stop at the NUL): refused.
    for (unsigned char c : out)
        if (c < 0x20 || c == 0x7f) return std::nullopt;
    return out;
}

}  // namespace

const std::string* Target::param(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return &value;
    return nullptr;
}

std::optional<Target> parse_target(std::string_view target) {
    if (target.empty() || target.front() != '/') return std::nullopt;
    Target t;
    std::string_view path = target, query;
    if (auto q = target.find('?'); q != std::string_view::npos) {
        path = target.substr(0, q);
        query = target.substr(q + 1);
    }
    while (!path.empty()) {
        path.remove_prefix(1);  // the '/'
        auto end = path.find('/');
        auto raw = path.substr(0, end);
        if (!raw.empty()) {
            auto segment = decode(raw, false);
            if (!segment) return std::nullopt;
            t.segments.push_back(std::move(*segment));
        }
        if (end == std::string_view::npos) break;
        path.remove_prefix(end);
    }
    while (!query.empty()) {
        auto end = query.find('&');
        auto pair = query.substr(0, end);
        auto eq = pair.find('=');
        auto key = decode(pair.substr(0, eq), true);
        auto value = decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        if (!key->empty()) t.query.emplace_back(std::move(*key), std::move(*value));
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return t;
}

}  // namespace loyalty::http
