// Events (docs/notifications.md): recorded once per dedup key, and what maintenance looks for to
// announce (points about to expire).
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

std::optional<int64_t> SqlTransaction::insert_event(const Event& e) {
    static constexpr Query q{QueryId::insert_event,
                             "INSERT INTO events (shop_id, member_id, type, dedup_key, data, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (shop_id, dedup_key) DO NOTHING "
                             "RETURNING event_id"};
    Call c(db_, q);
    c.bind(e.shop_id).bind(e.member_id).bind(e.type).bind(e.dedup_key).bind(e.data).bind(e.created_at);
    if (!c.row()) return std::nullopt;
    return c.integer(0);
}

std::vector<MemberExpiry> SqlTransaction::expiring_points(const std::string& shop, int64_t after, int64_t until) {
    static constexpr Query q{QueryId::expiring_points,
                             "SELECT member_id, expires_at, sum(remaining) FROM lots WHERE shop_id = ?1 "
                             "AND remaining > 0 AND release_at IS NULL AND expires_at IS NOT NULL "
                             "AND expires_at > ?2::bigint AND expires_at <= ?3::bigint "
                             "GROUP BY member_id, expires_at ORDER BY member_id, expires_at"};
    Call c(db_, q);
    c.bind(shop).bind(after).bind(until);
    std::vector<MemberExpiry> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1), c.integer(2)});
    return out;
}

}  // namespace loyalty::core::sql
