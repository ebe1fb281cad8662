// Instant-win games: what each prize has given (per shop day), the plays with the odds they were drawn
// from, and the plays paid orders earned.
#include <limits>
#include <string_view>

#include "games/draw.hpp"
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_PLAY_COLUMNS                                                                                 \
    "play_id, game_id, member_id, idempotency_key, day, order_id, points_spent, prize_id, prize_name, "      \
    "prize_points, reward_id, grant_id, odds, draw, debit_entry_id, credit_entry_id, played_at"

GamePlay read_play(const Call& c) {
    GamePlay p;
    p.play_id = c.integer(0);
    p.game_id = c.text(1);
    p.member_id = c.text(2);
    p.idempotency_key = c.text(3);
    p.day = c.integer(4);
    p.order_id = c.text(5);
    p.points_spent = c.integer(6);
    p.prize_id = c.text(7);
    p.prize_name = c.text(8);
    p.prize_points = c.integer(9);
    p.reward_id = c.text(10);
    p.grant_id = c.integer(11);
    p.odds = odds_from_text(c.text(12));
    p.draw = c.integer(13);
    p.debit_entry_id = c.integer(14);
    p.credit_entry_id = c.integer(15);
    p.played_at = c.integer(16);
    return p;
}

OrderPlays read_order_plays(const Call& c) {
    return {c.text(0), c.text(1), c.text(2), c.integer(3), c.integer(4), c.integer(5)};
}

#define LOYALTY_ORDER_PLAYS_COLUMNS "game_id, order_id, member_id, earned, used, earned_at"

}  // namespace

std::vector<PrizeCount> SqlTransaction::prize_counts(const std::string& shop, const std::string& game_id,
                                                     int64_t day) {
    static constexpr Query q{QueryId::prize_counts,
                             "SELECT prize_id, sum(won)::bigint, sum(CASE WHEN day = ?3::bigint THEN won ELSE 0 END)::bigint, "
                             "sum(CASE WHEN day = ?3::bigint THEN points ELSE 0 END)::bigint FROM game_prize_counts "
                             "WHERE shop_id = ?1 AND game_id = ?2 GROUP BY prize_id"};
    Call c(db_, q);
    c.bind(shop).bind(game_id).bind(day);
    std::vector<PrizeCount> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1), c.integer(2), c.integer(3)});
    return out;
}

void SqlTransaction::add_prize_won(const std::string& shop, const std::string& game_id, const std::string& prize_id,
                                   int64_t day, int64_t points) {
    static constexpr Query q{QueryId::add_prize_won,
                             "INSERT INTO game_prize_counts (shop_id, game_id, prize_id, day, won, points) "
                             "VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (shop_id, game_id, prize_id, day) "
                             "DO UPDATE SET won = game_prize_counts.won + 1, "
                             "points = game_prize_counts.points + excluded.points"};
    Call(db_, q).bind(shop).bind(game_id).bind(prize_id).bind(day).bind(points).run();
}

int64_t SqlTransaction::insert_play(const std::string& shop, const GamePlay& p) {
    static constexpr Query q{
        QueryId::insert_play,
        "INSERT INTO game_plays (shop_id, game_id, member_id, idempotency_key, day, order_id, points_spent, "
        "prize_id, prize_name, prize_points, reward_id, grant_id, odds, draw, debit_entry_id, credit_entry_id, "
        "played_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
        "RETURNING play_id"};
    Call c(db_, q);
    c.bind(shop)
        .bind(p.game_id)
        .bind(p.member_id)
        .bind(p.idempotency_key)
        .bind(p.day)
        .bind(p.order_id)
        .bind(p.points_spent)
        .bind(p.prize_id)
        .bind(p.prize_name)
        .bind(p.prize_points)
        .bind(p.reward_id)
        .bind(p.grant_id)
        .bind(odds_text(p.odds))
        .bind(p.draw)
        .bind(p.debit_entry_id)
        .bind(p.credit_entry_id)
        .bind(p.played_at);
    if (!c.row()) fail(Status::internal, "a play was stored without an id");
    return c.integer(0);
}

void SqlTransaction::update_play_outcome(const std::string& shop, const GamePlay& p) {
    static constexpr Query q{QueryId::update_play_outcome,
                             "UPDATE game_plays SET grant_id = ?3, debit_entry_id = ?4, credit_entry_id = ?5 "
                             "WHERE shop_id = ?1 AND play_id = ?2"};
    Call(db_, q).bind(shop).bind(p.play_id).bind(p.grant_id).bind(p.debit_entry_id).bind(p.credit_entry_id).run();
}

std::optional<GamePlay> SqlTransaction::play_by_key(const std::string& shop, const std::string& idempotency_key) {
    static constexpr Query q{QueryId::play_by_key, "SELECT " LOYALTY_PLAY_COLUMNS
                                                   " FROM game_plays WHERE shop_id = ?1 AND idempotency_key = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(idempotency_key);
    if (!c.row()) return std::nullopt;
    return read_play(c);
}

std::vector<GamePlay> SqlTransaction::plays(const std::string& shop, const PlayQuery& q) {
    // One statement per index, as grants have: ?2 after, ?3 limit, then the keys.
    static constexpr Query of_shop{QueryId::plays_of_shop,
                                   "SELECT " LOYALTY_PLAY_COLUMNS " FROM game_plays WHERE shop_id = ?1 "
                                   "AND play_id > ?2::bigint ORDER BY play_id LIMIT ?3::bigint"};
    static constexpr Query of_game{QueryId::plays_of_game,
                                   "SELECT " LOYALTY_PLAY_COLUMNS " FROM game_plays WHERE shop_id = ?1 "
                                   "AND game_id = ?4 AND play_id > ?2::bigint ORDER BY play_id LIMIT ?3::bigint"};
    static constexpr Query of_member{QueryId::plays_of_member,
                                     "SELECT " LOYALTY_PLAY_COLUMNS " FROM game_plays WHERE shop_id = ?1 "
                                     "AND member_id = ?4 AND play_id > ?2::bigint ORDER BY play_id LIMIT ?3::bigint"};
    static constexpr Query of_member_game{
        QueryId::plays_of_member_game,
        "SELECT " LOYALTY_PLAY_COLUMNS " FROM game_plays WHERE shop_id = ?1 AND member_id = ?4 AND game_id = ?5 "
        "AND play_id > ?2::bigint ORDER BY play_id LIMIT ?3::bigint"};
    bool by_member = !q.member_id.empty(), by_game = !q.game_id.empty();
    Call c(db_, by_member ? (by_game ? of_member_game : of_member) : by_game ? of_game : of_shop);
    c.bind(shop).bind(q.after.value_or(std::numeric_limits<int64_t>::min())).bind(int64_t{q.limit});
    if (by_member) c.bind(q.member_id);
    if (by_game) c.bind(q.game_id);
    std::vector<GamePlay> out;
    while (c.row()) out.push_back(read_play(c));
    return out;
}

std::optional<OrderPlays> SqlTransaction::order_plays(const std::string& shop, const std::string& game_id,
                                                      const std::string& order_id) {
    static constexpr Query q{QueryId::order_plays,
                             "SELECT " LOYALTY_ORDER_PLAYS_COLUMNS " FROM game_order_plays "
                             "WHERE shop_id = ?1 AND game_id = ?2 AND order_id = ?3"};
    Call c(db_, q);
    c.bind(shop).bind(game_id).bind(order_id);
    if (!c.row()) return std::nullopt;
    return read_order_plays(c);
}

void SqlTransaction::put_order_plays(const std::string& shop, const OrderPlays& p) {
    static constexpr Query q{QueryId::put_order_plays,
                             "INSERT INTO game_order_plays (shop_id, " LOYALTY_ORDER_PLAYS_COLUMNS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (shop_id, game_id, order_id) "
                             "DO UPDATE SET member_id = excluded.member_id, earned = excluded.earned, "
                             "used = excluded.used, earned_at = excluded.earned_at"};
    Call(db_, q)
        .bind(shop)
        .bind(p.game_id)
        .bind(p.order_id)
        .bind(p.member_id)
        .bind(p.earned)
        .bind(p.used)
        .bind(p.earned_at)
        .run();
}

std::vector<OrderPlays> SqlTransaction::unused_order_plays(const std::string& shop, const std::string& game_id,
                                                           const std::string& member_id) {
    static constexpr Query q{QueryId::unused_order_plays,
                             "SELECT " LOYALTY_ORDER_PLAYS_COLUMNS " FROM game_order_plays "
                             "WHERE shop_id = ?1 AND member_id = ?2 AND game_id = ?3 AND earned > used "
                             "ORDER BY earned_at, order_id"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(game_id);
    std::vector<OrderPlays> out;
    while (c.row()) out.push_back(read_order_plays(c));
    return out;
}

void SqlTransaction::move_game_plays(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query plays{QueryId::move_game_plays,
                                 "UPDATE game_plays SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    static constexpr Query earned{QueryId::move_order_plays,
                                  "UPDATE game_order_plays SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, plays).bind(shop).bind(from).bind(into).run();
    Call(db_, earned).bind(shop).bind(from).bind(into).run();
}

}  // namespace loyalty::core::sql
