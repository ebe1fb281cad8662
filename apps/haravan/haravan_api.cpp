#include "haravan_api.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include "api_failure.hpp"
#include "api_text.hpp"
#include "http/json_body.hpp"
#include "tags.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

std::string_view topic_of(Resource r) { return r == Resource::orders ? "orders/updated" : "customers/update"; }

}  // namespace

HaravanApi::HaravanApi(const HaravanApp& app, http::RetryingClient& client, std::string limit_key,
                       std::string org_id, std::string access_token)
    : app_(app),
      client_(client),
      limit_key_(std::move(limit_key)),
      org_id_(std::move(org_id)),
      token_(std::move(access_token)) {}

http::Response HaravanApi::call(const std::string& method, const std::string& url, const std::string& body) {
    http::Request r;
    r.method = method;
    r.url = url;
    r.headers = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return checked("haravan", client_.send(r, limit_key_));
}

Page HaravanApi::list(Resource resource, int64_t since, int page) {
    bool orders = resource == Resource::orders;
    boost::urls::url u(app_.api_url + (orders ? "/com/orders.json" : "/com/customers.json"));
    u.params().append({"updated_at_min", utc_text(since)});
    // Without status=any a list holds only open orders and misses cancelled and closed ones.
    if (orders) u.params().append({"status", "any"});
    u.params().append({"limit", std::to_string(page_size)});
    u.params().append({"page", std::to_string(page)});
    json::value doc = http::parse_json_body(call("GET", std::string(u.buffer())));
    const json::array& items = list_in(doc, orders ? "orders" : "customers", "haravan");
    Page out;
    for (const auto& item : items) {
        PulledObject o;
        o.headers.add("X-Haravan-Topic", std::string(topic_of(resource)));
        o.headers.add("X-Haravan-Org-Id", org_id_);
        o.body = json::serialize(item);
        out.objects.push_back(std::move(o));
    }
    out.more = items.size() >= static_cast<std::size_t>(page_size);
    return out;
}

std::optional<int64_t> HaravanApi::count(Resource resource, int64_t since) {
    bool orders = resource == Resource::orders;
    boost::urls::url u(app_.api_url + (orders ? "/com/orders/count.json" : "/com/customers/count.json"));
    u.params().append({"updated_at_min", utc_text(since)});
    if (orders) u.params().append({"status", "any"});
    json::value doc = http::parse_json_body(call("GET", std::string(u.buffer())));
    const json::value* n = doc.is_object() ? doc.get_object().if_contains("count") : nullptr;
    if (!n || !n->is_int64() || n->get_int64() < 0) return std::nullopt;
    return n->get_int64();
}

void HaravanApi::register_webhooks() {
    // A public app's URL and topics are set once in the partner dashboard; each shop only subscribes.
    call("POST", app_.webhook_url + "/api/subscribe");
}

void HaravanApi::write_tier(const std::string& customer_id, const std::string& tier) {
    std::string url = app_.api_url + "/com/customers/" + customer_id + ".json";
    json::value doc = http::parse_json_body(call("GET", url));
    const json::object& customer = object_in(doc, "customer", "haravan");
    const json::value* tags = customer.if_contains("tags");
    std::string now = tags && tags->is_string() ? std::string(tags->get_string()) : std::string();
    std::string wanted = retagged(now, tier);
    // Check before write: a job run twice, or a tag already right, writes nothing.
    if (wanted == now) return;
    json::object body{{"customer", json::object{{"id", id_value(customer_id)}, {"tags", wanted}}}};
    call("PUT", url, json::serialize(body));
}

std::string HaravanApi::discount_id(const std::string& code) {
    boost::urls::url find(app_.api_url + "/com/discounts.json");
    find.params().append({"code", code});
    json::value found = http::parse_json_body(call("GET", std::string(find.buffer())));
    for (const auto& d : list_in(found, "discounts", "haravan")) {
        const json::value* c = d.is_object() ? d.get_object().if_contains("code") : nullptr;
        if (c && c->is_string() && c->get_string() == code && d.get_object().contains("id"))
            return id_text(&d.get_object().at("id"));
    }
    return {};
}

std::string HaravanApi::create_discount(const DiscountSpec& spec) {
    // An earlier attempt may have created it before its answer was lost: look first.
    if (std::string id = discount_id(spec.code); !id.empty()) return id;
    json::object d{{"code", spec.code},
                   {"title", spec.title.empty() ? spec.code : spec.title},
                   {"discount_type", spec.percent ? "percentage" : "fixed_amount"},
                   {"value", spec.value},
                   {"usage_limit", 1},
                   {"once_per_customer", true},
                   {"customers_selection", "prerequisite"},
                   {"entitled_customer_ids", json::array{id_value(spec.customer_id)}},
                   {"starts_at", utc_text(spec.starts_at)}};
    if (spec.ends_at > 0) d["ends_at"] = utc_text(spec.ends_at);
    json::value created = http::parse_json_body(call("POST", app_.api_url + "/com/discounts.json",
                                                     json::serialize(json::object{{"discount", d}})));
    std::string id = id_text(&object_in(created, "discount", "haravan").at("id"));
    if (id.empty()) fail_api("haravan", "created a discount without an id");
    return id;
}

void HaravanApi::disable_discount(const std::string& code) {
    std::string id = discount_id(code);
    if (id.empty()) return;  // never created, or already gone: what was asked for
    try {
        call("DELETE", app_.api_url + "/com/discounts/" + id + ".json");
    } catch (const http::HttpError& e) {
        if (e.status() != 404) throw;
    }
}

}  // namespace loyalty::apps
