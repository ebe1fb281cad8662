// Platforms' published sample shapes through the C ABI: what a shop is credited for each.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "abi_client.hpp"
#include "webhook_signing.hpp"

using namespace loyalty::test;

namespace {

// 10,000 VND a point; a doubled rate on the KL-HD-01 line shows how the order's discount is shared.
const char* shop = R"({"shop_id": "real", "earn": {"spend_per_point": 10000},
    "rules": [{"rule_id": "handbags", "multiplier_pct": 200, "skus": ["KL-HD-01"]}],
    "connections": [{"platform": "haravan", "secret": "haravan-real-secret"},
                    {"platform": "sapo", "secret": "sapo-real-secret"}]})";

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

boost::json::value deliver(Client& c, const std::string& platform, const std::string& headers, const std::string& body) {
    char* out = nullptr;
    int status =
        loyalty_ingest_webhook(c.engine, platform.c_str(), "real", headers.c_str(), body.data(), body.size(), &out);
    INFO(loyalty_last_error());
    REQUIRE(status == LOYALTY_OK);
    auto json = boost::json::parse(out);
    loyalty_free(out);
    return json;
}

boost::json::value haravan(Client& c, const std::string& body, const std::string& extra_header = "") {
    return deliver(c, "haravan",
                   R"({"x-haravan-topic": "orders/paid", )" + extra_header + R"("x-haravan-hmacsha256": ")" +
                       base64_hmac(body, "haravan-real-secret") + "\"}",
                   body);
}

boost::json::value sapo_web(Client& c, const std::string& body, const std::string& extra_header = "") {
    return deliver(c, "sapo",
                   R"({"x-sapo-topic": "orders/paid", "x-sapo-shop-domain": "real.mysapo.net", )" + extra_header +
                       R"("x-sapo-hmac-sha256": ")" + base64_hmac(body, "sapo-real-secret") + "\"}",
                   body);
}

int64_t entries(Client& c) { return c.maintenance(1735689600).json().at("entries").as_int64(); }

}  // namespace

TEST_CASE("a Haravan order paid in full by a discount code earns nothing") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    auto r = haravan(c, fixture("haravan/order_discount_whole.json"));
    REQUIRE(r.at("outcome") == "applied");  // the member is created, with no points
    CHECK(r.at("events").at(0).at("points_delta") == 0);
}

TEST_CASE("a Haravan POS order earns on the goods after its discount, without the delivery") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    // 450,000 of goods - 10,000 off the order = 440,000 -> 44 points; the 150,000 handbag line
    // carries its share of the discount (146,666) at double rate -> 14 more.
    auto r = haravan(c, fixture("haravan/order_pos_discount_shipping.json"));
    REQUIRE(r.at("outcome") == "applied");
    CHECK(r.at("events").at(0).at("points_delta") == 44 + 14);
}

TEST_CASE("test deliveries answer ignored and change nothing") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    int64_t before = entries(c);
    std::string paid = fixture("haravan/order_paid.json");
    CHECK(haravan(c, paid, R"("X-Haravan-Test": "true", )").at("outcome") == "ignored");
    std::string web = fixture("sapo/web_order_paid.json");
    CHECK(sapo_web(c, web, R"("x-sapo-test": "true", )").at("outcome") == "ignored");
    std::string test_order = web;
    auto at = test_order.find("\"test\": false");
    REQUIRE(at != std::string::npos);
    test_order.replace(at, 13, "\"test\": true");
    CHECK(sapo_web(c, test_order).at("outcome") == "ignored");
    CHECK(entries(c) == before);
    auto m = c.member("real", R"({"platform": "haravan", "customer_id": "1041587723"})");
    CHECK(m.status == LOYALTY_NOT_FOUND);
    // The same bodies without the flags are real sales.
    CHECK(haravan(c, paid).at("outcome") == "applied");
    CHECK(sapo_web(c, web).at("outcome") == "applied");
}

TEST_CASE("a delivery with a key twice is quarantined, naming it, and a document with one is refused") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    std::string body = fixture("haravan/order_paid.json");
    auto at = body.find("\"subtotal_price\": 3850000.0000,");
    REQUIRE(at != std::string::npos);
    body.insert(at, "\"subtotal_price\": 900000000.0000, ");
    char* out = nullptr;
    std::string headers = R"({"x-haravan-topic": "orders/paid", "x-haravan-hmacsha256": ")" +
                          base64_hmac(body, "haravan-real-secret") + "\"}";
    CHECK(loyalty_ingest_webhook(c.engine, "haravan", "real", headers.c_str(), body.data(), body.size(), &out) ==
          LOYALTY_INVALID_ARGUMENT);
    std::string error = loyalty_last_error();
    CHECK(error.find("subtotal_price twice") != std::string::npos);
    CHECK(error.find("quarantine") != std::string::npos);
    CHECK(c.member("real", R"({"platform": "haravan", "customer_id": "1041587723"})").status == LOYALTY_NOT_FOUND);
    CHECK(c.put_shop(R"({"shop_id": "x", "earn": {"spend_per_point": 10000, "spend_per_point": 1}})") ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK(std::string(loyalty_last_error()).find("shop.earn.spend_per_point is given twice") != std::string::npos);
}
