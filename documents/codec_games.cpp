// The shop's instant-win games (docs/games.md), and the requests and results of plays.
#include <limits>

#include "codec.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

constexpr int64_t max_weight = 1000000000;  // 100 prizes of this still sum far inside int64
constexpr std::size_t max_prizes = 100;
constexpr int64_t max_plays_per_order = 100;

// Ids travel in URLs and in a play's recorded odds ("id=weight,…"), so they keep to a safe alphabet.
std::string safe_id(const json::object& o, std::string_view key, const std::string& path) {
    std::string id = require_string(o, key, path);
    if (id.size() > 64) bad(field_path(path, key) + " must be at most 64 characters");
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            bad(field_path(path, key) + " \"" + id + "\" may hold only letters, digits, '-', '_' and '.'");
    return id;
}

core::GamePrize decode_prize(const json::object& o, const std::string& path, const core::ShopProgram& p) {
    reject_unknown(o, {"id", "name", "weight", "points", "reward_id", "stock", "daily_limit"}, path);
    core::GamePrize prize;
    prize.prize_id = safe_id(o, "id", path);
    prize.weight = required_ranged(o, "weight", path, 1, max_weight);
    prize.points = ranged(o, "points", path, 0, limits::points, 0);
    prize.reward_id = get_string(o, "reward_id", path).value_or("");
    if (o.contains("points") && o.contains("reward_id"))
        bad(path + " gives points or a reward_id, not both (two prizes can share a slot's odds)");
    if (!prize.reward_id.empty() && !p.reward(prize.reward_id))
        bad(path + ".reward_id \"" + prize.reward_id + "\" is not in shop.rewards");
    const core::Reward* reward = prize.reward_id.empty() ? nullptr : p.reward(prize.reward_id);
    prize.name = get_string(o, "name", path).value_or(reward ? reward->name : "");
    prize.stock = ranged_optional(o, "stock", path, 0, limits::count);
    prize.daily_limit = ranged_optional(o, "daily_limit", path, 0, limits::count);
    return prize;
}

core::Game decode_game(const json::object& o, const std::string& path, const core::ShopProgram& p) {
    reject_unknown(o, {"id", "name", "kind", "window", "cost_points", "plays_per_order", "prizes", "budget", "tiers",
                       "groups", "segments"},
                   path);
    core::Game g;
    g.game_id = safe_id(o, "id", path);
    g.name = require_string(o, "name", path);
    std::string kind = require_string(o, "kind", path);
    auto k = core::game_kind_from(kind);
    if (!k) bad(path + ".kind \"" + kind + "\" is not one of wheel, scratch");
    g.kind = *k;
    if (const json::object* w = get_object(o, "window", path)) {
        std::string wpath = path + ".window";
        reject_unknown(*w, {"from", "to"}, wpath);
        auto when = [&](std::string_view key) -> std::optional<int64_t> {
            auto text = get_string(*w, key, wpath);
            if (!text) return std::nullopt;
            auto t = core::parse_timestamp(*text, *p.zone);
            if (!t) bad(field_path(wpath, key) + " \"" + *text + "\" is not an ISO 8601 date or time");
            return t;
        };
        g.from = when("from");
        g.to = when("to");
        if (g.from && g.to && *g.to <= *g.from) bad(wpath + ".to must be after " + wpath + ".from");
    }
    g.cost_points = ranged(o, "cost_points", path, 1, limits::points, 0);
    if (const json::object* per = get_object(o, "plays_per_order", path)) {
        std::string ppath = path + ".plays_per_order";
        reject_unknown(*per, {"min_amount", "plays"}, ppath);
        g.min_order_amount = required_ranged(*per, "min_amount", ppath, 0, limits::vnd);
        g.plays_per_order = ranged(*per, "plays", ppath, 1, max_plays_per_order, 1);
    }
    if (g.cost_points == 0 && !g.min_order_amount)
        bad(path + " needs cost_points, plays_per_order or both: otherwise no one can ever play");
    const json::array* prizes = get_array(o, "prizes", path);
    if (!prizes || prizes->empty()) bad(path + ".prizes must list at least one prize");
    if (prizes->size() > max_prizes) bad(path + ".prizes may list at most " + std::to_string(max_prizes));
    auto items = object_list(*prizes, path + ".prizes");
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string ppath = element_path(path + ".prizes", i);
        core::GamePrize prize = decode_prize(*items[i], ppath, p);
        if (g.prize(prize.prize_id)) bad(ppath + ".id \"" + prize.prize_id + "\" is used twice");
        g.prizes.push_back(std::move(prize));
    }
    if (const json::object* b = get_object(o, "budget", path)) {
        reject_unknown(*b, {"points_per_day"}, path + ".budget");
        g.points_per_day = required_ranged(*b, "points_per_day", path + ".budget", 0, limits::vnd);
    }
    g.tiers = level_list(o, path, p);
    g.groups = string_list(o, "groups", path);
    g.segments = string_list(o, "segments", path);  // names checked by core::check_shop
    return g;
}

json::array encode_odds(const std::vector<core::Odds>& odds) {
    json::array out;
    for (const auto& o : odds) out.push_back(json::object{{"prize_id", o.prize_id}, {"weight", o.weight}});
    return out;
}

// The prize a play won, or null for an empty slot ("no prize").
json::value encode_won(const core::GamePlay& p) {
    if (p.prize_points == 0 && p.reward_id.empty()) return nullptr;
    return json::object{{"id", p.prize_id},
                        {"name", p.prize_name},
                        {"points", p.prize_points},
                        {"reward_id", text_or_null(p.reward_id)}};
}

}  // namespace

void decode_games(const json::object& shop, core::ShopProgram& p) {
    const json::array* list = get_array(shop, "games", "shop");
    if (!list) return;
    auto items = object_list(*list, "shop.games");
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string path = element_path("shop.games", i);
        core::Game g = decode_game(*items[i], path, p);
        if (p.game(g.game_id)) bad(path + ".id \"" + g.game_id + "\" is used twice");
        p.games.push_back(std::move(g));
    }
}

core::PlayRequest decode_play_request(const json::object& r) {
    reject_unknown(r, {"member_id", "game_id", "idempotency_key"}, "request");
    core::PlayRequest out;
    out.member_id = require_string(r, "member_id", "request");
    out.game_id = require_string(r, "game_id", "request");
    out.idempotency_key = require_string(r, "idempotency_key", "request");
    return out;
}

core::PlayQuery decode_play_query(const json::object& q) {
    reject_unknown(q, {"game_id", "member_id", "limit", "after"}, "query");
    core::PlayQuery out;
    out.game_id = get_string(q, "game_id", "query").value_or("");
    out.member_id = get_string(q, "member_id", "query").value_or("");
    out.limit = static_cast<int>(ranged(q, "limit", "query", 1, 500, 50));
    out.after = ranged_optional(q, "after", "query", 0, std::numeric_limits<int64_t>::max());
    return out;
}

json::object encode_play(const core::GamePlay& p, const core::Zone& zone) {
    json::value grant_id = nullptr;
    if (p.grant_id > 0) grant_id = p.grant_id;
    return json::object{
        {"play_id", p.play_id},
        {"game_id", p.game_id},
        {"member_id", p.member_id},
        {"played_at", time_or_null(p.played_at, zone)},
        {"prize_id", p.prize_id},
        {"prize", encode_won(p)},
        {"points_spent", p.points_spent},
        {"order_id", text_or_null(p.order_id)},
        {"grant_id", grant_id},
        {"odds", encode_odds(p.odds)},
        {"draw", p.draw},
    };
}

json::object encode_play_result(const core::PlayResult& r, const core::Zone& zone, int64_t now) {
    json::object out = encode_play(r.play, zone);
    out["grant"] = r.grant ? json::value(encode_grant(*r.grant, zone, now)) : json::value(nullptr);
    out["plays_left"] = r.plays_left;
    out["points"] = json::object{{"available", r.balances.available}, {"pending", r.balances.pending}};
    out["replayed"] = r.replayed;
    return out;
}

json::object encode_play_page(const core::PlayPage& p, const core::Zone& zone) {
    json::array plays;
    for (const auto& play : p.plays) plays.push_back(encode_play(play, zone));
    json::value next = nullptr;
    if (p.next_after) next = *p.next_after;
    return json::object{{"plays", std::move(plays)}, {"next_after", next}};
}

json::object encode_game_status(const core::GameStatus& s, const core::Game& game) {
    return json::object{
        {"game_id", s.game_id},
        {"name", game.name},
        {"kind", core::to_string(game.kind)},
        {"open", s.open},
        {"can_play", s.refusal.empty()},
        {"refusal", text_or_null(s.refusal)},
        {"refusal_reason", s.reason == core::PlayRefusal::none ? json::value(nullptr)
                                                               : json::value(core::to_string(s.reason))},
        {"plays_left", s.plays_left},
        {"cost_points", game.cost_points},
        {"odds", encode_odds(s.odds)},
    };
}

}  // namespace loyalty::documents
