#include <algorithm>

#include "domain/notifications.hpp"

namespace loyalty::core {

bool is_event_type(std::string_view type) {
    return std::find(event_types.begin(), event_types.end(), type) != event_types.end();
}

bool Endpoint::wants(std::string_view type) const {
    return events.empty() || std::find(events.begin(), events.end(), type) != events.end();
}

const Endpoint* Notifications::endpoint(std::string_view url) const {
    for (const auto& e : endpoints)
        if (e.url == url) return &e;
    return nullptr;
}

bool Notifications::wants(std::string_view type) const {
    return std::any_of(endpoints.begin(), endpoints.end(), [&](const Endpoint& e) { return e.wants(type); }) ||
           std::any_of(messages.begin(), messages.end(), [&](const MessageRule& m) { return m.event == type; });
}

bool is_notification_platform(std::string_view platform) {
    return platform == job_platform_webhook || platform == channel_zalo || platform == channel_sms;
}

namespace {

constexpr std::array<std::string_view, 5> common_placeholders{"shop", "name", "balance", "tier", "link"};

std::vector<std::string_view> own_placeholders(std::string_view event) {
    if (event == event_points_earned || event == event_points_redeemed || event == event_points_expired ||
        event == event_order_reversed)
        return {"points", "order"};
    if (event == event_tier_changed) return {"previous"};
    if (event == event_reward_granted || event == event_grant_used) return {"reward", "code", "expires"};
    if (event == event_points_expiring) return {"points", "expires"};
    if (event == event_birthday) return {"year"};
    return {};
}

}  // namespace

bool fills_placeholder(std::string_view event, std::string_view name) {
    auto own = own_placeholders(event);
    return std::find(common_placeholders.begin(), common_placeholders.end(), name) != common_placeholders.end() ||
           std::find(own.begin(), own.end(), name) != own.end();
}

std::string placeholder_list(std::string_view event) {
    std::string out;
    auto add = [&](std::string_view n) { out += (out.empty() ? "{" : ", {") + std::string(n) + "}"; };
    for (auto n : common_placeholders) add(n);
    for (auto n : own_placeholders(event)) add(n);
    return out;
}

}  // namespace loyalty::core
