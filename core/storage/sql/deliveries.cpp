// Deliveries seen and deliveries quarantined: the connectors' half of the store.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_QUARANTINE_COLUMNS \
    "quarantine_id, shop_id, platform, headers, body, error, received_at, resolved_at, resolution"

QuarantinedDelivery read_quarantined(const Call& c) {
    QuarantinedDelivery q;
    q.quarantine_id = c.integer(0);
    q.shop_id = c.text(1);
    q.platform = c.text(2);
    q.headers = c.text(3);
    q.body = c.bytes(4);
    q.error = c.text(5);
    q.received_at = c.integer(6);
    q.resolved_at = c.optional_integer(7);
    q.resolution = c.text(8);
    return q;
}

}  // namespace

const Query& SqlTransaction::delivery_query() {
    static constexpr Query q{QueryId::delivery,
                             "SELECT outcome FROM deliveries WHERE shop_id = ?1 AND platform = ?2 AND delivery_key = ?3"};
    return q;
}

std::optional<std::string> SqlTransaction::delivery_row(Call& c) {
    if (!c.row()) return std::nullopt;
    return c.text(0);
}

std::optional<std::string> SqlTransaction::delivery(const std::string& shop, const std::string& platform,
                                                    const std::string& key) {
    if (const Ahead* a = ahead(); a && a->keys.shop == shop && a->keys.platform == platform &&
                                  a->keys.delivery_key == key)
        return a->delivery;
    Call c(db_, delivery_query());
    c.bind(shop).bind(platform).bind(key);
    return delivery_row(c);
}

void SqlTransaction::put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                                  const std::string& outcome, int64_t now) {
    // A plain insert: on PostgreSQL the same delivery applied concurrently by another instance fails
    // here with a duplicate key, and the run again finds it and answers "duplicate".
    static constexpr Query q{
        QueryId::put_delivery,
        "INSERT INTO deliveries (shop_id, platform, delivery_key, outcome, received_at) VALUES (?1, ?2, ?3, ?4, ?5)"};
    Call(db_, q).bind(shop).bind(platform).bind(key).bind(outcome).bind(now).run_later();
}

int64_t SqlTransaction::forget_deliveries(int64_t before) {
    static constexpr Query q{QueryId::forget_deliveries, "DELETE FROM deliveries WHERE received_at < ?1"};
    Call c(db_, q);
    c.bind(before).run();
    return c.changes();
}

int64_t SqlTransaction::quarantine_open_count() {
    static constexpr Query q{QueryId::quarantine_open_count, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL"};
    Call c(db_, q);
    c.row();
    return c.integer(0);
}

int64_t SqlTransaction::add_quarantine(const QuarantinedDelivery& q) {
    static constexpr Query insert{QueryId::add_quarantine,
                                  "INSERT INTO quarantine (shop_id, platform, headers, body, error, received_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING quarantine_id"};
    Call c(db_, insert);
    c.bind(q.shop_id).bind(q.platform).bind(q.headers).bind_bytes(q.body).bind(q.error).bind(q.received_at);
    if (!c.row()) fail(Status::internal, "quarantining a delivery returned no id");
    return c.integer(0);
}

std::vector<QuarantinedDelivery> SqlTransaction::quarantined(const QuarantineQuery& q) {
    static constexpr Query select{
        QueryId::quarantined,
        "SELECT " LOYALTY_QUARANTINE_COLUMNS
        " FROM quarantine WHERE (?1::text = '' OR shop_id = ?1::text) AND quarantine_id > ?2::bigint "
        "AND (?3::boolean OR resolved_at IS NULL) ORDER BY quarantine_id LIMIT ?4::bigint"};
    Call c(db_, select);
    c.bind(q.shop_id).bind(q.after.value_or(0)).bind_bool(q.include_resolved).bind(int64_t{q.limit});
    std::vector<QuarantinedDelivery> out;
    while (c.row()) out.push_back(read_quarantined(c));
    return out;
}

std::optional<QuarantinedDelivery> SqlTransaction::quarantined_one(int64_t quarantine_id) {
    static constexpr Query q{QueryId::quarantined_one,
                             "SELECT " LOYALTY_QUARANTINE_COLUMNS " FROM quarantine WHERE quarantine_id = ?1"};
    Call c(db_, q);
    c.bind(quarantine_id);
    if (!c.row()) return std::nullopt;
    return read_quarantined(c);
}

void SqlTransaction::resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) {
    static constexpr Query q{QueryId::resolve_quarantine,
                             "UPDATE quarantine SET resolved_at = ?2, resolution = ?3 WHERE quarantine_id = ?1"};
    Call(db_, q).bind(quarantine_id).bind(now).bind(resolution).run();
}

}  // namespace loyalty::core::sql
