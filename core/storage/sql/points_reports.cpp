// Points liability and redemption by tier (core/reports/): the ledger summed by month and by
// member in the database, entry kinds grouped as report_sql.hpp has them.
#include "storage/sql/report_sql.hpp"
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

PointsBalance SqlTransaction::points_before(const std::string& shop, int64_t before) {
    static constexpr Query q{QueryId::points_before,
                             "SELECT coalesce(sum(available_delta), 0)::bigint, coalesce(sum(pending_delta), 0)::bigint "
                             "FROM entries WHERE shop_id = ?1 AND occurred_at < ?2"};
    Call c(db_, q);
    c.bind(shop).bind(before);
    c.row();
    return {c.integer(0), c.integer(1)};
}

std::vector<PointsFlowMonth> SqlTransaction::points_flows(const std::string& shop, const std::vector<int64_t>& bounds) {
    static constexpr Query q{
        QueryId::points_flows,
        "WITH RECURSIVE " LOYALTY_MONTHS("?2", "?3") " SELECT m.i, sum(" LOYALTY_EARNED("e") ")::bigint, "
        "sum(" LOYALTY_REDEEMED("e") ")::bigint, sum(" LOYALTY_OF_KIND("e", "expire", "-") ")::bigint, "
        "sum(" LOYALTY_OF_KIND("e", "adjust", "") ")::bigint, sum(e.available_delta)::bigint, "
        "sum(e.pending_delta)::bigint FROM months m JOIN entries e ON e.shop_id = ?1 AND "
        "e.occurred_at >= m.start_at AND e.occurred_at < m.end_at GROUP BY m.i ORDER BY m.i"};
    Call c(db_, q);
    c.bind(shop).bind(month_bounds(bounds)).bind(month_count(bounds));
    std::vector<PointsFlowMonth> out;
    while (c.row())
        out.push_back({c.integer(0), c.integer(1), c.integer(2), c.integer(3), c.integer(4),
                       {c.integer(5), c.integer(6)}});
    return out;
}

std::vector<TierPoints> SqlTransaction::tier_points(const std::string& shop, int64_t from, int64_t to) {
    // merges (member_id, into_id, hops) follows each merged record to the live member it ended in:
    // a survivor absorbed in turn passes its own absorbed records on. Entries stay under the id
    // they were posted to, so an absorbed record's earlier points count for its survivor.
    static constexpr Query q{
        QueryId::tier_points,
        "WITH RECURSIVE merges (member_id, into_id, hops) AS (SELECT member_id, merged_into, 1 FROM members "
        "WHERE shop_id = ?1 AND merged_into IS NOT NULL UNION ALL SELECT g.member_id, m.merged_into, g.hops + 1 "
        "FROM merges g JOIN members m ON m.shop_id = ?1 AND m.member_id = g.into_id "
        "WHERE m.merged_into IS NOT NULL AND g.hops < 16), "
        "owners (member_id, live_id) AS (SELECT g.member_id, g.into_id FROM merges g JOIN members l "
        "ON l.shop_id = ?1 AND l.member_id = g.into_id WHERE l.merged_into IS NULL), "
        "points (member_id, earned, redeemed) AS (SELECT coalesce(w.live_id, e.member_id), "
        "sum(" LOYALTY_EARNED("e") "), sum(" LOYALTY_REDEEMED("e") ") FROM entries e "
        "LEFT JOIN owners w ON w.member_id = e.member_id "
        "WHERE e.shop_id = ?1 AND e.occurred_at >= ?2 AND e.occurred_at < ?3 GROUP BY coalesce(w.live_id, e.member_id)) "
        "SELECT m.tier, count(*), coalesce(sum(p.earned), 0)::bigint, coalesce(sum(p.redeemed), 0)::bigint, "
        "sum(CASE WHEN p.redeemed > 0 THEN 1 ELSE 0 END)::bigint FROM members m "
        "LEFT JOIN points p ON p.member_id = m.member_id WHERE m.shop_id = ?1 AND m.merged_into IS NULL "
        R"(GROUP BY m.tier ORDER BY m.tier COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(from).bind(to);
    std::vector<TierPoints> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1), c.integer(2), c.integer(3), c.integer(4)});
    return out;
}

}  // namespace loyalty::core::sql
