// Distributor programs: the lines of orders as first paid, the lines and spend of orders paid in a
// period, settled periods and their standings.
#include <utility>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_PERIOD_LINES                                                                                 \
    "SELECT o.member_id, o.order_id, o.paid_at, o.spend, o.locked_amount, l.sku, l.category, l.quantity, " \
    "m.name, m.group_name "                                                                                \
    "FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.order_id "               \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                               \
    "WHERE o.shop_id = ?1 AND o.earn_rate > 0 AND o.paid_at >= ?2 AND o.paid_at < ?3"
#define LOYALTY_PERIOD_LINES_ORDER \
    R"( ORDER BY o.member_id COLLATE "C", o.paid_at, o.order_id COLLATE "C", l.line_no)"

// reached_at: when the last order that still counts was paid; a fully refunded one no longer does.
#define LOYALTY_PERIOD_SPEND                                                                                   \
    "SELECT o.member_id, sum(o.spend)::bigint, coalesce(max(CASE WHEN o.spend > 0 THEN o.paid_at END), 0), " \
    "min(m.name), min(m.group_name) FROM orders o "                                                           \
    "JOIN members m ON m.shop_id = o.shop_id AND m.member_id = o.member_id "                                  \
    "WHERE o.shop_id = ?1 AND o.earn_rate > 0 AND o.paid_at >= ?2 AND o.paid_at < ?3"
// An order counts from when it was first paid (earn_rate > 0) while it keeps some spend.
#define LOYALTY_MEMBER_STARTS                                                                                    \
    "SELECT m.member_id, m.name, m.group_name, m.created_at, min(o.paid_at) FROM members m "                     \
    "LEFT JOIN orders o ON o.shop_id = m.shop_id AND o.member_id = m.member_id AND o.earn_rate > 0 "            \
    "AND o.spend > 0 WHERE m.shop_id = ?1 AND m.merged_into IS NULL"
#define LOYALTY_MEMBER_STARTS_GROUP \
    R"( GROUP BY m.member_id, m.name, m.group_name, m.created_at ORDER BY m.member_id COLLATE "C")"
#define LOYALTY_PERIOD_SPEND_GROUP R"( GROUP BY o.member_id HAVING sum(o.spend) > 0 ORDER BY o.member_id COLLATE "C")"

}  // namespace

void SqlTransaction::put_order_lines(const std::string& shop, const std::string& order_id,
                                     const std::vector<OrderLine>& lines, bool replace) {
    static constexpr Query remove{QueryId::delete_order_lines,
                                  "DELETE FROM order_lines WHERE shop_id = ?1 AND order_id = ?2"};
    static constexpr Query insert{QueryId::insert_order_line,
                                  "INSERT INTO order_lines (shop_id, order_id, line_no, sku, category, quantity) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
    // Nothing reads what these statements return: where the store can, they go out with the next statement.
    if (replace) Call(db_, remove).bind(shop).bind(order_id).run_later();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Call(db_, insert)
            .bind(shop)
            .bind(order_id)
            .bind(static_cast<int64_t>(i))
            .bind(lines[i].sku)
            .bind(lines[i].category)
            .bind(lines[i].quantity)
            .run_later();
    }
}

std::vector<PeriodLine> SqlTransaction::period_lines(const std::string& shop, const std::string& member_id,
                                                     int64_t from, int64_t to) {
    static constexpr Query all{QueryId::period_lines, LOYALTY_PERIOD_LINES LOYALTY_PERIOD_LINES_ORDER};
    static constexpr Query one{QueryId::period_lines_of_member,
                               LOYALTY_PERIOD_LINES " AND o.member_id = ?4" LOYALTY_PERIOD_LINES_ORDER};
    Call c(db_, member_id.empty() ? all : one);
    c.bind(shop).bind(from).bind(to);
    if (!member_id.empty()) c.bind(member_id);
    std::vector<PeriodLine> out;
    while (c.row()) {
        out.push_back({c.text(0), c.text(1), c.integer(2), c.integer(3), c.integer(4), c.text(5), c.text(6),
                       c.integer(7), c.text(8), c.text(9)});
    }
    return out;
}

std::vector<MemberSpend> SqlTransaction::period_spend(const std::string& shop, const std::string& member_id,
                                                      int64_t from, int64_t to) {
    static constexpr Query all{QueryId::period_spend, LOYALTY_PERIOD_SPEND LOYALTY_PERIOD_SPEND_GROUP};
    static constexpr Query one{QueryId::period_spend_of_member,
                               LOYALTY_PERIOD_SPEND " AND o.member_id = ?4" LOYALTY_PERIOD_SPEND_GROUP};
    Call c(db_, member_id.empty() ? all : one);
    c.bind(shop).bind(from).bind(to);
    if (!member_id.empty()) c.bind(member_id);
    std::vector<MemberSpend> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1), c.integer(2), c.text(3), c.text(4)});
    return out;
}

std::optional<int64_t> SqlTransaction::settled_at(const std::string& shop, const std::string& program_id,
                                                  const std::string& period) {
    static constexpr Query q{QueryId::settled_at,
                             "SELECT settled_at FROM settlements WHERE shop_id = ?1 AND program_id = ?2 AND period = ?3"};
    Call c(db_, q);
    c.bind(shop).bind(program_id).bind(period);
    if (!c.row()) return std::nullopt;
    return c.integer(0);
}

void SqlTransaction::put_settlement(const std::string& shop, const std::string& program_id, const std::string& period,
                                    int64_t settled_at) {
    // On PostgreSQL a settlement committed by another instance since this transaction began is a
    // serialization failure instead, and the run again finds it settled.
    static constexpr Query q{QueryId::put_settlement,
                             "INSERT INTO settlements (shop_id, program_id, period, settled_at) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (shop_id, program_id, period) DO NOTHING"};
    Call c(db_, q);
    c.bind(shop).bind(program_id).bind(period).bind(settled_at).run();
    if (c.changes() == 0) fail(Status::conflict, "program \"" + program_id + "\" was already settled for " + period);
}

void SqlTransaction::add_standing(const std::string& shop, const std::string& program_id, const std::string& period,
                                  const Standing& s) {
    static constexpr Query q{
        QueryId::add_standing,
        "INSERT INTO standings (shop_id, program_id, period, member_id, name, rank, spend, units, band, times, "
        "points, grant_id, rebate, reached_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"};
    Call(db_, q)
        .bind(shop)
        .bind(program_id)
        .bind(period)
        .bind(s.member_id)
        .bind(s.name)
        .bind(s.rank)
        .bind(s.spend)
        .bind(s.units)
        .bind(s.band)
        .bind(s.times)
        .bind(s.points)
        .bind(s.grant_id)
        .bind(s.rebate)
        .bind(s.reached_at)
        .run();
}

std::vector<Standing> SqlTransaction::standings(const std::string& shop, const std::string& program_id,
                                                const std::string& period) {
    // Unranked standings (rank 0: programs that do not rank) come after every ranked one.
    static constexpr Query q{QueryId::standings,
                             "SELECT member_id, name, rank, spend, units, band, times, points, grant_id, rebate, "
                             "reached_at FROM standings WHERE shop_id = ?1 AND program_id = ?2 AND period = ?3 "
                             R"(ORDER BY rank = 0, rank, spend DESC, member_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(program_id).bind(period);
    std::vector<Standing> out;
    while (c.row()) {
        Standing s;
        s.member_id = c.text(0);
        s.name = c.text(1);
        s.rank = c.integer(2);
        s.spend = c.integer(3);
        s.units = c.integer(4);
        s.band = c.integer(5);
        s.times = c.integer(6);
        s.points = c.integer(7);
        s.grant_id = c.integer(8);
        s.rebate = c.integer(9);
        s.reached_at = c.integer(10);
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<MemberStart> SqlTransaction::member_starts(const std::string& shop, const std::string& member_id) {
    static constexpr Query all{QueryId::member_starts, LOYALTY_MEMBER_STARTS LOYALTY_MEMBER_STARTS_GROUP};
    static constexpr Query one{QueryId::member_starts_of_member,
                               LOYALTY_MEMBER_STARTS " AND m.member_id = ?2" LOYALTY_MEMBER_STARTS_GROUP};
    Call c(db_, member_id.empty() ? all : one);
    c.bind(shop);
    if (!member_id.empty()) c.bind(member_id);
    std::vector<MemberStart> out;
    while (c.row()) out.push_back({c.text(0), c.text(1), c.text(2), c.integer(3), c.optional_integer(4)});
    return out;
}

std::vector<MemberMarker> SqlTransaction::markers_with_prefix(const std::string& shop, const std::string& prefix) {
    // substr rather than LIKE: a program id may hold % or _.
    static constexpr Query q{QueryId::markers_with_prefix,
                             "SELECT member_id, marker, created_at FROM markers WHERE shop_id = ?1 "
                             "AND substr(marker, 1, length(?2::text)) = ?2::text "
                             R"(ORDER BY member_id COLLATE "C", marker COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(prefix);
    std::vector<MemberMarker> out;
    while (c.row()) out.push_back({c.text(0), c.text(1), c.integer(2)});
    return out;
}

}  // namespace loyalty::core::sql
