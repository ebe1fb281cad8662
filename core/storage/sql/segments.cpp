// RFM scores and segments (core/segments/). Members are paged by member id in the backend's own
// collation, and the ranges replace_rfm deletes are compared in the same one, so a page and the
// rows it replaces always cover the same members; the members' primary key serves both.
#include <unordered_map>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

std::vector<RfmInput> SqlTransaction::rfm_inputs(const std::string& shop, const std::string& after, int limit) {
    static constexpr Query members{QueryId::rfm_members,
                                   "SELECT member_id FROM members WHERE shop_id = ?1 AND merged_into IS NULL "
                                   "AND member_id > ?2 ORDER BY member_id LIMIT ?3::bigint"};
    // An order counts once it first paid (earn_rate is locked then) while it keeps net spend: a
    // cancelled or fully refunded one has none.
    static constexpr Query orders{
        QueryId::rfm_orders,
        "SELECT member_id, count(*), coalesce(sum(spend), 0)::bigint, max(paid_at) FROM orders "
        "WHERE shop_id = ?1 AND member_id > ?2 AND member_id <= ?3 AND earn_rate > 0 AND spend > 0 "
        "GROUP BY member_id"};
    std::vector<RfmInput> out;
    {
        Call c(db_, members);
        c.bind(shop).bind(after).bind(int64_t{limit});
        while (c.row()) out.push_back({c.text(0), 0, 0, 0});
    }
    if (out.empty()) return out;
    std::unordered_map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < out.size(); ++i) at.emplace(out[i].member_id, i);
    Call c(db_, orders);
    c.bind(shop).bind(after).bind(out.back().member_id);
    while (c.row()) {
        auto it = at.find(c.text(0));
        if (it == at.end()) continue;  // a merged record's order not moved to its survivor
        RfmInput& in = out[it->second];
        in.orders = c.integer(1);
        in.spend = c.integer(2);
        in.last_paid_at = c.integer(3);
    }
    return out;
}

void SqlTransaction::replace_rfm(const std::string& shop, const std::string& month, const std::string& after,
                                 const std::optional<std::string>& through, const std::vector<MemberRfm>& rows) {
    static constexpr Query clear{QueryId::delete_rfm,
                                 "DELETE FROM member_rfm WHERE shop_id = ?1 AND member_id > ?2 AND member_id <= ?3"};
    static constexpr Query clear_to_end{QueryId::delete_rfm_to_end,
                                        "DELETE FROM member_rfm WHERE shop_id = ?1 AND member_id > ?2"};
    static constexpr Query clear_month{QueryId::delete_rfm_month,
                                       "DELETE FROM member_segment_months WHERE shop_id = ?1 AND month = ?4 "
                                       "AND member_id > ?2 AND member_id <= ?3"};
    static constexpr Query clear_month_to_end{
        QueryId::delete_rfm_month_to_end,
        "DELETE FROM member_segment_months WHERE shop_id = ?1 AND month = ?3 AND member_id > ?2"};
    static constexpr Query insert{
        QueryId::insert_rfm,
        "INSERT INTO member_rfm (shop_id, member_id, recency_days, orders, spend, recency, frequency, monetary, "
        "segment, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
    static constexpr Query insert_month{
        QueryId::insert_rfm_month,
        "INSERT INTO member_segment_months (shop_id, month, member_id, segment) VALUES (?1, ?2, ?3, ?4)"};
    if (through) {
        Call(db_, clear).bind(shop).bind(after).bind(*through).run();
        Call(db_, clear_month).bind(shop).bind(after).bind(*through).bind(month).run();
    } else {
        Call(db_, clear_to_end).bind(shop).bind(after).run();
        Call(db_, clear_month_to_end).bind(shop).bind(after).bind(month).run();
    }
    for (const MemberRfm& r : rows) {
        Call(db_, insert)
            .bind(shop)
            .bind(r.member_id)
            .bind(r.recency_days)
            .bind(r.orders)
            .bind(r.spend)
            .bind(r.recency)
            .bind(r.frequency)
            .bind(r.monetary)
            .bind(r.segment)
            .bind(r.computed_at)
            .run();
        Call(db_, insert_month).bind(shop).bind(month).bind(r.member_id).bind(r.segment).run();
    }
}

std::optional<MemberRfm> SqlTransaction::member_rfm(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_rfm,
                             "SELECT recency_days, orders, spend, recency, frequency, monetary, segment, computed_at "
                             "FROM member_rfm WHERE shop_id = ?1 AND member_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    if (!c.row()) return std::nullopt;
    return MemberRfm{member_id,    c.integer(0), c.integer(1), c.integer(2), c.integer(3),
                     c.integer(4), c.integer(5), c.text(6),    c.integer(7)};
}

std::optional<RfmRun> SqlTransaction::rfm_run(const std::string& shop) {
    static constexpr Query q{QueryId::rfm_run,
                             "SELECT computed_at, day, month, members FROM rfm_runs WHERE shop_id = ?1"};
    Call c(db_, q);
    c.bind(shop);
    if (!c.row()) return std::nullopt;
    return RfmRun{shop, c.integer(0), c.integer(1), c.text(2), c.integer(3)};
}

void SqlTransaction::put_rfm_run(const RfmRun& run) {
    static constexpr Query q{QueryId::put_rfm_run,
                             "INSERT INTO rfm_runs (shop_id, computed_at, day, month, members) "
                             "VALUES (?1, ?2, ?3, ?4, ?5) "
                             "ON CONFLICT (shop_id) DO UPDATE SET computed_at = excluded.computed_at, "
                             "day = excluded.day, month = excluded.month, members = excluded.members"};
    Call(db_, q).bind(run.shop_id).bind(run.computed_at).bind(run.day).bind(run.month).bind(run.members).run();
}

std::vector<SegmentCount> SqlTransaction::segment_counts(const std::string& shop, const std::string& month) {
    static constexpr Query q{QueryId::segment_counts,
                             "SELECT segment, count(*) FROM member_segment_months WHERE shop_id = ?1 AND month = ?2 "
                             "GROUP BY segment"};
    Call c(db_, q);
    c.bind(shop).bind(month);
    std::vector<SegmentCount> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1)});
    return out;
}

int64_t SqlTransaction::prune_segment_months(const std::string& shop, const std::string& month, int limit) {
    static constexpr Query oldest{QueryId::oldest_segment_month,
                                  "SELECT min(month) FROM member_segment_months WHERE shop_id = ?1 AND month < ?2"};
    static constexpr Query prune{QueryId::prune_segment_month,
                                 "DELETE FROM member_segment_months WHERE shop_id = ?1 AND month = ?2 AND member_id IN "
                                 "(SELECT member_id FROM member_segment_months WHERE shop_id = ?1 AND month = ?2 "
                                 "ORDER BY member_id LIMIT ?3)"};
    std::optional<std::string> old;
    {
        Call c(db_, oldest);
        c.bind(shop).bind(month);
        if (c.row()) old = c.optional_text(0);
    }
    if (!old) return 0;
    Call c(db_, prune);
    c.bind(shop).bind(*old).bind(static_cast<int64_t>(limit)).run();
    return c.changes();
}

}  // namespace loyalty::core::sql
