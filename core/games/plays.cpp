// Playing a shop's instant-win games (docs/games.md).
#include "engine.hpp"
#include "games/draw.hpp"
#include "games/game_audience.hpp"
#include "idempotency.hpp"
#include "member_resolution.hpp"
#include "program/calendar.hpp"
#include "rewards/grant_issue.hpp"
#include "util/error.hpp"
#include "util/grant_code.hpp"
#include "util/timestamp.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

std::string fingerprint(const PlayRequest& r) { return "play\n" + r.member_id + '\n' + r.game_id; }

const Game& require_game(const ShopProgram& p, const std::string& game_id) {
    const Game* game = p.game(game_id);
    if (!game) fail(Status::not_found, "game \"" + game_id + "\" is not in shop \"" + p.shop_id + "\"");
    return *game;
}

int64_t shop_day(int64_t t, const ShopProgram& p) { return days_from_civil(local_date(t, *p.zone)); }

std::string closed_refusal(const Game& game, int64_t t, const Zone& zone) {
    if (game.from && t < *game.from)
        return "game \"" + game.game_id + "\" opens at " + format_timestamp(*game.from, zone);
    return "game \"" + game.game_id + "\" closed at " + format_timestamp(*game.to, zone);
}

int64_t plays_left(const std::vector<OrderPlays>& unused) {
    int64_t n = 0;
    for (const auto& o : unused) n += o.earned - o.used;
    return n;
}

// Why the member cannot play now (PlayRefusal's order: a play to use is one earned, else one bought with
// points). A play fails with it; the status shows it.
struct Refusal {
    PlayRefusal reason = PlayRefusal::none;
    Status status = Status::ok;
    std::string message;
    ErrorDetails details;
};

Refusal play_refusal(Transaction& tx, const ShopProgram& p, const Game& game, const Member& m, int64_t t,
                     bool nothing_to_win, int64_t plays) {
    if (!game.open_at(t)) return {PlayRefusal::closed, Status::conflict, closed_refusal(game, t, *p.zone), {}};
    if (std::string why = game_refusal(tx, p, game, m); !why.empty())
        return {PlayRefusal::not_in_audience, Status::conflict, why, {}};
    if (nothing_to_win)
        return {PlayRefusal::nothing_to_win, Status::conflict,
                "game \"" + game.game_id + "\" has no prize left to win today", {}};
    if (plays > 0) return {};
    if (game.cost_points == 0)
        return {PlayRefusal::no_plays, Status::conflict,
                "member \"" + m.member_id + "\" has no plays left in game \"" + game.game_id +
                    "\": a paid order earns more",
                {}};
    if (m.balances.available < game.cost_points)
        return {PlayRefusal::insufficient_points, Status::insufficient_points,
                "member \"" + m.member_id + "\" has " + std::to_string(m.balances.available) +
                    " points available, a play of game \"" + game.game_id + "\" costs " +
                    std::to_string(game.cost_points),
                ErrorDetails::shortfall(m.balances.available, game.cost_points)};
    return {};
}

}  // namespace

PlayResult Engine::play_game(const std::string& shop_id, const PlayRequest& r) {
    auto program = shop(shop_id);
    require_text(r.member_id, "member_id");
    require_text(r.game_id, "game_id");
    require_text(r.idempotency_key, "idempotency_key");
    const Game& game = require_game(*program, r.game_id);
    std::string print = fingerprint(r);
    PlayResult result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        result = {};
        if (replay_of(tx, shop_id, r.idempotency_key, print)) {
            auto first = tx.play_by_key(shop_id, r.idempotency_key);
            if (!first) fail(Status::internal, "idempotency record of a play without its play");
            Member m = require_member(tx, shop_id, first->member_id);
            result.play = *first;
            if (first->grant_id > 0) result.grant = tx.grant(shop_id, first->grant_id);
            result.balances = m.balances;
            result.plays_left = plays_left(tx.unused_order_plays(shop_id, game.game_id, m.member_id));
            result.replayed = true;
            return;
        }
        Member m = require_member(tx, shop_id, r.member_id);
        GamePlay play;
        play.game_id = game.game_id;
        play.member_id = m.member_id;
        play.idempotency_key = r.idempotency_key;
        play.day = shop_day(t, *program);
        play.played_at = t;
        play.odds = winnable(game, tx.prize_counts(shop_id, game.game_id, play.day));
        auto unused = tx.unused_order_plays(shop_id, game.game_id, m.member_id);
        result.plays_left = plays_left(unused);
        Refusal no = play_refusal(tx, *program, game, m, t, play.odds.empty(), result.plays_left);
        if (no.status != Status::ok) fail(no.status, no.message, no.details);
        if (!unused.empty()) {
            OrderPlays& used = unused.front();
            ++used.used;
            tx.put_order_plays(shop_id, used);
            play.order_id = used.order_id;
            --result.plays_left;
        } else {
            play.points_spent = game.cost_points;
        }

        Draw d = draw_prize(play.odds);
        play.draw = d.number;
        const GamePrize& prize = *game.prize(play.odds[d.index].prize_id);
        play.prize_id = prize.prize_id;
        play.prize_name = prize.name;
        play.prize_points = prize.points;
        play.reward_id = prize.reward_id;
        play.play_id = tx.insert_play(shop_id, play);
        tx.add_prize_won(shop_id, game.game_id, prize.prize_id, play.day, prize.points);

        Book book{tx, *program, m, t};
        const std::string play_ref = std::to_string(play.play_id);
        if (play.points_spent > 0) {
            EntryNote note{EntryKind::redeem, "game played: " + game.name, "game_play", play_ref, "", t, false};
            play.debit_entry_id = debit(book, play.points_spent, note).entry_id;
        }
        if (prize.points > 0) {
            EntryNote note{EntryKind::bonus, "game prize: " + prize.name, "game_play", play_ref, game.game_id, t, false};
            play.credit_entry_id = change_source(book, {"game_play", play_ref, t, std::nullopt}, prize.points, note)
                                       .entry_id;
        }
        if (!prize.reward_id.empty()) {
            const Reward* reward = program->reward(prize.reward_id);
            if (!reward) fail(Status::internal, "prize \"" + prize.prize_id + "\" names a reward not in the catalogue");
            GrantOrigin origin{"game " + game.game_id + " play " + play_ref, 1, 0, "", 0, new_grant_code()};
            result.grant = issue_grant(book, *reward, origin);
            play.grant_id = result.grant->grant_id;
        }
        if (play.debit_entry_id || play.credit_entry_id || play.grant_id) tx.update_play_outcome(shop_id, play);
        tx.put_idempotency(shop_id, {r.idempotency_key, print, play.debit_entry_id});
        result.play = play;
        result.balances = m.balances;
    });
    return result;
}

PlayPage Engine::game_plays(const std::string& shop_id, const PlayQuery& query) {
    auto program = shop(shop_id);
    if (query.limit < 1 || query.limit > max_page)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_page));
    if (!query.game_id.empty()) require_game(*program, query.game_id);
    PlayQuery q = query;
    q.limit = query.limit + 1;
    PlayPage page;
    store_->read([&](Transaction& tx) {
        // A merged member's plays moved to the member that absorbed it.
        if (!q.member_id.empty()) q.member_id = require_member(tx, shop_id, query.member_id).member_id;
        page.plays = tx.plays(shop_id, q);
    });
    if (static_cast<int>(page.plays.size()) > query.limit) {
        page.plays.resize(query.limit);
        page.next_after = page.plays.back().play_id;
    }
    return page;
}

GameStatus Engine::game_status(const std::string& shop_id, const std::string& game_id, const std::string& member_id) {
    auto program = shop(shop_id);
    require_text(member_id, "member_id");
    const Game& game = require_game(*program, game_id);
    int64_t t = now();
    GameStatus status;
    status.game_id = game.game_id;
    status.open = game.open_at(t);
    store_->read([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, member_id);
        status.odds = winnable(game, tx.prize_counts(shop_id, game.game_id, shop_day(t, *program)));
        status.plays_left = plays_left(tx.unused_order_plays(shop_id, game.game_id, m.member_id));
        Refusal no = play_refusal(tx, *program, game, m, t, status.odds.empty(), status.plays_left);
        status.reason = no.reason;
        status.refusal = no.message;
    });
    return status;
}

}  // namespace loyalty::core
