#pragma once
// What the dashboard reads of a shop: its members as a list, and its figures (docs/dashboard.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

// A member as a list shows them.
struct MemberSummary {
    std::string member_id;
    std::string name;
    std::string phone;
    std::string phone_text;
    std::string tier;  // the level's name ("" in the store means the first level)
    std::string group;
    int64_t available = 0;
    int64_t pending = 0;
    int64_t lifetime_spend = 0;
    int64_t created_at = 0;
};

// Live members matching every filter given, newest first.
struct DirectoryQuery {
    std::string text;   // a phone in any format, part of a name or phone, a member or platform customer id
    std::optional<std::string> tier;
    std::optional<std::string> group;
    int limit = 20;
    int64_t offset = 0;
};

struct DirectoryPage {
    std::vector<MemberSummary> members;
    int64_t total = 0;
};

// The store's side of a directory query: text already read into the forms it may match.
struct DirectoryFilter {
    std::string exact;        // a member id or platform customer id, as typed
    std::string phone;        // canonical, when the text is a phone
    std::string like;         // "%…%" for name and phone text, lowercase, LIKE-escaped with '\'
    std::optional<std::string> tier;  // as stored: "" for the first level
    std::optional<std::string> group;
    int limit = 20;
    int64_t offset = 0;
};

struct ShopTotals {
    int64_t members = 0;
    int64_t available = 0;
    int64_t pending = 0;
};

// Points moved on one local day, by kind ("earn", "bonus", "redeem", …).
struct DayKindSum {
    int64_t day = 0;  // local days since 1970-01-01
    std::string kind;
    int64_t points = 0;  // available + pending moved
};

struct DayFigures {
    std::string date;  // "YYYY-MM-DD", local
    int64_t earned = 0;    // earn and bonus entries
    int64_t redeemed = 0;  // redeem entries, as a positive number
    int64_t expired = 0;   // expire entries, as a positive number
};

struct TierCount {
    std::string tier;
    int64_t members = 0;
};

// One platform's deliveries to a shop, kept for dedup and quarantined alike: the latest, and how
// many of each arrived since a time.
struct DeliveryFigures {
    std::string platform;
    int64_t last_received_at = 0;
    int64_t kept_since = 0;
    int64_t quarantined_since = 0;
};

// When a platform last delivered to the shop (kept for dedup or quarantined).
struct PlatformDeliveries {
    std::string platform;
    std::optional<int64_t> last_delivery_at;  // absent: nothing received while deliveries are kept
};

struct ShopOverview {
    ShopTotals totals;
    int64_t active_30d = 0;  // members with a ledger entry in the last 30 days
    std::optional<int64_t> point_value;    // VND a point pays at checkout, when the shop redeems
    std::optional<int64_t> liability_vnd;  // available points at that value
    std::vector<DayFigures> days;          // 90, oldest first, ending today
    std::vector<TierCount> tiers;          // in the program's order
    std::vector<MemberSummary> top_members;
    int64_t webhooks_received = 0;     // today, local
    int64_t webhooks_quarantined = 0;  // today, local
    std::vector<PlatformDeliveries> connections;  // the shop's connections, then any other platform seen
};

}  // namespace loyalty::core
