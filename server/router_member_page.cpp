// GET /c/{token}: the member's own page, and the base of the links to it.
#include <chrono>

#include "member_page.hpp"
#include "respond.hpp"
#include "router.hpp"

namespace loyalty::server {

Handled Router::member_page(const Request& req, const std::string& token) {
    using beast_http::verb;
    if (req.method() != verb::get && req.method() != verb::head)
        return refused(req, Route::member_page, 405, "invalid_argument", "use GET");
    std::optional<core::MemberPage> page;
    try {
        page = engine_.member_page(token);
    } catch (const std::exception&) {
        return {failure_response(req, documents::current_failure()), Route::member_page, {}, {}};
    }
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                      .count();
    Response res = page ? reply(req, 200, render_member_page(*page, now), "text/html; charset=utf-8")
                        : reply(req, 404, render_missing_page(), "text/html; charset=utf-8");
    // No script at all; only its own inline style. Never cached or indexed: the URL is the credential.
    res.set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Cache-Control", "no-store");
    res.set("X-Robots-Tag", "noindex");
    return {std::move(res), Route::member_page, {}, {}};
}

std::string Router::public_base(const Request& req) const {
    if (config_.apps && !config_.apps->public_url.empty()) return config_.apps->public_url;
    auto host = req[beast_http::field::host];
    return "https://" + std::string(host.empty() ? std::string_view("localhost") : std::string_view(host.data(), host.size()));
}

}  // namespace loyalty::server
