// The program through the C ABI: the shop JSON's program sections, the member's tier and expiring
// points, the checkout quote and manual tiers.
#include <catch2/catch.hpp>

#include "../temp_path.hpp"
#include "abi_client.hpp"

using namespace loyalty::test;

namespace {

const std::string program_shop = R"({"shop_id": "vip", "earn": {"spend_per_point": 10000},
  "tiers": {"basis": "spend", "window": "lifetime", "review": "yearly",
            "levels": [{"name": "Member", "threshold": 0},
                       {"name": "Gold", "threshold": 20000000, "earn_multiplier_pct": 150, "discount_pct": 5,
                        "discount_cap": 500000, "min_order": 1000000, "upgrade_bonus": 200}]},
  "rules": [{"rule_id": "coffee", "multiplier_pct": 300, "categories": ["coffee"]},
            {"rule_id": "cases", "points_per_unit": 20, "skus": ["BEER-24"], "max_points": 100}],
  "bonuses": {"welcome": 50},
  "expiry": {"months": 12},
  "redeem": {"point_value": 1000, "max_order_pct": 50}})";

std::string order_at(const std::string& id, const std::string& amount, const std::string& when) {
    return R"({"order_id": ")" + id + R"(", "status": "paid", "amount": )" + amount + R"(, "occurred_at": ")" + when +
           R"(", "customer": {"customer_id": "C-1", "platform": "pos", "phone": "0912345678"}})";
}

Call quote(Client& c, const std::string& request) {
    return call([&](char** out) { return loyalty_quote(c.engine, "vip", request.c_str(), out); });
}

}  // namespace

TEST_CASE("a program's sections are checked with the field's path, and a bad one changes nothing") {
    Client c;
    REQUIRE(c.put_shop(program_shop) == LOYALTY_OK);
    const struct {
        const char* change;
        const char* message;
    } cases[] = {
        {R"("tiers": {"levels": [{"name": "Gold", "threshold": 5}]})", "shop.tiers.levels[0].threshold must be 0"},
        {R"("tiers": {"levels": [{"name": "A", "threshold": 0}, {"name": "B", "threshold": 0}]})",
         "shop.tiers.levels[1].threshold must be above the previous level's"},
        {R"("tiers": {"window": "fortnight", "levels": [{"name": "A", "threshold": 0}]})",
         "shop.tiers.window \"fortnight\" is not one of"},
        {R"("tiers": {"levels": [{"name": "A", "threshold": 0, "discount_pct": 101}]})",
         "shop.tiers.levels[0].discount_pct must be between 0 and 100"},
        {R"("rules": [{"rule_id": "x", "points_per_unit": 5}])", "shop.rules[0] gives points per unit, so it needs skus"},
        {R"("rules": [{"rule_id": "x", "multiplier_pct": 50}])", "shop.rules[0].multiplier_pct must be between 100"},
        {R"("rules": [{"rule_id": "x", "multiplier_pct": 200, "points_per_order": 5}])", "needs exactly one of"},
        {R"("rules": [{"rule_id": "x", "multiplier_pct": 200, "from": "2027-02-12", "to": "2027-01-29"}])",
         "shop.rules[0].to must be after from"},
        {R"("rules": [{"rule_id": "x", "multiplier_pct": 200, "tiers": ["Gold"]}])", "shop.rules[0].tiers needs shop.tiers"},
        {R"("bonuses": {"welcome": -1})", "shop.bonuses.welcome must be between 0"},
        {R"("bonuses": {"welcom": 5})", "welcom"},
        {R"("expiry": {"months": 12, "at": "end_of_year"})", "shop.expiry needs exactly one of months, at"},
        {R"("expiry": {"at": "tet"})", "shop.expiry.at \"tet\" is not end_of_year"},
        {R"("pending_days": -7)", "shop.pending_days must be between 0 and 365"},
        {R"("redeem": {"max_order_pct": 50})", "shop.redeem.point_value is required"},
    };
    for (const auto& k : cases) {
        INFO(k.change);
        std::string shop = R"({"shop_id": "vip", "earn": {"spend_per_point": 10000}, )" + std::string(k.change) + "}";
        CHECK(c.put_shop(shop) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(std::string(loyalty_last_error()), Catch::Contains(k.message));
    }
    auto shop = call([&](char** out) { return loyalty_get_shop(c.engine, "vip", out); });
    CHECK(boost::json::parse(shop.text) == boost::json::parse(program_shop));
}

TEST_CASE("the member shows tier, qualifying spend and expiring points, the program survives a reopen") {
    auto path = temp_db("program-abi");
    std::string config = R"({"storage": "sqlite:)" + path + R"("})";
    std::string id;
    {
        Client c(config);
        REQUIRE(c.put_shop(program_shop) == LOYALTY_OK);
        auto r = c.order("vip", order_at("A-1", "20000000", "2027-03-01T10:00:00+07:00"));
        REQUIRE(r.status == LOYALTY_OK);
        id = std::string(r.json().at("member_id").as_string());
    }
    Client c(config);
    auto m = c.member("vip", R"({"member_id": ")" + id + R"("})");
    REQUIRE(m.status == LOYALTY_OK);
    auto j = m.json().as_object();
    CHECK(j.at("tier").at("name") == "Gold");
    CHECK(j.at("tier").at("next").is_null());
    CHECK(j.at("points").at("available") == 50 + 2000 + 200);
    CHECK(j.at("spend").at("lifetime") == 20000000);
    auto expiring = j.at("expiring").as_array();
    REQUIRE(expiring.size() >= 1);
    CHECK(expiring.back().at("at") == "2028-03-01T10:00:00+07:00");
    CHECK(expiring.back().at("points") == 2000);
}

TEST_CASE("a quote writes nothing and gives discount, redeemable points and earning") {
    Client c;
    REQUIRE(c.put_shop(program_shop) == LOYALTY_OK);
    auto r = c.order("vip", order_at("A-1", "20000000", "2027-03-01T10:00:00+07:00"));
    auto id = std::string(r.json().at("member_id").as_string());
    auto before = c.transactions("vip", R"({"member_id": ")" + id + R"("})").text;

    // Gold: 5% of 12,000,000 is 600,000, capped at 500,000. Half of the remaining 11,500,000 may be
    // paid in points, but the member has 2,250. Earning is on 11,500,000 - 1,000,000 paid in points.
    auto q = quote(c, R"({"member_id": ")" + id + R"(", "amount": 12000000, "redeem_points": 1000,
        "lines": [{"sku": "CF", "category": "coffee", "quantity": 1, "amount": 1000000},
                  {"sku": "BEER-24", "quantity": 6, "amount": 11000000}]})");
    REQUIRE(q.status == LOYALTY_OK);
    auto j = q.json().as_object();
    CHECK(j.at("tier") == "Gold");
    CHECK(j.at("discount") == boost::json::parse(R"({"pct": 5, "amount": 500000})"));
    CHECK(j.at("redeem") == boost::json::parse(
        R"({"point_value": 1000, "available": 2250, "max_points": 2250, "max_amount": 2250000, "points": 1000, "amount": 1000000})"));
    // 10,500,000 at 150%: base 1575. Lines (12,000,000) are scaled to 10,500,000: coffee 875,000 at
    // +200% x 150% = 262; beer 6 x 20 = 120, capped at 100.
    CHECK(j.at("earn") == boost::json::parse(
        R"({"points": 1937, "base": 1575, "tier_pct": 150, "rules": [{"rule_id": "coffee", "points": 262}, {"rule_id": "cases", "points": 100}], "volume": []})"));
    CHECK(c.transactions("vip", R"({"member_id": ")" + id + R"("})").text == before);

    SECTION("a guest quote, under the discount's minimum order") {
        auto g = quote(c, R"({"amount": 999999})").json().as_object();
        CHECK(g.at("member_id").is_null());
        CHECK(g.at("tier") == "Member");
        CHECK(g.at("discount").at("amount") == 0);
        CHECK(g.at("redeem").at("max_points") == 0);
        CHECK(g.at("earn").at("points") == 99);
    }
    SECTION("more points than the order can take is refused") {
        auto bad = quote(c, R"({"member_id": ")" + id + R"(", "amount": 2000000, "redeem_points": 951})");
        CHECK(bad.status == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(bad.error, Catch::Contains("more than the 950 this order can take"));
    }
    SECTION("bad requests") {
        CHECK(quote(c, R"({"amount": -1})").status == LOYALTY_INVALID_ARGUMENT);
        CHECK(quote(c, R"({"amount": 5, "lines": [{"amount": -2}]})").status == LOYALTY_INVALID_ARGUMENT);
        CHECK(quote(c, R"({"member_id": "m_nobody", "amount": 5})").status == LOYALTY_NOT_FOUND);
        CHECK(quote(c, R"({"amount": 5, "coupon": "X"})").status == LOYALTY_INVALID_ARGUMENT);
    }
}

TEST_CASE("a manual tier through the ABI") {
    Client c;
    REQUIRE(c.put_shop(program_shop) == LOYALTY_OK);
    auto r = c.order("vip", order_at("A-1", "100000", "2027-03-01T10:00:00+07:00"));
    auto id = std::string(r.json().at("member_id").as_string());
    auto set = [&](const std::string& request) {
        return call([&](char** out) { return loyalty_set_tier(c.engine, "vip", request.c_str(), out); });
    };
    auto ok = set(R"({"member_id": ")" + id + R"(", "tier": "Gold", "until": "2099-01-01T00:00:00+07:00"})");
    REQUIRE(ok.status == LOYALTY_OK);
    CHECK(ok.json().at("tier").at("name") == "Gold");
    CHECK(ok.json().at("tier").at("until") == "2099-01-01T00:00:00+07:00");
    CHECK(set(R"({"member_id": ")" + id + R"(", "tier": "Iron", "until": "2099-01-01"})").status ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK(set(R"({"member_id": ")" + id + R"(", "tier": "Gold", "until": "soon"})").status == LOYALTY_INVALID_ARGUMENT);
    CHECK(set(R"({"member_id": "m_nobody", "tier": "Gold", "until": "2099-01-01"})").status == LOYALTY_NOT_FOUND);
}
