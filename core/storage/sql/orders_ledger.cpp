// Orders as the engine last saw them, the ledger of entries, cached balances, idempotency keys,
// and the check of balances against the ledger.
#include <limits>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_ENTRY_COLUMNS                                                                       \
    "entry_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, detail, " \
    "occurred_at, created_at, available_after, pending_after, earned_delta"

Entry read_entry(const Call& c) {
    Entry e;
    e.entry_id = c.integer(0);
    e.member_id = c.text(1);
    auto kind = entry_kind_from(c.text(2));
    if (!kind) fail(Status::internal, "ledger entry " + std::to_string(e.entry_id) + " has an unknown kind");
    e.kind = *kind;
    e.available_delta = c.integer(3);
    e.pending_delta = c.integer(4);
    e.reason = c.text(5);
    e.ref_type = c.text(6);
    e.ref_id = c.text(7);
    e.detail = c.text(8);
    e.occurred_at = c.integer(9);
    e.created_at = c.integer(10);
    e.available_after = c.integer(11);
    e.pending_after = c.integer(12);
    e.earned_delta = c.integer(13);
    return e;
}

}  // namespace

const Query& SqlTransaction::order_query() {
    static constexpr Query q{QueryId::order,
                             "SELECT order_id, member_id, status, amount, refunded_amount, version, earn_rate, points, "
                             "spend, occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points, history, "
                             "returned_amount FROM orders WHERE shop_id = ?1 AND order_id = ?2"};
    return q;
}

std::optional<OrderState> SqlTransaction::order(const std::string& shop, const std::string& order_id) {
    if (const Ahead* a = ahead(); a && a->keys.shop == shop && a->keys.order_id == order_id) return a->order;
    Call c(db_, order_query());
    c.bind(shop).bind(order_id);
    return order_row(c);
}

std::optional<OrderState> SqlTransaction::order_row(Call& c) {
    if (!c.row()) return std::nullopt;
    OrderState o;
    o.order_id = c.text(0);
    o.member_id = c.text(1);
    auto status = order_status_from(c.text(2));
    if (!status) fail(Status::internal, "order \"" + o.order_id + "\" has an unknown status");
    o.status = *status;
    o.amount = c.integer(3);
    o.refunded_amount = c.integer(4);
    o.version = c.optional_integer(5);
    o.earn_rate = c.integer(6);
    o.points = c.integer(7);
    o.spend = c.integer(8);
    o.occurred_at = c.integer(9);
    o.updated_at = c.integer(10);
    o.full_points = c.integer(11);
    o.locked_amount = c.integer(12);
    o.tier = c.text(13);
    o.paid_at = c.integer(14);
    o.bonus_points = c.integer(15);
    o.history = c.boolean(16);
    o.returned_amount = c.integer(17);
    return o;
}

void SqlTransaction::put_order(const std::string& shop, const OrderState& o) {
    static constexpr Query q{
        QueryId::put_order,
        "INSERT INTO orders (shop_id, order_id, member_id, status, amount, refunded_amount, version, earn_rate, "
        "points, spend, occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points, history, "
        "returned_amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
        "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, status = excluded.status, "
        "amount = excluded.amount, refunded_amount = excluded.refunded_amount, version = excluded.version, "
        "earn_rate = excluded.earn_rate, points = excluded.points, spend = excluded.spend, "
        "occurred_at = excluded.occurred_at, updated_at = excluded.updated_at, full_points = excluded.full_points, "
        "locked_amount = excluded.locked_amount, tier = excluded.tier, paid_at = excluded.paid_at, "
        "bonus_points = excluded.bonus_points, history = excluded.history, returned_amount = excluded.returned_amount"};
    Call(db_, q)
        .bind(shop)
        .bind(o.order_id)
        .bind(o.member_id)
        .bind(to_string(o.status))
        .bind(o.amount)
        .bind(o.refunded_amount)
        .bind(o.version)
        .bind(o.earn_rate)
        .bind(o.points)
        .bind(o.spend)
        .bind(o.occurred_at)
        .bind(o.updated_at)
        .bind(o.full_points)
        .bind(o.locked_amount)
        .bind(o.tier)
        .bind(o.paid_at)
        .bind(o.bonus_points)
        .bind_bool(o.history)
        .bind(o.returned_amount)
        .run_later();
}

namespace {

Call& bind_entry(Call& c, const std::string& shop, const Entry& e) {
    return c.bind(shop)
        .bind(e.member_id)
        .bind(to_string(e.kind))
        .bind(e.available_delta)
        .bind(e.pending_delta)
        .bind(e.reason)
        .bind(e.ref_type)
        .bind(e.ref_id)
        .bind(e.detail)
        .bind(e.occurred_at)
        .bind(e.created_at)
        .bind(e.available_after)
        .bind(e.pending_after)
        .bind(e.earned_delta);
}

constexpr Query append_entry_q{
    QueryId::append_entry,
    "INSERT INTO entries (shop_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, "
    "detail, occurred_at, created_at, available_after, pending_after, earned_delta) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING entry_id"};

}  // namespace

int64_t SqlTransaction::append_entry(const std::string& shop, const Entry& e) {
    Call c(db_, append_entry_q);
    if (!bind_entry(c, shop, e).row()) fail(Status::internal, "inserting a ledger entry returned no id");
    return c.integer(0);
}

void SqlTransaction::append_entry_later(const std::string& shop, const Entry& e) {
    Call c(db_, append_entry_q);
    bind_entry(c, shop, e).run_later();
}

void SqlTransaction::set_balances(const std::string& shop, const std::string& member_id, const Balances& b) {
    static constexpr Query q{QueryId::set_balances,
                             "UPDATE members SET available = ?3, pending = ?4, lifetime_earned = ?5, lifetime_spend = ?6 "
                             "WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q)
        .bind(shop)
        .bind(member_id)
        .bind(b.available)
        .bind(b.pending)
        .bind(b.lifetime_earned)
        .bind(b.lifetime_spend)
        .run_later();
}

std::optional<Entry> SqlTransaction::entry(const std::string& shop, int64_t entry_id) {
    static constexpr Query q{QueryId::entry,
                             "SELECT " LOYALTY_ENTRY_COLUMNS " FROM entries WHERE shop_id = ?1 AND entry_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(entry_id);
    if (!c.row()) return std::nullopt;
    return read_entry(c);
}

std::vector<Entry> SqlTransaction::entries(const std::string& shop, const std::string& member_id, int limit,
                                           std::optional<int64_t> before) {
    static constexpr Query q{QueryId::entries, "SELECT " LOYALTY_ENTRY_COLUMNS
                                               " FROM entries WHERE shop_id = ?1 AND member_id = ?2 AND entry_id < ?3 "
                                               "ORDER BY entry_id DESC LIMIT ?4"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(before.value_or(std::numeric_limits<int64_t>::max())).bind(int64_t{limit});
    std::vector<Entry> out;
    while (c.row()) out.push_back(read_entry(c));
    return out;
}

int64_t SqlTransaction::entry_count() {
    static constexpr Query q{QueryId::entry_count, "SELECT count(*) FROM entries"};
    Call c(db_, q);
    c.row();
    return c.integer(0);
}

std::optional<IdempotencyRecord> SqlTransaction::idempotency(const std::string& shop, const std::string& key) {
    static constexpr Query q{QueryId::idempotency,
                             "SELECT key, fingerprint, entry_id FROM idempotency WHERE shop_id = ?1 AND key = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(key);
    if (!c.row()) return std::nullopt;
    return IdempotencyRecord{c.text(0), c.text(1), c.integer(2)};
}

void SqlTransaction::put_idempotency(const std::string& shop, const IdempotencyRecord& r) {
    // A plain insert: on PostgreSQL a concurrent use of the same key fails here with a duplicate key,
    // the store runs the whole request again, and it then finds the winner's record.
    static constexpr Query q{QueryId::put_idempotency,
                             "INSERT INTO idempotency (shop_id, key, fingerprint, entry_id) VALUES (?1, ?2, ?3, ?4)"};
    Call(db_, q).bind(shop).bind(r.key).bind(r.fingerprint).bind(r.entry_id).run();
}

std::vector<BalanceMismatch> SqlTransaction::balance_mismatches() {
    static constexpr Query q{QueryId::balance_mismatches, R"sql(
        WITH sums AS (
            SELECT shop_id, member_id,
                   sum(available_delta)::bigint AS available,
                   sum(pending_delta)::bigint AS pending,
                   sum(CASE WHEN kind IN ('earn', 'reverse') THEN available_delta + pending_delta
                            ELSE earned_delta END)::bigint AS earned
            FROM entries GROUP BY shop_id, member_id),
        spends AS (SELECT shop_id, member_id, sum(spend)::bigint AS spend FROM orders GROUP BY shop_id, member_id)
        SELECT m.shop_id, m.member_id, m.available, m.pending, m.lifetime_earned, m.lifetime_spend,
               coalesce(s.available, 0), coalesce(s.pending, 0), coalesce(s.earned, 0), coalesce(p.spend, 0)
        FROM members m
        LEFT JOIN sums s ON s.shop_id = m.shop_id AND s.member_id = m.member_id
        LEFT JOIN spends p ON p.shop_id = m.shop_id AND p.member_id = m.member_id
        WHERE m.available <> coalesce(s.available, 0) OR m.pending <> coalesce(s.pending, 0)
           OR m.lifetime_earned <> coalesce(s.earned, 0) OR m.lifetime_spend <> coalesce(p.spend, 0)
        ORDER BY m.shop_id COLLATE "C", m.member_id COLLATE "C")sql"};
    Call c(db_, q);
    std::vector<BalanceMismatch> out;
    while (c.row()) {
        out.push_back({c.text(0), c.text(1), {c.integer(2), c.integer(3), c.integer(4), c.integer(5)},
                       {c.integer(6), c.integer(7), c.integer(8), c.integer(9)}});
    }
    return out;
}

}  // namespace loyalty::core::sql
