// Cohorts and repeat purchases (core/reports/): paid orders counted by member and local month, in
// the database, so what comes back is bounded by the window's months.
#include "storage/sql/report_sql.hpp"
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

// firsts (member_id, first_at, orders): each member's first paid order ever, and how many they paid.
#define LOYALTY_FIRSTS                                                                                         \
    "firsts (member_id, first_at, orders) AS (SELECT o.member_id, min(o.paid_at), count(*) FROM orders o "     \
    "WHERE o.shop_id = ?1 AND " LOYALTY_PAID_ORDER("o") " GROUP BY o.member_id)"
// Members by the month of the window their first paid order fell in.
#define LOYALTY_COHORT_MEMBERS " FROM firsts f JOIN months c ON f.first_at >= c.start_at AND f.first_at < c.end_at"

}  // namespace

std::vector<CohortSize> SqlTransaction::cohort_sizes(const std::string& shop, const std::vector<int64_t>& bounds) {
    static constexpr Query q{QueryId::cohort_sizes,
                             "WITH RECURSIVE " LOYALTY_MONTHS("?2", "?3") ", " LOYALTY_FIRSTS
                             " SELECT c.i, count(*), sum(CASE WHEN f.orders >= 2 THEN 1 ELSE 0 END)::bigint"
                             LOYALTY_COHORT_MEMBERS " GROUP BY c.i ORDER BY c.i"};
    Call c(db_, q);
    c.bind(shop).bind(month_bounds(bounds)).bind(month_count(bounds));
    std::vector<CohortSize> out;
    while (c.row()) out.push_back({c.integer(0), c.integer(1), c.integer(2)});
    return out;
}

std::vector<CohortActivity> SqlTransaction::cohort_activity(const std::string& shop,
                                                            const std::vector<int64_t>& bounds) {
    static constexpr Query q{QueryId::cohort_activity,
                             "WITH RECURSIVE " LOYALTY_MONTHS("?2", "?3") ", " LOYALTY_FIRSTS
                             " SELECT c.i, a.i, count(DISTINCT o.member_id)" LOYALTY_COHORT_MEMBERS
                             " JOIN orders o ON o.shop_id = ?1 AND o.member_id = f.member_id AND "
                             LOYALTY_PAID_ORDER("o") " JOIN months a ON o.paid_at >= a.start_at AND "
                             "o.paid_at < a.end_at GROUP BY c.i, a.i ORDER BY c.i, a.i"};
    Call c(db_, q);
    c.bind(shop).bind(month_bounds(bounds)).bind(month_count(bounds));
    std::vector<CohortActivity> out;
    while (c.row()) out.push_back({c.integer(0), c.integer(1), c.integer(2)});
    return out;
}

PaidOrderTotals SqlTransaction::paid_order_totals(const std::string& shop, int64_t from, int64_t to) {
    static constexpr Query q{
        QueryId::paid_order_totals,
        "SELECT count(*), coalesce(sum(CASE WHEN w.orders >= 2 THEN 1 ELSE 0 END), 0)::bigint, "
        "coalesce(sum(w.orders), 0)::bigint FROM (SELECT o.member_id, count(*) AS orders FROM orders o "
        "WHERE o.shop_id = ?1 AND " LOYALTY_PAID_ORDER("o") " AND o.paid_at >= ?2 AND o.paid_at < ?3 "
        "GROUP BY o.member_id) w"};
    Call c(db_, q);
    c.bind(shop).bind(from).bind(to);
    c.row();
    return {c.integer(0), c.integer(1), c.integer(2)};
}

std::vector<PaidOrderMonth> SqlTransaction::paid_order_months(const std::string& shop,
                                                              const std::vector<int64_t>& bounds) {
    // Returning: paid before the month began, however long before (the window does not limit it).
    static constexpr Query q{
        QueryId::paid_order_months,
        "WITH RECURSIVE " LOYALTY_MONTHS("?2", "?3") " SELECT m.i, count(DISTINCT o.member_id), "
        "count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM orders p WHERE p.shop_id = ?1 AND "
        "p.member_id = o.member_id AND " LOYALTY_PAID_ORDER("p") " AND p.paid_at < m.start_at) "
        "THEN o.member_id END), count(*) FROM months m JOIN orders o ON o.shop_id = ?1 AND "
        LOYALTY_PAID_ORDER("o") " AND o.paid_at >= m.start_at AND o.paid_at < m.end_at GROUP BY m.i ORDER BY m.i"};
    Call c(db_, q);
    c.bind(shop).bind(month_bounds(bounds)).bind(month_count(bounds));
    std::vector<PaidOrderMonth> out;
    while (c.row()) out.push_back({c.integer(0), c.integer(1), c.integer(2), c.integer(3)});
    return out;
}

}  // namespace loyalty::core::sql
