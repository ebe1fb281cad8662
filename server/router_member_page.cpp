// GET /c/{token}: the member's own page, and the base of the links to it.
#include <chrono>

#include "member_page.hpp"
#include "member_page_data.hpp"
#include "respond.hpp"
#include "router.hpp"
#include "url.hpp"

namespace loyalty::server {

Handled Router::member_page_reply(const Request& req, Route route, unsigned status, std::string html, bool forms) {
    Response res = reply(req, status, std::move(html), "text/html; charset=utf-8");
    // No script at all; only its own inline style. Forms may post only back to loyaltyd, and only when
    // the page has one (a game to play). Never cached or indexed: the URL is the credential.
    res.set("Content-Security-Policy", std::string("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors "
                                                   "'none'; base-uri 'none'; form-action ") +
                                           (forms ? "'self'" : "'none'"));
    res.set("X-Content-Type-Options", "nosniff");
    // The URL must not reach another site. A form's post keeps its Origin only when the policy lets
    // same-origin requests carry it (no-referrer sends "Origin: null"), and the play route checks it.
    res.set("Referrer-Policy", forms ? "same-origin" : "no-referrer");
    res.set("Cache-Control", "no-store");
    res.set("X-Robots-Tag", "noindex");
    return {std::move(res), route, {}, {}};
}

Handled Router::member_view(const Request& req, Route route, unsigned status, const core::MemberPage& page,
                            PageExtras extras) {
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                      .count();
    extras.games = playable_games(engine_, page);
    bool forms = !extras.games.empty();
    return member_page_reply(req, route, status, render_member_page(page, now, extras), forms);
}

Handled Router::member_page(const Request& req, const std::string& token, const Target& t) {
    using beast_http::verb;
    if (req.method() != verb::get && req.method() != verb::head)
        return refused(req, Route::member_page, 405, "invalid_argument", "use GET");
    try {
        std::optional<core::MemberPage> page = engine_.member_page(token);
        if (!page) return member_page_reply(req, Route::member_page, 404, render_missing_page(), false);
        PageExtras extras;
        extras.token = token;
        // ?play= is where a play's POST sends the browser: showing it again on a refresh plays nothing.
        if (const std::string* play = t.param("play"))
            if (auto id = integer(*play); id && *id > 0) extras.result = own_play(engine_, *page, *id);
        return member_view(req, Route::member_page, 200, *page, std::move(extras));
    } catch (const std::exception&) {
        return {failure_response(req, documents::current_failure()), Route::member_page, {}, {}};
    }
}

std::string Router::public_base(const Request& req) const {
    if (config_.apps && !config_.apps->public_url.empty()) return config_.apps->public_url;
    auto host = req[beast_http::field::host];
    return "https://" + std::string(host.empty() ? std::string_view("localhost") : std::string_view(host.data(), host.size()));
}

}  // namespace loyalty::server
