// The store's primitives for program rules: tiers, once-only markers, order totals and lots.
#include "storage/sqlite/sqlite_transaction.hpp"

#include <limits>

namespace loyalty::core::sqlite {
namespace {

constexpr const char* lot_columns =
    "lot_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, expires_at";

Lot read_lot(const Statement& s) {
    Lot l;
    l.lot_id = s.integer(0);
    l.member_id = s.text(1);
    l.source_type = s.text(2);
    l.source_id = s.text(3);
    l.points = s.integer(4);
    l.remaining = s.integer(5);
    l.earned_at = s.integer(6);
    l.release_at = s.optional_integer(7);
    l.expires_at = s.optional_integer(8);
    return l;
}

std::vector<Lot> read_lots(Statement& s) {
    std::vector<Lot> out;
    while (s.step()) out.push_back(read_lot(s));
    return out;
}

std::vector<std::string> read_ids(Statement& s) {
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

}  // namespace

OrderTotals SqliteTransaction::order_totals(const std::string& shop, const std::string& member_id, int64_t from,
                                            std::optional<int64_t> to) {
    auto s = db_.prepare(
        "SELECT coalesce(sum(spend), 0), coalesce(sum(points), 0) FROM orders "
        "WHERE shop_id = ?1 AND member_id = ?2 AND paid_at >= ?3 AND paid_at < ?4 AND earn_rate > 0");
    s.bind(1, shop).bind(2, member_id).bind(3, from).bind(4, to.value_or(std::numeric_limits<int64_t>::max()));
    s.step();
    return {s.integer(0), s.integer(1)};
}

void SqliteTransaction::set_tier(const std::string& shop, const std::string& member_id, const TierState& t) {
    db_.prepare(
           "UPDATE members SET tier = ?3, tier_since = ?4, tier_until = ?5, tier_grace = ?6, tier_reviewed_at = ?7 "
           "WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, member_id)
        .bind(3, t.name)
        .bind(4, t.since)
        .bind(5, t.manual_until)
        .bind(6, t.grace_used)
        .bind(7, t.reviewed_at)
        .run();
}

std::vector<std::string> SqliteTransaction::members_due_review(const std::string& shop, int64_t boundary, int64_t now,
                                                               int limit) {
    auto s = db_.prepare(
        "SELECT member_id FROM members WHERE shop_id = ?1 AND merged_into IS NULL "
        "AND (tier <> '' OR tier_grace > 0 OR tier_until IS NOT NULL) "
        "AND ((tier_until IS NULL AND tier_reviewed_at < ?2) OR tier_until <= ?3) "
        "ORDER BY member_id LIMIT ?4");
    s.bind(1, shop).bind(2, boundary).bind(3, now).bind(4, int64_t{limit});
    return read_ids(s);
}

std::vector<std::string> SqliteTransaction::members_born_on(const std::string& shop, const std::string& month_day) {
    auto s = db_.prepare(
        "SELECT member_id FROM members WHERE shop_id = ?1 AND substr(birthday, 6) = ?2 AND birthday <> '' "
        "AND merged_into IS NULL ORDER BY member_id");
    s.bind(1, shop).bind(2, month_day);
    return read_ids(s);
}

bool SqliteTransaction::add_marker(const std::string& shop, const std::string& member_id, const std::string& marker,
                                   int64_t now) {
    db_.prepare("INSERT OR IGNORE INTO markers (shop_id, member_id, marker, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, shop)
        .bind(2, member_id)
        .bind(3, marker)
        .bind(4, now)
        .run();
    return sqlite3_changes(db_.handle()) > 0;
}

void SqliteTransaction::remove_marker(const std::string& shop, const std::string& member_id, const std::string& marker) {
    db_.prepare("DELETE FROM markers WHERE shop_id = ?1 AND member_id = ?2 AND marker = ?3")
        .bind(1, shop)
        .bind(2, member_id)
        .bind(3, marker)
        .run();
}

int64_t SqliteTransaction::insert_lot(const std::string& shop, const Lot& l) {
    db_.prepare(
           "INSERT INTO lots (shop_id, member_id, source_type, source_id, points, remaining, earned_at, release_at, "
           "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind(1, shop)
        .bind(2, l.member_id)
        .bind(3, l.source_type)
        .bind(4, l.source_id)
        .bind(5, l.points)
        .bind(6, l.remaining)
        .bind(7, l.earned_at)
        .bind(8, l.release_at)
        .bind(9, l.expires_at)
        .run();
    return db_.last_insert_rowid();
}

void SqliteTransaction::update_lot(const std::string& shop, const Lot& l) {
    db_.prepare(
           "UPDATE lots SET member_id = ?3, points = ?4, remaining = ?5, release_at = ?6, expires_at = ?7 "
           "WHERE shop_id = ?1 AND lot_id = ?2")
        .bind(1, shop)
        .bind(2, l.lot_id)
        .bind(3, l.member_id)
        .bind(4, l.points)
        .bind(5, l.remaining)
        .bind(6, l.release_at)
        .bind(7, l.expires_at)
        .run();
}

std::optional<Lot> SqliteTransaction::lot_by_source(const std::string& shop, const std::string& member_id,
                                                    const std::string& source_type, const std::string& source_id) {
    static const std::string sql = std::string("SELECT ") + lot_columns +
                                   " FROM lots WHERE shop_id = ?1 AND source_type = ?3 AND source_id = ?4 "
                                   "AND member_id = ?2 ORDER BY lot_id LIMIT 1";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, shop).bind(2, member_id).bind(3, source_type).bind(4, source_id);
    if (!s.step()) return std::nullopt;
    return read_lot(s);
}

std::vector<Lot> SqliteTransaction::open_lots(const std::string& shop, const std::string& member_id) {
    static const std::string sql = std::string("SELECT ") + lot_columns +
                                   " FROM lots WHERE shop_id = ?1 AND member_id = ?2 "
                                   "AND (remaining > 0 OR release_at IS NOT NULL) "
                                   "ORDER BY expires_at IS NULL, expires_at, earned_at, lot_id";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, shop).bind(2, member_id);
    return read_lots(s);
}

std::vector<Lot> SqliteTransaction::due_lots(const std::string& shop, LotDue due, int64_t now, int limit) {
    static const std::string release_sql = std::string("SELECT ") + lot_columns +
                                           " FROM lots WHERE shop_id = ?1 AND release_at IS NOT NULL "
                                           "AND release_at <= ?2 ORDER BY release_at, lot_id LIMIT ?3";
    static const std::string expiry_sql = std::string("SELECT ") + lot_columns +
                                          " FROM lots WHERE shop_id = ?1 AND remaining > 0 AND release_at IS NULL "
                                          "AND expires_at IS NOT NULL AND expires_at <= ?2 "
                                          "ORDER BY expires_at, lot_id LIMIT ?3";
    auto s = db_.prepare(due == LotDue::release ? release_sql.c_str() : expiry_sql.c_str());
    s.bind(1, shop).bind(2, now).bind(3, int64_t{limit});
    return read_lots(s);
}

void SqliteTransaction::move_lots(const std::string& shop, const std::string& from, const std::string& into) {
    db_.prepare("UPDATE lots SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, from)
        .bind(3, into)
        .run();
}

}  // namespace loyalty::core::sqlite
