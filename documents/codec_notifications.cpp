// The shop document's "notifications" section (docs/notifications.md).
#include "codec.hpp"
#include "domain/notifications.hpp"
#include "util/error.hpp"

namespace loyalty::documents {
namespace {

// Events carry customers' balances: they leave only over TLS with a verified certificate.
bool acceptable_url(const std::string& url) { return url.rfind("https://", 0) == 0 && url.size() > 8; }

core::Endpoint decode_endpoint(const json::object& e, const std::string& path) {
    reject_unknown(e, {"url", "secret", "events"}, path);
    core::Endpoint out;
    out.url = require_string(e, "url", path);
    if (out.url.size() > 2048 || !acceptable_url(out.url))
        bad(path + ".url must be an https:// URL of at most 2048 characters");
    out.secret = require_string(e, "secret", path);
    if (out.secret.size() < 16 || out.secret.size() > 512)
        bad(path + ".secret must be 16 to 512 characters (the key of each delivery's HMAC-SHA256)");
    auto events = string_list(e, "events", path);
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (!core::is_event_type(events[i]))
            bad(element_path(path + ".events", i) + " \"" + events[i] +
                "\" is not an event type (points.earned, points.redeemed, points.expiring, points.expired, "
                "tier.changed, reward.granted, grant.used, birthday, order.reversed)");
        out.events.push_back(events[i]);
    }
    return out;
}

}  // namespace

void decode_notifications(const json::object& shop, core::ShopProgram& p) {
    const json::object* n = get_object(shop, "notifications", "shop");
    if (!n) return;
    const std::string path = "shop.notifications";
    reject_unknown(*n, {"endpoints", "expiring_days"}, path);
    if (auto days = get_integer(*n, "expiring_days", path)) {
        if (*days < 1 || *days > 90) bad(path + ".expiring_days must be between 1 and 90");
        p.notifications.expiring_days = *days;
    }
    const json::array* endpoints = get_array(*n, "endpoints", path);
    if (!endpoints) return;
    if (endpoints->size() > 10) bad(path + ".endpoints holds at most 10 endpoints");
    for (std::size_t i = 0; i < endpoints->size(); ++i) {
        std::string at = element_path(path + ".endpoints", i);
        if (!(*endpoints)[i].is_object()) bad(at + " must be an object");
        core::Endpoint e = decode_endpoint((*endpoints)[i].get_object(), at);
        if (p.notifications.endpoint(e.url)) bad(at + ".url \"" + e.url + "\" is listed twice");
        p.notifications.endpoints.push_back(std::move(e));
    }
}

}  // namespace loyalty::documents
