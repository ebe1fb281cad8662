// Rewards: stock claimed from the catalogue, grants, and points paying for orders.
#include <limits>
#include <string_view>
#include <utility>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_GRANT_COLUMNS                                                                               \
    "grant_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, status, source, " \
    "idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, claim_entry_id, "  \
    "return_entry_id"

// Every grant listing narrows the same way once its index has found the candidates: ?2 status
// ('' any), ?3 expired (NULL either) as of ?4, after ?5, at most ?6. Keys from ?7 on.
#define LOYALTY_GRANT_FILTERS                                                    \
    " AND (?2::text = '' OR status = ?2::text)"                                  \
    " AND (?3::boolean IS NULL OR (?3::boolean AND expires_at <= ?4::bigint)"    \
    " OR (NOT ?3::boolean AND (expires_at IS NULL OR expires_at > ?4::bigint)))" \
    " AND grant_id > ?5::bigint ORDER BY grant_id LIMIT ?6::bigint"

Grant read_grant(const Call& c) {
    Grant g;
    g.grant_id = c.integer(0);
    g.code = c.text(1);
    g.member_id = c.text(2);
    g.reward_id = c.text(3);
    g.name = c.text(4);
    auto kind = reward_kind_from(c.text(5));
    if (!kind) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown kind");
    g.kind = *kind;
    g.value = c.integer(6);
    g.sku = c.text(7);
    g.quantity = c.integer(8);
    g.cost_points = c.integer(9);
    auto status = grant_status_from(c.text(10));
    if (!status) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown status");
    g.status = *status;
    g.source = c.text(11);
    g.idempotency_key = c.optional_text(12).value_or("");
    g.issued_at = c.integer(13);
    g.expires_at = c.optional_integer(14);
    g.used_at = c.integer(15);
    g.used_order = c.text(16);
    g.voided_at = c.integer(17);
    g.void_reason = c.text(18);
    g.claim_entry_id = c.integer(19);
    g.return_entry_id = c.integer(20);
    return g;
}

std::vector<Grant> read_grants(Call& c) {
    std::vector<Grant> out;
    while (c.row()) out.push_back(read_grant(c));
    return out;
}

std::optional<Grant> first_grant(Call& c) {
    if (!c.row()) return std::nullopt;
    return read_grant(c);
}

}  // namespace

int64_t SqlTransaction::reward_claimed(const std::string& shop, const std::string& reward_id) {
    static constexpr Query q{QueryId::reward_claimed,
                             "SELECT claimed FROM reward_stock WHERE shop_id = ?1 AND reward_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(reward_id);
    return c.row() ? c.integer(0) : 0;
}

void SqlTransaction::add_reward_claimed(const std::string& shop, const std::string& reward_id, int64_t delta) {
    // Not one upsert: the row it would insert (a negative delta) fails the check even when it ends
    // up updating one that has enough.
    static constexpr Query stock{
        QueryId::add_reward_stock,
        "INSERT INTO reward_stock (shop_id, reward_id, claimed) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING"};
    static constexpr Query claimed{
        QueryId::add_reward_claimed,
        "UPDATE reward_stock SET claimed = claimed + ?3 WHERE shop_id = ?1 AND reward_id = ?2"};
    Call(db_, stock).bind(shop).bind(reward_id).run();
    Call(db_, claimed).bind(shop).bind(reward_id).bind(delta).run();
}

int64_t SqlTransaction::insert_grant(const std::string& shop, const Grant& g) {
    // Only a taken code is the caller's to handle. A taken idempotency key stays an error: SQLite's
    // callers look the key up first; on PostgreSQL it is a duplicate key, which runs the request
    // again, and that run finds the grant a concurrent claim with that key made.
    static constexpr Query q{
        QueryId::insert_grant,
        "INSERT INTO grants (shop_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, "
        "status, source, idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, "
        "claim_entry_id, return_entry_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "nullif(?13::text, ''), ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) "
        "ON CONFLICT (shop_id, code) DO NOTHING RETURNING grant_id"};
    Call c(db_, q);
    c.bind(shop)
        .bind(g.code)
        .bind(g.member_id)
        .bind(g.reward_id)
        .bind(g.name)
        .bind(to_string(g.kind))
        .bind(g.value)
        .bind(g.sku)
        .bind(g.quantity)
        .bind(g.cost_points)
        .bind(to_string(g.status))
        .bind(g.source)
        .bind(g.idempotency_key)
        .bind(g.issued_at)
        .bind(g.expires_at)
        .bind(g.used_at)
        .bind(g.used_order)
        .bind(g.voided_at)
        .bind(g.void_reason)
        .bind(g.claim_entry_id)
        .bind(g.return_entry_id);
    if (!c.row()) fail(Status::conflict, "grant code \"" + g.code + "\" is taken");
    return c.integer(0);
}

void SqlTransaction::update_grant(const std::string& shop, const Grant& g) {
    static constexpr Query q{QueryId::update_grant,
                             "UPDATE grants SET member_id = ?3, status = ?4, used_at = ?5, used_order = ?6, "
                             "voided_at = ?7, void_reason = ?8, return_entry_id = ?9 WHERE shop_id = ?1 AND grant_id = ?2"};
    Call(db_, q)
        .bind(shop)
        .bind(g.grant_id)
        .bind(g.member_id)
        .bind(to_string(g.status))
        .bind(g.used_at)
        .bind(g.used_order)
        .bind(g.voided_at)
        .bind(g.void_reason)
        .bind(g.return_entry_id)
        .run();
}

std::optional<Grant> SqlTransaction::grant(const std::string& shop, int64_t grant_id) {
    static constexpr Query q{QueryId::grant,
                             "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND grant_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(grant_id);
    return first_grant(c);
}

std::optional<Grant> SqlTransaction::grant_by_code(const std::string& shop, const std::string& code) {
    static constexpr Query q{QueryId::grant_by_code,
                             "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND code = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(code);
    return first_grant(c);
}

std::optional<Grant> SqlTransaction::grant_by_key(const std::string& shop, const std::string& idempotency_key) {
    static constexpr Query q{QueryId::grant_by_key,
                             "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND idempotency_key = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(idempotency_key);
    return first_grant(c);
}

std::vector<Grant> SqlTransaction::grants_by_source(const std::string& shop, const std::string& source) {
    static constexpr Query q{QueryId::grants_by_source, "SELECT " LOYALTY_GRANT_COLUMNS
                                                        " FROM grants WHERE shop_id = ?1 AND source = ?2 ORDER BY grant_id"};
    Call c(db_, q);
    c.bind(shop).bind(source);
    return read_grants(c);
}

std::vector<Grant> SqlTransaction::grants(const std::string& shop, const GrantQuery& q) {
    // One statement per index, so each is planned (and a cached generic plan stays) onto the index
    // that finds its grants.
    static constexpr Query by_code{QueryId::grants_by_code,
                                   "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND code = ?7 "
                                   "AND (?8::text = '' OR member_id = ?8::text)" LOYALTY_GRANT_FILTERS};
    static constexpr Query by_member{
        QueryId::grants_by_member,
        "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND member_id = ?7" LOYALTY_GRANT_FILTERS};
    static constexpr Query by_shop{QueryId::grants_by_shop,
                                   "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1" LOYALTY_GRANT_FILTERS};
    Call c(db_, !q.code.empty() ? by_code : !q.member_id.empty() ? by_member : by_shop);
    c.bind(shop)
        .bind(q.status ? to_string(*q.status) : std::string_view(""))
        .bind_bool(q.expired)
        .bind(q.now)
        .bind(q.after.value_or(std::numeric_limits<int64_t>::min()))
        .bind(int64_t{q.limit});
    if (!q.code.empty()) c.bind(q.code).bind(q.member_id);
    else if (!q.member_id.empty()) c.bind(q.member_id);
    return read_grants(c);
}

void SqlTransaction::move_grants(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query q{QueryId::move_grants,
                             "UPDATE grants SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(from).bind(into).run();
}

std::optional<OrderPayment> SqlTransaction::order_payment(const std::string& shop, const std::string& order_id) {
    static constexpr Query q{QueryId::order_payment,
                             "SELECT order_id, member_id, points, amount, returned_points, created_at, updated_at "
                             "FROM order_payments WHERE shop_id = ?1 AND order_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(order_id);
    if (!c.row()) return std::nullopt;
    return OrderPayment{c.text(0), c.text(1), c.integer(2), c.integer(3), c.integer(4), c.integer(5), c.integer(6)};
}

void SqlTransaction::put_order_payment(const std::string& shop, const OrderPayment& p) {
    static constexpr Query q{
        QueryId::put_order_payment,
        "INSERT INTO order_payments (shop_id, order_id, member_id, points, amount, returned_points, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, points = excluded.points, "
        "amount = excluded.amount, returned_points = excluded.returned_points, created_at = excluded.created_at, "
        "updated_at = excluded.updated_at"};
    Call(db_, q)
        .bind(shop)
        .bind(p.order_id)
        .bind(p.member_id)
        .bind(p.points)
        .bind(p.amount)
        .bind(p.returned_points)
        .bind(p.created_at)
        .bind(p.updated_at)
        .run();
}

}  // namespace loyalty::core::sql
