// What the dashboard reads of a shop: its figures and its members as a filtered list. Each is one
// statement over live members (merged records are left out) or the shop's entries and deliveries.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_SUMMARY_COLUMNS                                                                                \
    "m.member_id, m.name, m.phone, m.phone_text, m.tier, m.group_name, m.available, m.pending, m.lifetime_spend, " \
    "m.created_at"

// ?1 shop, ?2 tier (null: any), ?3 group (null: any), ?4 the text as typed ('' : any), ?5 its phone
// ('' when it is none), ?6 its LIKE pattern.
#define LOYALTY_DIRECTORY_WHERE                                                                                \
    " FROM members m WHERE m.shop_id = ?1 AND m.merged_into IS NULL"                                           \
    " AND (?2::text IS NULL OR m.tier = ?2::text) AND (?3::text IS NULL OR m.group_name = ?3::text)"          \
    " AND (?4::text = '' OR m.member_id = ?4::text OR (?5::text <> '' AND m.phone = ?5::text)"                \
    " OR lower(m.name) LIKE ?6::text ESCAPE '\\' OR m.phone LIKE ?6::text ESCAPE '\\'"                        \
    " OR m.phone_text LIKE ?6::text ESCAPE '\\'"                                                               \
    " OR m.member_id IN (SELECT r.member_id FROM member_refs r WHERE r.shop_id = ?1 AND r.customer_id = ?4::text))"

MemberSummary read_summary(Call& c) {
    return {c.text(0),    c.text(1),    c.text(2),    c.text(3),    c.text(4),
            c.text(5),    c.integer(6), c.integer(7), c.integer(8), c.integer(9)};
}

void bind_filter(Call& c, const std::string& shop, const DirectoryFilter& f) {
    c.bind(shop).bind_optional_text(f.tier).bind_optional_text(f.group).bind(f.exact).bind(f.phone).bind(f.like);
}

}  // namespace

ShopTotals SqlTransaction::shop_totals(const std::string& shop) {
    static constexpr Query q{QueryId::shop_totals,
                             "SELECT count(*), coalesce(sum(available), 0)::bigint, coalesce(sum(pending), 0)::bigint "
                             "FROM members WHERE shop_id = ?1 AND merged_into IS NULL"};
    Call c(db_, q);
    c.bind(shop);
    c.row();
    return {c.integer(0), c.integer(1), c.integer(2)};
}

int64_t SqlTransaction::active_members(const std::string& shop, int64_t since) {
    static constexpr Query q{QueryId::active_members,
                             "SELECT count(DISTINCT member_id) FROM entries WHERE shop_id = ?1 AND occurred_at >= ?2"};
    Call c(db_, q);
    c.bind(shop).bind(since);
    c.row();
    return c.integer(0);
}

std::vector<DayKindSum> SqlTransaction::entry_days(const std::string& shop, int64_t from, int64_t offset) {
    static constexpr Query q{
        QueryId::entry_days,
        "SELECT (occurred_at + ?3::bigint) / 86400, kind, sum(available_delta + pending_delta)::bigint FROM entries "
        "WHERE shop_id = ?1 AND occurred_at >= ?2 GROUP BY 1, 2 ORDER BY 1, 2"};
    Call c(db_, q);
    c.bind(shop).bind(from).bind(offset);
    std::vector<DayKindSum> out;
    while (c.row()) out.push_back({c.integer(0), c.text(1), c.integer(2)});
    return out;
}

std::vector<TierCount> SqlTransaction::tier_counts(const std::string& shop) {
    static constexpr Query q{QueryId::tier_counts,
                             "SELECT tier, count(*) FROM members WHERE shop_id = ?1 AND merged_into IS NULL "
                             R"(GROUP BY tier ORDER BY tier COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop);
    std::vector<TierCount> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1)});
    return out;
}

std::vector<MemberSummary> SqlTransaction::top_members(const std::string& shop, int limit) {
    static constexpr Query q{QueryId::top_members,
                             "SELECT " LOYALTY_SUMMARY_COLUMNS " FROM members m WHERE m.shop_id = ?1 AND "
                             R"(m.merged_into IS NULL ORDER BY m.available DESC, m.member_id COLLATE "C" LIMIT ?2)"};
    Call c(db_, q);
    c.bind(shop).bind(int64_t{limit});
    std::vector<MemberSummary> out;
    while (c.row()) out.push_back(read_summary(c));
    return out;
}

std::vector<DeliveryFigures> SqlTransaction::delivery_figures(const std::string& shop, int64_t since) {
    // One pass over the shop's delivery keys and quarantine together.
    static constexpr Query q{
        QueryId::delivery_figures,
        "SELECT platform, max(received_at), "
        "sum(CASE WHEN kept = 1 AND received_at >= ?2 THEN 1 ELSE 0 END)::bigint, "
        "sum(CASE WHEN kept = 0 AND received_at >= ?2 THEN 1 ELSE 0 END)::bigint "
        "FROM (SELECT platform, received_at, 1 AS kept FROM deliveries WHERE shop_id = ?1 "
        "UNION ALL SELECT platform, received_at, 0 AS kept FROM quarantine WHERE shop_id = ?1) d "
        R"(GROUP BY platform ORDER BY platform COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(since);
    std::vector<DeliveryFigures> out;
    while (c.row()) out.push_back({c.text(0), c.integer(1), c.integer(2), c.integer(3)});
    return out;
}

DirectoryPage SqlTransaction::directory(const std::string& shop, const DirectoryFilter& f) {
    static constexpr Query page_q{QueryId::directory,
                                  "SELECT " LOYALTY_SUMMARY_COLUMNS LOYALTY_DIRECTORY_WHERE
                                  R"( ORDER BY m.created_at DESC, m.member_id COLLATE "C" LIMIT ?7 OFFSET ?8)"};
    static constexpr Query count_q{QueryId::directory_count, "SELECT count(*)" LOYALTY_DIRECTORY_WHERE};
    DirectoryPage page;
    {
        Call c(db_, page_q);
        bind_filter(c, shop, f);
        c.bind(int64_t{f.limit}).bind(f.offset);
        while (c.row()) page.members.push_back(read_summary(c));
    }
    Call c(db_, count_q);
    bind_filter(c, shop, f);
    c.row();
    page.total = c.integer(0);
    return page;
}

}  // namespace loyalty::core::sql
