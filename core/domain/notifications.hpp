#pragma once
// What a shop tells the outside world about its members' points (docs/notifications.md): the
// events the core records in the transaction that caused them, and the endpoints that receive them
// signed, through the outbox.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

inline constexpr std::string_view event_points_earned = "points.earned";
inline constexpr std::string_view event_points_redeemed = "points.redeemed";
inline constexpr std::string_view event_points_expiring = "points.expiring";
inline constexpr std::string_view event_points_expired = "points.expired";
inline constexpr std::string_view event_tier_changed = "tier.changed";
inline constexpr std::string_view event_reward_granted = "reward.granted";
inline constexpr std::string_view event_grant_used = "grant.used";
inline constexpr std::string_view event_birthday = "birthday";
inline constexpr std::string_view event_order_reversed = "order.reversed";

inline constexpr std::array<std::string_view, 9> event_types{
    event_points_earned, event_points_redeemed, event_points_expiring, event_points_expired, event_tier_changed,
    event_reward_granted, event_grant_used,     event_birthday,        event_order_reversed};

bool is_event_type(std::string_view type);

// An HTTPS URL that receives the shop's events, each POST signed with `secret`.
struct Endpoint {
    std::string url;
    std::string secret;
    std::vector<std::string> events;  // empty: every type
    bool wants(std::string_view type) const;
};

struct Notifications {
    std::vector<Endpoint> endpoints;
    int64_t expiring_days = 7;  // points.expiring goes out this many days before the points expire

    const Endpoint* endpoint(std::string_view url) const;
    bool wants(std::string_view type) const;
};

// The outbox platform of events sent to a shop's endpoints.
inline constexpr std::string_view job_platform_webhook = "webhook";

// An event as the core recorded it. `data` is a JSON object's text.
struct Event {
    int64_t event_id = 0;
    std::string shop_id;
    std::string member_id;
    std::string type;
    std::string dedup_key;  // one event per key and shop, however often its cause is applied
    std::string data;
    int64_t created_at = 0;
};

// Points of a member that expire at one time.
struct MemberExpiry {
    std::string member_id;
    int64_t expires_at = 0;
    int64_t points = 0;
};

// Delivery attempts to an endpoint: 5 s doubling with each failure, at most an hour, each wait
// drawn from [0.8, 1.2] of that so retries of many events spread out; given up (failed, listed,
// replayable) once the waits add up to 72 hours.
inline constexpr int64_t event_first_backoff = 5;
inline constexpr int64_t event_max_backoff = 3600;
inline constexpr int64_t event_retry_window = 72 * 3600;

// The deliveries of a shop's events by status, and when the oldest pending one was recorded.
struct EventBacklog {
    int64_t pending = 0;
    int64_t delivered = 0;
    int64_t failed = 0;
    std::optional<int64_t> oldest_pending_at;
};

// What a member chose about being contacted, and the link to their own points page (the token is
// the whole credential: 128 random bits, replaced when the shop rotates it).
struct MemberContact {
    std::string shop_id;
    std::string member_id;
    std::string page_token;  // empty: no link made yet
    bool opted_out = false;  // no messages (webhook endpoints still receive the events)
    int64_t updated_at = 0;
};

// Which jobs a worker claims: the platforms' writes, or deliveries to a shop's endpoints.
enum class JobLane { platform, notification };

}  // namespace loyalty::core
