// GET /api/v1/shops/{shop}/events, POST …/events/{id}/replay and POST …/events/replay
// (docs/notifications.md), each one call of documents/calls.hpp as the C ABI makes it.
#include "calls.hpp"
#include "respond.hpp"
#include "url.hpp"

namespace loyalty::server {

std::optional<Handled> Router::events(const Request& req, const Target& t, const std::string& shop) {
    namespace json = boost::json;
    using beast_http::verb;
    const auto& seg = t.segments;
    if (seg.size() < 5 || seg[4] != "events") return std::nullopt;
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    if (seg.size() == 5) {
        if (req.method() != verb::get) return not_allowed(Route::events);
        json::object q;
        texts(t, {"status"}, q);
        std::string bad;
        if (!numbers(t, {"limit", "after"}, q, bad))
            return refused(req, Route::events, 400, "invalid_argument", bad + " must be a whole number");
        return Handled{answer(req, [&] { return documents::list_events(engine_, shop, q); }), Route::events, {}, {}};
    }
    if (seg.size() == 6 && seg[5] == "replay") {
        if (req.method() != verb::post) return not_allowed(Route::events_replay);
        return Handled{answer(req, [&] { return documents::replay_events(engine_, shop, body_object(req)); }),
                       Route::events_replay, {}, {}};
    }
    if (seg.size() == 7 && seg[6] == "replay") {
        if (req.method() != verb::post) return not_allowed(Route::event_replay);
        auto id = integer(seg[5]);
        if (!id || *id <= 0) return refused(req, Route::event_replay, 404, "not_found", "no event " + seg[5]);
        json::object body{{"from", *id}, {"to", *id}};
        return Handled{answer(req, [&] { return documents::replay_events(engine_, shop, body); }), Route::event_replay,
                       {}, {}};
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::server
