#include "staff_access.hpp"

#include <string_view>

#include "util/encoding.hpp"

namespace loyalty::server {
namespace {

using boost::beast::http::verb;

// The writes a cashier makes at the counter: /api/v1/shops/{shop}/<path> with POST.
bool counter_write(const Target& t) {
    const auto& s = t.segments;
    if (s.size() == 7 && s[4] == "members" && s[6] == "redemptions") return true;
    if (s.size() == 6 && s[4] == "rewards" && s[5] == "claim") return true;
    if (s.size() == 6 && s[4] == "grants" && s[5] == "use") return true;
    if (s.size() == 6 && s[4] == "checkout" && s[5] == "pay") return true;
    if (s.size() == 7 && s[4] == "games" && s[6] == "plays") return true;  // a scratch card at the till
    return false;
}

// Reads only an owner makes: who the staff are and what they did, and everything kept about a member
// (docs/personal-data.md).
bool owner_read(const Target& t) {
    const auto& s = t.segments;
    if (s.size() == 7 && s[4] == "members" && s[6] == "export") return true;
    return s.size() >= 5 && (s[4] == "staff" || s[4] == "audit");
}

StaffRefusal forbidden(std::string message) { return {403, "forbidden", std::move(message)}; }

}  // namespace

bool is_write(verb method) { return method != verb::get && method != verb::head; }

// A page of another site cannot read the token, so it cannot make the browser write with it.
bool csrf_matches(const core::StaffSession& session, std::string_view csrf) {
    return !csrf.empty() && core::constant_time_equal(csrf, session.csrf_token);
}

std::optional<StaffRefusal> staff_refusal(const core::StaffSession& session, verb method, const Target& t,
                                          std::string_view csrf) {
    const auto& s = t.segments;
    const bool write = is_write(method);
    if (write && !csrf_matches(session, csrf)) return forbidden("a write needs the session's X-CSRF-Token header");
    if (s.size() >= 3 && s[2] == "quarantine") {
        // The list is narrowed to the session's shop by the router; a replay or dismissal is checked
        // against the delivery's shop there too.
        if (write && session.role != core::StaffRole::owner) return forbidden("only an owner replays or dismisses");
        return std::nullopt;
    }
    if (s.size() < 4 || s[2] != "shops") return forbidden("staff see their own shop only");
    if (s[3] != session.shop_id) return forbidden("this session is for shop \"" + session.shop_id + "\"");
    const bool quote = s.size() == 5 && s[4] == "quote" && method == verb::post;  // computes, writes nothing
    switch (session.role) {
        case core::StaffRole::owner: return std::nullopt;
        case core::StaffRole::cashier:
            if (owner_read(t)) return forbidden("only an owner sees staff, the audit trail and a member's export");
            if (!write || quote || (method == verb::post && counter_write(t))) return std::nullopt;
            return forbidden(
                "a cashier finds members, redeems, claims and uses grants, and plays games; this needs an owner");
        case core::StaffRole::viewer:
            if (owner_read(t)) return forbidden("only an owner sees staff, the audit trail and a member's export");
            if (!write || quote) return std::nullopt;
            return forbidden("a viewer reads only");
    }
    return forbidden("unknown role");
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        auto end = header.find(';');
        std::string_view pair = header.substr(0, end);
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return {};
}

}  // namespace loyalty::server
