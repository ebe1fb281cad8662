// Staff accounts, sign-in with a growing delay after failures, sessions and the audit trail
// (docs/dashboard.md, "Staff and sessions").
#include <algorithm>

#include "engine.hpp"
#include "staff/password.hpp"
#include "util/error.hpp"

namespace loyalty::core {
namespace {

// A login is one namespace over every shop of an instance: lowercase letters, digits and . _ - @.
std::string checked_username(std::string_view raw) {
    std::string name;
    for (char c : raw) name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    bool ok = name.size() >= 3 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                         c == '@';
              });
    if (!ok)
        fail(Status::invalid_argument,
             "username must be 3 to 64 characters of letters, digits and . _ - @ (\"" + std::string(raw) + "\")");
    return name;
}

void check_password(std::string_view password) {
    if (password.size() < 8) fail(Status::invalid_argument, "password must be at least 8 characters");
    if (password.size() > 256) fail(Status::invalid_argument, "password must be at most 256 bytes");
}

// After the fifth failure in a row, each attempt waits: 2 s, 4 s, 8 s, … up to 15 minutes.
int64_t lock_seconds(int64_t failures) {
    if (failures < 5) return 0;
    return std::min<int64_t>(900, int64_t{1} << std::min<int64_t>(failures - 4, 10));
}

// A hash to check an unknown username's password against, so that a wrong username takes as long
// to refuse as a wrong password and cannot be told apart by timing.
const std::string& decoy_hash() {
    static const std::string hash = hash_password("decoy password, never matched");
    return hash;
}

StaffMember member_of_shop(Transaction& tx, const std::string& shop_id, const std::string& username) {
    auto m = tx.staff_member(username);
    if (!m || m->shop_id != shop_id)
        fail(Status::not_found, "shop \"" + shop_id + "\" has no staff member \"" + username + "\"");
    return *m;
}

bool last_owner(Transaction& tx, const StaffMember& m) {
    if (m.role != StaffRole::owner) return false;
    auto all = tx.staff(m.shop_id);
    return std::count_if(all.begin(), all.end(), [](const StaffMember& s) { return s.role == StaffRole::owner; }) <= 1;
}

}  // namespace

StaffMember Engine::add_staff(const std::string& shop_id, const std::string& username, StaffRole role,
                              const std::string& password) {
    shop(shop_id);  // not_found for a shop that is not stored
    StaffMember m;
    m.username = checked_username(username);
    m.shop_id = shop_id;
    m.role = role;
    check_password(password);
    m.password_hash = hash_password(password);
    m.created_at = now();
    store_->write([&](Transaction& tx) {
        if (!tx.insert_staff(m)) fail(Status::conflict, "username \"" + m.username + "\" is taken");
        return 0;
    });
    return m;
}

std::vector<StaffMember> Engine::staff(const std::string& shop_id) {
    shop(shop_id);
    return store_->read([&](Transaction& tx) { return tx.staff(shop_id); });
}

void Engine::remove_staff(const std::string& shop_id, const std::string& username) {
    std::string name = checked_username(username);
    store_->write([&](Transaction& tx) {
        auto m = member_of_shop(tx, shop_id, name);
        // Someone must be left who can manage the shop's staff from the dashboard.
        if (last_owner(tx, m)) fail(Status::conflict, "\"" + name + "\" is the shop's last owner");
        tx.remove_staff(name);
        return 0;
    });
}

StaffMember Engine::reset_staff_password(const std::string& shop_id, const std::string& username,
                                         const std::string& password) {
    std::string name = checked_username(username);
    check_password(password);
    std::string hash = hash_password(password);
    return store_->write([&](Transaction& tx) {
        auto m = member_of_shop(tx, shop_id, name);
        m.password_hash = hash;
        m.failed_logins = 0;
        m.locked_until = 0;
        tx.update_staff(m);
        // Whoever knew the old password is signed out everywhere.
        tx.remove_sessions(name, std::nullopt);
        return m;
    });
}

LoginResult Engine::login(const std::string& username, const std::string& password, const SessionPolicy& policy) {
    LoginResult refused;
    std::string name;
    try {
        name = checked_username(username);
    } catch (const Error&) {
        verify_password(password, decoy_hash());
        return refused;
    }
    const int64_t t = now();
    auto stored = store_->read([&](Transaction& tx) { return tx.staff_member(name); });
    if (!stored || stored->password_hash.empty()) {
        verify_password(password, decoy_hash());
        return refused;
    }
    if (stored->locked_until > t) return {LoginOutcome::throttled, {}, {}, stored->locked_until - t};
    const bool right = password.size() <= 256 && verify_password(password, stored->password_hash);
    const std::string token = random_token();
    const std::string csrf = random_token();
    return store_->write([&](Transaction& tx) -> LoginResult {
        auto m = tx.staff_member(name);
        if (!m) return refused;
        if (!right) {
            // The wait runs from the refusal, not from the start of the tenth of a second the hash took.
            const int64_t refused_at = now();
            m->failed_logins += 1;
            m->locked_until = std::max(m->locked_until, refused_at + lock_seconds(m->failed_logins));
            tx.update_staff(*m);
            return {LoginOutcome::refused, {}, {}, std::max<int64_t>(0, m->locked_until - refused_at)};
        }
        m->failed_logins = 0;
        m->locked_until = 0;
        m->last_login_at = t;
        tx.update_staff(*m);
        tx.remove_sessions(name, t - policy.absolute_seconds);
        StaffSession s{token_digest(token), name, m->shop_id, m->role, csrf, t, t};
        tx.insert_session(s);
        return {LoginOutcome::signed_in, token, s, 0};
    });
}

std::optional<StaffSession> Engine::session(const std::string& token, const SessionPolicy& policy) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    const std::string hash = token_digest(token);
    auto s = store_->read([&](Transaction& tx) { return tx.session(hash); });
    if (!s) return std::nullopt;
    const int64_t t = now();
    if (t - s->created_at >= policy.absolute_seconds || t - s->seen_at >= policy.idle_seconds) {
        store_->write([&](Transaction& tx) {
            tx.remove_session(hash);
            return 0;
        });
        return std::nullopt;
    }
    // Written at most once a minute per session, not on every request.
    if (t - s->seen_at >= 60) {
        store_->write([&](Transaction& tx) {
            tx.touch_session(hash, t);
            return 0;
        });
        s->seen_at = t;
    }
    return s;
}

void Engine::logout(const std::string& token) {
    const std::string hash = token_digest(token);
    store_->write([&](Transaction& tx) {
        tx.remove_session(hash);
        return 0;
    });
}

LoginResult Engine::platform_owner_session(const std::string& shop_id, const std::string& platform) {
    shop(shop_id);
    const int64_t t = now();
    // The platform's install proved the shop's owner: they sign in through it again, not with a
    // password, until an owner gives the account one (loyaltyctl staff reset).
    StaffMember owner;
    owner.username = checked_username(platform + "-" + shop_id);
    owner.shop_id = shop_id;
    owner.role = StaffRole::owner;
    owner.created_at = t;
    const std::string token = random_token();
    const std::string csrf = random_token();
    return store_->write([&](Transaction& tx) -> LoginResult {
        auto m = tx.staff_member(owner.username);
        if (!m) {
            tx.insert_staff(owner);
            m = owner;
        }
        if (m->shop_id != shop_id) fail(Status::conflict, "username \"" + owner.username + "\" belongs to another shop");
        m->last_login_at = t;
        tx.update_staff(*m);
        StaffSession s{token_digest(token), m->username, shop_id, m->role, csrf, t, t};
        tx.insert_session(s);
        return {LoginOutcome::signed_in, token, s, 0};
    });
}

void Engine::record_audit(AuditRecord record) {
    record.at = now();
    store_->write([&](Transaction& tx) { return tx.append_audit(record); });
}

std::vector<AuditRecord> Engine::audit(const std::string& shop_id, const AuditQuery& query) {
    if (query.limit < 1 || query.limit > 500) fail(Status::invalid_argument, "limit must be between 1 and 500");
    return store_->read([&](Transaction& tx) { return tx.audit(shop_id, query); });
}

}  // namespace loyalty::core
