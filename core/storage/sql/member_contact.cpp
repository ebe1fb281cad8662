// Each member's contact choices and the token of their points page.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_CONTACT_COLUMNS "shop_id, member_id, page_token, opted_out, updated_at"

std::optional<MemberContact> read_contact(Call& c) {
    if (!c.row()) return std::nullopt;
    return MemberContact{c.text(0), c.text(1), c.text(2), c.integer(3) != 0, c.integer(4)};
}

}  // namespace

std::optional<MemberContact> SqlTransaction::member_contact(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_contact, "SELECT " LOYALTY_CONTACT_COLUMNS
                                                      " FROM member_contact WHERE shop_id = ?1 AND member_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    return read_contact(c);
}

std::optional<MemberContact> SqlTransaction::contact_by_page_token(const std::string& token) {
    static constexpr Query q{QueryId::contact_by_page_token,
                             "SELECT " LOYALTY_CONTACT_COLUMNS " FROM member_contact WHERE page_token = ?1"};
    Call c(db_, q);
    c.bind(token);
    return read_contact(c);
}

void SqlTransaction::put_member_contact(const MemberContact& m) {
    static constexpr Query q{QueryId::put_member_contact,
                             "INSERT INTO member_contact (" LOYALTY_CONTACT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5) "
                             "ON CONFLICT (shop_id, member_id) DO UPDATE SET page_token = excluded.page_token, "
                             "opted_out = excluded.opted_out, updated_at = excluded.updated_at"};
    Call(db_, q)
        .bind(m.shop_id)
        .bind(m.member_id)
        .bind(m.page_token)
        .bind(int64_t{m.opted_out ? 1 : 0})
        .bind(m.updated_at)
        .run();
}

}  // namespace loyalty::core::sql
