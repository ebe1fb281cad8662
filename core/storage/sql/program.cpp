// Program rules: order totals for tier qualification, tiers, once-only markers, and lots.
#include <limits>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_LOT_COLUMNS \
    "lot_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, expires_at"

Lot read_lot(const Call& c) {
    Lot l;
    l.lot_id = c.integer(0);
    l.member_id = c.text(1);
    l.source_type = c.text(2);
    l.source_id = c.text(3);
    l.points = c.integer(4);
    l.remaining = c.integer(5);
    l.earned_at = c.integer(6);
    l.release_at = c.optional_integer(7);
    l.expires_at = c.optional_integer(8);
    return l;
}

std::vector<Lot> read_lots(Call& c) {
    std::vector<Lot> out;
    while (c.row()) out.push_back(read_lot(c));
    return out;
}

std::vector<std::string> read_ids(Call& c) {
    std::vector<std::string> out;
    while (c.row()) out.push_back(c.text(0));
    return out;
}

}  // namespace

OrderTotals SqlTransaction::order_totals(const std::string& shop, const std::string& member_id, int64_t from,
                                         std::optional<int64_t> to) {
    static constexpr Query q{
        QueryId::order_totals,
        "SELECT coalesce(sum(spend), 0)::bigint, coalesce(sum(points), 0)::bigint FROM orders "
        "WHERE shop_id = ?1 AND member_id = ?2 AND paid_at >= ?3 AND paid_at < ?4 AND earn_rate > 0"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(from).bind(to.value_or(std::numeric_limits<int64_t>::max()));
    if (!c.row()) return {};
    return {c.integer(0), c.integer(1)};
}

void SqlTransaction::set_tier(const std::string& shop, const std::string& member_id, const TierState& t) {
    static constexpr Query q{
        QueryId::set_tier,
        "UPDATE members SET tier = ?3, tier_since = ?4, tier_until = ?5, tier_grace = ?6, tier_reviewed_at = ?7 "
        "WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q)
        .bind(shop)
        .bind(member_id)
        .bind(t.name)
        .bind(t.since)
        .bind(t.manual_until)
        .bind(t.grace_used)
        .bind(t.reviewed_at)
        .run();
}

std::vector<std::string> SqlTransaction::members_due_review(const std::string& shop, int64_t boundary, int64_t now,
                                                            int limit) {
    static constexpr Query q{QueryId::members_due_review,
                             "SELECT member_id FROM members WHERE shop_id = ?1 AND merged_into IS NULL "
                             "AND (tier <> '' OR tier_grace > 0 OR tier_until IS NOT NULL) "
                             "AND ((tier_until IS NULL AND tier_reviewed_at < ?2) OR tier_until <= ?3) "
                             R"(ORDER BY member_id COLLATE "C" LIMIT ?4)"};
    Call c(db_, q);
    c.bind(shop).bind(boundary).bind(now).bind(int64_t{limit});
    return read_ids(c);
}

std::vector<std::string> SqlTransaction::members_born_on(const std::string& shop, const std::string& month_day) {
    static constexpr Query q{
        QueryId::members_born_on,
        "SELECT member_id FROM members WHERE shop_id = ?1 AND substr(birthday, 6) = ?2 AND birthday <> '' "
        R"(AND merged_into IS NULL ORDER BY member_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(month_day);
    return read_ids(c);
}

bool SqlTransaction::add_marker(const std::string& shop, const std::string& member_id, const std::string& marker,
                                int64_t now) {
    static constexpr Query q{QueryId::add_marker,
                             "INSERT INTO markers (shop_id, member_id, marker, created_at) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (shop_id, member_id, marker) DO NOTHING"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(marker).bind(now).run();
    return c.changes() > 0;
}

void SqlTransaction::remove_marker(const std::string& shop, const std::string& member_id, const std::string& marker) {
    static constexpr Query q{QueryId::remove_marker,
                             "DELETE FROM markers WHERE shop_id = ?1 AND member_id = ?2 AND marker = ?3"};
    Call(db_, q).bind(shop).bind(member_id).bind(marker).run();
}

void SqlTransaction::insert_lot(const std::string& shop, const Lot& l) {
    static constexpr Query q{
        QueryId::insert_lot,
        "INSERT INTO lots (shop_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, "
        "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"};
    Call(db_, q)
        .bind(shop)
        .bind(l.member_id)
        .bind(l.source_type)
        .bind(l.source_id)
        .bind(l.points)
        .bind(l.remaining)
        .bind(l.earned_at)
        .bind(l.release_at)
        .bind(l.expires_at)
        .run_later();
}

void SqlTransaction::update_lot(const std::string& shop, const Lot& l) {
    static constexpr Query q{
        QueryId::update_lot,
        "UPDATE lots SET member_id = ?3, points = ?4, remaining = ?5, release_at = ?6, expires_at = ?7 "
        "WHERE shop_id = ?1 AND lot_id = ?2"};
    Call(db_, q)
        .bind(shop)
        .bind(l.lot_id)
        .bind(l.member_id)
        .bind(l.points)
        .bind(l.remaining)
        .bind(l.release_at)
        .bind(l.expires_at)
        .run();
}

std::optional<Lot> SqlTransaction::lot_by_source(const std::string& shop, const std::string& member_id,
                                                 const std::string& source_type, const std::string& source_id) {
    static constexpr Query q{QueryId::lot_by_source,
                             "SELECT " LOYALTY_LOT_COLUMNS
                             " FROM lots WHERE shop_id = ?1 AND source_type = ?3 AND source_id = ?4 "
                             "AND member_id = ?2 ORDER BY lot_id LIMIT 1"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(source_type).bind(source_id);
    if (!c.row()) return std::nullopt;
    return read_lot(c);
}

std::vector<Lot> SqlTransaction::open_lots(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::open_lots, "SELECT " LOYALTY_LOT_COLUMNS
                                                 " FROM lots WHERE shop_id = ?1 AND member_id = ?2 "
                                                 "AND (remaining > 0 OR release_at IS NOT NULL) "
                                                 "ORDER BY expires_at IS NULL, expires_at, earned_at, lot_id"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    return read_lots(c);
}

std::vector<Lot> SqlTransaction::due_lots(const std::string& shop, LotDue due, int64_t now, int limit) {
    static constexpr Query release{QueryId::due_lots_release,
                                   "SELECT " LOYALTY_LOT_COLUMNS
                                   " FROM lots WHERE shop_id = ?1 AND release_at IS NOT NULL "
                                   "AND release_at <= ?2 ORDER BY release_at, lot_id LIMIT ?3"};
    static constexpr Query expiry{QueryId::due_lots_expiry,
                                  "SELECT " LOYALTY_LOT_COLUMNS
                                  " FROM lots WHERE shop_id = ?1 AND remaining > 0 AND release_at IS NULL "
                                  "AND expires_at IS NOT NULL AND expires_at <= ?2 ORDER BY expires_at, lot_id LIMIT ?3"};
    Call c(db_, due == LotDue::release ? release : expiry);
    c.bind(shop).bind(now).bind(int64_t{limit});
    return read_lots(c);
}

void SqlTransaction::move_lots(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query q{QueryId::move_lots, "UPDATE lots SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(from).bind(into).run();
}

}  // namespace loyalty::core::sql
