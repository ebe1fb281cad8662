#pragma once
// What a shop tells the outside world about its members' points (docs/notifications.md): the
// events the core records in the transaction that caused them, and the endpoints that receive them
// signed, through the outbox.
#include <array>
#include <cstdint>
#include <map>
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

// Zalo Notification Service through the shop's Official Account: approved templates sent to a
// phone (84… form). The access token lives 25 hours and its refresh token is single-use, so the
// tokens in use are kept in the store (ChannelToken), seeded from `refresh_token`.
struct ZaloChannel {
    std::string app_id;
    std::string secret_key;
    std::string refresh_token;
    std::string token_url = "https://oauth.zaloapp.com/v4/oa/access_token";
    std::string send_url = "https://business.openapi.zalo.me/message/template";
};

// An HTTP SMS gateway described by a request template, so eSMS, SpeedSMS and the like fit without
// code: {phone}, {message} and {secret.NAME} are filled into the URL, headers and body.
struct SmsChannel {
    std::string url;
    std::string method = "POST";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "application/json";  // or application/x-www-form-urlencoded
    std::map<std::string, std::string> secrets;
    bool phone_84 = true;               // 84912345678; false: 0912345678
    std::string success_field;          // a top-level field of the JSON answer…
    std::string success_value;          // …that must equal this (as text) for the message to count as sent
};

inline constexpr std::string_view channel_zalo = "zalo";
inline constexpr std::string_view channel_sms = "sms";

// What a member is told about an event: a Vietnamese text (SMS) or an approved template with its
// parameters (Zalo), each with {placeholders} filled from the event.
struct MessageRule {
    std::string event;
    std::string channel;
    std::string text;         // sms
    std::string template_id;  // zalo
    std::vector<std::pair<std::string, std::string>> params;
};

// Minutes after local midnight; from == to: no quiet hours.
struct QuietHours {
    int from = 21 * 60;
    int to = 8 * 60;
};

struct Notifications {
    std::vector<Endpoint> endpoints;
    int64_t expiring_days = 7;  // points.expiring goes out this many days before the points expire
    std::optional<ZaloChannel> zalo;
    std::optional<SmsChannel> sms;
    std::vector<MessageRule> messages;
    QuietHours quiet_hours;
    int64_t max_per_member_per_day = 3;

    const Endpoint* endpoint(std::string_view url) const;
    // Whether anyone listens to `type`: an endpoint or a message.
    bool wants(std::string_view type) const;
};

// Whether a message about `event` ("campaign" for a campaign) can use {name}: each event fills
// the common placeholders and its own (docs/notifications.md).
bool fills_placeholder(std::string_view event, std::string_view name);
std::string placeholder_list(std::string_view event);  // "{shop}, {name}, …" for error messages
inline constexpr std::string_view campaign_event = "campaign";

// The outbox platform of events sent to a shop's endpoints; messages go out as "zalo" and "sms".
inline constexpr std::string_view job_platform_webhook = "webhook";
// In a JobQuery: the messages of both channels.
inline constexpr std::string_view job_platform_messages = "messages";

// Jobs of these platforms are the notifier's: retried for 72 hours like an event delivery.
bool is_notification_platform(std::string_view platform);

// A channel's access token as last refreshed; `seed` is the configured refresh token it grew from,
// so a shop that pastes a new one into its document starts again from that.
struct ChannelToken {
    std::string shop_id;
    std::string channel;
    std::string seed;
    std::string access_token;
    std::string refresh_token;
    int64_t expires_at = 0;
    int64_t updated_at = 0;
};

// A message to many members at once: its audience, what it says, and how fast it goes out.
struct Campaign {
    std::string shop_id;
    std::string campaign_id;
    std::string name;
    std::vector<std::string> tiers;     // any of these tiers…
    std::vector<std::string> groups;    // …or of these groups…
    std::vector<std::string> segments;  // …or of these RFM segments; all three empty: every member
    MessageRule message;              // event "campaign"
    int64_t per_minute = 60;
    int64_t audience = 0;   // members matched
    int64_t queued = 0;     // messages put in the outbox
    int64_t opted_out = 0;  // matched, but asked for no messages
    int64_t no_phone = 0;   // matched, but have no phone to send to
    std::string created_by;
    int64_t created_at = 0;
};

struct CampaignCounts {
    int64_t pending = 0;
    int64_t sent = 0;
    int64_t failed = 0;
    int64_t skipped = 0;  // not sent when their turn came: the member had opted out meanwhile
};

// A message found not to be sent when its turn came is done with a result starting so.
inline constexpr std::string_view skipped_prefix = "skipped: ";

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
