// The store's primitives for program rules on PostgreSQL: tiers, once-only markers, order totals and
// lots. Orderings match the SQLite backend's, with text compared byte by byte (COLLATE "C").
#include <limits>

#include "storage/postgres/pg_transaction.hpp"

namespace loyalty::core::postgres {
namespace {

#define LOYALTY_LOT_COLUMNS \
    "lot_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, expires_at"

std::vector<Lot> read_lots(const Result& r) {
    std::vector<Lot> out;
    for (int i = 0; i < r.rows(); ++i) {
        Lot l;
        l.lot_id = r.integer(i, 0);
        l.member_id = r.text(i, 1);
        l.source_type = r.text(i, 2);
        l.source_id = r.text(i, 3);
        l.points = r.integer(i, 4);
        l.remaining = r.integer(i, 5);
        l.earned_at = r.integer(i, 6);
        l.release_at = r.optional_integer(i, 7);
        l.expires_at = r.optional_integer(i, 8);
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<std::string> read_ids(const Result& r) {
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
}

}  // namespace

OrderTotals PostgresTransaction::order_totals(const std::string& shop, const std::string& member_id, int64_t from,
                                              std::optional<int64_t> to) {
    auto r = db_.query(
        "SELECT coalesce(sum(spend), 0)::bigint, coalesce(sum(points), 0)::bigint FROM orders "
        "WHERE shop_id = $1 AND member_id = $2 AND paid_at >= $3 AND paid_at < $4 AND earn_rate > 0",
        Params().text(shop).text(member_id).integer(from).integer(to.value_or(std::numeric_limits<int64_t>::max())));
    return {r.integer(0, 0), r.integer(0, 1)};
}

void PostgresTransaction::set_tier(const std::string& shop, const std::string& member_id, const TierState& t) {
    db_.query(
        "UPDATE members SET tier = $3, tier_since = $4, tier_until = $5, tier_grace = $6, tier_reviewed_at = $7 "
        "WHERE shop_id = $1 AND member_id = $2",
        Params().text(shop).text(member_id).text(t.name).integer(t.since).integer(t.manual_until)
            .integer(t.grace_used).integer(t.reviewed_at));
}

std::vector<std::string> PostgresTransaction::members_due_review(const std::string& shop, int64_t boundary,
                                                                 int64_t now, int limit) {
    return read_ids(db_.query(
        "SELECT member_id FROM members WHERE shop_id = $1 AND merged_into IS NULL "
        "AND (tier <> '' OR tier_grace > 0 OR tier_until IS NOT NULL) "
        "AND ((tier_until IS NULL AND tier_reviewed_at < $2) OR tier_until <= $3) "
        "ORDER BY member_id COLLATE \"C\" LIMIT $4",
        Params().text(shop).integer(boundary).integer(now).integer(int64_t{limit})));
}

std::vector<std::string> PostgresTransaction::members_born_on(const std::string& shop, const std::string& month_day) {
    return read_ids(db_.query(
        "SELECT member_id FROM members WHERE shop_id = $1 AND substr(birthday, 6) = $2 AND birthday <> '' "
        "AND merged_into IS NULL ORDER BY member_id COLLATE \"C\"",
        Params().text(shop).text(month_day)));
}

bool PostgresTransaction::add_marker(const std::string& shop, const std::string& member_id, const std::string& marker,
                                     int64_t now) {
    auto r = db_.query(
        "INSERT INTO markers (shop_id, member_id, marker, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (shop_id, member_id, marker) DO NOTHING",
        Params().text(shop).text(member_id).text(marker).integer(now));
    return r.affected() > 0;
}

void PostgresTransaction::remove_marker(const std::string& shop, const std::string& member_id,
                                        const std::string& marker) {
    db_.query("DELETE FROM markers WHERE shop_id = $1 AND member_id = $2 AND marker = $3",
              Params().text(shop).text(member_id).text(marker));
}

int64_t PostgresTransaction::insert_lot(const std::string& shop, const Lot& l) {
    auto r = db_.query(
        "INSERT INTO lots (shop_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING lot_id",
        Params().text(shop).text(l.member_id).text(l.source_type).text(l.source_id).integer(l.points)
            .integer(l.remaining).integer(l.earned_at).integer(l.release_at).integer(l.expires_at));
    return r.integer(0, 0);
}

void PostgresTransaction::update_lot(const std::string& shop, const Lot& l) {
    db_.query(
        "UPDATE lots SET member_id = $3, points = $4, remaining = $5, release_at = $6, expires_at = $7 "
        "WHERE shop_id = $1 AND lot_id = $2",
        Params().text(shop).integer(l.lot_id).text(l.member_id).integer(l.points).integer(l.remaining)
            .integer(l.release_at).integer(l.expires_at));
}

std::optional<Lot> PostgresTransaction::lot_by_source(const std::string& shop, const std::string& member_id,
                                                      const std::string& source_type, const std::string& source_id) {
    auto lots = read_lots(db_.query(
        "SELECT " LOYALTY_LOT_COLUMNS " FROM lots WHERE shop_id = $1 AND source_type = $3 AND source_id = $4 "
        "AND member_id = $2 ORDER BY lot_id LIMIT 1",
        Params().text(shop).text(member_id).text(source_type).text(source_id)));
    if (lots.empty()) return std::nullopt;
    return lots.front();
}

std::vector<Lot> PostgresTransaction::open_lots(const std::string& shop, const std::string& member_id) {
    return read_lots(db_.query(
        "SELECT " LOYALTY_LOT_COLUMNS " FROM lots WHERE shop_id = $1 AND member_id = $2 "
        "AND (remaining > 0 OR release_at IS NOT NULL) "
        "ORDER BY expires_at IS NULL, expires_at, earned_at, lot_id",
        Params().text(shop).text(member_id)));
}

std::vector<Lot> PostgresTransaction::due_lots(const std::string& shop, LotDue due, int64_t now, int limit) {
    if (due == LotDue::release)
        return read_lots(db_.query(
            "SELECT " LOYALTY_LOT_COLUMNS " FROM lots WHERE shop_id = $1 AND release_at IS NOT NULL "
            "AND release_at <= $2 ORDER BY release_at, lot_id LIMIT $3",
            Params().text(shop).integer(now).integer(int64_t{limit})));
    return read_lots(db_.query(
        "SELECT " LOYALTY_LOT_COLUMNS " FROM lots WHERE shop_id = $1 AND remaining > 0 AND release_at IS NULL "
        "AND expires_at IS NOT NULL AND expires_at <= $2 ORDER BY expires_at, lot_id LIMIT $3",
        Params().text(shop).integer(now).integer(int64_t{limit})));
}

void PostgresTransaction::move_lots(const std::string& shop, const std::string& from, const std::string& into) {
    db_.query("UPDATE lots SET member_id = $3 WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(from).text(into));
}

}  // namespace loyalty::core::postgres
