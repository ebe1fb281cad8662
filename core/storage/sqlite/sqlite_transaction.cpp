#include "storage/sqlite/sqlite_transaction.hpp"

#include <limits>

#include "util/error.hpp"

namespace loyalty::core::sqlite {
namespace {

constexpr const char* entry_columns =
    "entry_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, detail, "
    "occurred_at, created_at, available_after, pending_after, earned_delta";

Entry read_entry(const Statement& s) {
    Entry e;
    e.entry_id = s.integer(0);
    e.member_id = s.text(1);
    auto kind = entry_kind_from(s.text(2));
    if (!kind) fail(Status::internal, "ledger entry " + std::to_string(e.entry_id) + " has an unknown kind");
    e.kind = *kind;
    e.available_delta = s.integer(3);
    e.pending_delta = s.integer(4);
    e.reason = s.text(5);
    e.ref_type = s.text(6);
    e.ref_id = s.text(7);
    e.detail = s.text(8);
    e.occurred_at = s.integer(9);
    e.created_at = s.integer(10);
    e.available_after = s.integer(11);
    e.pending_after = s.integer(12);
    e.earned_delta = s.integer(13);
    return e;
}

}  // namespace

std::vector<StoredShop> SqliteTransaction::shops() {
    auto s = db_.prepare("SELECT shop_id, definition FROM shops ORDER BY shop_id");
    std::vector<StoredShop> out;
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

std::optional<StoredShop> SqliteTransaction::shop(const std::string& shop_id) {
    auto s = db_.prepare("SELECT shop_id, definition FROM shops WHERE shop_id = ?1");
    s.bind(1, shop_id);
    if (!s.step()) return std::nullopt;
    return StoredShop{s.text(0), s.text(1)};
}

void SqliteTransaction::put_shop(const StoredShop& shop, int64_t now) {
    db_.prepare(
           "INSERT INTO shops (shop_id, definition, updated_at) VALUES (?1, ?2, ?3) "
           "ON CONFLICT (shop_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at")
        .bind(1, shop.shop_id)
        .bind(2, shop.definition)
        .bind(3, now)
        .run();
}

std::optional<Member> SqliteTransaction::member(const std::string& shop, const std::string& member_id) {
    auto s = db_.prepare(
        "SELECT member_id, name, phone, email, birthday, created_at, available, pending, lifetime_earned, "
        "lifetime_spend, group_name, merged_into, tier, tier_since, tier_until, tier_grace, tier_reviewed_at, "
        "group_by_shop, phone_text FROM members WHERE shop_id = ?1 AND member_id = ?2");
    s.bind(1, shop).bind(2, member_id);
    if (!s.step()) return std::nullopt;
    Member m;
    m.member_id = s.text(0);
    m.name = s.text(1);
    m.phone = s.text(2);
    m.email = s.text(3);
    m.birthday = s.text(4);
    m.created_at = s.integer(5);
    m.balances = {s.integer(6), s.integer(7), s.integer(8), s.integer(9)};
    m.group = s.text(10);
    m.merged_into = s.optional_text(11);
    m.tier = {s.text(12), s.integer(13), s.optional_integer(14), s.integer(15), s.integer(16)};
    m.group_by_shop = s.integer(17) != 0;
    m.phone_text = s.text(18);
    auto refs = db_.prepare(
        "SELECT platform, customer_id FROM member_refs WHERE shop_id = ?1 AND member_id = ?2 "
        "ORDER BY platform, customer_id");
    refs.bind(1, shop).bind(2, member_id);
    while (refs.step()) m.refs.push_back({refs.text(0), refs.text(1)});
    return m;
}

std::optional<std::string> SqliteTransaction::member_by_ref(const std::string& shop, const PlatformRef& ref) {
    auto s = db_.prepare("SELECT member_id FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3");
    s.bind(1, shop).bind(2, ref.platform).bind(3, ref.customer_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

std::optional<std::string> SqliteTransaction::member_by_phone(const std::string& shop, const std::string& phone) {
    // Oldest first, so the answer stays stable if two records ever share a phone.
    auto s = db_.prepare(
        "SELECT member_id FROM members WHERE shop_id = ?1 AND phone = ?2 AND phone <> '' AND merged_into IS NULL "
        "ORDER BY created_at, member_id LIMIT 1");
    s.bind(1, shop).bind(2, phone);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void SqliteTransaction::insert_member(const std::string& shop, const Member& m) {
    db_.prepare(
           "INSERT INTO members (shop_id, member_id, name, phone, email, birthday, created_at, group_name, "
           "group_by_shop, phone_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind(1, shop)
        .bind(2, m.member_id)
        .bind(3, m.name)
        .bind(4, m.phone)
        .bind(5, m.email)
        .bind(6, m.birthday)
        .bind(7, m.created_at)
        .bind(8, m.group)
        .bind(9, int64_t{m.group_by_shop})
        .bind(10, m.phone_text)
        .run();
}

void SqliteTransaction::update_profile(const std::string& shop, const Member& m) {
    db_.prepare(
           "UPDATE members SET name = ?3, phone = ?4, email = ?5, birthday = ?6, group_name = ?7, phone_text = ?8 "
           "WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, m.member_id)
        .bind(3, m.name)
        .bind(4, m.phone)
        .bind(5, m.email)
        .bind(6, m.birthday)
        .bind(7, m.group)
        .bind(8, m.phone_text)
        .run();
}

std::vector<MergedMember> SqliteTransaction::merged_members(const std::string& shop) {
    auto s = db_.prepare(
        "SELECT member_id, merged_into FROM members WHERE shop_id = ?1 AND merged_into IS NOT NULL ORDER BY member_id");
    s.bind(1, shop);
    std::vector<MergedMember> out;
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

void SqliteTransaction::set_group(const std::string& shop, const std::string& member_id, const std::string& group,
                                  bool by_shop) {
    db_.prepare("UPDATE members SET group_name = ?3, group_by_shop = ?4 WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, member_id)
        .bind(3, group)
        .bind(4, int64_t{by_shop})
        .run();
}

void SqliteTransaction::put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) {
    db_.prepare(
           "INSERT INTO member_refs (shop_id, platform, customer_id, member_id) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT (shop_id, platform, customer_id) DO UPDATE SET member_id = excluded.member_id")
        .bind(1, shop)
        .bind(2, ref.platform)
        .bind(3, ref.customer_id)
        .bind(4, member_id)
        .run();
}

std::optional<int64_t> SqliteTransaction::ref_version(const std::string& shop, const PlatformRef& ref) {
    auto s = db_.prepare("SELECT version FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3");
    s.bind(1, shop).bind(2, ref.platform).bind(3, ref.customer_id);
    if (!s.step()) return std::nullopt;
    return s.optional_integer(0);
}

void SqliteTransaction::set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) {
    db_.prepare("UPDATE member_refs SET version = ?4 WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3")
        .bind(1, shop)
        .bind(2, ref.platform)
        .bind(3, ref.customer_id)
        .bind(4, version)
        .run();
}

std::optional<std::string> SqliteTransaction::remove_ref(const std::string& shop, const PlatformRef& ref) {
    auto member = member_by_ref(shop, ref);
    if (member) {
        db_.prepare("DELETE FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3")
            .bind(1, shop)
            .bind(2, ref.platform)
            .bind(3, ref.customer_id)
            .run();
    }
    return member;
}

void SqliteTransaction::mark_merged(const std::string& shop, const std::string& from, const std::string& into) {
    db_.prepare("UPDATE members SET merged_into = ?3, phone = '' WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, from)
        .bind(3, into)
        .run();
}

void SqliteTransaction::move_refs(const std::string& shop, const std::string& from, const std::string& into) {
    db_.prepare("UPDATE member_refs SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, from)
        .bind(3, into)
        .run();
}

void SqliteTransaction::move_orders(const std::string& shop, const std::string& from, const std::string& into) {
    db_.prepare("UPDATE orders SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, from)
        .bind(3, into)
        .run();
}

std::optional<OrderState> SqliteTransaction::order(const std::string& shop, const std::string& order_id) {
    auto s = db_.prepare(
        "SELECT order_id, member_id, status, amount, refunded_amount, version, earn_rate, points, spend, "
        "occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points "
        "FROM orders WHERE shop_id = ?1 AND order_id = ?2");
    s.bind(1, shop).bind(2, order_id);
    if (!s.step()) return std::nullopt;
    OrderState o;
    o.order_id = s.text(0);
    o.member_id = s.text(1);
    auto status = order_status_from(s.text(2));
    if (!status) fail(Status::internal, "order \"" + o.order_id + "\" has an unknown status");
    o.status = *status;
    o.amount = s.integer(3);
    o.refunded_amount = s.integer(4);
    o.version = s.optional_integer(5);
    o.earn_rate = s.integer(6);
    o.points = s.integer(7);
    o.spend = s.integer(8);
    o.occurred_at = s.integer(9);
    o.updated_at = s.integer(10);
    o.full_points = s.integer(11);
    o.locked_amount = s.integer(12);
    o.tier = s.text(13);
    o.paid_at = s.integer(14);
    o.bonus_points = s.integer(15);
    return o;
}

void SqliteTransaction::put_order(const std::string& shop, const OrderState& o) {
    db_.prepare(
           "INSERT INTO orders (shop_id, order_id, member_id, status, amount, refunded_amount, version, earn_rate, "
           "points, spend, occurred_at, updated_at, full_points, locked_amount, tier, paid_at, bonus_points) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
           "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, status = excluded.status, "
           "amount = excluded.amount, refunded_amount = excluded.refunded_amount, version = excluded.version, "
           "earn_rate = excluded.earn_rate, points = excluded.points, spend = excluded.spend, "
           "occurred_at = excluded.occurred_at, updated_at = excluded.updated_at, full_points = excluded.full_points, "
           "locked_amount = excluded.locked_amount, tier = excluded.tier, paid_at = excluded.paid_at, "
           "bonus_points = excluded.bonus_points")
        .bind(1, shop)
        .bind(2, o.order_id)
        .bind(3, o.member_id)
        .bind(4, to_string(o.status))
        .bind(5, o.amount)
        .bind(6, o.refunded_amount)
        .bind(7, o.version)
        .bind(8, o.earn_rate)
        .bind(9, o.points)
        .bind(10, o.spend)
        .bind(11, o.occurred_at)
        .bind(12, o.updated_at)
        .bind(13, o.full_points)
        .bind(14, o.locked_amount)
        .bind(15, o.tier)
        .bind(16, o.paid_at)
        .bind(17, o.bonus_points)
        .run();
}

int64_t SqliteTransaction::append_entry(const std::string& shop, const Entry& e) {
    db_.prepare(
           "INSERT INTO entries (shop_id, member_id, kind, available_delta, pending_delta, reason, ref_type, ref_id, "
           "detail, occurred_at, created_at, available_after, pending_after, earned_delta) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        .bind(1, shop)
        .bind(2, e.member_id)
        .bind(3, to_string(e.kind))
        .bind(4, e.available_delta)
        .bind(5, e.pending_delta)
        .bind(6, e.reason)
        .bind(7, e.ref_type)
        .bind(8, e.ref_id)
        .bind(9, e.detail)
        .bind(10, e.occurred_at)
        .bind(11, e.created_at)
        .bind(12, e.available_after)
        .bind(13, e.pending_after)
        .bind(14, e.earned_delta)
        .run();
    return db_.last_insert_rowid();
}

void SqliteTransaction::set_balances(const std::string& shop, const std::string& member_id, const Balances& b) {
    db_.prepare(
           "UPDATE members SET available = ?3, pending = ?4, lifetime_earned = ?5, lifetime_spend = ?6 "
           "WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, member_id)
        .bind(3, b.available)
        .bind(4, b.pending)
        .bind(5, b.lifetime_earned)
        .bind(6, b.lifetime_spend)
        .run();
}

std::optional<Entry> SqliteTransaction::entry(const std::string& shop, int64_t entry_id) {
    static const std::string sql = std::string("SELECT ") + entry_columns + " FROM entries WHERE shop_id = ?1 AND entry_id = ?2";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, shop).bind(2, entry_id);
    if (!s.step()) return std::nullopt;
    return read_entry(s);
}

std::vector<Entry> SqliteTransaction::entries(const std::string& shop, const std::string& member_id, int limit,
                                              std::optional<int64_t> before) {
    static const std::string sql = std::string("SELECT ") + entry_columns +
                                   " FROM entries WHERE shop_id = ?1 AND member_id = ?2 AND entry_id < ?3 "
                                   "ORDER BY entry_id DESC LIMIT ?4";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, shop).bind(2, member_id).bind(3, before.value_or(std::numeric_limits<int64_t>::max())).bind(4, int64_t{limit});
    std::vector<Entry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

int64_t SqliteTransaction::entry_count() {
    auto s = db_.prepare("SELECT count(*) FROM entries");
    s.step();
    return s.integer(0);
}

std::optional<IdempotencyRecord> SqliteTransaction::idempotency(const std::string& shop, const std::string& key) {
    auto s = db_.prepare("SELECT key, fingerprint, entry_id FROM idempotency WHERE shop_id = ?1 AND key = ?2");
    s.bind(1, shop).bind(2, key);
    if (!s.step()) return std::nullopt;
    return IdempotencyRecord{s.text(0), s.text(1), s.integer(2)};
}

void SqliteTransaction::put_idempotency(const std::string& shop, const IdempotencyRecord& r) {
    db_.prepare("INSERT INTO idempotency (shop_id, key, fingerprint, entry_id) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, shop)
        .bind(2, r.key)
        .bind(3, r.fingerprint)
        .bind(4, r.entry_id)
        .run();
}

std::vector<BalanceMismatch> SqliteTransaction::balance_mismatches() {
    auto s = db_.prepare(R"sql(
        WITH sums AS (
            SELECT shop_id, member_id,
                   sum(available_delta) AS available,
                   sum(pending_delta) AS pending,
                   sum(CASE WHEN kind IN ('earn', 'reverse') THEN available_delta + pending_delta ELSE earned_delta END) AS earned
            FROM entries GROUP BY shop_id, member_id),
        spends AS (SELECT shop_id, member_id, sum(spend) AS spend FROM orders GROUP BY shop_id, member_id)
        SELECT m.shop_id, m.member_id, m.available, m.pending, m.lifetime_earned, m.lifetime_spend,
               coalesce(s.available, 0), coalesce(s.pending, 0), coalesce(s.earned, 0), coalesce(p.spend, 0)
        FROM members m
        LEFT JOIN sums s ON s.shop_id = m.shop_id AND s.member_id = m.member_id
        LEFT JOIN spends p ON p.shop_id = m.shop_id AND p.member_id = m.member_id
        WHERE m.available <> coalesce(s.available, 0) OR m.pending <> coalesce(s.pending, 0)
           OR m.lifetime_earned <> coalesce(s.earned, 0) OR m.lifetime_spend <> coalesce(p.spend, 0)
        ORDER BY m.shop_id, m.member_id)sql");
    std::vector<BalanceMismatch> out;
    while (s.step()) {
        out.push_back({s.text(0), s.text(1), {s.integer(2), s.integer(3), s.integer(4), s.integer(5)},
                       {s.integer(6), s.integer(7), s.integer(8), s.integer(9)}});
    }
    return out;
}

}  // namespace loyalty::core::sqlite
