// The store's primitives for rewards and distributor programs: reward stock, grants, points paying
// for orders, the lines and spend of orders paid in a period, and settled periods.
#include <limits>
#include <string_view>
#include <utility>

#include "storage/sqlite/sqlite_transaction.hpp"
#include "util/error.hpp"

namespace loyalty::core::sqlite {
namespace {

#define LOYALTY_GRANT_COLUMNS                                                                               \
    "grant_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, status, source, " \
    "idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, claim_entry_id, "  \
    "return_entry_id"

// Every grant listing narrows the same way once its index has found the candidates: ?3 status
// ('' any), ?4 expired (NULL either, 1 or 0) as of ?5, after ?6, at most ?7.
#define LOYALTY_GRANT_FILTERS                                                        \
    " AND (?3 = '' OR status = ?3)"                                                  \
    " AND (?4 IS NULL OR (?4 = 1 AND expires_at <= ?5)"                              \
    " OR (?4 = 0 AND (expires_at IS NULL OR expires_at > ?5)))"                      \
    " AND grant_id > ?6 ORDER BY grant_id LIMIT ?7"

Grant read_grant(const Statement& s) {
    Grant g;
    g.grant_id = s.integer(0);
    g.code = s.text(1);
    g.member_id = s.text(2);
    g.reward_id = s.text(3);
    g.name = s.text(4);
    auto kind = reward_kind_from(s.text(5));
    if (!kind) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown kind");
    g.kind = *kind;
    g.value = s.integer(6);
    g.sku = s.text(7);
    g.quantity = s.integer(8);
    g.cost_points = s.integer(9);
    auto status = grant_status_from(s.text(10));
    if (!status) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown status");
    g.status = *status;
    g.source = s.text(11);
    g.idempotency_key = s.optional_text(12).value_or("");
    g.issued_at = s.integer(13);
    g.expires_at = s.optional_integer(14);
    g.used_at = s.integer(15);
    g.used_order = s.text(16);
    g.voided_at = s.integer(17);
    g.void_reason = s.text(18);
    g.claim_entry_id = s.integer(19);
    g.return_entry_id = s.integer(20);
    return g;
}

std::vector<Grant> read_grants(Statement& s) {
    std::vector<Grant> out;
    while (s.step()) out.push_back(read_grant(s));
    return out;
}

std::optional<Grant> first_grant(Statement& s) {
    if (!s.step()) return std::nullopt;
    return read_grant(s);
}

#define LOYALTY_PERIOD_LINES                                                                                 \
    "SELECT o.member_id, o.order_id, o.paid_at, o.spend, o.locked_amount, l.sku, l.category, l.quantity, " \
    "m.name, m.group_name "                                                                                \
    "FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.order_id "               \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                               \
    "WHERE o.shop_id = ?1 AND o.earn_rate > 0 AND o.paid_at >= ?3 AND o.paid_at < ?4"
#define LOYALTY_PERIOD_LINES_ORDER " ORDER BY o.member_id, o.paid_at, o.order_id, l.line_no"

// reached_at: when the last order that still counts was paid; a fully refunded one no longer does.
#define LOYALTY_PERIOD_SPEND                                                                                  \
    "SELECT o.member_id, sum(o.spend), coalesce(max(CASE WHEN o.spend > 0 THEN o.paid_at END), 0), "        \
    "min(m.name), min(m.group_name) FROM orders o "                                                          \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                                 \
    "WHERE o.shop_id = ?1 AND o.earn_rate > 0 AND o.paid_at >= ?3 AND o.paid_at < ?4"
#define LOYALTY_PERIOD_SPEND_GROUP " GROUP BY o.member_id HAVING sum(o.spend) > 0 ORDER BY o.member_id"

}  // namespace

int64_t SqliteTransaction::reward_claimed(const std::string& shop, const std::string& reward_id) {
    auto s = db_.prepare("SELECT claimed FROM reward_stock WHERE shop_id = ?1 AND reward_id = ?2");
    s.bind(1, shop).bind(2, reward_id);
    return s.step() ? s.integer(0) : 0;
}

void SqliteTransaction::add_reward_claimed(const std::string& shop, const std::string& reward_id, int64_t delta) {
    // Not one upsert: the row it would insert (a negative delta) fails the check even when it ends
    // up updating one that has enough.
    db_.prepare("INSERT INTO reward_stock (shop_id, reward_id, claimed) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING")
        .bind(1, shop)
        .bind(2, reward_id)
        .run();
    db_.prepare("UPDATE reward_stock SET claimed = claimed + ?3 WHERE shop_id = ?1 AND reward_id = ?2")
        .bind(1, shop)
        .bind(2, reward_id)
        .bind(3, delta)
        .run();
}

int64_t SqliteTransaction::insert_grant(const std::string& shop, const Grant& g) {
    // Only a taken code is the caller's to handle; a taken idempotency key stays a storage error,
    // since the caller looks the key up first.
    db_.prepare(
           "INSERT INTO grants (shop_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, "
           "status, source, idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, "
           "claim_entry_id, return_entry_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
           "nullif(?13, ''), ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) ON CONFLICT (shop_id, code) DO NOTHING")
        .bind(1, shop)
        .bind(2, g.code)
        .bind(3, g.member_id)
        .bind(4, g.reward_id)
        .bind(5, g.name)
        .bind(6, to_string(g.kind))
        .bind(7, g.value)
        .bind(8, g.sku)
        .bind(9, g.quantity)
        .bind(10, g.cost_points)
        .bind(11, to_string(g.status))
        .bind(12, g.source)
        .bind(13, g.idempotency_key)
        .bind(14, g.issued_at)
        .bind(15, g.expires_at)
        .bind(16, g.used_at)
        .bind(17, g.used_order)
        .bind(18, g.voided_at)
        .bind(19, g.void_reason)
        .bind(20, g.claim_entry_id)
        .bind(21, g.return_entry_id)
        .run();
    if (sqlite3_changes(db_.handle()) == 0) fail(Status::conflict, "grant code \"" + g.code + "\" is taken");
    return db_.last_insert_rowid();
}

void SqliteTransaction::update_grant(const std::string& shop, const Grant& g) {
    db_.prepare(
           "UPDATE grants SET member_id = ?3, status = ?4, used_at = ?5, used_order = ?6, voided_at = ?7, "
           "void_reason = ?8, return_entry_id = ?9 WHERE shop_id = ?1 AND grant_id = ?2")
        .bind(1, shop)
        .bind(2, g.grant_id)
        .bind(3, g.member_id)
        .bind(4, to_string(g.status))
        .bind(5, g.used_at)
        .bind(6, g.used_order)
        .bind(7, g.voided_at)
        .bind(8, g.void_reason)
        .bind(9, g.return_entry_id)
        .run();
}

std::optional<Grant> SqliteTransaction::grant(const std::string& shop, int64_t grant_id) {
    auto s = db_.prepare("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND grant_id = ?2");
    s.bind(1, shop).bind(2, grant_id);
    return first_grant(s);
}

std::optional<Grant> SqliteTransaction::grant_by_code(const std::string& shop, const std::string& code) {
    auto s = db_.prepare("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND code = ?2");
    s.bind(1, shop).bind(2, code);
    return first_grant(s);
}

std::optional<Grant> SqliteTransaction::grant_by_key(const std::string& shop, const std::string& idempotency_key) {
    auto s = db_.prepare("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND idempotency_key = ?2");
    s.bind(1, shop).bind(2, idempotency_key);
    return first_grant(s);
}

std::vector<Grant> SqliteTransaction::grants_by_source(const std::string& shop, const std::string& source) {
    auto s = db_.prepare("SELECT " LOYALTY_GRANT_COLUMNS
                         " FROM grants WHERE shop_id = ?1 AND source = ?2 ORDER BY grant_id");
    s.bind(1, shop).bind(2, source);
    return read_grants(s);
}

std::vector<Grant> SqliteTransaction::grants(const std::string& shop, const GrantQuery& q) {
    // One statement per index, so each is planned onto the index that finds its grants.
    static constexpr const char* by_code = "SELECT " LOYALTY_GRANT_COLUMNS
                                           " FROM grants WHERE shop_id = ?1 AND code = ?8 "
                                           "AND (?2 = '' OR member_id = ?2)" LOYALTY_GRANT_FILTERS;
    static constexpr const char* by_member =
        "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1 AND member_id = ?2" LOYALTY_GRANT_FILTERS;
    static constexpr const char* by_shop =
        "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = ?1" LOYALTY_GRANT_FILTERS;
    auto s = db_.prepare(!q.code.empty() ? by_code : !q.member_id.empty() ? by_member : by_shop);
    std::optional<int64_t> expired;
    if (q.expired) expired = *q.expired ? 1 : 0;
    s.bind(1, shop)
        .bind(2, q.member_id)
        .bind(3, q.status ? to_string(*q.status) : std::string_view(""))
        .bind(4, expired)
        .bind(5, q.now)
        .bind(6, q.after.value_or(std::numeric_limits<int64_t>::min()))
        .bind(7, int64_t{q.limit});
    if (!q.code.empty()) s.bind(8, q.code);
    return read_grants(s);
}

void SqliteTransaction::move_grants(const std::string& shop, const std::string& from, const std::string& into) {
    db_.prepare("UPDATE grants SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2")
        .bind(1, shop)
        .bind(2, from)
        .bind(3, into)
        .run();
}

std::optional<OrderPayment> SqliteTransaction::order_payment(const std::string& shop, const std::string& order_id) {
    auto s = db_.prepare(
        "SELECT order_id, member_id, points, amount, returned_points, created_at, updated_at "
        "FROM order_payments WHERE shop_id = ?1 AND order_id = ?2");
    s.bind(1, shop).bind(2, order_id);
    if (!s.step()) return std::nullopt;
    return OrderPayment{s.text(0), s.text(1), s.integer(2), s.integer(3), s.integer(4), s.integer(5), s.integer(6)};
}

void SqliteTransaction::put_order_payment(const std::string& shop, const OrderPayment& p) {
    db_.prepare(
           "INSERT INTO order_payments (shop_id, order_id, member_id, points, amount, returned_points, created_at, "
           "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
           "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, points = excluded.points, "
           "amount = excluded.amount, returned_points = excluded.returned_points, created_at = excluded.created_at, "
           "updated_at = excluded.updated_at")
        .bind(1, shop)
        .bind(2, p.order_id)
        .bind(3, p.member_id)
        .bind(4, p.points)
        .bind(5, p.amount)
        .bind(6, p.returned_points)
        .bind(7, p.created_at)
        .bind(8, p.updated_at)
        .run();
}

void SqliteTransaction::put_order_lines(const std::string& shop, const std::string& order_id,
                                        const std::vector<OrderLine>& lines) {
    db_.prepare("DELETE FROM order_lines WHERE shop_id = ?1 AND order_id = ?2").bind(1, shop).bind(2, order_id).run();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        db_.prepare(
               "INSERT INTO order_lines (shop_id, order_id, line_no, sku, category, quantity) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(1, shop)
            .bind(2, order_id)
            .bind(3, static_cast<int64_t>(i))
            .bind(4, lines[i].sku)
            .bind(5, lines[i].category)
            .bind(6, lines[i].quantity)
            .run();
    }
}

std::vector<PeriodLine> SqliteTransaction::period_lines(const std::string& shop, const std::string& member_id,
                                                        int64_t from, int64_t to) {
    auto s = db_.prepare(member_id.empty() ? LOYALTY_PERIOD_LINES LOYALTY_PERIOD_LINES_ORDER
                                           : LOYALTY_PERIOD_LINES " AND o.member_id = ?2" LOYALTY_PERIOD_LINES_ORDER);
    s.bind(1, shop).bind(3, from).bind(4, to);
    if (!member_id.empty()) s.bind(2, member_id);
    std::vector<PeriodLine> out;
    while (s.step()) {
        out.push_back({s.text(0), s.text(1), s.integer(2), s.integer(3), s.integer(4), s.text(5), s.text(6),
                       s.integer(7), s.text(8), s.text(9)});
    }
    return out;
}

std::vector<MemberSpend> SqliteTransaction::period_spend(const std::string& shop, const std::string& member_id,
                                                         int64_t from, int64_t to) {
    auto s = db_.prepare(member_id.empty() ? LOYALTY_PERIOD_SPEND LOYALTY_PERIOD_SPEND_GROUP
                                           : LOYALTY_PERIOD_SPEND " AND o.member_id = ?2" LOYALTY_PERIOD_SPEND_GROUP);
    s.bind(1, shop).bind(3, from).bind(4, to);
    if (!member_id.empty()) s.bind(2, member_id);
    std::vector<MemberSpend> out;
    while (s.step()) out.push_back({s.text(0), s.integer(1), s.integer(2), s.text(3), s.text(4)});
    return out;
}

std::optional<int64_t> SqliteTransaction::settled_at(const std::string& shop, const std::string& program_id,
                                                     const std::string& period) {
    auto s = db_.prepare("SELECT settled_at FROM settlements WHERE shop_id = ?1 AND program_id = ?2 AND period = ?3");
    s.bind(1, shop).bind(2, program_id).bind(3, period);
    if (!s.step()) return std::nullopt;
    return s.integer(0);
}

void SqliteTransaction::put_settlement(const std::string& shop, const std::string& program_id,
                                       const std::string& period, int64_t settled_at) {
    db_.prepare(
           "INSERT INTO settlements (shop_id, program_id, period, settled_at) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT (shop_id, program_id, period) DO NOTHING")
        .bind(1, shop)
        .bind(2, program_id)
        .bind(3, period)
        .bind(4, settled_at)
        .run();
    if (sqlite3_changes(db_.handle()) == 0)
        fail(Status::conflict, "program \"" + program_id + "\" was already settled for " + period);
}

void SqliteTransaction::add_standing(const std::string& shop, const std::string& program_id,
                                     const std::string& period, const Standing& st) {
    db_.prepare(
           "INSERT INTO standings (shop_id, program_id, period, member_id, name, rank, spend, units, band, times, "
           "points, grant_id, rebate, reached_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        .bind(1, shop)
        .bind(2, program_id)
        .bind(3, period)
        .bind(4, st.member_id)
        .bind(5, st.name)
        .bind(6, st.rank)
        .bind(7, st.spend)
        .bind(8, st.units)
        .bind(9, st.band)
        .bind(10, st.times)
        .bind(11, st.points)
        .bind(12, st.grant_id)
        .bind(13, st.rebate)
        .bind(14, st.reached_at)
        .run();
}

std::vector<Standing> SqliteTransaction::standings(const std::string& shop, const std::string& program_id,
                                                   const std::string& period) {
    // Unranked standings (rank 0: programs that do not rank) come after every ranked one.
    auto s = db_.prepare(
        "SELECT member_id, name, rank, spend, units, band, times, points, grant_id, rebate, reached_at "
        "FROM standings WHERE shop_id = ?1 AND program_id = ?2 AND period = ?3 "
        "ORDER BY rank = 0, rank, spend DESC, member_id");
    s.bind(1, shop).bind(2, program_id).bind(3, period);
    std::vector<Standing> out;
    while (s.step()) {
        Standing st;
        st.member_id = s.text(0);
        st.name = s.text(1);
        st.rank = s.integer(2);
        st.spend = s.integer(3);
        st.units = s.integer(4);
        st.band = s.integer(5);
        st.times = s.integer(6);
        st.points = s.integer(7);
        st.grant_id = s.integer(8);
        st.rebate = s.integer(9);
        st.reached_at = s.integer(10);
        out.push_back(std::move(st));
    }
    return out;
}

}  // namespace loyalty::core::sqlite
