#pragma once
// A fake of KiotViet for the apps' tests, on FakePlatform (loopback TLS, test CA), built from the
// documented shapes: the identity server's client-credentials token, and the Public API's customers,
// invoices and returns paged by lastModifiedFrom / pageSize / currentItem (shop-local times),
// customers' removeIds and groups, webhooks, and vouchers of voucher campaigns. Every API call needs
// the Retailer header and a token it issued (401 otherwise).
#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fake_platform.hpp"

namespace loyalty::test {

class FakeKiotViet {
public:
    static constexpr const char* client_id = "kv-shop-client";
    static constexpr const char* client_secret = "kv-shop-client-secret";
    static constexpr const char* retailer = "tiemtra";

    FakeKiotViet();

    FakePlatform& server() { return server_; }
    std::string base() const { return server_.url(""); }

    // Objects in the shop, camelCase as the API answers; modifiedDate (shop-local) is what lists filter on.
    void add_customer(boost::json::object customer);
    void add_invoice(boost::json::object invoice);
    void add_return(boost::json::object r);
    void remove_customer(int64_t id);  // listed under removeIds from then on
    boost::json::object customer(int64_t id) const;
    // A customer group of the shop, listed by GET /customers/group.
    void add_group(int64_t id, const std::string& name);

    // Voucher campaigns made in the back office; returns the campaign's id.
    int64_t add_campaign(int64_t price, bool active = true);
    std::vector<boost::json::object> vouchers() const;
    std::vector<boost::json::object> webhooks() const;
    void add_webhook(boost::json::object hook);

    int tokens_issued() const;
    void revoke_tokens();

private:
    FakeReply list(const ReceivedRequest& r, const std::vector<boost::json::object>& items, bool removals) const;
    bool authorized(const ReceivedRequest& r) const;

    FakePlatform server_;
    mutable std::mutex mutex_;
    std::set<std::string> tokens_;
    int tokens_issued_ = 0;
    std::vector<boost::json::object> customers_;
    std::vector<boost::json::object> invoices_;
    std::vector<boost::json::object> returns_;
    std::vector<int64_t> removed_;
    std::vector<boost::json::object> groups_;
    std::vector<boost::json::object> campaigns_;
    std::vector<boost::json::object> vouchers_;
    std::vector<boost::json::object> webhooks_;
    int64_t next_id_ = 70000;
};

// `v` with every key's first letter lower-cased, recursively: a webhook fixture's PascalCase objects
// as the REST API spells them.
boost::json::value camel_cased(const boost::json::value& v);

}  // namespace loyalty::test
