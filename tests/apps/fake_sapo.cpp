#include "fake_sapo.hpp"

#include "apps_test_support.hpp"

#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>

#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::test {
namespace {

namespace json = boost::json;

FakeReply json_reply(unsigned status, const json::value& v) {
    return {status, {{"Content-Type", "application/json"}}, json::serialize(v), false};
}

FakeReply unauthorized() {
    return json_reply(401, json::object{{"errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"}});
}

}  // namespace

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Whether the object changed at or after `since` (empty: everything), to the second.
bool changed_since(const json::object& o, const std::string& since) {
    if (since.empty()) return true;
    static const auto utc = core::Zone::load("UTC");
    auto at = core::parse_timestamp(text_of(o, "modified_on"), *utc);
    auto from = core::parse_timestamp(since, *utc);
    return at && from && *at >= *from;
}

// Sapo's default listing holds open orders only; status=any holds every one.
bool status_matches(const json::object& o, const std::string& status) {
    std::string want = status.empty() ? "open" : status;
    return want == "any" || text_of(o, "status") == want;
}

}  // namespace

FakeSapo::FakeSapo(std::string store) : store_(std::move(store)) {
    const std::string a = admin();
    server_.on("GET", a + "/orders.json", [this](const ReceivedRequest& r) { return list(r, true); });
    server_.on("GET", a + "/customers.json", [this](const ReceivedRequest& r) { return list(r, false); });
    server_.on("GET", a + "/orders/count.json", [this](const ReceivedRequest& r) { return count(r, true); });
    server_.on("GET", a + "/customers/count.json", [this](const ReceivedRequest& r) { return count(r, false); });
    server_.on("GET", a + "/webhooks.json", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        std::lock_guard lock(mutex_);
        json::array out;
        if (!hide_webhooks_)
            for (const auto& w : webhooks_) out.push_back(w);
        return json_reply(200, json::object{{"webhooks", out}});
    });
    server_.on("POST", a + "/webhooks.json", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        json::object w = json::parse(r.body).as_object().at("webhook").as_object();
        std::lock_guard lock(mutex_);
        for (const auto& existing : webhooks_)
            if (text_of(existing, "topic") == text_of(w, "topic") && text_of(existing, "address") == text_of(w, "address"))
                return json_reply(422, json::object{{"errors", json::object{{"address", json::array{
                                                                               "for this topic has already been taken"}}}}});
        w["id"] = ++next_id_;
        webhooks_.push_back(w);
        return json_reply(201, json::object{{"webhook", w}});
    });
    server_.on("GET", a + "/discount_codes/lookup.json", [this](const ReceivedRequest& r) { return lookup(r); });
    server_.on("POST", a + "/price_rules.json", [this](const ReceivedRequest& r) { return add_rule(r); });
}

apps::SapoApp FakeSapo::app() const {
    apps::SapoApp app;
    app.client_id = "sapo-app-client";
    app.client_secret = "sapo-app-client-secret";
    app.store_url = server_.url("") + "/{store}";
    return app;
}

bool FakeSapo::authorized(const ReceivedRequest& r) const { return !revoked_ && r.header("x-sapo-access-token") == token; }

void FakeSapo::add_order(json::object order) {
    std::lock_guard lock(mutex_);
    put_by_id(orders_, std::move(order));
}

void FakeSapo::add_customer(json::object customer) {
    std::lock_guard lock(mutex_);
    std::string id = text_of(customer, "id");
    std::string path = admin() + "/customers/" + id + ".json";
    server_.on("GET", path, [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        return json_reply(200, json::object{{"customer", this->customer(id)}});
    });
    server_.on("PUT", path, [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        json::object change = json::parse(r.body).as_object().at("customer").as_object();
        std::lock_guard lock(mutex_);
        for (auto& c : customers_)
            if (text_of(c, "id") == id) {
                for (const auto& kv : change) c[kv.key()] = kv.value();
                return json_reply(200, json::object{{"customer", c}});
            }
        return json_reply(404, json::object{{"errors", "Not Found"}});
    });
    for (auto& c : customers_)
        if (text_of(c, "id") == id) {
            c = std::move(customer);
            return;
        }
    customers_.push_back(std::move(customer));
}

void FakeSapo::add_webhook(const std::string& topic, const std::string& address) {
    std::lock_guard lock(mutex_);
    webhooks_.push_back(json::object{{"id", ++next_id_}, {"topic", topic}, {"address", address}, {"format", "json"}});
}

json::object FakeSapo::customer(const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& c : customers_)
        if (text_of(c, "id") == id) return c;
    return {};
}

std::vector<json::object> FakeSapo::webhooks() const {
    std::lock_guard lock(mutex_);
    return webhooks_;
}

std::vector<json::object> FakeSapo::price_rules() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

FakeReply FakeSapo::list(const ReceivedRequest& r, bool orders) const {
    if (!authorized(r)) return unauthorized();
    auto q = form_fields(r.query);
    std::size_t limit = q.count("limit") ? std::stoul(q["limit"]) : 50;
    std::size_t page = q.count("page") ? std::stoul(q["page"]) : 1;
    if (limit == 0 || limit > 250 || page == 0)
        return json_reply(422, json::object{{"errors", json::object{{"limit", "must be between 1 and 250"}}}});
    std::lock_guard lock(mutex_);
    std::vector<const json::object*> matching;
    for (const auto& o : orders ? orders_ : customers_)
        if (changed_since(o, q["modified_on_min"]) && (!orders || status_matches(o, q["status"])))
            matching.push_back(&o);
    json::array out;
    for (std::size_t i = (page - 1) * limit; i < matching.size() && i < page * limit; ++i) out.push_back(*matching[i]);
    return json_reply(200, json::object{{orders ? "orders" : "customers", out}});
}

FakeReply FakeSapo::count(const ReceivedRequest& r, bool orders) const {
    if (!authorized(r)) return unauthorized();
    auto q = form_fields(r.query);
    std::lock_guard lock(mutex_);
    int64_t n = 0;
    if (orders) {
        for (const auto& o : orders_) n += changed_since(o, q["modified_on_min"]) && status_matches(o, q["status"]);
    } else {
        n = static_cast<int64_t>(customers_.size());  // the customers' count takes no filter
    }
    return json_reply(200, json::object{{"count", n}});
}

FakeReply FakeSapo::lookup(const ReceivedRequest& r) const {
    if (!authorized(r)) return unauthorized();
    std::string code = lower(form_fields(r.query)["code"]);
    std::lock_guard lock(mutex_);
    for (const auto& rule : rules_)
        for (const auto& c : rule.at("codes").as_array()) {
            const json::object& dc = c.as_object();
            if (lower(text_of(dc, "code")) != code) continue;
            if (lookup_body_) return json_reply(200, json::object{{"discount_code", dc}});
            FakeReply moved{303, {{"Location", server_.url(admin() + "/price_rules/" + text_of(rule, "id") +
                                                            "/discount_codes/" + text_of(dc, "id") + ".json")}},
                            "", false};
            return moved;
        }
    return json_reply(404, json::object{{"errors", "Not Found"}});
}

FakeReply FakeSapo::add_rule(const ReceivedRequest& r) {
    if (!authorized(r)) return unauthorized();
    json::object rule = json::parse(r.body).as_object().at("price_rule").as_object();
    std::string id;
    {
        std::lock_guard lock(mutex_);
        rule["id"] = ++next_id_;
        rule["codes"] = json::array{};
        rules_.push_back(rule);
        id = text_of(rule, "id");
    }
    std::string path = admin() + "/price_rules/" + id;
    server_.on("POST", path + "/discount_codes.json", [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        json::object dc = json::parse(r.body).as_object().at("discount_code").as_object();
        std::lock_guard lock(mutex_);
        for (const auto& rule : rules_)
            for (const auto& c : rule.at("codes").as_array())
                if (lower(text_of(c.as_object(), "code")) == lower(text_of(dc, "code")))
                    return json_reply(422, json::object{{"errors", json::object{{"code", json::array{
                                                                                    "has already been taken"}}}}});
        for (auto& rule : rules_)
            if (text_of(rule, "id") == id) {
                dc["id"] = ++next_id_;
                dc["price_rule_id"] = rule.at("id");
                dc["usage_count"] = 0;
                rule["codes"].as_array().push_back(dc);
                return json_reply(201, json::object{{"discount_code", dc}});
            }
        return json_reply(404, json::object{{"errors", "Not Found"}});
    });
    server_.on("DELETE", path + ".json", [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return unauthorized();
        std::lock_guard lock(mutex_);
        auto gone = std::remove_if(rules_.begin(), rules_.end(), [&](const json::object& o) { return text_of(o, "id") == id; });
        if (gone == rules_.end()) return json_reply(404, json::object{{"errors", "Not Found"}});
        rules_.erase(gone, rules_.end());
        return FakeReply{204, {}, "", false};
    });
    json::object shown = rule;
    shown.erase("codes");
    return json_reply(201, json::object{{"price_rule", shown}});
}

}  // namespace loyalty::test
