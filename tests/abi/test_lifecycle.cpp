#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "../temp_path.hpp"
#include "abi_client.hpp"

using namespace loyalty::test;

TEST_CASE("data survives closing the engine and opening it again") {
    std::string config = R"({"storage": ")" + durable_url("abi-reopen") + R"("})";
    std::string id;
    {
        Client c(config);
        REQUIRE(c.status == LOYALTY_OK);
        REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
        auto r = c.order("demo", paid_order("A-1", "1130000"));
        REQUIRE(r.status == LOYALTY_OK);
        id = std::string(r.json().at("member_id").as_string());
    }
    Client c(config);
    REQUIRE(c.status == LOYALTY_OK);
    auto shop = call([&](char** out) { return loyalty_get_shop(c.engine, "demo", out); });
    REQUIRE(shop.status == LOYALTY_OK);
    CHECK(shop.json().at("earn").at("spend_per_point").as_int64() == 10000);
    auto m = c.member("demo", R"({"phone": "0912345678"})");
    REQUIRE(m.status == LOYALTY_OK);
    CHECK(m.json().at("member_id").as_string() == id);
    CHECK(m.json().at("points").at("available").as_int64() == 113);
    CHECK_FALSE(c.order("demo", paid_order("A-1", "1130000")).json().at("applied").as_bool());
}

TEST_CASE("shops given in the open config are put and persist") {
    std::string url = durable_url("abi-config-shops");
    {
        Client c(R"({"storage": ")" + url + R"(", "shops": [)" + demo_shop + "]}");
        REQUIRE(c.status == LOYALTY_OK);
    }
    Client c(R"({"storage": ")" + url + R"("})");
    CHECK(c.order("demo", paid_order("A-1", "20000")).status == LOYALTY_OK);
}

TEST_CASE("the last error belongs to the thread whose call failed") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    CHECK(c.order("nope", paid_order("A-1", "1")).status == LOYALTY_NOT_FOUND);
    std::string seen_elsewhere = "unset";
    std::thread([&] { seen_elsewhere = loyalty_last_error(); }).join();
    CHECK(seen_elsewhere.empty());
    CHECK_THAT(loyalty_last_error(), Catch::Contains("nope"));
    REQUIRE(c.order("demo", paid_order("A-1", "1")).status == LOYALTY_OK);
    CHECK(std::string(loyalty_last_error()).empty());
}

TEST_CASE("many threads recording orders for one member give the exact balance") {
    Client c(R"({"storage": ")" + durable_url("abi-threads") + R"("})");
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                auto id = "T" + std::to_string(t) + "-" + std::to_string(i);
                c.order("demo", paid_order(id, "123456"));
                c.order("demo", paid_order(id, "123456"));  // a duplicate delivery
            }
        });
    }
    for (auto& t : threads) t.join();
    auto m = c.member("demo", R"({"phone": "0912345678"})").json();
    CHECK(m.at("points").at("available").as_int64() == 160 * 12);
    CHECK(m.at("spend").at("lifetime").as_int64() == 160 * 123456);
    CHECK(c.maintenance(0).json().at("ledger_consistent").as_bool());
}

TEST_CASE("every status has the lower-case name the HTTP API and the CLI use") {
    CHECK(std::string(loyalty_status_name(LOYALTY_OK)) == "ok");
    CHECK(std::string(loyalty_status_name(LOYALTY_INVALID_ARGUMENT)) == "invalid_argument");
    CHECK(std::string(loyalty_status_name(LOYALTY_NOT_FOUND)) == "not_found");
    CHECK(std::string(loyalty_status_name(LOYALTY_CONFLICT)) == "conflict");
    CHECK(std::string(loyalty_status_name(LOYALTY_INSUFFICIENT_POINTS)) == "insufficient_points");
    CHECK(std::string(loyalty_status_name(LOYALTY_UNAUTHENTICATED)) == "unauthenticated");
    CHECK(std::string(loyalty_status_name(LOYALTY_STORAGE)) == "storage");
    CHECK(std::string(loyalty_status_name(LOYALTY_INTERNAL)) == "internal");
    CHECK(std::string(loyalty_status_name(42)) == "unknown");
}
