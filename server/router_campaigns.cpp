// GET/POST /api/v1/shops/{shop}/campaigns, GET …/campaigns/{id} and GET …/messages
// (docs/notifications.md), each one call of documents/calls.hpp.
#include "calls.hpp"
#include "respond.hpp"
#include "url.hpp"

namespace loyalty::server {

std::optional<Handled> Router::campaigns(const Request& req, const Target& t, const std::string& shop,
                                         const std::string& actor) {
    namespace json = boost::json;
    using beast_http::verb;
    const auto& seg = t.segments;
    if (seg.size() < 5 || (seg[4] != "campaigns" && seg[4] != "messages")) return std::nullopt;
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    if (seg[4] == "messages" && seg.size() == 5) {
        if (req.method() != verb::get) return not_allowed(Route::messages);
        json::object q;
        texts(t, {"status", "channel"}, q);
        std::string bad;
        if (!numbers(t, {"limit", "after"}, q, bad))
            return refused(req, Route::messages, 400, "invalid_argument", bad + " must be a whole number");
        return Handled{answer(req, [&] { return documents::list_messages(engine_, shop, q); }), Route::messages, {}, {}};
    }
    if (seg[4] == "campaigns" && seg.size() == 5) {
        if (req.method() == verb::get)
            return Handled{answer(req, [&] { return documents::list_campaigns(engine_, shop); }), Route::campaigns, {},
                           {}};
        if (req.method() != verb::post) return not_allowed(Route::campaigns);
        const std::string by = actor.empty() ? "admin_token" : actor;
        return Handled{answer(req, [&] { return documents::create_campaign(engine_, shop, body_object(req), by); }),
                       Route::campaigns, {}, {}};
    }
    if (seg[4] == "campaigns" && seg.size() == 6) {
        if (req.method() != verb::get) return not_allowed(Route::campaign);
        return Handled{answer(req, [&] { return documents::get_campaign(engine_, shop, seg[5]); }), Route::campaign,
                       {}, {}};
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::server
