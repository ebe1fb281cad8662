// /healthz answers for the store too: 503 while the store cannot serve calls, so a load balancer
// takes the instance out of rotation, and 200 again once it can.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "../test_storage.hpp"
#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;

TEST_CASE("healthz is 200 while the store works", "[server]") {
    Served s;
    REQUIRE(s.ok());
    auto r = Https(s.port).get("/healthz");
    CHECK(r.status == 200);
    CHECK(r.body == R"({"status":"ok"})");
}

TEST_CASE("with metrics.token, /metrics needs it as a bearer token, and the admin token is not it", "[server]") {
    Served s(R"("metrics": {"token": "scraper-token-0123456789"})");
    REQUIRE(s.ok());
    Https c(s.port);
    CHECK(c.get("/metrics").status == 401);
    CHECK(c.get("/metrics", {{"Authorization", "Bearer " + admin_token}}).status == 401);
    auto scraped = c.get("/metrics", {{"Authorization", "Bearer scraper-token-0123456789"}});
    CHECK(scraped.status == 200);
    CHECK(scraped.body.find("loyalty_build_info") != std::string::npos);
    CHECK(c.get("/healthz").status == 200);  // a load balancer still needs no token
    // Without the setting it stays open; a short token or the admin token's copy is refused at start.
    CHECK(Https(Served().port).get("/metrics").status == 200);
    CHECK_FALSE(Served(R"("metrics": {"token": "short"})").ok());
    CHECK_FALSE(Served(R"("metrics": {"token": ")" + admin_token + R"("})").ok());
}

TEST_CASE("healthz is 503 while PostgreSQL refuses the engine's connections", "[.][postgresql]") {
    // A role of its own that may log in at first, then not: the server stays up for other tests.
    auto role = unique_schema("healthz");
    admin_sql("CREATE ROLE " + role + " LOGIN");
    admin_sql("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
    // The daemon's document takes the postgresql settings beside the server's own.
    Served s(R"("postgresql": {"pool_size": 2, "connect_timeout_s": 2})", "",
             with_param(postgres_base_url(), "user=" + role + "&options=-csearch_path%3D" + role));
    REQUIRE(s.ok());
    CHECK(Https(s.port).get("/healthz").status == 200);

    admin_sql("ALTER ROLE " + role + " NOLOGIN");
    admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
    auto down = Https(s.port).get("/healthz");
    CHECK(down.status == 503);
    auto body = boost::json::parse(down.body);
    CHECK(body.at("status") == "unavailable");
    CHECK_THAT(std::string(body.at("storage").as_string()), Catch::Contains("not permitted to log in"));

    admin_sql("ALTER ROLE " + role + " LOGIN");
    CHECK(Https(s.port).get("/healthz").status == 200);
}
