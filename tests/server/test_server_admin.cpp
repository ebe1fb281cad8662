// The admin API over TLS: the token on every route, and the same JSON as the C ABI.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;

namespace {

struct RouteCase {
    verb method;
    std::string target;
    std::string body;
};

const std::vector<RouteCase> admin_routes{
    {verb::get, "/api/v1/shops/demo", ""},
    {verb::put, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 10000}})"},
    {verb::get, "/api/v1/shops/demo/members?phone=0912345678", ""},
    {verb::get, "/api/v1/shops/demo/members/m_x", ""},
    {verb::get, "/api/v1/shops/demo/members/m_x/transactions", ""},
    {verb::post, "/api/v1/shops/demo/members/m_x/redemptions", R"({"points": 1, "idempotency_key": "k"})"},
    {verb::post, "/api/v1/shops/demo/members/m_x/adjustments", R"({"points": 1, "idempotency_key": "k", "reason": "r"})"},
    {verb::put, "/api/v1/shops/demo/members/m_x/tier", R"({"tier": "Gold", "until": "2099-01-01"})"},
    {verb::post, "/api/v1/shops/demo/quote", R"({"amount": 100000})"},
    {verb::put, "/api/v1/shops/demo/members/m_x/group", R"({"group": "Đại lý"})"},
    {verb::post, "/api/v1/shops/demo/rewards/claim", R"({"member_id": "m_x", "reward_id": "tea", "idempotency_key": "k"})"},
    {verb::get, "/api/v1/shops/demo/grants?member_id=m_x", ""},
    {verb::post, "/api/v1/shops/demo/grants/use", R"({"code": "X", "order_id": "o"})"},
    {verb::post, "/api/v1/shops/demo/grants/void", R"({"code": "X", "reason": "r"})"},
    {verb::post, "/api/v1/shops/demo/checkout/pay",
     R"({"member_id": "m_x", "order_id": "o", "order_amount": 1000, "points": 1, "idempotency_key": "k"})"},
    {verb::post, "/api/v1/shops/demo/periods/settle", R"({"period": "2025-Q1"})"},
    {verb::get, "/api/v1/shops/demo/programs/q/leaderboard", ""},
    {verb::get, "/api/v1/quarantine", ""},
    {verb::post, "/api/v1/quarantine/1/replay", ""},
    {verb::post, "/api/v1/quarantine/1/dismiss", R"({"reason": "r"})"},
    {verb::get, "/api/v1/shops/demo/events", ""},
    {verb::post, "/api/v1/shops/demo/events/1/replay", ""},
    {verb::post, "/api/v1/shops/demo/events/replay", R"({"from": 1})"},
    {verb::get, "/api/v1/shops/demo/messages", ""},
    {verb::get, "/api/v1/shops/demo/campaigns", ""},
    {verb::post, "/api/v1/shops/demo/campaigns", R"({"campaign_id": "c", "channel": "sms", "template": "x"})"},
    {verb::get, "/api/v1/shops/demo/campaigns/c", ""},
    {verb::get, "/api/v1/anything/else", ""},
};

std::string member_id(const Reply& r) {
    return std::string(boost::json::parse(r.body).at("member_id").as_string());
}

}  // namespace

TEST_CASE("every admin route refuses a missing or wrong token", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    for (const auto& route : admin_routes) {
        INFO(route.target);
        auto none = c.send(route.method, route.target, route.body);
        CHECK(none.status == 401);
        CHECK(none.body.find(R"("code":"unauthenticated")") != std::string::npos);
        CHECK(c.send(route.method, route.target, route.body, bearer("server-test-admin-tokeN")).status == 401);
        CHECK(c.send(route.method, route.target, route.body, {{"Authorization", admin_token}}).status == 401);
        CHECK(c.send(route.method, route.target, route.body, bearer()).status != 401);
    }
}

TEST_CASE("the admin API reads and changes the ledger with the ABI's JSON", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = haravan_order("1001", "1130000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);

    auto found = c.get("/api/v1/shops/demo/members?phone=%2B84912345678", bearer());
    REQUIRE(found.status == 200);
    std::string id = member_id(found);
    auto member = c.get("/api/v1/shops/demo/members/" + id, bearer());
    CHECK(member.status == 200);
    CHECK(member.body.find(R"("available":113)") != std::string::npos);
    CHECK(c.get("/api/v1/shops/demo/members/m_nobody", bearer()).status == 404);

    std::string redemption = R"({"points": 100, "idempotency_key": "r-1", "reason": "voucher"})";
    auto redeemed = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/redemptions", redemption, bearer());
    CHECK(redeemed.status == 200);
    auto again = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/redemptions", redemption, bearer());
    CHECK(again.body == redeemed.body);
    auto conflict = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/redemptions",
                           R"({"points": 5, "idempotency_key": "r-1"})", bearer());
    CHECK(conflict.status == 409);
    CHECK(conflict.body.find(R"("code":"conflict")") != std::string::npos);
    auto short_of = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/redemptions",
                           R"({"points": 14, "idempotency_key": "r-2"})", bearer());
    CHECK(short_of.status == 422);
    auto shortfall = boost::json::parse(short_of.body).at("error");
    CHECK(shortfall.at("code") == "insufficient_points");
    CHECK(shortfall.at("available") == 13);
    CHECK(shortfall.at("requested") == 14);
    auto adjusted = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/adjustments",
                           R"({"points": 7, "idempotency_key": "a-1", "reason": "apology"})", bearer());
    CHECK(adjusted.status == 200);
    CHECK(adjusted.body.find(R"("available":20)") != std::string::npos);
    auto other_member = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/adjustments",
                               R"({"member_id": "m_else", "points": 1, "idempotency_key": "a-2", "reason": "x"})", bearer());
    CHECK(other_member.status == 400);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/adjustments", "not json", bearer()).status == 400);

    auto page = c.get("/api/v1/shops/demo/members/" + id + "/transactions?limit=2", bearer());
    CHECK(page.status == 200);
    auto transactions = boost::json::parse(page.body);
    CHECK(transactions.at("transactions").as_array().size() == 2);
    CHECK(transactions.at("next_before").is_int64());
    CHECK(c.get("/api/v1/shops/demo/members/" + id + "/transactions?limit=many", bearer()).status == 400);

    auto shop = c.get("/api/v1/shops/demo", bearer());
    CHECK(shop.status == 200);
    CHECK(shop.body.find(haravan_secret) == std::string::npos);
    CHECK(shop.body.find(R"("secret":"***")") != std::string::npos);
    auto put = c.send(verb::put, "/api/v1/shops/demo",
                      R"({"earn": {"spend_per_point": 5000}, "connections": [{"platform": "haravan", "secret": "haravan-test-secret"}]})",
                      bearer());
    CHECK(put.status == 200);
    CHECK(c.send(verb::put, "/api/v1/shops/demo", R"({"shop_id": "other", "earn": {"spend_per_point": 1}})", bearer())
              .status == 400);
    CHECK(c.send(verb::delete_, "/api/v1/shops/demo", "", bearer()).status == 405);
    std::string later = haravan_order("1002", "100000");
    auto earned = c.send(verb::post, "/webhooks/haravan/demo", later, haravan_headers(later));
    CHECK(earned.body.find(R"("points_delta":20)") != std::string::npos);  // the new rate: 5,000 VND a point
}

TEST_CASE("checkout quotes and manual tiers over the admin API", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    auto put = c.send(verb::put, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 10000},
        "connections": [{"platform": "haravan", "secret": "haravan-test-secret"}],
        "tiers": {"window": "lifetime", "levels": [{"name": "Member", "threshold": 0},
                  {"name": "Gold", "threshold": 50000000, "earn_multiplier_pct": 200, "discount_pct": 10}]},
        "redeem": {"point_value": 1000, "max_order_pct": 50}})", bearer());
    REQUIRE(put.status == 200);
    std::string body = haravan_order("1001", "1130000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    std::string id = member_id(c.get("/api/v1/shops/demo/members?phone=%2B84912345678", bearer()));

    auto tier = c.send(verb::put, "/api/v1/shops/demo/members/" + id + "/tier",
                       R"({"tier": "Gold", "until": "2099-01-01T00:00:00+07:00"})", bearer());
    REQUIRE(tier.status == 200);
    CHECK(boost::json::parse(tier.body).at("tier").at("name") == "Gold");
    CHECK(c.send(verb::put, "/api/v1/shops/demo/members/" + id + "/tier", R"({"tier": "Iron", "until": "2099-01-01"})",
                 bearer()).status == 400);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/tier", "{}", bearer()).status == 405);

    auto quote = c.send(verb::post, "/api/v1/shops/demo/quote",
                        R"({"member_id": ")" + id + R"(", "amount": 1000000, "redeem_points": 50})", bearer());
    REQUIRE(quote.status == 200);
    auto q = boost::json::parse(quote.body);
    CHECK(q.at("discount").at("amount") == 100000);
    CHECK(q.at("redeem").at("max_points") == 113);
    CHECK(q.at("earn").at("points") == 170);  // (1,000,000 - 100,000 - 50,000) x 200% / 10,000
    CHECK(c.send(verb::post, "/api/v1/shops/demo/quote", R"({"amount": "lots"})", bearer()).status == 400);
    CHECK(c.send(verb::get, "/api/v1/shops/demo/quote", "", bearer()).status == 405);
}

TEST_CASE("the quarantine is listed, replayed and dismissed over the admin API", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string truncated = haravan_order("1001", "1130000").substr(0, 90);
    auto kept = c.send(verb::post, "/webhooks/haravan/demo", truncated, haravan_headers(truncated));
    REQUIRE(kept.status == 400);
    auto kept_id = boost::json::parse(kept.body).at("error").at("quarantine_id");
    auto listed = c.get("/api/v1/quarantine?shop_id=demo", bearer());
    REQUIRE(listed.status == 200);
    auto deliveries = boost::json::parse(listed.body).at("deliveries").as_array();
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].at("quarantine_id") == kept_id);
    auto id = std::to_string(deliveries[0].at("quarantine_id").as_int64());
    CHECK(c.send(verb::post, "/api/v1/quarantine/" + id + "/replay", "", bearer()).status == 400);
    // A misspelt field is refused, not ignored, and dismisses nothing.
    auto misspelt = c.send(verb::post, "/api/v1/quarantine/" + id + "/dismiss", R"({"reason": "x", "reasn": "y"})",
                           bearer());
    CHECK(misspelt.status == 400);
    CHECK(misspelt.body.find("reasn") != std::string::npos);
    CHECK(c.send(verb::post, "/api/v1/quarantine/" + id + "/dismiss", R"({"reason": "truncated"})", bearer()).status ==
          200);
    CHECK(c.send(verb::post, "/api/v1/quarantine/" + id + "/dismiss", R"({"reason": "again"})", bearer()).status == 409);
    CHECK(c.get("/api/v1/quarantine?limit=500", bearer()).status == 200);
    CHECK(c.get("/api/v1/quarantine?include_resolved=true", bearer()).body.find("dismissed: truncated") !=
          std::string::npos);
}

TEST_CASE("PATCH changes the named fields and keeps secrets, and PUT must say connections", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    // A PUT without connections would disconnect every platform: refused, and nothing changes.
    auto bare = c.send(verb::put, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 5000}})", bearer());
    CHECK(bare.status == 400);
    CHECK(bare.body.find("connections") != std::string::npos);
    std::string first = haravan_order("1001", "100000");
    CHECK(c.send(verb::post, "/webhooks/haravan/demo", first, haravan_headers(first)).body.find(R"("points_delta":10)") !=
          std::string::npos);
    // What GET shows, sent back through PATCH with a new rate: the secrets stay, the rate changes.
    auto shown = c.get("/api/v1/shops/demo", bearer());
    auto doc = boost::json::parse(shown.body).as_object();
    doc["earn"].as_object()["spend_per_point"] = 5000;
    auto patched = c.send(verb::patch, "/api/v1/shops/demo", boost::json::serialize(doc), bearer());
    CHECK(patched.status == 200);
    CHECK(patched.body.find(haravan_secret) == std::string::npos);  // redacted in the answer too
    std::string later = haravan_order("1002", "100000");
    CHECK(c.send(verb::post, "/webhooks/haravan/demo", later, haravan_headers(later)).body.find(R"("points_delta":20)") !=
          std::string::npos);
    CHECK(c.send(verb::patch, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": -1}})", bearer()).status == 400);
    CHECK(c.send(verb::patch, "/api/v1/shops/nowhere", R"({"earn": {"spend_per_point": 1}})", bearer()).status == 404);
    // An explicit empty list disconnects, as asked.
    CHECK(c.send(verb::put, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 5000}, "connections": []})", bearer())
              .status == 200);
    std::string third = haravan_order("1003", "100000");
    CHECK(c.send(verb::post, "/webhooks/haravan/demo", third, haravan_headers(third)).status == 404);
}

TEST_CASE("event endpoints read back redacted, and the events routes list and replay", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    auto set = c.send(verb::patch, "/api/v1/shops/demo",
                      R"({"notifications": {"endpoints": [{"url": "https://127.0.0.1:9/hooks",
                          "secret": "endpoint-secret-0123456789"}]}})",
                      bearer());
    REQUIRE(set.status == 200);
    CHECK(set.body.find("endpoint-secret-0123456789") == std::string::npos);
    auto shop = c.get("/api/v1/shops/demo", bearer());
    CHECK(shop.body.find("endpoint-secret-0123456789") == std::string::npos);
    auto doc = boost::json::parse(shop.body);
    CHECK(doc.at("notifications").at("endpoints").at(0).at("secret") == "***");
    // Sent back as read, the secret stays.
    REQUIRE(c.send(verb::put, "/api/v1/shops/demo", shop.body, bearer()).status == 200);

    std::string body = haravan_order("1001", "1130000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    auto listed = c.get("/api/v1/shops/demo/events", bearer());
    REQUIRE(listed.status == 200);
    auto page = boost::json::parse(listed.body);
    REQUIRE(page.at("deliveries").as_array().size() == 1);
    const auto& delivery = page.at("deliveries").at(0);
    CHECK(delivery.at("type") == "points.earned");
    CHECK(delivery.at("endpoint") == "https://127.0.0.1:9/hooks");
    CHECK(delivery.at("event").at("data").at("points") == 113);
    CHECK(page.at("backlog").at("pending") == 1);
    CHECK(c.get("/api/v1/shops/demo/events?status=sideways", bearer()).status == 400);
    CHECK(c.get("/api/v1/shops/demo/events?limit=many", bearer()).status == 400);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/events/abc/replay", "", bearer()).status == 404);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/events/replay", R"({"from": 3, "to": 2})", bearer()).status == 400);
    CHECK(c.send(verb::delete_, "/api/v1/shops/demo/events", "", bearer()).status == 405);
    auto replayed = c.send(verb::post, "/api/v1/shops/nowhere/events/1/replay", "", bearer());
    CHECK(replayed.status == 404);
}

TEST_CASE("messages and campaigns over HTTP: the SMS queued by a webhook, a campaign and its counts",
          "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    auto set = c.send(verb::patch, "/api/v1/shops/demo",
                      R"({"name": "Trà Sen", "notifications": {"channels": {"sms": {"url": "https://127.0.0.1:9/sms",
                          "body": "{\"P\":\"{phone}\",\"C\":\"{message}\",\"K\":\"{secret.key}\"}",
                          "secrets": {"key": "sms-key-0123"}}},
                          "messages": [{"event": "points.earned", "channel": "sms",
                                        "template": "Bạn vừa nhận {points} điểm tại {shop}."}]}})",
                      bearer());
    REQUIRE(set.status == 200);
    CHECK(set.body.find("sms-key-0123") == std::string::npos);
    std::string body = haravan_order("1001", "1130000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    auto listed = c.get("/api/v1/shops/demo/messages?channel=sms&status=pending", bearer());
    REQUIRE(listed.status == 200);
    auto page = boost::json::parse(listed.body);
    REQUIRE(page.at("messages").as_array().size() == 1);
    CHECK(page.at("messages").at(0).at("text") == "Bạn vừa nhận 113 điểm tại Trà Sen.");
    CHECK(page.at("messages").at(0).at("phone") == "+84912345678");
    CHECK(c.get("/api/v1/shops/demo/messages?channel=fax", bearer()).status == 400);
    // The gateway is unreachable, so the SMS waits; /metrics shows it by channel.
    auto metrics = c.get("/metrics").body;
    CHECK(metrics.find(R"(loyalty_messages{channel="sms",status="pending"} 1)") != std::string::npos);
    CHECK(metrics.find(R"(loyalty_messages{channel="zalo",status="pending"} 0)") != std::string::npos);
    CHECK(metrics.find(R"(loyalty_messages_oldest_pending_seconds{channel="sms"} )") != std::string::npos);

    auto created = c.send(verb::post, "/api/v1/shops/demo/campaigns",
                          R"({"campaign_id": "vip-12", "name": "Tháng 12", "channel": "sms",
                              "template": "{name} ơi, {shop} tặng bạn ưu đãi!", "per_minute": 30})",
                          bearer());
    REQUIRE(created.status == 200);
    auto campaign = boost::json::parse(created.body);
    CHECK(campaign.at("counts").at("audience") == 1);
    CHECK(campaign.at("counts").at("queued") == 1);
    CHECK(campaign.at("counts").at("pending") == 1);
    CHECK(campaign.at("created_by") == "admin_token");
    auto read = c.get("/api/v1/shops/demo/campaigns/vip-12", bearer());
    REQUIRE(read.status == 200);
    CHECK(boost::json::parse(read.body).at("per_minute") == 30);
    CHECK(c.get("/api/v1/shops/demo/campaigns/nope", bearer()).status == 404);
    auto all = boost::json::parse(c.get("/api/v1/shops/demo/campaigns", bearer()).body);
    CHECK(all.at("campaigns").as_array().size() == 1);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/campaigns", R"({"campaign_id": "x", "channel": "zalo",
              "template_id": "1"})", bearer()).status == 400);
    CHECK(c.send(verb::delete_, "/api/v1/shops/demo/campaigns", "", bearer()).status == 405);
}

TEST_CASE("the member's own page: its link, the page, rotation and the choice about messages", "[server][admin]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = haravan_order("1001", "1130000");
    auto earned = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    REQUIRE(earned.status == 200);
    auto found = c.get("/api/v1/shops/demo/members?phone=0912345678", bearer());
    REQUIRE(found.status == 200);
    std::string id = member_id(found);

    auto link = c.get("/api/v1/shops/demo/members/" + id + "/link", bearer());
    REQUIRE(link.status == 200);
    auto doc = boost::json::parse(link.body);
    std::string token(doc.at("token").as_string());
    CHECK(doc.at("url").as_string().ends_with("/c/" + token));
    CHECK(doc.at("url").as_string().starts_with("https://"));
    CHECK(c.get("/api/v1/shops/demo/members/" + id + "/link", bearer()).body == link.body);

    auto page = c.get("/c/" + token, {});
    CHECK(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.header("Cache-Control") == "no-store");
    CHECK(page.header("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    CHECK(page.body.find("113 điểm") != std::string::npos);
    CHECK(page.body.find("Lịch sử điểm") != std::string::npos);
    CHECK(page.body.find("<script") == std::string::npos);

    auto rotated = c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/link/rotate", "", bearer());
    REQUIRE(rotated.status == 200);
    std::string fresh(boost::json::parse(rotated.body).at("token").as_string());
    CHECK(fresh != token);
    auto old = c.get("/c/" + token, {});
    CHECK(old.status == 404);
    CHECK(old.body.find("Liên kết không còn hiệu lực") != std::string::npos);
    CHECK(c.get("/c/" + fresh, {}).status == 200);
    CHECK(c.get("/c/nothing", {}).status == 404);
    CHECK(c.send(verb::post, "/c/" + fresh, "", {}).status == 405);
    CHECK(c.send(verb::get, "/api/v1/shops/demo/members/" + id + "/link/rotate", "", bearer()).status == 405);
    CHECK(c.get("/api/v1/shops/demo/members/m_nobody/link", bearer()).status == 404);

    auto opted = c.send(verb::patch, "/api/v1/shops/demo/members/" + id, R"({"opted_out": true})", bearer());
    REQUIRE(opted.status == 200);
    CHECK(boost::json::parse(opted.body).at("opted_out") == true);
    CHECK(boost::json::parse(c.get("/api/v1/shops/demo/members/" + id, bearer()).body).at("opted_out") == true);
    CHECK(c.send(verb::patch, "/api/v1/shops/demo/members/" + id, R"({"name": "x"})", bearer()).status == 400);
    CHECK(c.send(verb::patch, "/api/v1/shops/demo/members/" + id, R"({"opted_out": "yes"})", bearer()).status == 400);
}
