// Sapo Web's store API. What is confirmed and what is not (the platform notes, "Apps" → Sapo Web):
// - documented in Sapo's API reference as public SDKs collect it: the OAuth token sent as
//   X-Sapo-Access-Token; GET /admin/orders.json and /admin/customers.json with modified_on_min,
//   limit (up to 250) and page, and status=any for orders (the default is open only);
//   POST /admin/webhooks.json {"webhook": {topic, address, format}}; PUT /admin/customers/{id}.json
//   with tags; price_rules with customer_selection=prerequisite, once_per_customer, usage_limit,
//   and their discount_codes.
// - reported only: the rate limit (40 calls/min, 80,000/day: http::Limit::sapo()), the webhook
//   headers X-Sapo-Topic / X-Sapo-Shop-Domain (what the connector reads), the install callback's hmac.
// - assumed from the Shopify API Sapo Web follows, not seen in Sapo's own material: the count
//   endpoints ({"count": N}; customers' count takes no modified_on_min), GET /admin/webhooks.json
//   ({"webhooks": [{topic, address}]}), a 422 "has already been taken" for a topic registered twice,
//   GET /admin/discount_codes/lookup.json?code= (a 303 to the code's price rule, or 200 with
//   {"discount_code": {price_rule_id}}; 404 when there is none: both answers are read), the price
//   rule's `value` as a negative decimal text, and DELETE /admin/price_rules/{id}.json removing its
//   codes. Each is read tolerantly and the tests' fake (tests/apps/fake_sapo.cpp) follows the same.
#include "sapo_api.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "api_failure.hpp"
#include "api_text.hpp"
#include "http/json_body.hpp"
#include "tags.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

// The topic of the webhook Sapo Web sends for any change of such an object.
std::string_view topic_of(Resource r) { return r == Resource::orders ? "orders/updated" : "customers/update"; }

bool digits_only(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ".../price_rules/123/discount_codes/456..." → "123"; empty when the text names no rule.
std::string rule_in_location(std::string_view location) {
    constexpr std::string_view marker = "/price_rules/";
    auto at = location.find(marker);
    if (at == std::string_view::npos) return {};
    std::string_view rest = location.substr(at + marker.size());
    std::size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    return std::string(rest.substr(0, n));
}

bool already_taken(const http::Response& r) {
    if (r.status != 422) return false;
    std::string body = r.body;
    std::transform(body.begin(), body.end(), body.begin(), [](unsigned char c) { return std::tolower(c); });
    return body.find("already") != std::string::npos;
}

}  // namespace

SapoApi::SapoApi(const SapoApp& app, http::RetryingClient& client, std::string limit_key, std::string store,
                 std::string access_token, std::string webhook_address)
    : base_(app.store_base(store)),
      client_(client),
      limit_key_(std::move(limit_key)),
      store_(std::move(store)),
      token_(std::move(access_token)),
      webhook_address_(std::move(webhook_address)) {}

const std::vector<std::string>& SapoApi::topics() {
    // Every topic the connector reads as loyalty, and app/uninstalled so an uninstall is seen.
    static const std::vector<std::string> t{"orders/create",    "orders/updated",   "orders/paid",
                                            "orders/cancelled", "customers/create", "customers/update",
                                            "customers/delete", "app/uninstalled"};
    return t;
}

http::Request SapoApi::request(const std::string& method, const std::string& path_and_query,
                               const std::string& body) const {
    http::Request r;
    r.method = method;
    r.url = base_ + path_and_query;
    r.headers = {{"X-Sapo-Access-Token", token_}, {"Accept", "application/json"}};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return r;
}

http::Response SapoApi::call(const std::string& method, const std::string& path_and_query, const std::string& body) {
    return checked("sapo", client_.send(request(method, path_and_query, body), limit_key_));
}

Page SapoApi::list(Resource resource, int64_t since, int page) {
    bool orders = resource == Resource::orders;
    boost::urls::url u(orders ? "/admin/orders.json" : "/admin/customers.json");
    u.params().append({"modified_on_min", utc_text(since)});
    // Without status=any a list holds only open orders and misses cancelled and closed ones.
    if (orders) u.params().append({"status", "any"});
    u.params().append({"limit", std::to_string(page_size)});
    u.params().append({"page", std::to_string(page)});
    json::value doc = http::parse_json_body(call("GET", std::string(u.buffer())));
    const json::array& items = list_in(doc, orders ? "orders" : "customers", "sapo");
    Page out;
    for (const auto& item : items) {
        PulledObject o;
        // As Sapo Web's webhook: no Sapo GO header, so the connector reads it as Web's.
        o.headers.add("X-Sapo-Topic", std::string(topic_of(resource)));
        o.headers.add("X-Sapo-Shop-Domain", store_ + ".mysapo.net");
        o.body = json::serialize(item);
        out.objects.push_back(std::move(o));
    }
    out.more = items.size() >= static_cast<std::size_t>(page_size);
    return out;
}

std::optional<int64_t> SapoApi::count(Resource resource, int64_t since) {
    boost::urls::url u;
    if (resource == Resource::orders) {
        u = boost::urls::url("/admin/orders/count.json");
        u.params().append({"modified_on_min", utc_text(since)});
        u.params().append({"status", "any"});
    } else if (resource == Resource::customers) {
        // The customers' count takes no time filter: it can only say how many there are in all.
        if (since > 0) return std::nullopt;
        u = boost::urls::url("/admin/customers/count.json");
    } else {
        return std::nullopt;
    }
    json::value doc = http::parse_json_body(call("GET", std::string(u.buffer())));
    const json::value* n = doc.is_object() ? doc.get_object().if_contains("count") : nullptr;
    if (!n || !n->is_int64() || n->get_int64() < 0) return std::nullopt;
    return n->get_int64();
}

void SapoApi::register_webhooks() {
    // Check before write: a topic already sent to this address is left as it is.
    json::value doc = http::parse_json_body(call("GET", "/admin/webhooks.json"));
    std::set<std::string> have;
    for (const auto& w : list_in(doc, "webhooks", "sapo")) {
        if (!w.is_object()) continue;
        const json::value* topic = w.get_object().if_contains("topic");
        const json::value* address = w.get_object().if_contains("address");
        if (topic && topic->is_string() && address && address->is_string() && address->get_string() == webhook_address_)
            have.insert(std::string(topic->get_string()));
    }
    for (const std::string& topic : topics()) {
        if (have.count(topic)) continue;
        json::object body{
            {"webhook", json::object{{"topic", topic}, {"address", webhook_address_}, {"format", "json"}}}};
        http::Request r = request("POST", "/admin/webhooks.json", json::serialize(body));
        r.idempotent = false;
        http::Response answer = client_.send(r, limit_key_);
        // Registered meanwhile (or by an attempt whose answer was lost): what was asked for.
        if (already_taken(answer)) continue;
        checked("sapo", answer);
    }
}

void SapoApi::write_tier(const std::string& customer_id, const std::string& tier) {
    if (!digits_only(customer_id)) fail_api("sapo", "customer id \"" + customer_id + "\" is not a Sapo id");
    std::string path = "/admin/customers/" + customer_id + ".json";
    json::value doc = http::parse_json_body(call("GET", path));
    const json::object& customer = object_in(doc, "customer", "sapo");
    const json::value* tags = customer.if_contains("tags");
    std::string now = tags && tags->is_string() ? std::string(tags->get_string()) : std::string();
    std::string wanted = retagged(now, tier);
    // Check before write: a job run twice, or a tag already right, writes nothing.
    if (wanted == now) return;
    json::object body{{"customer", json::object{{"id", id_value(customer_id)}, {"tags", wanted}}}};
    call("PUT", path, json::serialize(body));
}

std::string SapoApi::price_rule_of(const std::string& code) {
    boost::urls::url u("/admin/discount_codes/lookup.json");
    u.params().append({"code", code});
    http::Response r = client_.send(request("GET", std::string(u.buffer())), limit_key_);
    if (r.status == 404) return {};
    if (r.status >= 300 && r.status < 400) {
        // Shopify's answer: a redirect to /admin/price_rules/{rule}/discount_codes/{id}.json.
        std::string rule = rule_in_location(r.header("Location").value_or(""));
        if (rule.empty()) fail_api("sapo", "answered the code lookup with a redirect that names no price rule");
        return rule;
    }
    json::value doc = http::parse_json_body(checked("sapo", r));
    const json::object& found = object_in(doc, "discount_code", "sapo");
    std::string rule = id_text(found.if_contains("price_rule_id"));
    if (rule.empty()) fail_api("sapo", "answered the code lookup without a price_rule_id");
    return rule;
}

std::string SapoApi::create_discount(const DiscountSpec& spec) {
    // An earlier attempt may have created it before its answer was lost: look first.
    if (std::string rule = price_rule_of(spec.code); !rule.empty()) return rule;

    json::object rule{{"title", spec.title.empty() ? spec.code : spec.title},
                      {"target_type", "line_item"},
                      {"target_selection", "all"},
                      {"allocation_method", "across"},
                      {"value_type", spec.percent ? "percentage" : "fixed_amount"},
                      // A price rule's value is what it takes off: negative, as decimal text.
                      {"value", "-" + std::to_string(spec.value)},
                      {"once_per_customer", true},
                      {"usage_limit", 1},
                      {"starts_at", utc_text(spec.starts_at)}};
    if (spec.customer_id.empty()) {
        rule["customer_selection"] = "all";
    } else {
        rule["customer_selection"] = "prerequisite";
        rule["prerequisite_customer_ids"] = json::array{id_value(spec.customer_id)};
    }
    if (spec.ends_at > 0) rule["ends_at"] = utc_text(spec.ends_at);
    json::value created = http::parse_json_body(
        call("POST", "/admin/price_rules.json", json::serialize(json::object{{"price_rule", rule}})));
    std::string rule_id = id_text(object_in(created, "price_rule", "sapo").if_contains("id"));
    if (!digits_only(rule_id)) fail_api("sapo", "created a price rule without an id");

    // A rule without its code discounts nothing; one left by a failure below is removed, so the
    // job's next attempt starts clean.
    auto drop_rule = [&] {
        try {
            call("DELETE", "/admin/price_rules/" + rule_id + ".json");
        } catch (const http::HttpError&) {
            // Left behind: with no code it can never be redeemed.
        }
    };
    json::object code{{"discount_code", json::object{{"code", spec.code}}}};
    http::Response answer;
    try {
        answer = client_.send(request("POST", "/admin/price_rules/" + rule_id + "/discount_codes.json",
                                      json::serialize(code)),
                              limit_key_);
    } catch (const http::HttpError&) {
        drop_rule();
        throw;
    }
    if (answer.status < 200 || answer.status >= 300) {
        drop_rule();
        // Another rule holds the code (an attempt that raced this one): that one is the discount.
        if (already_taken(answer))
            if (std::string existing = price_rule_of(spec.code); !existing.empty()) return existing;
        checked("sapo", answer);
    }
    return rule_id;
}

void SapoApi::disable_discount(const std::string& code) {
    std::string rule = price_rule_of(code);
    if (rule.empty()) return;  // never created, or already gone: what was asked for
    if (!digits_only(rule)) fail_api("sapo", "the code's price rule id \"" + rule + "\" is not a Sapo id");
    try {
        // Deleting the rule deletes its code with it; the rule holds only this one.
        call("DELETE", "/admin/price_rules/" + rule + ".json");
    } catch (const http::HttpError& e) {
        if (e.status() != 404) throw;
    }
}

}  // namespace loyalty::apps
