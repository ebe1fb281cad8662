#include "storage/postgres/pg_transaction.hpp"

#include <limits>

namespace loyalty::core::postgres {
namespace {

#define LOYALTY_ENTRY_COLUMNS                                                                             \
    "entry_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, detail, " \
    "occurred_at, created_at, available_after, pending_after, earned_delta"

Entry read_entry(const Result& r, int row) {
    Entry e;
    e.entry_id = r.integer(row, 0);
    e.member_id = r.text(row, 1);
    auto kind = entry_kind_from(r.text(row, 2));
    if (!kind) fail(Status::internal, "ledger entry " + std::to_string(e.entry_id) + " has an unknown kind");
    e.kind = *kind;
    e.available_delta = r.integer(row, 3);
    e.pending_delta = r.integer(row, 4);
    e.reason = r.text(row, 5);
    e.ref_type = r.text(row, 6);
    e.ref_id = r.text(row, 7);
    e.detail = r.text(row, 8);
    e.occurred_at = r.integer(row, 9);
    e.created_at = r.integer(row, 10);
    e.available_after = r.integer(row, 11);
    e.pending_after = r.integer(row, 12);
    e.earned_delta = r.integer(row, 13);
    return e;
}

}  // namespace

std::vector<StoredShop> PostgresTransaction::shops() {
    auto r = db_.query("SELECT shop_id, definition FROM shops ORDER BY shop_id COLLATE \"C\"");
    std::vector<StoredShop> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1)});
    return out;
}

std::optional<StoredShop> PostgresTransaction::shop(const std::string& shop_id) {
    auto r = db_.query("SELECT shop_id, definition FROM shops WHERE shop_id = $1", Params().text(shop_id));
    if (r.rows() == 0) return std::nullopt;
    return StoredShop{r.text(0, 0), r.text(0, 1)};
}

void PostgresTransaction::put_shop(const StoredShop& shop, int64_t now) {
    db_.query(
        "INSERT INTO shops (shop_id, definition, updated_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (shop_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        Params().text(shop.shop_id).text(shop.definition).integer(now));
}

std::optional<Member> PostgresTransaction::member(const std::string& shop, const std::string& member_id) {
    auto r = db_.query(
        "SELECT member_id, name, phone, email, birthday, created_at, available, pending, lifetime_earned, "
        "lifetime_spend, group_name, merged_into, tier, tier_since, tier_until, tier_grace, tier_reviewed_at, "
        "group_by_shop, phone_text FROM members WHERE shop_id = $1 AND member_id = $2",
        Params().text(shop).text(member_id));
    if (r.rows() == 0) return std::nullopt;
    Member m;
    m.member_id = r.text(0, 0);
    m.name = r.text(0, 1);
    m.phone = r.text(0, 2);
    m.email = r.text(0, 3);
    m.birthday = r.text(0, 4);
    m.created_at = r.integer(0, 5);
    m.balances = {r.integer(0, 6), r.integer(0, 7), r.integer(0, 8), r.integer(0, 9)};
    m.group = r.text(0, 10);
    m.merged_into = r.optional_text(0, 11);
    m.tier = {r.text(0, 12), r.integer(0, 13), r.optional_integer(0, 14), r.integer(0, 15), r.integer(0, 16)};
    m.group_by_shop = r.text(0, 17) == "t";
    m.phone_text = r.text(0, 18);
    // COLLATE "C": byte order, as SQLite sorts, whatever the database's collation.
    auto refs = db_.query(
        "SELECT platform, customer_id FROM member_refs WHERE shop_id = $1 AND member_id = $2 "
        "ORDER BY platform COLLATE \"C\", customer_id COLLATE \"C\"",
        Params().text(shop).text(member_id));
    for (int i = 0; i < refs.rows(); ++i) m.refs.push_back({refs.text(i, 0), refs.text(i, 1)});
    return m;
}

std::optional<std::string> PostgresTransaction::member_by_ref(const std::string& shop, const PlatformRef& ref) {
    auto r = db_.query("SELECT member_id FROM member_refs WHERE shop_id = $1 AND platform = $2 AND customer_id = $3",
                       Params().text(shop).text(ref.platform).text(ref.customer_id));
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
}

std::optional<std::string> PostgresTransaction::member_by_phone(const std::string& shop, const std::string& phone) {
    // Oldest first, so the answer stays stable if two records ever share a phone.
    auto r = db_.query(
        "SELECT member_id FROM members WHERE shop_id = $1 AND phone = $2 AND phone <> '' AND merged_into IS NULL "
        "ORDER BY created_at, member_id COLLATE \"C\" LIMIT 1",
        Params().text(shop).text(phone));
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
}

void PostgresTransaction::insert_member(const std::string& shop, const Member& m) {
    db_.query(
        "INSERT INTO members (shop_id, member_id, name, phone, email, birthday, created_at, group_name, "
        "group_by_shop, phone_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Params().text(shop).text(m.member_id).text(m.name).text(m.phone).text(m.email).text(m.birthday)
            .integer(m.created_at).text(m.group).boolean(m.group_by_shop).text(m.phone_text));
}

void PostgresTransaction::update_profile(const std::string& shop, const Member& m) {
    db_.query(
        "UPDATE members SET name = $3, phone = $4, email = $5, birthday = $6, group_name = $7, phone_text = $8 "
        "WHERE shop_id = $1 AND member_id = $2",
        Params().text(shop).text(m.member_id).text(m.name).text(m.phone).text(m.email).text(m.birthday).text(m.group)
            .text(m.phone_text));
}

std::vector<MergedMember> PostgresTransaction::merged_members(const std::string& shop) {
    auto r = db_.query(
        "SELECT member_id, merged_into FROM members WHERE shop_id = $1 AND merged_into IS NOT NULL ORDER BY member_id",
        Params().text(shop));
    std::vector<MergedMember> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1)});
    return out;
}

void PostgresTransaction::set_group(const std::string& shop, const std::string& member_id, const std::string& group,
                                    bool by_shop) {
    db_.query("UPDATE members SET group_name = $3, group_by_shop = $4 WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(member_id).text(group).boolean(by_shop));
}

void PostgresTransaction::put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) {
    db_.query(
        "INSERT INTO member_refs (shop_id, platform, customer_id, member_id) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (shop_id, platform, customer_id) DO UPDATE SET member_id = excluded.member_id",
        Params().text(shop).text(ref.platform).text(ref.customer_id).text(member_id));
}

std::optional<int64_t> PostgresTransaction::ref_version(const std::string& shop, const PlatformRef& ref) {
    auto r = db_.query("SELECT version FROM member_refs WHERE shop_id = $1 AND platform = $2 AND customer_id = $3",
                       Params().text(shop).text(ref.platform).text(ref.customer_id));
    if (r.rows() == 0) return std::nullopt;
    return r.optional_integer(0, 0);
}

void PostgresTransaction::set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) {
    db_.query("UPDATE member_refs SET version = $4 WHERE shop_id = $1 AND platform = $2 AND customer_id = $3",
              Params().text(shop).text(ref.platform).text(ref.customer_id).integer(version));
}

std::optional<std::string> PostgresTransaction::remove_ref(const std::string& shop, const PlatformRef& ref) {
    auto r = db_.query(
        "DELETE FROM member_refs WHERE shop_id = $1 AND platform = $2 AND customer_id = $3 RETURNING member_id",
        Params().text(shop).text(ref.platform).text(ref.customer_id));
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
}

void PostgresTransaction::mark_merged(const std::string& shop, const std::string& from, const std::string& into) {
    db_.query("UPDATE members SET merged_into = $3, phone = '' WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(from).text(into));
}

void PostgresTransaction::move_refs(const std::string& shop, const std::string& from, const std::string& into) {
    db_.query("UPDATE member_refs SET member_id = $3 WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(from).text(into));
}

void PostgresTransaction::move_orders(const std::string& shop, const std::string& from, const std::string& into) {
    db_.query("UPDATE orders SET member_id = $3 WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(from).text(into));
}

std::optional<OrderState> PostgresTransaction::order(const std::string& shop, const std::string& order_id) {
    auto r = db_.query(
        "SELECT order_id, member_id, status, amount, refunded_amount, version, earn_rate, points, spend, "
        "occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points "
        "FROM orders WHERE shop_id = $1 AND order_id = $2",
        Params().text(shop).text(order_id));
    if (r.rows() == 0) return std::nullopt;
    OrderState o;
    o.order_id = r.text(0, 0);
    o.member_id = r.text(0, 1);
    auto status = order_status_from(r.text(0, 2));
    if (!status) fail(Status::internal, "order \"" + o.order_id + "\" has an unknown status");
    o.status = *status;
    o.amount = r.integer(0, 3);
    o.refunded_amount = r.integer(0, 4);
    o.version = r.optional_integer(0, 5);
    o.earn_rate = r.integer(0, 6);
    o.points = r.integer(0, 7);
    o.spend = r.integer(0, 8);
    o.occurred_at = r.integer(0, 9);
    o.updated_at = r.integer(0, 10);
    o.full_points = r.integer(0, 11);
    o.locked_amount = r.integer(0, 12);
    o.tier = r.text(0, 13);
    o.paid_at = r.integer(0, 14);
    o.bonus_points = r.integer(0, 15);
    return o;
}

void PostgresTransaction::put_order(const std::string& shop, const OrderState& o) {
    db_.query(
        "INSERT INTO orders (shop_id, order_id, member_id, status, amount, refunded_amount, version, earn_rate, "
        "points, spend, occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
        "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, status = excluded.status, "
        "amount = excluded.amount, refunded_amount = excluded.refunded_amount, version = excluded.version, "
        "earn_rate = excluded.earn_rate, points = excluded.points, spend = excluded.spend, "
        "occurred_at = excluded.occurred_at, updated_at = excluded.updated_at, full_points = excluded.full_points, "
        "locked_amount = excluded.locked_amount, tier = excluded.tier, paid_at = excluded.paid_at, "
        "bonus_points = excluded.bonus_points",
        Params()
            .text(shop)
            .text(o.order_id)
            .text(o.member_id)
            .text(to_string(o.status))
            .integer(o.amount)
            .integer(o.refunded_amount)
            .integer(o.version)
            .integer(o.earn_rate)
            .integer(o.points)
            .integer(o.spend)
            .integer(o.occurred_at)
            .integer(o.updated_at)
            .integer(o.full_points)
            .integer(o.locked_amount)
            .text(o.tier)
            .integer(o.paid_at)
            .integer(o.bonus_points));
}

int64_t PostgresTransaction::append_entry(const std::string& shop, const Entry& e) {
    auto r = db_.query(
        "INSERT INTO entries (shop_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, "
        "detail, occurred_at, created_at, available_after, pending_after, earned_delta) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING entry_id",
        Params()
            .text(shop)
            .text(e.member_id)
            .text(to_string(e.kind))
            .integer(e.available_delta)
            .integer(e.pending_delta)
            .text(e.reason)
            .text(e.ref_type)
            .text(e.ref_id)
            .text(e.detail)
            .integer(e.occurred_at)
            .integer(e.created_at)
            .integer(e.available_after)
            .integer(e.pending_after)
            .integer(e.earned_delta));
    return r.integer(0, 0);
}

void PostgresTransaction::set_balances(const std::string& shop, const std::string& member_id, const Balances& b) {
    db_.query(
        "UPDATE members SET available = $3, pending = $4, lifetime_earned = $5, lifetime_spend = $6 "
        "WHERE shop_id = $1 AND member_id = $2",
        Params()
            .text(shop)
            .text(member_id)
            .integer(b.available)
            .integer(b.pending)
            .integer(b.lifetime_earned)
            .integer(b.lifetime_spend));
}

std::optional<Entry> PostgresTransaction::entry(const std::string& shop, int64_t entry_id) {
    auto r = db_.query("SELECT " LOYALTY_ENTRY_COLUMNS " FROM entries WHERE shop_id = $1 AND entry_id = $2",
                       Params().text(shop).integer(entry_id));
    if (r.rows() == 0) return std::nullopt;
    return read_entry(r, 0);
}

std::vector<Entry> PostgresTransaction::entries(const std::string& shop, const std::string& member_id, int limit,
                                                std::optional<int64_t> before) {
    auto r = db_.query("SELECT " LOYALTY_ENTRY_COLUMNS
                       " FROM entries WHERE shop_id = $1 AND member_id = $2 AND entry_id < $3 "
                       "ORDER BY entry_id DESC LIMIT $4",
                       Params()
                           .text(shop)
                           .text(member_id)
                           .integer(before.value_or(std::numeric_limits<int64_t>::max()))
                           .integer(int64_t{limit}));
    std::vector<Entry> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_entry(r, i));
    return out;
}

int64_t PostgresTransaction::entry_count() { return db_.query("SELECT count(*) FROM entries").integer(0, 0); }

std::optional<IdempotencyRecord> PostgresTransaction::idempotency(const std::string& shop, const std::string& key) {
    auto r = db_.query("SELECT key, fingerprint, entry_id FROM idempotency WHERE shop_id = $1 AND key = $2",
                       Params().text(shop).text(key));
    if (r.rows() == 0) return std::nullopt;
    return IdempotencyRecord{r.text(0, 0), r.text(0, 1), r.integer(0, 2)};
}

void PostgresTransaction::put_idempotency(const std::string& shop, const IdempotencyRecord& rec) {
    // A plain insert: a concurrent use of the same key fails here with a duplicate key, the store runs
    // the whole request again, and it then finds the winner's record.
    db_.query("INSERT INTO idempotency (shop_id, key, fingerprint, entry_id) VALUES ($1, $2, $3, $4)",
              Params().text(shop).text(rec.key).text(rec.fingerprint).integer(rec.entry_id));
}

std::vector<BalanceMismatch> PostgresTransaction::balance_mismatches() {
    auto r = db_.query(R"sql(
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
        ORDER BY m.shop_id COLLATE "C", m.member_id COLLATE "C")sql");
    std::vector<BalanceMismatch> out;
    for (int i = 0; i < r.rows(); ++i) {
        out.push_back({r.text(i, 0), r.text(i, 1), {r.integer(i, 2), r.integer(i, 3), r.integer(i, 4), r.integer(i, 5)},
                       {r.integer(i, 6), r.integer(i, 7), r.integer(i, 8), r.integer(i, 9)}});
    }
    return out;
}

}  // namespace loyalty::core::postgres
