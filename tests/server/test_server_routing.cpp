// Which shop a delivery reaches, and what a target that names no shop gets.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;

namespace {

// Two shops of one Haravan public app: each knows its organisation and the app's secret.
const char* org_shop(const char* shop_id, const char* org_id) {
    static std::string text;
    text = std::string(R"({"shop_id": ")") + shop_id + R"(", "earn": {"spend_per_point": 10000},
        "connections": [{"platform": "haravan", "secret": "haravan-app-secret", "org_id": ")" + org_id + "\"}]}";
    return text.c_str();
}

std::map<std::string, std::string> org_headers(const std::string& body, const std::string& org) {
    auto h = haravan_headers(body, "haravan-app-secret");
    h["X-Haravan-Org-Id"] = org;
    return h;
}

}  // namespace

TEST_CASE("one Haravan URL for every shop of the app, routed by X-Haravan-Org-Id", "[server]") {
    Served s;
    REQUIRE(s.ok());
    REQUIRE(loyalty_put_shop(s.engine, org_shop("cafe", "200000123")) == LOYALTY_OK);
    REQUIRE(loyalty_put_shop(s.engine, org_shop("tea", "200000456")) == LOYALTY_OK);
    Https c(s.port);
    std::string body = haravan_order("7001", "500000");
    auto cafe = c.send(verb::post, "/webhooks/haravan", body, org_headers(body, "200000123"));
    CHECK(cafe.status == 200);
    CHECK(cafe.body.find(R"("points_delta":50)") != std::string::npos);
    CHECK(c.get("/api/v1/shops/cafe/members?platform=haravan&customer_id=501", bearer()).status == 200);
    CHECK(c.get("/api/v1/shops/tea/members?platform=haravan&customer_id=501", bearer()).status == 404);
    // Unknown organisation: refused like an unknown shop, nothing stored.
    CHECK(c.send(verb::post, "/webhooks/haravan", body, org_headers(body, "999")).status == 404);
    CHECK(c.send(verb::post, "/webhooks/haravan", body, haravan_headers(body, "haravan-app-secret")).status == 404);
    // The org's shop verifies with its own secrets: a forged body for "tea" is refused.
    CHECK(c.send(verb::post, "/webhooks/haravan", body, [&] {
              auto h = org_headers(body, "200000456");
              h["X-Haravan-Hmacsha256"] = base64_hmac(body, "some-other-secret");
              return h;
          }()).status == 401);
    // The per-shop URL still works.
    std::string second = haravan_order("7002", "300000");
    CHECK(c.send(verb::post, "/webhooks/haravan/tea", second, haravan_headers(second, "haravan-app-secret")).status == 200);
    CHECK(c.send(verb::get, "/webhooks/haravan").status == 405);
}

TEST_CASE("a KiotViet delivery for a shop not configured yet gets 503, never a 4xx", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = R"({"Id": "d-1", "Attempt": 1, "Notifications": []})";
    auto r = c.send(verb::post, "/webhooks/kiotviet/not-yet", body, {{"X-Hub-Signature", hub_hmac(body, kiotviet_secret)}});
    CHECK(r.status == 503);
}

TEST_CASE("a control character in a path segment or parameter names no shop", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = haravan_order("8001", "500000");
    for (const char* target : {"/webhooks/haravan/demo%00x", "/webhooks/haravan/demo%0a", "/webhooks/haravan/demo%7F"}) {
        INFO(target);
        auto r = c.send(verb::post, target, body, haravan_headers(body));
        CHECK((r.status == 400 || r.status == 404));
    }
    CHECK(c.get("/api/v1/shops/demo%00x/members?platform=haravan&customer_id=501", bearer()).status == 400);
    CHECK(c.get("/api/v1/shops/demo/members?platform=haravan&customer_id=501%00", bearer()).status == 400);
    // Nothing was applied to "demo" through any of them.
    CHECK(c.get("/api/v1/shops/demo/members?platform=haravan&customer_id=501", bearer()).status == 404);
}

TEST_CASE("a NUL byte in a header value gets 400, not a dropped connection", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Note: a";
    request += '\0';
    request += "b\r\n\r\n";
    auto r = c.raw(request);
    CHECK(r.status == 400);
    CHECK(r.body.find("not valid HTTP") != std::string::npos);
}
