// The rewards most claimed (core/reports/): catalogue claims by reward, counted in the database.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

std::vector<RewardClaims> SqlTransaction::reward_claims(const std::string& shop, int64_t from, int64_t to, int limit) {
    // A voided claim gave its points and its stock back, so it is not counted; prizes and awards
    // (any other source) were never claimed.
    static constexpr Query q{
        QueryId::reward_claims,
        "SELECT reward_id, count(*), sum(CASE WHEN status = 'used' THEN 1 ELSE 0 END)::bigint, "
        "coalesce(sum(cost_points), 0)::bigint FROM grants WHERE shop_id = ?1 AND source = 'claim' "
        "AND status <> 'voided' AND issued_at >= ?2 AND issued_at < ?3 "
        R"(GROUP BY reward_id ORDER BY count(*) DESC, reward_id COLLATE "C" LIMIT ?4)"};
    Call c(db_, q);
    c.bind(shop).bind(from).bind(to).bind(int64_t{limit});
    std::vector<RewardClaims> out;
    while (c.row()) out.push_back({c.text(0), std::nullopt, c.integer(1), c.integer(2), c.integer(3)});
    return out;
}

}  // namespace loyalty::core::sql
