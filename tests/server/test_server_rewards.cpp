// The admin API's rewards, grants, checkout payments and distributor programs: each route is one ABI
// call with the ABI's JSON, its methods enforced, and the path's member written into the body.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;
namespace json = boost::json;

namespace {

const char* rewards_shop = R"({"timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000}, "connections": [],
    "redeem": {"point_value": 100, "max_order_pct": 50},
    "rewards": [{"reward_id": "tea", "name": "Tea", "kind": "gift", "cost_points": 10, "stock": 5, "valid_days": 30}],
    "targets": [{"program_id": "q", "period": "quarter", "bands": [{"spend": 100000, "points": 50}]}]})";

// A shop "s1" with a reward and a quarterly target, and a member who spent 200,000 VND in January 2025:
// 200 points at 1,000 VND a point, past the target's band.
std::string rewards_member(Served& s, Https& c) {
    REQUIRE(c.send(verb::put, "/api/v1/shops/s1", rewards_shop, bearer()).status == 200);
    char* out = nullptr;
    int status = loyalty_record_order(s.engine, "s1", R"({"order_id": "R-1", "status": "paid", "amount": 200000,
        "occurred_at": "2025-01-10T10:00:00+07:00",
        "customer": {"platform": "pos", "customer_id": "C-1", "phone": "0912345678"}})", &out);
    REQUIRE(status == LOYALTY_OK);
    std::string id(json::parse(out).at("member_id").as_string());
    loyalty_free(out);
    return id;
}

json::value parsed(const Reply& r) { return json::parse(r.body); }

}  // namespace

TEST_CASE("the shop sets a member's group over the admin API", "[server][admin][rewards]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = rewards_member(s, c);
    std::string route = "/api/v1/shops/s1/members/" + id + "/group";

    auto set = c.send(verb::put, route, R"({"group": "Đại lý"})", bearer());
    REQUIRE(set.status == 200);
    CHECK(parsed(set).at("group") == "Đại lý");
    auto cleared = c.send(verb::put, route, R"({"member_id": ")" + id + R"(", "group": null})", bearer());
    REQUIRE(cleared.status == 200);
    CHECK(parsed(cleared).at("group") == "");
    CHECK(c.send(verb::put, route, R"({"member_id": "m_else", "group": "x"})", bearer()).status == 400);
    CHECK(c.send(verb::put, route, "not json", bearer()).status == 400);
    CHECK(c.send(verb::put, "/api/v1/shops/s1/members/m_nobody/group", R"({"group": "x"})", bearer()).status == 404);
    CHECK(c.send(verb::post, route, R"({"group": "x"})", bearer()).status == 405);
}

TEST_CASE("rewards are claimed, listed, used and voided over the admin API", "[server][admin][rewards]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = rewards_member(s, c);
    auto claim = [&](const std::string& key, const std::string& reward = "tea") {
        return c.send(verb::post, "/api/v1/shops/s1/rewards/claim",
                      R"({"member_id": ")" + id + R"(", "reward_id": ")" + reward + R"(", "idempotency_key": ")" + key +
                          R"("})",
                      bearer());
    };

    auto first = claim("c-1");
    REQUIRE(first.status == 200);
    auto claimed = parsed(first);
    CHECK(claimed.at("grant").at("status") == "issued");
    CHECK(claimed.at("points").at("available") == 190);
    CHECK(claimed.at("replayed") == false);
    auto again = parsed(claim("c-1"));
    CHECK(again.at("grant").at("grant_id") == claimed.at("grant").at("grant_id"));
    CHECK(again.at("replayed") == true);
    CHECK(claim("c-2", "coffee").status == 404);
    CHECK(c.get("/api/v1/shops/s1/rewards/claim", bearer()).status == 405);

    std::string code(claimed.at("grant").at("code").as_string());
    auto listed = c.get("/api/v1/shops/s1/grants?member_id=" + id + "&status=issued&limit=10", bearer());
    REQUIRE(listed.status == 200);
    auto grants = parsed(listed).at("grants").as_array();
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].at("code").as_string() == code);
    CHECK(parsed(listed).at("next_after").is_null());
    CHECK(parsed(c.get("/api/v1/shops/s1/grants?code=" + code, bearer())).at("grants").as_array().size() == 1);
    CHECK(c.get("/api/v1/shops/s1/grants?limit=many", bearer()).status == 400);
    CHECK(c.get("/api/v1/shops/s1/grants?after=-1", bearer()).status == 400);
    CHECK(c.send(verb::post, "/api/v1/shops/s1/grants", "{}", bearer()).status == 405);

    auto used = c.send(verb::post, "/api/v1/shops/s1/grants/use", R"({"code": ")" + code + R"(", "order_id": "R-2"})",
                       bearer());
    REQUIRE(used.status == 200);
    CHECK(parsed(used).at("status") == "used");
    CHECK(c.get("/api/v1/shops/s1/grants/use", bearer()).status == 405);
    std::string used_id = std::to_string(parsed(used).at("grant_id").as_int64());
    auto too_late = c.send(verb::post, "/api/v1/shops/s1/grants/void",
                           R"({"grant_id": )" + used_id + R"(, "reason": "late"})", bearer());
    CHECK(too_late.status == 409);
    CHECK(too_late.body.find(R"("code":"conflict")") != std::string::npos);

    std::string second = std::to_string(parsed(claim("c-3")).at("grant").at("grant_id").as_int64());
    auto voided = c.send(verb::post, "/api/v1/shops/s1/grants/void",
                         R"({"grant_id": )" + second + R"(, "reason": "changed mind"})", bearer());
    REQUIRE(voided.status == 200);
    CHECK(parsed(voided).at("status") == "voided");
    CHECK(c.send(verb::put, "/api/v1/shops/s1/grants/void", "{}", bearer()).status == 405);
    CHECK(parsed(c.get("/api/v1/shops/s1/members/" + id, bearer())).at("points").at("available") == 190);
}

TEST_CASE("points pay part of an order over the admin API", "[server][admin][rewards]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = rewards_member(s, c);
    auto pay = [&](const std::string& order, int points, const std::string& key) {
        return c.send(verb::post, "/api/v1/shops/s1/checkout/pay",
                      R"({"member_id": ")" + id + R"(", "order_id": ")" + order +
                          R"(", "order_amount": 1000000, "points": )" + std::to_string(points) +
                          R"(, "idempotency_key": ")" + key + R"("})",
                      bearer());
    };
    auto paid = pay("R-3", 100, "p-1");
    REQUIRE(paid.status == 200);
    CHECK(parsed(paid).at("payment").at("amount") == 10000);
    CHECK(parsed(paid).at("points").at("available") == 100);
    auto short_of = pay("R-4", 101, "p-2");
    CHECK(short_of.status == 422);
    CHECK(short_of.body.find(R"("code":"insufficient_points")") != std::string::npos);
    CHECK(c.send(verb::post, "/api/v1/shops/s1/checkout/pay", R"({"member_id": 7})", bearer()).status == 400);
    CHECK(c.get("/api/v1/shops/s1/checkout/pay", bearer()).status == 405);
}

TEST_CASE("distributor periods: a leaderboard, then a settlement, over the admin API", "[server][admin][rewards]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = rewards_member(s, c);

    auto board = c.get("/api/v1/shops/s1/programs/q/leaderboard?at=2025-02-01T00:00:00%2B07:00&limit=10", bearer());
    REQUIRE(board.status == 200);
    auto b = parsed(board);
    CHECK(b.at("program_id") == "q");
    CHECK(b.at("period").at("key") == "2025-Q1");
    REQUIRE(b.at("standings").as_array().size() == 1);
    CHECK(b.at("standings").as_array()[0].at("member_id").as_string() == id);
    CHECK(c.get("/api/v1/shops/s1/programs/q/leaderboard?limit=all", bearer()).status == 400);
    CHECK(c.get("/api/v1/shops/s1/programs/nothing/leaderboard", bearer()).status == 404);
    CHECK(c.send(verb::post, "/api/v1/shops/s1/programs/q/leaderboard", "{}", bearer()).status == 405);

    std::string settle = R"({"period": "2025-Q1", "at": "2025-04-02T00:00:00+07:00"})";
    auto settled = c.send(verb::post, "/api/v1/shops/s1/periods/settle", settle, bearer());
    REQUIRE(settled.status == 200);
    auto programs = parsed(settled).at("programs").as_array();
    REQUIRE(programs.size() == 1);
    CHECK(programs[0].at("already_settled") == false);
    CHECK(programs[0].at("standings").as_array()[0].at("points") == 50);
    auto twice = c.send(verb::post, "/api/v1/shops/s1/periods/settle", settle, bearer());
    CHECK(parsed(twice).at("programs").as_array()[0].at("already_settled") == true);
    CHECK(parsed(c.get("/api/v1/shops/s1/members/" + id, bearer())).at("points").at("available") == 250);
    CHECK(c.get("/api/v1/shops/s1/periods/settle", bearer()).status == 405);

    auto metrics = c.get("/metrics").body;
    CHECK(metrics.find(R"(route="/api/v1/shops/{shop}/periods/settle",status="200")") != std::string::npos);
    CHECK(metrics.find(R"(route="/api/v1/shops/{shop}/programs/{program_id}/leaderboard",status="405")") !=
          std::string::npos);
}
