// Real-shaped deliveries from the three platforms into one shop through the C ABI: one person
// across platforms, retries, reordering and cancels, and a ledger that still adds up.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "abi_client.hpp"
#include "webhook_signing.hpp"

using namespace loyalty::test;

namespace {

const char* shop = R"({"shop_id": "omni", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secret": "haravan-fixture-secret"},
                    {"platform": "sapo", "secret": "sapo-fixture-secret"},
                    {"platform": "kiotviet", "secret": "kiotviet-fixture-secret"}]})";

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

boost::json::value deliver(Client& c, const std::string& platform, const std::string& headers,
                           const std::string& body) {
    char* out = nullptr;
    int status = loyalty_ingest_webhook(c.engine, platform.c_str(), "omni", headers.c_str(), body.data(), body.size(),
                                        &out);
    INFO(loyalty_last_error());
    REQUIRE(status == LOYALTY_OK);
    auto json = boost::json::parse(out);
    loyalty_free(out);
    return json;
}

boost::json::value kiotviet(Client& c, const std::string& name) {
    std::string body = fixture("kiotviet/" + name);
    return deliver(c, "kiotviet", R"({"X-Hub-Signature": ")" + hub_hmac(body, "kiotviet-fixture-secret") + "\"}",
                   body);
}

boost::json::value haravan(Client& c, const std::string& name, const std::string& topic) {
    std::string body = fixture("haravan/" + name);
    return deliver(c, "haravan",
                   R"({"x-haravan-topic": ")" + topic + R"(", "x-haravan-hmacsha256": ")" +
                       base64_hmac(body, "haravan-fixture-secret") + "\"}",
                   body);
}

boost::json::value sapo_go(Client& c, const std::string& name, const std::string& topic, int version) {
    std::string body = fixture("sapo/" + name);
    return deliver(c, "sapo",
                   R"({"x-sapo-topic": ")" + topic + R"(", "x-sapo-tenant-domain": "omni.mysapogo.com",
                       "x-sapo-object-id": "1", "x-event-version": ")" + std::to_string(version) +
                       R"(", "x-sapo-hmac-sha256": ")" + base64_hmac(body, "sapo-fixture-secret") + "\"}",
                   body);
}

int64_t delta(const boost::json::value& result, std::size_t event = 0) {
    return result.at("events").at(event).at("points_delta").as_int64();
}

}  // namespace

TEST_CASE("KiotViet and Sapo GO customers with one phone are one member", "[webhooks][fixtures]") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    auto counter = kiotviet(c, "customer_update.json");  // "0162 612 3456", a pre-2018 number
    CHECK(counter.at("outcome") == "applied");
    std::string member = std::string(counter.at("events").at(0).at("member_id").as_string());
    auto pos = sapo_go(c, "go_customer.json", "customers/update", 3);  // "01626123456"
    CHECK(pos.at("events").at(0).at("member_id").as_string() == member);
    auto m = c.member("omni", R"({"phone": "0326123456"})");
    REQUIRE(m.status == LOYALTY_OK);
    CHECK(m.json().at("member_id").as_string() == member);
    CHECK(m.json().at("refs").as_array().size() == 2);
}

TEST_CASE("a KiotViet invoice: retry, cancel, then a late older update", "[webhooks][fixtures]") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    kiotviet(c, "customer_update.json");
    auto completed = kiotviet(c, "invoice_completed.json");
    REQUIRE(completed.at("outcome") == "applied");
    int64_t earned = delta(completed);
    CHECK(earned == 125);  // Total 1,250,000 VND at 10,000 VND a point
    CHECK(kiotviet(c, "invoice_completed_retry.json").at("outcome") == "duplicate");  // same Id, Attempt 2
    auto cancelled = kiotviet(c, "invoice_cancelled.json");
    CHECK(delta(cancelled) == -earned);
    auto late = kiotviet(c, "invoice_completed_later.json");  // modified before the cancel, delivered after
    CHECK(late.at("outcome") == "stale");
    auto m = c.member("omni", R"({"platform": "kiotviet", "customer_id": "30451278"})");
    CHECK(m.json().at("points").at("available") == 0);
    CHECK(c.maintenance(1735689600).json().at("ledger_consistent") == true);
}

TEST_CASE("a Haravan order paid, partly refunded, and its paid delivery again", "[webhooks][fixtures]") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    auto paid = haravan(c, "order_paid.json", "orders/paid");
    REQUIRE(paid.at("outcome") == "applied");
    int64_t earned = delta(paid);
    CHECK(earned > 0);
    auto refunded = haravan(c, "order_partially_refunded.json", "orders/updated");
    CHECK(refunded.at("outcome") == "applied");
    CHECK(delta(refunded) < 0);
    CHECK(haravan(c, "order_paid.json", "orders/paid").at("outcome") == "duplicate");
    CHECK(haravan(c, "order_paid.json", "orders/updated").at("outcome") == "stale");  // an older state, new key
    auto walk_in = haravan(c, "order_pos_walkin.json", "orders/paid");
    CHECK(walk_in.at("outcome") == "ignored");
    auto member = std::string(paid.at("events").at(0).at("member_id").as_string());
    int64_t available = 0, pending = 0;
    REQUIRE(loyalty_get_balance(c.engine, "omni", member.c_str(), &available, &pending) == LOYALTY_OK);
    CHECK(available == earned + delta(refunded));
    CHECK(c.maintenance(1735689600).json().at("ledger_consistent") == true);
}
