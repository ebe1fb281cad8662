// Deliveries seen and deliveries quarantined: the connectors' half of the PostgreSQL store.
#include "storage/postgres/pg_transaction.hpp"

namespace loyalty::core::postgres {
namespace {

#define LOYALTY_QUARANTINE_COLUMNS \
    "quarantine_id, shop_id, platform, headers, body, error, received_at, resolved_at, resolution"

QuarantinedDelivery read_quarantined(const Result& r, int row) {
    QuarantinedDelivery q;
    q.quarantine_id = r.integer(row, 0);
    q.shop_id = r.text(row, 1);
    q.platform = r.text(row, 2);
    q.headers = r.text(row, 3);
    q.body = r.bytes(row, 4);
    q.error = r.text(row, 5);
    q.received_at = r.integer(row, 6);
    q.resolved_at = r.optional_integer(row, 7);
    q.resolution = r.text(row, 8);
    return q;
}

}  // namespace

std::optional<std::string> PostgresTransaction::delivery(const std::string& shop, const std::string& platform,
                                                         const std::string& key) {
    auto r = db_.query("SELECT outcome FROM deliveries WHERE shop_id = $1 AND platform = $2 AND delivery_key = $3",
                       Params().text(shop).text(platform).text(key));
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
}

void PostgresTransaction::put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                                       const std::string& outcome, int64_t now) {
    // A plain insert: the same delivery applied concurrently by another instance fails here with a
    // duplicate key, and the run again finds it and answers "duplicate".
    db_.query(
        "INSERT INTO deliveries (shop_id, platform, delivery_key, outcome, received_at) VALUES ($1, $2, $3, $4, $5)",
        Params().text(shop).text(platform).text(key).text(outcome).integer(now));
}

int64_t PostgresTransaction::forget_deliveries(int64_t before) {
    return db_.query("DELETE FROM deliveries WHERE received_at < $1", Params().integer(before)).affected();
}

int64_t PostgresTransaction::quarantine_open_count() {
    return db_.query("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL").integer(0, 0);
}

int64_t PostgresTransaction::add_quarantine(const QuarantinedDelivery& q) {
    auto r = db_.query(
        "INSERT INTO quarantine (shop_id, platform, headers, body, error, received_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING quarantine_id",
        Params().text(q.shop_id).text(q.platform).text(q.headers).bytes(q.body).text(q.error).integer(q.received_at));
    return r.integer(0, 0);
}

std::vector<QuarantinedDelivery> PostgresTransaction::quarantined(const QuarantineQuery& q) {
    auto r = db_.query("SELECT " LOYALTY_QUARANTINE_COLUMNS
                       " FROM quarantine WHERE ($1::text = '' OR shop_id = $1::text) AND quarantine_id > $2::bigint "
                       "AND ($3::boolean OR resolved_at IS NULL) ORDER BY quarantine_id LIMIT $4::bigint",
                       Params().text(q.shop_id).integer(q.after.value_or(0)).boolean(q.include_resolved)
                           .integer(int64_t{q.limit}));
    std::vector<QuarantinedDelivery> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_quarantined(r, i));
    return out;
}

std::optional<QuarantinedDelivery> PostgresTransaction::quarantined_one(int64_t quarantine_id) {
    auto r = db_.query("SELECT " LOYALTY_QUARANTINE_COLUMNS " FROM quarantine WHERE quarantine_id = $1",
                       Params().integer(quarantine_id));
    if (r.rows() == 0) return std::nullopt;
    return read_quarantined(r, 0);
}

void PostgresTransaction::resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) {
    db_.query("UPDATE quarantine SET resolved_at = $2, resolution = $3 WHERE quarantine_id = $1",
              Params().integer(quarantine_id).integer(now).text(resolution));
}

}  // namespace loyalty::core::postgres
