// The shop document's "notifications" section (docs/notifications.md).
#include "codec.hpp"
#include <cctype>

#include "domain/notifications.hpp"
#include "notify/messages.hpp"
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

// Template messages fill each {name} from the event: a name the event does not fill would go out
// as written, so it is refused here, where the shop can still fix it.
void check_placeholders(const std::string& text, const std::string& event, const std::string& path) {
    for (const auto& name : core::placeholders_in(text))
        if (!core::fills_placeholder(event, name))
            bad(path + " uses {" + name + "}, which a " + (event == core::campaign_event ? "campaign" : event) +
                " message cannot fill (it can use " + core::placeholder_list(event) + ")");
}

std::vector<std::pair<std::string, std::string>> string_pairs(const json::object& o, std::string_view key,
                                                               const std::string& path, std::size_t max) {
    std::vector<std::pair<std::string, std::string>> out;
    const json::object* m = get_object(o, key, path);
    if (!m) return out;
    if (m->size() > max) bad(field_path(path, key) + " holds at most " + std::to_string(max) + " entries");
    for (const auto& kv : *m) {
        std::string at = field_path(path, key) + "." + std::string(kv.key());
        if (!kv.value().is_string()) bad(at + " must be a string");
        if (kv.key().empty() || kv.key().size() > 100 || kv.value().get_string().size() > 2000)
            bad(at + ": names are 1 to 100 characters and values at most 2000");
        out.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
    }
    return out;
}

std::string https_url(const json::object& o, std::string_view key, const std::string& path,
                      const std::optional<std::string>& fallback = std::nullopt) {
    auto url = get_string(o, key, path);
    if (!url && fallback) return *fallback;
    if (!url) bad(field_path(path, key) + " is required");
    if (url->size() > 2048 || !acceptable_url(*url))
        bad(field_path(path, key) + " must be an https:// URL of at most 2048 characters");
    return *url;
}

core::ZaloChannel decode_zalo(const json::object& z, const std::string& path) {
    reject_unknown(z, {"app_id", "secret_key", "refresh_token", "token_url", "send_url"}, path);
    core::ZaloChannel out;
    out.app_id = require_string(z, "app_id", path);
    out.secret_key = require_string(z, "secret_key", path);
    out.refresh_token = require_string(z, "refresh_token", path);
    if (out.app_id.empty() || out.secret_key.empty() || out.refresh_token.empty())
        bad(path + ": app_id, secret_key and refresh_token must not be empty");
    out.token_url = https_url(z, "token_url", path, out.token_url);
    out.send_url = https_url(z, "send_url", path, out.send_url);
    return out;
}

core::SmsChannel decode_sms(const json::object& o, const std::string& path) {
    reject_unknown(o, {"url", "method", "headers", "body", "content_type", "secrets", "phone_format", "success"},
                   path);
    core::SmsChannel out;
    out.url = https_url(o, "url", path);
    out.method = get_string(o, "method", path).value_or("POST");
    if (out.method != "POST" && out.method != "GET") bad(path + ".method must be POST or GET");
    out.headers = string_pairs(o, "headers", path, 20);
    out.body = get_string(o, "body", path).value_or("");
    if (out.body.size() > 8000) bad(path + ".body must be at most 8000 characters");
    out.content_type = get_string(o, "content_type", path).value_or("application/json");
    if (out.content_type != "application/json" && out.content_type != "application/x-www-form-urlencoded")
        bad(path + ".content_type must be application/json or application/x-www-form-urlencoded");
    for (auto& [k, v] : string_pairs(o, "secrets", path, 10)) out.secrets[k] = v;
    std::string format = get_string(o, "phone_format", path).value_or("84");
    if (format != "84" && format != "0") bad(path + ".phone_format must be \"84\" (84912345678) or \"0\" (0912345678)");
    out.phone_84 = format == "84";
    if (const json::object* success = get_object(o, "success", path)) {
        std::string at = path + ".success";
        reject_unknown(*success, {"field", "equals"}, at);
        out.success_field = require_string(*success, "field", at);
        out.success_value = require_string(*success, "equals", at);
    }
    // Every {name} of the request must be one the gateway call can fill.
    auto check = [&](const std::string& text, const std::string& at) {
        for (const auto& name : core::placeholders_in(text)) {
            bool secret = name.rfind("secret.", 0) == 0 && out.secrets.count(name.substr(7));
            if (name != "phone" && name != "message" && !secret)
                bad(at + " uses {" + name + "}: a gateway request can use {phone}, {message} and {secret.NAME} "
                         "for a name in secrets");
        }
    };
    check(out.url, path + ".url");
    check(out.body, path + ".body");
    for (const auto& [k, v] : out.headers) check(v, path + ".headers." + k);
    if (out.body.find("{message}") == std::string::npos && out.url.find("{message}") == std::string::npos)
        bad(path + ": the url or the body must carry {message}");
    if (out.body.find("{phone}") == std::string::npos && out.url.find("{phone}") == std::string::npos)
        bad(path + ": the url or the body must carry {phone}");
    return out;
}

int minutes_of(const json::object& o, std::string_view key, const std::string& path, int fallback) {
    auto text = get_string(o, key, path);
    if (!text) return fallback;
    const std::string& t = *text;
    bool shape = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
                 std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3])) &&
                 std::isdigit(static_cast<unsigned char>(t[4]));
    int h = shape ? (t[0] - '0') * 10 + (t[1] - '0') : 99;
    int m = shape ? (t[3] - '0') * 10 + (t[4] - '0') : 99;
    if (h > 23 || m > 59) bad(field_path(path, key) + " must be a time of day HH:MM, e.g. \"21:00\"");
    return h * 60 + m;
}

}  // namespace

core::MessageRule decode_message_rule(const json::object& m, const std::string& path, const std::string& event,
                                      const core::Notifications& n) {
    core::MessageRule out;
    out.event = event;
    out.channel = require_string(m, "channel", path);
    if (out.channel == core::channel_sms) {
        if (!n.sms) bad(path + ".channel is sms, but notifications.channels has no sms");
        if (m.contains("template_id") || m.contains("params"))
            bad(path + ": an sms message has a \"template\" text, not template_id or params");
        out.text = require_string(m, "template", path);
        if (out.text.empty() || out.text.size() > 1000) bad(path + ".template must be 1 to 1000 characters");
        check_placeholders(out.text, event, path + ".template");
    } else if (out.channel == core::channel_zalo) {
        if (!n.zalo) bad(path + ".channel is zalo, but notifications.channels has no zalo");
        if (m.contains("template")) bad(path + ": a zalo message names an approved template_id, with params");
        out.template_id = require_string(m, "template_id", path);
        if (out.template_id.empty() || out.template_id.size() > 100)
            bad(path + ".template_id must be 1 to 100 characters");
        out.params = string_pairs(m, "params", path, 30);
        for (const auto& [k, v] : out.params) check_placeholders(v, event, path + ".params." + k);
    } else {
        bad(path + ".channel must be \"sms\" or \"zalo\"");
    }
    return out;
}

void decode_notifications(const json::object& shop, core::ShopProgram& p) {
    const json::object* n = get_object(shop, "notifications", "shop");
    if (!n) return;
    const std::string path = "shop.notifications";
    reject_unknown(*n, {"endpoints", "expiring_days", "channels", "messages", "quiet_hours", "max_per_member_per_day"},
                   path);
    core::Notifications& out = p.notifications;
    if (const json::object* channels = get_object(*n, "channels", path)) {
        const std::string at = path + ".channels";
        reject_unknown(*channels, {"zalo", "sms"}, at);
        if (const json::object* z = get_object(*channels, "zalo", at)) out.zalo = decode_zalo(*z, at + ".zalo");
        if (const json::object* sms = get_object(*channels, "sms", at)) out.sms = decode_sms(*sms, at + ".sms");
    }
    if (const json::array* messages = get_array(*n, "messages", path)) {
        if (messages->size() > 50) bad(path + ".messages holds at most 50 messages");
        for (std::size_t i = 0; i < messages->size(); ++i) {
            std::string at = element_path(path + ".messages", i);
            if (!(*messages)[i].is_object()) bad(at + " must be an object");
            const json::object& m = (*messages)[i].get_object();
            reject_unknown(m, {"event", "channel", "template", "template_id", "params"}, at);
            std::string event = require_string(m, "event", at);
            if (!core::is_event_type(event))
                bad(at + ".event \"" + event + "\" is not an event type (points.earned, points.redeemed, "
                         "points.expiring, points.expired, tier.changed, reward.granted, grant.used, birthday, "
                         "order.reversed)");
            out.messages.push_back(decode_message_rule(m, at, event, out));
        }
    }
    if (const json::object* quiet = get_object(*n, "quiet_hours", path)) {
        const std::string at = path + ".quiet_hours";
        reject_unknown(*quiet, {"from", "to"}, at);
        out.quiet_hours.from = minutes_of(*quiet, "from", at, out.quiet_hours.from);
        out.quiet_hours.to = minutes_of(*quiet, "to", at, out.quiet_hours.to);
    }
    if (auto cap = get_integer(*n, "max_per_member_per_day", path)) {
        if (*cap < 1 || *cap > 100) bad(path + ".max_per_member_per_day must be between 1 and 100");
        out.max_per_member_per_day = *cap;
    }
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
