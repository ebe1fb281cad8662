#include "shop_patch.hpp"

#include <functional>
#include <string_view>

namespace loyalty::documents {
namespace {

bool is_redacted(const json::value* v) { return v && v->is_string() && v->get_string() == redacted; }

const json::object* connection_of(const json::object& shop, std::string_view platform) {
    const json::value* list = shop.if_contains("connections");
    if (!list || !list->is_array()) return nullptr;
    for (const auto& c : list->get_array()) {
        if (!c.is_object()) continue;
        const json::value* p = c.get_object().if_contains("platform");
        if (p && p->is_string() && p->get_string() == platform) return &c.get_object();
    }
    return nullptr;
}

// The stored connection's secrets as a list: "secrets", or "secret" alone.
json::array stored_secrets(const json::object& old) {
    if (const json::value* many = old.if_contains("secrets"); many && many->is_array()) return many->get_array();
    if (const json::value* one = old.if_contains("secret"); one && one->is_string()) return json::array{*one};
    return {};
}

void keep_connection(json::object& c, const json::object& old, bool omitted_keeps) {
    json::array secrets = stored_secrets(old);
    bool sends_secret = c.contains("secret") || c.contains("secrets");
    if (omitted_keeps && !sends_secret) {
        if (old.contains("secrets")) c["secrets"] = old.at("secrets");
        if (old.contains("secret")) c["secret"] = old.at("secret");
    }
    if (is_redacted(c.if_contains("secret")) && !secrets.empty()) c["secret"] = secrets.front();
    if (json::value* many = c.if_contains("secrets"); many && many->is_array()) {
        auto& list = many->get_array();
        for (std::size_t i = 0; i < list.size() && i < secrets.size(); ++i)
            if (is_redacted(&list[i])) list[i] = secrets[i];
    }
    const json::value* token = old.if_contains("verify_token");
    if (token && (is_redacted(c.if_contains("verify_token")) || (omitted_keeps && !c.contains("verify_token"))))
        c["verify_token"] = *token;
}

json::array* endpoints_of(json::object& shop) {
    json::value* n = shop.if_contains("notifications");
    if (!n || !n->is_object()) return nullptr;
    json::value* list = n->get_object().if_contains("endpoints");
    return list && list->is_array() ? &list->get_array() : nullptr;
}

const json::object* endpoint_of(const json::object& shop, const json::value& url) {
    const json::value* n = shop.if_contains("notifications");
    if (!n || !n->is_object()) return nullptr;
    const json::value* list = n->get_object().if_contains("endpoints");
    if (!list || !list->is_array()) return nullptr;
    for (const auto& e : list->get_array())
        if (e.is_object() && e.get_object().if_contains("url") && *e.get_object().if_contains("url") == url)
            return &e.get_object();
    return nullptr;
}

// An endpoint keeps its stored secret under the same URL when it sends "***" (or, with
// `omitted_keeps`, no secret at all).
void keep_endpoint_secrets(json::object& shop, const json::object& stored, bool omitted_keeps) {
    json::array* list = endpoints_of(shop);
    if (!list) return;
    for (auto& e : *list) {
        if (!e.is_object()) continue;
        auto& o = e.get_object();
        const json::value* url = o.if_contains("url");
        if (!url) continue;
        const json::object* old = endpoint_of(stored, *url);
        if (!old || !old->contains("secret")) continue;
        if (is_redacted(o.if_contains("secret")) || (omitted_keeps && !o.contains("secret")))
            o["secret"] = old->at("secret");
    }
}

json::object* channel_of(json::object& shop, std::string_view channel) {
    json::value* n = shop.if_contains("notifications");
    if (!n || !n->is_object()) return nullptr;
    json::value* channels = n->get_object().if_contains("channels");
    if (!channels || !channels->is_object()) return nullptr;
    json::value* c = channels->get_object().if_contains(channel);
    return c && c->is_object() ? &c->get_object() : nullptr;
}

// The secret fields of the message channels: Zalo's app secret and refresh token, and each value
// of the SMS gateway's "secrets".
void for_channel_secrets(json::object& shop, const std::function<void(json::object&, std::string_view)>& each) {
    if (json::object* zalo = channel_of(shop, "zalo"))
        for (std::string_view key : {"secret_key", "refresh_token"})
            if (zalo->contains(key)) each(*zalo, key);
    if (json::object* sms = channel_of(shop, "sms"))
        if (json::value* secrets = sms->if_contains("secrets"); secrets && secrets->is_object())
            for (auto& kv : secrets->get_object()) each(secrets->get_object(), kv.key());
}

// A channel secret sent as "***" keeps the stored one (the SMS secrets by name).
void keep_channel_secrets(json::object& shop, const json::object& stored) {
    json::object old = stored;
    for_channel_secrets(shop, [&](json::object& o, std::string_view key) {
        if (!is_redacted(o.if_contains(key))) return;
        bool zalo = &o == channel_of(shop, "zalo");
        json::object* from = zalo ? channel_of(old, "zalo") : channel_of(old, "sms");
        if (from && !zalo) {
            json::value* s = from->if_contains("secrets");
            from = s && s->is_object() ? &s->get_object() : nullptr;
        }
        if (from && from->contains(key)) o[key] = from->at(key);
    });
}

}  // namespace

json::value merge_patch(json::value target, const json::value& patch) {
    if (!patch.is_object()) return patch;
    if (!target.is_object()) target = json::object{};
    auto& out = target.get_object();
    for (const auto& [key, value] : patch.get_object()) {
        if (value.is_null()) {
            out.erase(key);
            continue;
        }
        const json::value* existing = out.if_contains(key);
        out[key] = merge_patch(existing ? *existing : json::value(nullptr), value);
    }
    return target;
}

void keep_secrets(json::object& shop, const json::object& stored, bool omitted_keeps) {
    keep_endpoint_secrets(shop, stored, omitted_keeps);
    keep_channel_secrets(shop, stored);
    json::value* list = shop.if_contains("connections");
    if (!list || !list->is_array()) return;
    for (auto& c : list->get_array()) {
        if (!c.is_object()) continue;
        const json::value* p = c.get_object().if_contains("platform");
        if (!p || !p->is_string()) continue;
        if (const json::object* old = connection_of(stored, p->get_string()))
            keep_connection(c.get_object(), *old, omitted_keeps);
    }
}

void redact_secrets(json::object& shop) {
    for_channel_secrets(shop, [](json::object& o, std::string_view key) { o[key] = redacted; });
    if (json::array* endpoints = endpoints_of(shop))
        for (auto& e : *endpoints)
            if (e.is_object() && e.get_object().contains("secret")) e.get_object()["secret"] = redacted;
    json::value* list = shop.if_contains("connections");
    if (!list || !list->is_array()) return;
    for (auto& c : list->get_array()) {
        if (!c.is_object()) continue;
        auto& o = c.get_object();
        if (o.contains("secret")) o["secret"] = redacted;
        if (auto* many = o.if_contains("secrets"); many && many->is_array())
            for (auto& s : many->get_array()) s = redacted;
        if (o.contains("verify_token")) o["verify_token"] = redacted;
    }
}

}  // namespace loyalty::documents
