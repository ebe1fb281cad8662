#include "member_form.hpp"

namespace loyalty::server {

std::optional<std::string> form_idempotency_key(std::string_view body) {
    constexpr std::string_view field = "idempotency_key=";
    if (!body.starts_with(field)) return std::nullopt;
    std::string_view key = body.substr(field.size());
    if (key.size() < 16 || key.size() > 64) return std::nullopt;
    for (char c : key) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return std::nullopt;
    }
    return std::string(key);
}

bool cross_site_post(const Request& req, std::string_view own_origin, std::string_view public_origin) {
    // Fetch metadata is the browser's own word and cannot be set by a page.
    auto header = [&](auto name) {
        auto v = req[name];
        return std::string_view(v.data(), v.size());
    };
    std::string_view site = header("Sec-Fetch-Site");
    if (!site.empty()) return site != "same-origin";
    std::string_view origin = header(beast_http::field::origin);
    if (origin.empty()) return false;
    // "null" comes from sandboxed frames and data: pages, which another site can make; the page's
    // Referrer-Policy (same-origin) keeps a browser from sending it for the page's own form.
    return origin != own_origin && (public_origin.empty() || origin != public_origin);
}

std::string origin_of(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    auto path = url.find('/', scheme + 3);
    return std::string(url.substr(0, path));
}

}  // namespace loyalty::server
