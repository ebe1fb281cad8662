#pragma once
// A fake of Haravan for the apps' tests, on FakePlatform (loopback TLS, test CA), built from the
// documented shapes: the accounts server's token endpoint, the webhook subscription, and the Omni
// API's orders, customers (with tags) and discounts, paged by updated_at_min / limit / page.
#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "apps_test_support.hpp"
#include "fake_platform.hpp"

namespace loyalty::test {

class FakeHaravan {
public:
    static constexpr const char* client_id = "hrv-app-client";
    static constexpr const char* client_secret = "hrv-app-client-secret";
    static constexpr const char* token = "hrv-shop-token-0001";

    explicit FakeHaravan(std::string org_id = "200000");

    FakePlatform& server() { return server_; }
    std::string base() const { return server_.url(""); }
    const std::string& org_id() const { return org_id_; }

    // The accounts server's side of an authorization: a code for `nonce`, as the browser would bring back.
    std::string authorize(const std::string& nonce);
    // An id_token as Haravan's answers carry (unsigned here: the client does not check it).
    std::string id_token(const std::string& nonce) const;

    // Objects in the shop; updated_at is what the listing filters on.
    void add_order(boost::json::object order);
    void add_customer(boost::json::object customer);
    boost::json::object customer(const std::string& id) const;
    // Page `page` (from 1) of every order, `limit` per page, as the listing gives them.
    std::vector<boost::json::object> orders_page(std::size_t page, std::size_t limit) const;
    std::vector<boost::json::object> discounts() const;
    int subscriptions() const;
    void revoke() { revoked_ = true; }

private:
    FakeReply list(const ReceivedRequest& r, const std::vector<boost::json::object>& items, const char* key) const;
    FakeReply count(const ReceivedRequest& r, const std::vector<boost::json::object>& items) const;
    bool authorized(const ReceivedRequest& r) const;

    FakePlatform server_;
    std::string org_id_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> codes_;  // code -> nonce
    std::vector<boost::json::object> orders_;
    std::vector<boost::json::object> customers_;
    std::vector<boost::json::object> discounts_;
    int subscriptions_ = 0;
    int next_id_ = 9000;
    bool revoked_ = false;
};

// examples/haravan-order-paid.json: a real-shaped paid order to vary.
boost::json::object haravan_example_order();

// The i-th of add_history's orders: a paid order (id 100000 + i) of one of `customers` customers, updated in
// November 2026.
boost::json::object history_order(long i, long customers);
// `orders` such orders: what the process tests and the backfill benchmark walk.
void add_history(FakeHaravan& fake, long orders, long customers);


}  // namespace loyalty::test
