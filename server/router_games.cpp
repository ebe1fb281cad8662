// GET /api/v1/shops/{shop}/games/{game}?member_id=, and POST/GET …/games/{game}/plays (docs/games.md),
// each one call of documents/calls.hpp.
#include "calls.hpp"
#include "json_fields.hpp"
#include "respond.hpp"
#include "url.hpp"

namespace loyalty::server {

std::optional<Handled> Router::games(const Request& req, const Target& t, const std::string& shop) {
    namespace json = boost::json;
    using beast_http::verb;
    const auto& seg = t.segments;
    if (seg.size() < 6 || seg[4] != "games") return std::nullopt;
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    const std::string& game = seg[5];
    if (seg.size() == 6) {
        if (req.method() != verb::get) return not_allowed(Route::game);
        json::object q{{"game_id", game}};
        texts(t, {"member_id"}, q);
        return Handled{answer(req, [&] { return documents::game_status(engine_, shop, q); }), Route::game, {}, {}};
    }
    if (seg.size() == 7 && seg[6] == "plays") {
        if (req.method() == verb::get) {
            json::object q{{"game_id", game}};
            texts(t, {"member_id"}, q);
            std::string bad;
            if (!numbers(t, {"limit", "after"}, q, bad))
                return refused(req, Route::plays, 400, "invalid_argument", bad + " must be a whole number");
            return Handled{answer(req, [&] { return documents::list_plays(engine_, shop, q); }), Route::plays, {}, {}};
        }
        if (req.method() != verb::post) return not_allowed(Route::plays);
        return Handled{answer(req,
                              [&] {
                                  json::object body = body_object(req);
                                  // The game is the path's; a body naming another is a mistake to report.
                                  if (auto* named = body.if_contains("game_id");
                                      named && !(named->is_string() && named->get_string() == game))
                                      documents::bad("request.game_id does not match the game in the path");
                                  body["game_id"] = game;
                                  return documents::play_game(engine_, shop, body);
                              }),
                       Route::plays, {}, {}};
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::server
