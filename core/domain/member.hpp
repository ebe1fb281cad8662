#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

struct PlatformRef {
    std::string platform;      // "haravan", "sapo", "kiotviet", "pos", …: whatever the host names it
    std::string customer_id;
    bool operator==(const PlatformRef&) const = default;
};

// Cached sums of the member's ledger entries; the ledger is the truth and maintenance rechecks them.
struct Balances {
    int64_t available = 0;
    int64_t pending = 0;
    int64_t lifetime_earned = 0;  // net points earned from orders: earns minus their reversals
    int64_t lifetime_spend = 0;   // net paid spend in VND: refunds and cancellations subtract
    bool operator==(const Balances&) const = default;
};

// Where a member stands in the shop's tiers. An empty name is the first level.
struct TierState {
    std::string name;
    int64_t since = 0;
    std::optional<int64_t> manual_until;  // set while a tier given by the shop overrides the rules
    int64_t grace_used = 0;               // consecutive reviews the member was kept above their level
    int64_t reviewed_at = 0;              // the last review boundary applied
    bool operator==(const TierState&) const = default;
};

struct Member {
    std::string member_id;
    std::string name;
    std::string phone;     // canonical (+84…) or empty: the identity phone, found by lookups and merges
    std::string phone_text;  // a phone as given that identifies no one (invalid, or a placeholder)
    std::string email;
    std::string birthday;  // YYYY-MM-DD or empty
    std::string group;     // the platform's customer group, as the shop named it
    bool group_by_shop = false;  // set by the shop: the platform's group no longer replaces it
    int64_t created_at = 0;
    std::optional<std::string> merged_into;  // set once this record was merged into another member
    Balances balances;
    TierState tier;
    std::vector<PlatformRef> refs;  // filled only where the member is shown (Transaction::member_refs)
};

// What a platform or host says about a customer. Empty strings mean "not given".
struct CustomerInput {
    std::string platform;
    std::string customer_id;
    std::string phone;     // raw; canonicalised by the engine
    std::string name;
    std::string email;
    std::string birthday;  // YYYY-MM-DD
    std::string group;
};

// A customer record's phone as the engine reads it (docs/program.md, "Identity").
struct CustomerPhone {
    std::string identity;  // canonical (+84…): valid, not a placeholder; finds and merges members
    std::string text;      // the phone as given when it is no identity; kept on the member as text
};

struct MemberQuery {
    std::string member_id;
    std::string phone;
    std::string platform;
    std::string customer_id;
};

}  // namespace loyalty::core
