#pragma once
// A fake of one Sapo Web store's API for the apps' tests, on FakePlatform (loopback TLS, test CA),
// under /<store>/admin so SapoApp::store_url can point at it ("https://localhost:PORT/{store}").
// Built from the shapes apps/sapo/sapo_api.cpp names, the assumed Shopify-like ones included:
// orders (open only unless status=any) and customers paged by modified_on_min / limit / page,
// counts, webhooks (422 for a topic already sent to an address), customers with tags, price rules
// with their discount codes and the code lookup. Every call needs X-Sapo-Access-Token: 401 otherwise.
#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "apps_config.hpp"
#include "fake_platform.hpp"

namespace loyalty::test {

class FakeSapo {
public:
    static constexpr const char* token = "sapo-shop-token-0001";

    explicit FakeSapo(std::string store = "cotton-saigon");

    FakePlatform& server() { return server_; }
    const std::string& store() const { return store_; }
    // The app's configuration pointing at this fake.
    apps::SapoApp app() const;
    // Where the fake's handlers live: "/<store>/admin".
    std::string admin() const { return "/" + store_ + "/admin"; }

    // Objects in the store; modified_on is what the listings filter on, status what orders filter on.
    void add_order(boost::json::object order);
    void add_customer(boost::json::object customer);
    void add_webhook(const std::string& topic, const std::string& address);
    boost::json::object customer(const std::string& id) const;
    std::vector<boost::json::object> webhooks() const;
    std::vector<boost::json::object> price_rules() const;  // each with "codes": [code, ...]

    // The lookup answers 200 {"discount_code": {...}} instead of Shopify's 303 to the code.
    void lookup_answers_body() { lookup_body_ = true; }
    // GET /admin/webhooks.json lists nothing (as if another worker registered meanwhile).
    void hide_webhooks() { hide_webhooks_ = true; }
    void revoke() { revoked_ = true; }

private:
    FakeReply list(const ReceivedRequest& r, bool orders) const;
    FakeReply count(const ReceivedRequest& r, bool orders) const;
    FakeReply lookup(const ReceivedRequest& r) const;
    FakeReply add_rule(const ReceivedRequest& r);
    bool authorized(const ReceivedRequest& r) const;

    FakePlatform server_;
    std::string store_;
    mutable std::mutex mutex_;
    std::vector<boost::json::object> orders_;
    std::vector<boost::json::object> customers_;
    std::vector<boost::json::object> webhooks_;
    std::vector<boost::json::object> rules_;
    int64_t next_id_ = 700000;
    bool lookup_body_ = false;
    bool hide_webhooks_ = false;
    bool revoked_ = false;
};

}  // namespace loyalty::test
