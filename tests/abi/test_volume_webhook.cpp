// A platform order's lines reach the volume bonuses: a signed Haravan webhook counts its SKU's units,
// a partial refund takes a share back, and settling the quarter pays the bonus once.
#include <catch2/catch.hpp>

#include "abi_client.hpp"
#include "webhook_signing.hpp"

using namespace loyalty::test;

namespace {

const std::string secret = "haravan-volume-secret";

const std::string shop = R"({"shop_id": "agents", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secret": ")" + secret + R"("}],
    "volume_bonuses": [{"program_id": "beer-q", "period": "quarter", "skus": ["BEER-24"], "units": 20,
                        "points": 500}]})";

std::string order(const std::string& status, const std::string& updated_at, const std::string& refunds) {
    return R"({"id": 7001, "name": "#7001", "created_at": "2024-06-30T23:59:59+07:00", "updated_at": ")" + updated_at +
           R"(", "financial_status": ")" + status + R"(", "subtotal_price": "3000000", "total_price": "3000000",
           "total_discounts": "0", "cancelled_at": null, "refunds": )" + refunds + R"(,
           "line_items": [{"sku": "BEER-24", "quantity": 25, "price": "100000", "total_discount": "0"},
                          {"sku": "SNACK", "quantity": 10, "price": "50000", "total_discount": "0"}],
           "customer": {"id": 9001, "phone": "0912000111", "first_name": "Đại lý", "last_name": "Bình"}})";
}

Call deliver(Client& c, const std::string& topic, const std::string& body) {
    std::string headers = R"({"X-Haravan-Topic": ")" + topic + R"(", "X-Haravan-Org-Id": "1", "X-Haravan-HmacSha256": ")" +
                          base64_hmac(body, secret) + R"("})";
    return call([&](char** out) {
        return loyalty_ingest_webhook(c.engine, "haravan", "agents", headers.c_str(), body.data(), body.size(), out);
    });
}

}  // namespace

TEST_CASE("a Haravan order's lines count for a quarterly volume bonus that settles once", "[webhooks][distributor]") {
    Client c;
    REQUIRE(c.put_shop(shop) == LOYALTY_OK);
    REQUIRE(deliver(c, "orders/paid", order("paid", "2024-07-01T09:00:00+07:00", "[]")).status == LOYALTY_OK);
    // A fifth of the order refunded: 20 of the 25 cases still count, just enough.
    std::string refunded = order("partially_refunded", "2024-07-02T09:00:00+07:00",
                                 R"([{"id": 1, "transactions": [{"kind": "refund", "status": "success", "amount": "600000"}]}])");
    REQUIRE(deliver(c, "orders/updated", refunded).status == LOYALTY_OK);
    auto member = c.member("agents", R"({"platform": "haravan", "customer_id": "9001"})");
    REQUIRE(member.status == LOYALTY_OK);
    int64_t before = member.json().at("points").at("available").as_int64();
    CHECK(before == 240);

    auto settle = call([&](char** out) {
        return loyalty_settle_period(c.engine, "agents", R"({"period": "2024-Q2"})", out);
    });
    REQUIRE(settle.status == LOYALTY_OK);
    auto standings = settle.json().at("programs").at(0).at("standings");
    REQUIRE(standings.as_array().size() == 1);
    CHECK(standings.at(0).at("units") == 20);
    CHECK(standings.at(0).at("points") == 500);
    auto again = call([&](char** out) {
        return loyalty_settle_period(c.engine, "agents", R"({"period": "2024-Q2"})", out);
    });
    REQUIRE(again.status == LOYALTY_OK);
    CHECK(again.json().at("programs").at(0).at("already_settled") == true);
    auto after = c.member("agents", R"({"platform": "haravan", "customer_id": "9001"})");
    CHECK(after.json().at("points").at("available") == before + 500);
}
