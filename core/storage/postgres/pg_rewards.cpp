// The store's primitives for rewards and distributor programs on PostgreSQL: reward stock, grants,
// points paying for orders, the lines and spend of orders paid in a period, and settled periods.
// Orderings match the SQLite backend's, with text compared byte by byte (COLLATE "C").
#include <limits>
#include <utility>

#include "storage/postgres/pg_transaction.hpp"

namespace loyalty::core::postgres {
namespace {

#define LOYALTY_GRANT_COLUMNS                                                                               \
    "grant_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, status, source, " \
    "idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, claim_entry_id, "  \
    "return_entry_id"

// Every grant listing narrows the same way once its index has found the candidates: $2 status
// ('' any), $3 expired (NULL either) as of $4, after $5, at most $6. Keys from $7 on.
#define LOYALTY_GRANT_FILTERS                                                                    \
    " AND ($2::text = '' OR status = $2::text)"                                                  \
    " AND ($3::boolean IS NULL OR ($3::boolean AND expires_at <= $4::bigint)"                    \
    " OR (NOT $3::boolean AND (expires_at IS NULL OR expires_at > $4::bigint)))"                 \
    " AND grant_id > $5::bigint ORDER BY grant_id LIMIT $6::bigint"

std::vector<Grant> read_grants(const Result& r) {
    std::vector<Grant> out;
    for (int i = 0; i < r.rows(); ++i) {
        Grant g;
        g.grant_id = r.integer(i, 0);
        g.code = r.text(i, 1);
        g.member_id = r.text(i, 2);
        g.reward_id = r.text(i, 3);
        g.name = r.text(i, 4);
        auto kind = reward_kind_from(r.text(i, 5));
        if (!kind) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown kind");
        g.kind = *kind;
        g.value = r.integer(i, 6);
        g.sku = r.text(i, 7);
        g.quantity = r.integer(i, 8);
        g.cost_points = r.integer(i, 9);
        auto status = grant_status_from(r.text(i, 10));
        if (!status) fail(Status::internal, "grant " + std::to_string(g.grant_id) + " has an unknown status");
        g.status = *status;
        g.source = r.text(i, 11);
        g.idempotency_key = r.optional_text(i, 12).value_or("");
        g.issued_at = r.integer(i, 13);
        g.expires_at = r.optional_integer(i, 14);
        g.used_at = r.integer(i, 15);
        g.used_order = r.text(i, 16);
        g.voided_at = r.integer(i, 17);
        g.void_reason = r.text(i, 18);
        g.claim_entry_id = r.integer(i, 19);
        g.return_entry_id = r.integer(i, 20);
        out.push_back(std::move(g));
    }
    return out;
}

std::optional<Grant> first_grant(const Result& r) {
    auto grants = read_grants(r);
    if (grants.empty()) return std::nullopt;
    return std::move(grants.front());
}

#define LOYALTY_PERIOD_LINES                                                                                 \
    "SELECT o.member_id, o.order_id, o.paid_at, o.spend, o.locked_amount, l.sku, l.category, l.quantity, " \
    "m.name, m.group_name "                                                                                \
    "FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.order_id "               \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                               \
    "WHERE o.shop_id = $1 AND o.earn_rate > 0 AND o.paid_at >= $2 AND o.paid_at < $3"
#define LOYALTY_PERIOD_LINES_ORDER \
    " ORDER BY o.member_id COLLATE \"C\", o.paid_at, o.order_id COLLATE \"C\", l.line_no"

// reached_at: when the last order that still counts was paid; a fully refunded one no longer does.
#define LOYALTY_PERIOD_SPEND                                                                                     \
    "SELECT o.member_id, sum(o.spend)::bigint, coalesce(max(CASE WHEN o.spend > 0 THEN o.paid_at END), 0), "   \
    "min(m.name), min(m.group_name) FROM orders o "                                                             \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                                    \
    "WHERE o.shop_id = $1 AND o.earn_rate > 0 AND o.paid_at >= $2 AND o.paid_at < $3"
#define LOYALTY_PERIOD_SPEND_GROUP \
    " GROUP BY o.member_id HAVING sum(o.spend) > 0 ORDER BY o.member_id COLLATE \"C\""

}  // namespace

int64_t PostgresTransaction::reward_claimed(const std::string& shop, const std::string& reward_id) {
    auto r = db_.query("SELECT claimed FROM reward_stock WHERE shop_id = $1 AND reward_id = $2",
                       Params().text(shop).text(reward_id));
    return r.rows() > 0 ? r.integer(0, 0) : 0;
}

void PostgresTransaction::add_reward_claimed(const std::string& shop, const std::string& reward_id, int64_t delta) {
    // Not one upsert: the row it would insert (a negative delta) fails the check even when it ends
    // up updating one that has enough.
    db_.query("INSERT INTO reward_stock (shop_id, reward_id, claimed) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
              Params().text(shop).text(reward_id));
    db_.query("UPDATE reward_stock SET claimed = claimed + $3 WHERE shop_id = $1 AND reward_id = $2",
              Params().text(shop).text(reward_id).integer(delta));
}

int64_t PostgresTransaction::insert_grant(const std::string& shop, const Grant& g) {
    // Only a taken code is the caller's to handle. A taken idempotency key stays a duplicate key,
    // which runs the request again: it then finds the grant a concurrent claim with that key made.
    auto r = db_.query(
        "INSERT INTO grants (shop_id, code, member_id, reward_id, name, kind, value, sku, quantity, cost_points, "
        "status, source, idempotency_key, issued_at, expires_at, used_at, used_order, voided_at, void_reason, "
        "claim_entry_id, return_entry_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "nullif($13::text, ''), $14, $15, $16, $17, $18, $19, $20, $21) "
        "ON CONFLICT (shop_id, code) DO NOTHING RETURNING grant_id",
        Params()
            .text(shop)
            .text(g.code)
            .text(g.member_id)
            .text(g.reward_id)
            .text(g.name)
            .text(to_string(g.kind))
            .integer(g.value)
            .text(g.sku)
            .integer(g.quantity)
            .integer(g.cost_points)
            .text(to_string(g.status))
            .text(g.source)
            .text(g.idempotency_key)
            .integer(g.issued_at)
            .integer(g.expires_at)
            .integer(g.used_at)
            .text(g.used_order)
            .integer(g.voided_at)
            .text(g.void_reason)
            .integer(g.claim_entry_id)
            .integer(g.return_entry_id));
    if (r.rows() == 0) fail(Status::conflict, "grant code \"" + g.code + "\" is taken");
    return r.integer(0, 0);
}

void PostgresTransaction::update_grant(const std::string& shop, const Grant& g) {
    db_.query(
        "UPDATE grants SET member_id = $3, status = $4, used_at = $5, used_order = $6, voided_at = $7, "
        "void_reason = $8, return_entry_id = $9 WHERE shop_id = $1 AND grant_id = $2",
        Params().text(shop).integer(g.grant_id).text(g.member_id).text(to_string(g.status)).integer(g.used_at)
            .text(g.used_order).integer(g.voided_at).text(g.void_reason).integer(g.return_entry_id));
}

std::optional<Grant> PostgresTransaction::grant(const std::string& shop, int64_t grant_id) {
    return first_grant(db_.query("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1 AND grant_id = $2",
                                 Params().text(shop).integer(grant_id)));
}

std::optional<Grant> PostgresTransaction::grant_by_code(const std::string& shop, const std::string& code) {
    return first_grant(db_.query("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1 AND code = $2",
                                 Params().text(shop).text(code)));
}

std::optional<Grant> PostgresTransaction::grant_by_key(const std::string& shop, const std::string& idempotency_key) {
    return first_grant(db_.query(
        "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1 AND idempotency_key = $2",
        Params().text(shop).text(idempotency_key)));
}

std::vector<Grant> PostgresTransaction::grants_by_source(const std::string& shop, const std::string& source) {
    return read_grants(db_.query(
        "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1 AND source = $2 ORDER BY grant_id",
        Params().text(shop).text(source)));
}

std::vector<Grant> PostgresTransaction::grants(const std::string& shop, const GrantQuery& q) {
    // One statement per index, so a cached generic plan still uses the index that finds its grants.
    Params p;
    p.text(shop).text(q.status ? to_string(*q.status) : std::string_view(""));
    if (q.expired)
        p.boolean(*q.expired);
    else
        p.integer(std::nullopt);
    p.integer(q.now).integer(q.after.value_or(std::numeric_limits<int64_t>::min())).integer(int64_t{q.limit});
    if (!q.code.empty()) {
        p.text(q.code).text(q.member_id);
        return read_grants(db_.query("SELECT " LOYALTY_GRANT_COLUMNS
                                     " FROM grants WHERE shop_id = $1 AND code = $7 "
                                     "AND ($8::text = '' OR member_id = $8::text)" LOYALTY_GRANT_FILTERS,
                                     p));
    }
    if (!q.member_id.empty()) {
        p.text(q.member_id);
        return read_grants(db_.query(
            "SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1 AND member_id = $7" LOYALTY_GRANT_FILTERS,
            p));
    }
    return read_grants(
        db_.query("SELECT " LOYALTY_GRANT_COLUMNS " FROM grants WHERE shop_id = $1" LOYALTY_GRANT_FILTERS, p));
}

void PostgresTransaction::move_grants(const std::string& shop, const std::string& from, const std::string& into) {
    db_.query("UPDATE grants SET member_id = $3 WHERE shop_id = $1 AND member_id = $2",
              Params().text(shop).text(from).text(into));
}

std::optional<OrderPayment> PostgresTransaction::order_payment(const std::string& shop, const std::string& order_id) {
    auto r = db_.query(
        "SELECT order_id, member_id, points, amount, returned_points, created_at, updated_at "
        "FROM order_payments WHERE shop_id = $1 AND order_id = $2",
        Params().text(shop).text(order_id));
    if (r.rows() == 0) return std::nullopt;
    return OrderPayment{r.text(0, 0),    r.text(0, 1),    r.integer(0, 2), r.integer(0, 3),
                        r.integer(0, 4), r.integer(0, 5), r.integer(0, 6)};
}

void PostgresTransaction::put_order_payment(const std::string& shop, const OrderPayment& p) {
    db_.query(
        "INSERT INTO order_payments (shop_id, order_id, member_id, points, amount, returned_points, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (shop_id, order_id) DO UPDATE SET member_id = excluded.member_id, points = excluded.points, "
        "amount = excluded.amount, returned_points = excluded.returned_points, created_at = excluded.created_at, "
        "updated_at = excluded.updated_at",
        Params().text(shop).text(p.order_id).text(p.member_id).integer(p.points).integer(p.amount)
            .integer(p.returned_points).integer(p.created_at).integer(p.updated_at));
}

void PostgresTransaction::put_order_lines(const std::string& shop, const std::string& order_id,
                                          const std::vector<OrderLine>& lines) {
    db_.query("DELETE FROM order_lines WHERE shop_id = $1 AND order_id = $2", Params().text(shop).text(order_id));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        db_.query(
            "INSERT INTO order_lines (shop_id, order_id, line_no, sku, category, quantity) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            Params().text(shop).text(order_id).integer(static_cast<int64_t>(i)).text(lines[i].sku)
                .text(lines[i].category).integer(lines[i].quantity));
    }
}

std::vector<PeriodLine> PostgresTransaction::period_lines(const std::string& shop, const std::string& member_id,
                                                          int64_t from, int64_t to) {
    Params p;
    p.text(shop).integer(from).integer(to);
    if (!member_id.empty()) p.text(member_id);
    auto r = db_.query(member_id.empty() ? LOYALTY_PERIOD_LINES LOYALTY_PERIOD_LINES_ORDER
                                         : LOYALTY_PERIOD_LINES " AND o.member_id = $4" LOYALTY_PERIOD_LINES_ORDER,
                       p);
    std::vector<PeriodLine> out;
    for (int i = 0; i < r.rows(); ++i) {
        out.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.integer(i, 3), r.integer(i, 4), r.text(i, 5),
                       r.text(i, 6), r.integer(i, 7), r.text(i, 8), r.text(i, 9)});
    }
    return out;
}

std::vector<MemberSpend> PostgresTransaction::period_spend(const std::string& shop, const std::string& member_id,
                                                           int64_t from, int64_t to) {
    Params p;
    p.text(shop).integer(from).integer(to);
    if (!member_id.empty()) p.text(member_id);
    auto r = db_.query(member_id.empty() ? LOYALTY_PERIOD_SPEND LOYALTY_PERIOD_SPEND_GROUP
                                         : LOYALTY_PERIOD_SPEND " AND o.member_id = $4" LOYALTY_PERIOD_SPEND_GROUP,
                       p);
    std::vector<MemberSpend> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.integer(i, 1), r.integer(i, 2), r.text(i, 3), r.text(i, 4)});
    return out;
}

std::optional<int64_t> PostgresTransaction::settled_at(const std::string& shop, const std::string& program_id,
                                                       const std::string& period) {
    auto r = db_.query("SELECT settled_at FROM settlements WHERE shop_id = $1 AND program_id = $2 AND period = $3",
                       Params().text(shop).text(program_id).text(period));
    if (r.rows() == 0) return std::nullopt;
    return r.integer(0, 0);
}

void PostgresTransaction::put_settlement(const std::string& shop, const std::string& program_id,
                                         const std::string& period, int64_t settled_at) {
    // A settlement committed by another instance since this transaction began is a serialization
    // failure instead, and the run again finds it settled.
    auto r = db_.query(
        "INSERT INTO settlements (shop_id, program_id, period, settled_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (shop_id, program_id, period) DO NOTHING",
        Params().text(shop).text(program_id).text(period).integer(settled_at));
    if (r.affected() == 0) fail(Status::conflict, "program \"" + program_id + "\" was already settled for " + period);
}

void PostgresTransaction::add_standing(const std::string& shop, const std::string& program_id,
                                       const std::string& period, const Standing& s) {
    db_.query(
        "INSERT INTO standings (shop_id, program_id, period, member_id, name, rank, spend, units, band, times, "
        "points, grant_id, rebate, reached_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        Params().text(shop).text(program_id).text(period).text(s.member_id).text(s.name).integer(s.rank)
            .integer(s.spend).integer(s.units).integer(s.band).integer(s.times).integer(s.points).integer(s.grant_id)
            .integer(s.rebate).integer(s.reached_at));
}

std::vector<Standing> PostgresTransaction::standings(const std::string& shop, const std::string& program_id,
                                                     const std::string& period) {
    // Unranked standings (rank 0: programs that do not rank) come after every ranked one.
    auto r = db_.query(
        "SELECT member_id, name, rank, spend, units, band, times, points, grant_id, rebate, reached_at "
        "FROM standings WHERE shop_id = $1 AND program_id = $2 AND period = $3 "
        "ORDER BY rank = 0, rank, spend DESC, member_id COLLATE \"C\"",
        Params().text(shop).text(program_id).text(period));
    std::vector<Standing> out;
    for (int i = 0; i < r.rows(); ++i) {
        Standing s;
        s.member_id = r.text(i, 0);
        s.name = r.text(i, 1);
        s.rank = r.integer(i, 2);
        s.spend = r.integer(i, 3);
        s.units = r.integer(i, 4);
        s.band = r.integer(i, 5);
        s.times = r.integer(i, 6);
        s.points = r.integer(i, 7);
        s.grant_id = r.integer(i, 8);
        s.rebate = r.integer(i, 9);
        s.reached_at = r.integer(i, 10);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace loyalty::core::postgres
