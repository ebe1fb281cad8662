// Staff accounts, their signed-in sessions and the audit trail of what they changed.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_STAFF_COLUMNS \
    "username, shop_id, role, password_hash, created_at, last_login_at, failed_logins, locked_until"

StaffMember read_staff(Call& c) {
    StaffMember s;
    s.username = c.text(0);
    s.shop_id = c.text(1);
    s.role = staff_role_from(c.text(2)).value_or(StaffRole::viewer);
    s.password_hash = c.text(3);
    s.created_at = c.integer(4);
    s.last_login_at = c.optional_integer(5);
    s.failed_logins = c.integer(6);
    s.locked_until = c.integer(7);
    return s;
}

}  // namespace

std::optional<StaffMember> SqlTransaction::staff_member(const std::string& username) {
    static constexpr Query q{QueryId::staff_member, "SELECT " LOYALTY_STAFF_COLUMNS " FROM staff WHERE username = ?1"};
    Call c(db_, q);
    c.bind(username);
    if (!c.row()) return std::nullopt;
    return read_staff(c);
}

std::vector<StaffMember> SqlTransaction::staff(const std::string& shop) {
    static constexpr Query q{QueryId::staff_of_shop, "SELECT " LOYALTY_STAFF_COLUMNS
                                                     R"( FROM staff WHERE shop_id = ?1 ORDER BY username COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop);
    std::vector<StaffMember> out;
    while (c.row()) out.push_back(read_staff(c));
    return out;
}

bool SqlTransaction::insert_staff(const StaffMember& s) {
    static constexpr Query q{QueryId::insert_staff,
                             "INSERT INTO staff (" LOYALTY_STAFF_COLUMNS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (username) DO NOTHING"};
    Call c(db_, q);
    c.bind(s.username)
        .bind(s.shop_id)
        .bind(to_string(s.role))
        .bind(s.password_hash)
        .bind(s.created_at)
        .bind(s.last_login_at)
        .bind(s.failed_logins)
        .bind(s.locked_until)
        .run();
    return c.changes() == 1;
}

void SqlTransaction::update_staff(const StaffMember& s) {
    static constexpr Query q{QueryId::update_staff,
                             "UPDATE staff SET role = ?2, password_hash = ?3, last_login_at = ?4, failed_logins = ?5, "
                             "locked_until = ?6 WHERE username = ?1"};
    Call(db_, q)
        .bind(s.username)
        .bind(to_string(s.role))
        .bind(s.password_hash)
        .bind(s.last_login_at)
        .bind(s.failed_logins)
        .bind(s.locked_until)
        .run();
}

bool SqlTransaction::remove_staff(const std::string& username) {
    static constexpr Query sessions{QueryId::remove_staff_sessions, "DELETE FROM staff_sessions WHERE username = ?1"};
    static constexpr Query q{QueryId::remove_staff, "DELETE FROM staff WHERE username = ?1"};
    Call(db_, sessions).bind(username).run();
    Call c(db_, q);
    c.bind(username).run();
    return c.changes() == 1;
}

void SqlTransaction::insert_session(const StaffSession& s) {
    static constexpr Query q{QueryId::insert_session,
                             "INSERT INTO staff_sessions (token_hash, username, csrf_token, created_at, seen_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)"};
    Call(db_, q).bind(s.token_hash).bind(s.username).bind(s.csrf_token).bind(s.created_at).bind(s.seen_at).run();
}

std::optional<StaffSession> SqlTransaction::session(const std::string& token_hash) {
    static constexpr Query q{
        QueryId::session,
        "SELECT s.token_hash, s.username, m.shop_id, m.role, s.csrf_token, s.created_at, s.seen_at "
        "FROM staff_sessions s JOIN staff m ON m.username = s.username WHERE s.token_hash = ?1"};
    Call c(db_, q);
    c.bind(token_hash);
    if (!c.row()) return std::nullopt;
    StaffSession s;
    s.token_hash = c.text(0);
    s.username = c.text(1);
    s.shop_id = c.text(2);
    s.role = staff_role_from(c.text(3)).value_or(StaffRole::viewer);
    s.csrf_token = c.text(4);
    s.created_at = c.integer(5);
    s.seen_at = c.integer(6);
    return s;
}

void SqlTransaction::touch_session(const std::string& token_hash, int64_t now) {
    static constexpr Query q{QueryId::touch_session, "UPDATE staff_sessions SET seen_at = ?2 WHERE token_hash = ?1"};
    Call(db_, q).bind(token_hash).bind(now).run();
}

void SqlTransaction::remove_session(const std::string& token_hash) {
    static constexpr Query q{QueryId::remove_session, "DELETE FROM staff_sessions WHERE token_hash = ?1"};
    Call(db_, q).bind(token_hash).run();
}

void SqlTransaction::remove_sessions(const std::string& username, std::optional<int64_t> before) {
    static constexpr Query all{QueryId::remove_sessions_all, "DELETE FROM staff_sessions WHERE username = ?1"};
    static constexpr Query old{QueryId::remove_sessions_before,
                               "DELETE FROM staff_sessions WHERE username = ?1 AND created_at < ?2"};
    if (before) Call(db_, old).bind(username).bind(*before).run();
    else Call(db_, all).bind(username).run();
}

int64_t SqlTransaction::append_audit(const AuditRecord& r) {
    static constexpr Query q{QueryId::append_audit,
                             "INSERT INTO audit (shop_id, at, actor, action, target, detail) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING audit_id"};
    Call c(db_, q);
    c.bind(r.shop_id).bind(r.at).bind(r.actor).bind(r.action).bind(r.target).bind(r.detail);
    c.row();
    return c.integer(0);
}

std::vector<AuditRecord> SqlTransaction::audit(const std::string& shop, const AuditQuery& aq) {
    static constexpr Query latest{QueryId::audit,
                                  "SELECT audit_id, shop_id, at, actor, action, target, detail FROM audit "
                                  "WHERE shop_id = ?1 ORDER BY audit_id DESC LIMIT ?2"};
    static constexpr Query older{QueryId::audit_before,
                                 "SELECT audit_id, shop_id, at, actor, action, target, detail FROM audit "
                                 "WHERE shop_id = ?1 AND audit_id < ?3 ORDER BY audit_id DESC LIMIT ?2"};
    Call c(db_, aq.before ? older : latest);
    c.bind(shop).bind(int64_t{aq.limit});
    if (aq.before) c.bind(*aq.before);
    std::vector<AuditRecord> out;
    while (c.row())
        out.push_back({c.integer(0), c.text(1), c.integer(2), c.text(3), c.text(4), c.text(5), c.text(6)});
    return out;
}

}  // namespace loyalty::core::sql
