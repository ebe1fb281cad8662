// Deliveries seen and deliveries quarantined: the connectors' half of the SQLite store.
#include "storage/sqlite/sqlite_transaction.hpp"

namespace loyalty::core::sqlite {
namespace {

constexpr const char* quarantine_columns =
    "quarantine_id, shop_id, platform, headers, body, error, received_at, resolved_at, resolution";

QuarantinedDelivery read_quarantined(const Statement& s) {
    QuarantinedDelivery q;
    q.quarantine_id = s.integer(0);
    q.shop_id = s.text(1);
    q.platform = s.text(2);
    q.headers = s.text(3);
    q.body = s.blob(4);
    q.error = s.text(5);
    q.received_at = s.integer(6);
    q.resolved_at = s.optional_integer(7);
    q.resolution = s.text(8);
    return q;
}

}  // namespace

std::optional<std::string> SqliteTransaction::delivery(const std::string& shop, const std::string& platform,
                                                       const std::string& key) {
    auto s = db_.prepare(
        "SELECT outcome FROM deliveries WHERE shop_id = ?1 AND platform = ?2 AND delivery_key = ?3");
    s.bind(1, shop).bind(2, platform).bind(3, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void SqliteTransaction::put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                                     const std::string& outcome, int64_t now) {
    db_.prepare(
           "INSERT INTO deliveries (shop_id, platform, delivery_key, outcome, received_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, shop)
        .bind(2, platform)
        .bind(3, key)
        .bind(4, outcome)
        .bind(5, now)
        .run();
}

int64_t SqliteTransaction::forget_deliveries(int64_t before) {
    db_.prepare("DELETE FROM deliveries WHERE received_at < ?1").bind(1, before).run();
    return sqlite3_changes64(db_.handle());
}

int64_t SqliteTransaction::quarantine_open_count() {
    auto s = db_.prepare("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL");
    s.step();
    return s.integer(0);
}

int64_t SqliteTransaction::add_quarantine(const QuarantinedDelivery& q) {
    db_.prepare(
           "INSERT INTO quarantine (shop_id, platform, headers, body, error, received_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, q.shop_id)
        .bind(2, q.platform)
        .bind(3, q.headers)
        .bind_blob(4, q.body)
        .bind(5, q.error)
        .bind(6, q.received_at)
        .run();
    return db_.last_insert_rowid();
}

std::vector<QuarantinedDelivery> SqliteTransaction::quarantined(const QuarantineQuery& q) {
    static const std::string sql = std::string("SELECT ") + quarantine_columns +
                                   " FROM quarantine WHERE (?1 = '' OR shop_id = ?1) AND quarantine_id > ?2 "
                                   "AND (?3 OR resolved_at IS NULL) ORDER BY quarantine_id LIMIT ?4";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, q.shop_id).bind(2, q.after.value_or(0)).bind(3, int64_t{q.include_resolved}).bind(4, int64_t{q.limit});
    std::vector<QuarantinedDelivery> out;
    while (s.step()) out.push_back(read_quarantined(s));
    return out;
}

std::optional<QuarantinedDelivery> SqliteTransaction::quarantined_one(int64_t quarantine_id) {
    static const std::string sql =
        std::string("SELECT ") + quarantine_columns + " FROM quarantine WHERE quarantine_id = ?1";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, quarantine_id);
    if (!s.step()) return std::nullopt;
    return read_quarantined(s);
}

void SqliteTransaction::resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) {
    db_.prepare("UPDATE quarantine SET resolved_at = ?2, resolution = ?3 WHERE quarantine_id = ?1")
        .bind(1, quarantine_id)
        .bind(2, now)
        .bind(3, resolution)
        .run();
}

}  // namespace loyalty::core::sqlite
