#include "fake_haravan.hpp"

#include "apps_test_support.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "common/crypto.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::test {
namespace {

namespace json = boost::json;

FakeReply json_reply(unsigned status, const json::value& v) {
    return {status, {{"Content-Type", "application/json"}}, json::serialize(v), false};
}

std::string base64url(const std::string& raw) {
    std::string b = connectors::base64_encode(raw);
    for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!b.empty() && b.back() == '=') b.pop_back();
    return b;
}

// Whether the object changed at or after `since` (empty: everything), to the second.
bool changed_since(const json::object& o, const std::string& since) {
    if (since.empty()) return true;
    static const auto utc = core::Zone::load("UTC");
    auto at = core::parse_timestamp(text_of(o, "updated_at"), *utc);
    auto from = core::parse_timestamp(since, *utc);
    return at && from && *at >= *from;
}

}  // namespace

json::object haravan_example_order() {
    std::ifstream in(std::string(LOYALTY_EXAMPLES) + "/haravan-order-paid.json");
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return json::parse(text).as_object();
}

json::object history_order(long i, long customers) {
    static const json::object example = haravan_example_order();
    char updated[40];
    std::snprintf(updated, sizeof updated, "2026-11-%02ldT%02ld:%02ld:%02ld.000Z", 1 + i % 28, i / 3600 % 24, i / 60 % 60,
                  i % 60);
    json::object o = example;
    o["id"] = 100000 + i;
    o["name"] = "#" + std::to_string(100000 + i);
    o["updated_at"] = updated;
    o["created_at"] = updated;
    auto& c = o["customer"].as_object();
    c["id"] = 700000 + i % customers;
    c["phone"] = "09" + std::to_string(20000000 + i % customers);
    c["email"] = nullptr;
    return o;
}

void add_history(FakeHaravan& fake, long orders, long customers) {
    for (long i = 0; i < orders; ++i) fake.add_order(history_order(i, customers));
}

FakeHaravan::FakeHaravan(std::string org_id) : org_id_(std::move(org_id)) {
    server_.on("POST", "/connect/token", [this](const ReceivedRequest& r) {
        auto f = form_fields(r.body);
        std::lock_guard lock(mutex_);
        auto code = codes_.find(f["code"]);
        if (f["grant_type"] != "authorization_code" || f["client_id"] != client_id ||
            f["client_secret"] != client_secret || code == codes_.end())
            return json_reply(400, json::object{{"error", "invalid_grant"}});
        std::string nonce = code->second;
        codes_.erase(code);  // a code is good once
        return json_reply(200, json::object{{"access_token", token},
                                            {"id_token", id_token(nonce)},
                                            {"expires_in", 3600},
                                            {"token_type", "Bearer"}});
    });
    server_.on("POST", "/api/subscribe", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return json_reply(401, json::object{{"error", "unauthorized"}});
        std::lock_guard lock(mutex_);
        ++subscriptions_;
        return json_reply(200, json::object{{"data", nullptr}, {"error", false}});
    });
    server_.on("GET", "/com/orders.json", [this](const ReceivedRequest& r) { return list(r, orders_, "orders"); });
    server_.on("GET", "/com/customers.json",
               [this](const ReceivedRequest& r) { return list(r, customers_, "customers"); });
    server_.on("GET", "/com/orders/count.json", [this](const ReceivedRequest& r) { return count(r, orders_); });
    server_.on("GET", "/com/customers/count.json", [this](const ReceivedRequest& r) { return count(r, customers_); });
    server_.on("GET", "/com/discounts.json", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return json_reply(401, json::object{});
        std::string code = form_fields(r.query)["code"];
        std::lock_guard lock(mutex_);
        json::array found;
        for (const auto& d : discounts_)
            if (code.empty() || text_of(d, "code") == code) found.push_back(d);
        return json_reply(200, json::object{{"discounts", found}});
    });
    server_.on("POST", "/com/discounts.json", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return json_reply(401, json::object{});
        json::object d = json::parse(r.body).as_object().at("discount").as_object();
        std::lock_guard lock(mutex_);
        for (const auto& existing : discounts_)
            if (text_of(existing, "code") == text_of(d, "code"))
                return json_reply(422, json::object{{"errors", json::object{{"code", "has already been taken"}}}});
        int id = ++next_id_;
        d["id"] = id;
        discounts_.push_back(d);
        server_.on("DELETE", "/com/discounts/" + std::to_string(id) + ".json", [this, id](const ReceivedRequest& del) {
            if (!authorized(del)) return json_reply(401, json::object{});
            std::lock_guard inner(mutex_);
            auto gone = std::remove_if(discounts_.begin(), discounts_.end(),
                                       [&](const json::object& x) { return x.at("id") == id; });
            if (gone == discounts_.end()) return json_reply(404, json::object{});
            discounts_.erase(gone, discounts_.end());
            return json_reply(200, json::object{});
        });
        return json_reply(201, json::object{{"discount", d}});
    });
}

std::string FakeHaravan::authorize(const std::string& nonce) {
    std::lock_guard lock(mutex_);
    std::string code = "code-" + std::to_string(++next_id_);
    codes_[code] = nonce;
    return code;
}

std::string FakeHaravan::id_token(const std::string& nonce) const {
    json::object claims{{"aud", client_id}, {"exp", 4102444800}, {"nonce", nonce}, {"orgid", org_id_},
                        {"orgname", "Cửa hàng thử"}, {"sub", "owner-1"}};
    return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(json::serialize(claims)) + ".c2ln";
}

bool FakeHaravan::authorized(const ReceivedRequest& r) const {
    return !revoked_ && r.header("authorization") == std::string("Bearer ") + token;
}

void FakeHaravan::add_order(json::object order) {
    std::lock_guard lock(mutex_);
    put_by_id(orders_, std::move(order));
}

void FakeHaravan::add_customer(json::object customer) {
    std::lock_guard lock(mutex_);
    std::string id = text_of(customer, "id");
    server_.on("GET", "/com/customers/" + id + ".json", [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return json_reply(401, json::object{});
        return json_reply(200, json::object{{"customer", this->customer(id)}});
    });
    server_.on("PUT", "/com/customers/" + id + ".json", [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return json_reply(401, json::object{});
        json::object change = json::parse(r.body).as_object().at("customer").as_object();
        std::lock_guard lock(mutex_);
        for (auto& c : customers_)
            if (text_of(c, "id") == id)
                for (const auto& kv : change) c[kv.key()] = kv.value();
        return json_reply(200, json::object{{"customer", change}});
    });
    for (auto& c : customers_)
        if (text_of(c, "id") == id) {
            c = std::move(customer);
            return;
        }
    customers_.push_back(std::move(customer));
}

json::object FakeHaravan::customer(const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& c : customers_)
        if (text_of(c, "id") == id) return c;
    return {};
}

std::vector<json::object> FakeHaravan::orders_page(std::size_t page, std::size_t limit) const {
    std::lock_guard lock(mutex_);
    std::vector<json::object> out;
    for (std::size_t i = (page - 1) * limit; i < orders_.size() && i < page * limit; ++i) out.push_back(orders_[i]);
    return out;
}

std::vector<json::object> FakeHaravan::discounts() const {
    std::lock_guard lock(mutex_);
    return discounts_;
}

int FakeHaravan::subscriptions() const {
    std::lock_guard lock(mutex_);
    return subscriptions_;
}

FakeReply FakeHaravan::list(const ReceivedRequest& r, const std::vector<json::object>& items, const char* key) const {
    if (!authorized(r)) return json_reply(401, json::object{{"error", "unauthorized"}});
    auto q = form_fields(r.query);
    std::string since = q["updated_at_min"];
    std::size_t limit = q.count("limit") ? std::stoul(q["limit"]) : 50;
    std::size_t page = q.count("page") ? std::stoul(q["page"]) : 1;
    std::lock_guard lock(mutex_);
    std::vector<const json::object*> matching;
    for (const auto& o : items)
        if (changed_since(o, since)) matching.push_back(&o);
    json::array out;
    for (std::size_t i = (page - 1) * limit; i < matching.size() && i < page * limit; ++i) out.push_back(*matching[i]);
    return json_reply(200, json::object{{key, out}});
}

FakeReply FakeHaravan::count(const ReceivedRequest& r, const std::vector<json::object>& items) const {
    if (!authorized(r)) return json_reply(401, json::object{});
    std::string since = form_fields(r.query)["updated_at_min"];
    std::lock_guard lock(mutex_);
    int64_t n = 0;
    for (const auto& o : items) n += changed_since(o, since);
    return json_reply(200, json::object{{"count", n}});
}

}  // namespace loyalty::test
