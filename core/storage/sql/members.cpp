// Shops, members, their platform references, merges and customer groups.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

std::vector<StoredShop> SqlTransaction::shops() {
    static constexpr Query q{QueryId::shops, R"(SELECT shop_id, definition FROM shops ORDER BY shop_id COLLATE "C")"};
    Call c(db_, q);
    std::vector<StoredShop> out;
    while (c.row()) out.push_back({c.text(0), c.text(1)});
    return out;
}

std::optional<StoredShop> SqlTransaction::shop(const std::string& shop_id) {
    static constexpr Query q{QueryId::shop, "SELECT shop_id, definition FROM shops WHERE shop_id = ?1"};
    Call c(db_, q);
    c.bind(shop_id);
    if (!c.row()) return std::nullopt;
    return StoredShop{c.text(0), c.text(1)};
}

void SqlTransaction::put_shop(const StoredShop& shop, int64_t now) {
    static constexpr Query q{
        QueryId::put_shop,
        "INSERT INTO shops (shop_id, definition, updated_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (shop_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at"};
    Call(db_, q).bind(shop.shop_id).bind(shop.definition).bind(now).run();
}

namespace {

// A member's row, for the queries that read one (members aliased m).
#define LOYALTY_MEMBER_ROW                                                                                         \
    "SELECT m.member_id, m.name, m.phone, m.email, m.birthday, m.created_at, m.available, m.pending, "            \
    "m.lifetime_earned, m.lifetime_spend, m.group_name, m.merged_into, m.tier, m.tier_since, m.tier_until, "      \
    "m.tier_grace, m.tier_reviewed_at, m.group_by_shop, m.phone_text FROM members m "

Member member_row(const Call& c) {
    Member m;
    m.member_id = c.text(0);
    m.name = c.text(1);
    m.phone = c.text(2);
    m.email = c.text(3);
    m.birthday = c.text(4);
    m.created_at = c.integer(5);
    m.balances = {c.integer(6), c.integer(7), c.integer(8), c.integer(9)};
    m.group = c.text(10);
    m.merged_into = c.optional_text(11);
    m.tier = {c.text(12), c.integer(13), c.optional_integer(14), c.integer(15), c.integer(16)};
    m.group_by_shop = c.boolean(17);
    m.phone_text = c.text(18);
    return m;
}

}  // namespace

std::optional<Member> SqlTransaction::member(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member, LOYALTY_MEMBER_ROW "WHERE m.shop_id = ?1 AND m.member_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    if (!c.row()) return std::nullopt;
    return member_row(c);
}

const Query& SqlTransaction::referenced_member_query() {
    static constexpr Query q{QueryId::referenced_member,
                             LOYALTY_MEMBER_ROW
                             "JOIN member_refs r ON r.shop_id = m.shop_id AND r.member_id = m.member_id "
                             "WHERE r.shop_id = ?1 AND r.platform = ?2 AND r.customer_id = ?3"};
    return q;
}

std::optional<Member> SqlTransaction::referenced_member_row(Call& c) {
    if (!c.row()) return std::nullopt;
    return member_row(c);
}

std::optional<Member> SqlTransaction::referenced_member(const std::string& shop, const PlatformRef& ref) {
    if (const Ahead* a = ahead(); a && a->keys.shop == shop && a->keys.customer &&
                                  a->keys.customer->platform == ref.platform &&
                                  a->keys.customer->customer_id == ref.customer_id)
        return a->member;
    Call c(db_, referenced_member_query());
    c.bind(shop).bind(ref.platform).bind(ref.customer_id);
    return referenced_member_row(c);
}

std::vector<PlatformRef> SqlTransaction::member_refs(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_refs,
                             "SELECT platform, customer_id FROM member_refs WHERE shop_id = ?1 AND member_id = ?2 "
                             R"(ORDER BY platform COLLATE "C", customer_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<PlatformRef> refs;
    while (c.row()) refs.push_back({c.text(0), c.text(1)});
    return refs;
}

std::optional<std::string> SqlTransaction::member_by_ref(const std::string& shop, const PlatformRef& ref) {
    static constexpr Query q{QueryId::member_by_ref,
                             "SELECT member_id FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3"};
    Call c(db_, q);
    c.bind(shop).bind(ref.platform).bind(ref.customer_id);
    if (!c.row()) return std::nullopt;
    return c.text(0);
}

std::optional<std::string> SqlTransaction::member_by_phone(const std::string& shop, const std::string& phone) {
    // Oldest first, so the answer stays stable if two records ever share a phone.
    static constexpr Query q{
        QueryId::member_by_phone,
        "SELECT member_id FROM members WHERE shop_id = ?1 AND phone = ?2 AND phone <> '' AND merged_into IS NULL "
        R"(ORDER BY created_at, member_id COLLATE "C" LIMIT 1)"};
    Call c(db_, q);
    c.bind(shop).bind(phone);
    if (!c.row()) return std::nullopt;
    return c.text(0);
}

void SqlTransaction::insert_member(const std::string& shop, const Member& m) {
    static constexpr Query q{QueryId::insert_member,
                             "INSERT INTO members (shop_id, member_id, name, phone, email, birthday, created_at, "
                             "group_name, group_by_shop, phone_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
    Call(db_, q)
        .bind(shop)
        .bind(m.member_id)
        .bind(m.name)
        .bind(m.phone)
        .bind(m.email)
        .bind(m.birthday)
        .bind(m.created_at)
        .bind(m.group)
        .bind_bool(m.group_by_shop)
        .bind(m.phone_text)
        .run();
}

void SqlTransaction::update_profile(const std::string& shop, const Member& m) {
    static constexpr Query q{
        QueryId::update_profile,
        "UPDATE members SET name = ?3, phone = ?4, email = ?5, birthday = ?6, group_name = ?7, phone_text = ?8 "
        "WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q)
        .bind(shop)
        .bind(m.member_id)
        .bind(m.name)
        .bind(m.phone)
        .bind(m.email)
        .bind(m.birthday)
        .bind(m.group)
        .bind(m.phone_text)
        .run();
}

std::vector<MergedMember> SqlTransaction::merged_members(const std::string& shop) {
    static constexpr Query q{QueryId::merged_members,
                             "SELECT member_id, merged_into FROM members WHERE shop_id = ?1 AND merged_into IS NOT NULL "
                             R"(ORDER BY member_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop);
    std::vector<MergedMember> out;
    while (c.row()) out.push_back({c.text(0), c.text(1)});
    return out;
}

void SqlTransaction::set_group(const std::string& shop, const std::string& member_id, const std::string& group,
                               bool by_shop) {
    static constexpr Query q{
        QueryId::set_group,
        "UPDATE members SET group_name = ?3, group_by_shop = ?4 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(member_id).bind(group).bind_bool(by_shop).run();
}

void SqlTransaction::put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) {
    static constexpr Query q{QueryId::put_ref,
                             "INSERT INTO member_refs (shop_id, platform, customer_id, member_id) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (shop_id, platform, customer_id) DO UPDATE SET member_id = excluded.member_id"};
    Call(db_, q).bind(shop).bind(ref.platform).bind(ref.customer_id).bind(member_id).run();
}

std::optional<int64_t> SqlTransaction::ref_version(const std::string& shop, const PlatformRef& ref) {
    static constexpr Query q{QueryId::ref_version,
                             "SELECT version FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3"};
    Call c(db_, q);
    c.bind(shop).bind(ref.platform).bind(ref.customer_id);
    if (!c.row()) return std::nullopt;
    return c.optional_integer(0);
}

void SqlTransaction::set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) {
    static constexpr Query q{QueryId::set_ref_version,
                             "UPDATE member_refs SET version = ?4 WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3"};
    Call(db_, q).bind(shop).bind(ref.platform).bind(ref.customer_id).bind(version).run();
}

std::optional<std::string> SqlTransaction::remove_ref(const std::string& shop, const PlatformRef& ref) {
    static constexpr Query q{
        QueryId::remove_ref,
        "DELETE FROM member_refs WHERE shop_id = ?1 AND platform = ?2 AND customer_id = ?3 RETURNING member_id"};
    Call c(db_, q);
    c.bind(shop).bind(ref.platform).bind(ref.customer_id);
    if (!c.row()) return std::nullopt;
    return c.text(0);
}

void SqlTransaction::mark_merged(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query q{QueryId::mark_merged,
                             "UPDATE members SET merged_into = ?3, phone = '' WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(from).bind(into).run();
}

void SqlTransaction::move_refs(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query q{QueryId::move_refs,
                             "UPDATE member_refs SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(from).bind(into).run();
}

void SqlTransaction::move_orders(const std::string& shop, const std::string& from, const std::string& into) {
    static constexpr Query q{QueryId::move_orders,
                             "UPDATE orders SET member_id = ?3 WHERE shop_id = ?1 AND member_id = ?2"};
    Call(db_, q).bind(shop).bind(from).bind(into).run();
}

}  // namespace loyalty::core::sql
