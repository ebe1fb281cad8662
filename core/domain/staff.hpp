#pragma once
// Staff accounts of a shop, their signed-in sessions and the audit trail of what they changed
// (docs/dashboard.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

// owner: everything, the program and staff included; cashier: find members, redeem, claim and use
// grants; viewer: read only.
enum class StaffRole { owner, cashier, viewer };

std::string_view to_string(StaffRole r);
std::optional<StaffRole> staff_role_from(std::string_view s);

// One login across every shop of an instance: a username belongs to one shop.
struct StaffMember {
    std::string username;  // lowercase
    std::string shop_id;
    StaffRole role = StaffRole::viewer;
    std::string password_hash;  // "scrypt$…" (core/staff/password.hpp); empty: signs in through a platform only
    int64_t created_at = 0;
    std::optional<int64_t> last_login_at;
    int64_t failed_logins = 0;   // since the last success
    int64_t locked_until = 0;    // no attempt is checked before then
};

struct StaffSession {
    std::string token_hash;  // SHA-256 of the cookie's token, hex: the token itself is never stored
    std::string username;
    std::string shop_id;  // the member's, as now
    StaffRole role = StaffRole::viewer;  // the member's, as now: a changed role applies at once
    std::string csrf_token;
    int64_t created_at = 0;
    int64_t seen_at = 0;
};

// How long a session lives: since it was last used, and at most since it began.
struct SessionPolicy {
    int64_t idle_seconds = 2 * 3600;
    int64_t absolute_seconds = 12 * 3600;
};

enum class LoginOutcome { signed_in, refused, throttled };

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::refused;
    std::string token;  // the cookie's value, given once
    StaffSession session;
    int64_t retry_after = 0;  // seconds, when throttled
};

struct AuditRecord {
    int64_t audit_id = 0;  // assigned by the store
    std::string shop_id;
    int64_t at = 0;
    std::string actor;   // "staff:<username>" or "admin_token"
    std::string action;  // "PATCH /api/v1/shops/s1", …
    std::string target;  // what it named (a member, a grant), when it did
    std::string detail;  // the outcome, e.g. the HTTP status
};

struct AuditQuery {
    int limit = 50;
    std::optional<int64_t> before;
};

}  // namespace loyalty::core
