// Customer groups, rewards, payments with points and distributor programs through the C ABI: the
// shop JSON's new sections, malformed requests to each new entry point, and a claim end to end.
#include <catch2/catch.hpp>

#include <vector>

#include "abi_client.hpp"

using namespace loyalty::test;

namespace {

using Entry = int (*)(loyalty_engine*, const char*, const char*, char**);

const std::string head = R"("shop_id": "dist", "earn": {"spend_per_point": 10000},
  "tiers": {"basis": "spend", "window": "lifetime",
            "levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 100000000}]},
  "redeem": {"point_value": 1000, "max_order_pct": 50})";

const std::string full_shop = "{" + head + R"(,
  "rewards": [{"reward_id": "cap", "name": "Mũ lưỡi trai", "kind": "gift", "cost_points": 100, "stock": 1},
              {"reward_id": "v50", "name": "Voucher 50k", "kind": "voucher_amount", "cost_points": 500,
               "value": 50000, "valid_days": 30, "tiers": ["Gold"], "groups": ["Đại lý"]},
              {"reward_id": "pct", "name": "Giảm 10%", "kind": "voucher_pct", "cost_points": 300, "value": 10,
               "stock": null, "valid_days": null},
              {"reward_id": "beer", "name": "2 thùng bia", "kind": "free_units", "cost_points": 800, "value": 2,
               "sku": "BEER-24", "stock": 0}],
  "volume_bonuses": [{"program_id": "beer-q", "period": "quarter", "skus": ["BEER-24"], "groups": ["Đại lý"],
                      "units": 100, "repeat": true, "points": 500, "reward_id": "beer"},
                     {"program_id": "coffee-order", "period": "order", "categories": ["coffee"], "units": 10,
                      "reward_id": "cap"}],
  "targets": [{"program_id": "q-target", "period": "quarter", "groups": ["Đại lý"],
               "bands": [{"spend": 50000000, "points": 1000}, {"spend": 100000000, "points": 3000, "rebate_pct": 2}]}],
  "rankings": [{"program_id": "top-year", "prizes": [{"up_to": 1, "points": 10000, "reward_id": "pct"},
                                                      {"up_to": 10, "points": 2000}]},
               {"program_id": "top-month", "period": "month", "prizes": [{"up_to": 3, "reward_id": "pct"}]}],
  "anniversaries": [{"program_id": "anniv", "years": [1, 2, 3, 5, 10], "since": "first_order",
                     "min_spend_past_year": 50000000, "groups": ["Đại lý"], "points": 5000, "reward_id": "cap"},
                    {"program_id": "joined-2y", "every_years": 2, "since": "joined", "points": 100}],
  "appreciations": [{"program_id": "tri-an", "min_years": 3, "min_spend": 200000000, "points": 10000}],
  "settle_after_days": 5})";

// The shop with one section replaced; `head` keeps its tiers and redeem policy.
std::string shop_with(const std::string& sections) { return "{" + head + ", " + sections + "}"; }

Call get_shop(Client& c) {
    return call([&](char** out) { return loyalty_get_shop(c.engine, "dist", out); });
}

Call invoke(Client& c, Entry entry, const std::string& request) {
    return call([&](char** out) { return entry(c.engine, "dist", request.c_str(), out); });
}

boost::json::object object_of(const Call& r) { return r.json().as_object(); }

// Puts the full shop and earns the member 2,000 points with a paid order; returns the member.
std::string member_with_points(Client& c) {
    REQUIRE(c.put_shop(full_shop) == LOYALTY_OK);
    auto order = c.order("dist", paid_order("A-1", "20000000"));
    REQUIRE(order.status == LOYALTY_OK);
    REQUIRE(order.json().at("points").at("available") == 2000);
    return std::string(order.json().at("member_id").as_string());
}

}  // namespace

TEST_CASE("the rewards and distributor sections are checked with the field's path and a bad one changes nothing") {
    Client c;
    REQUIRE(c.put_shop(full_shop) == LOYALTY_OK);
    const std::string no_tiers = R"({"shop_id": "dist", "earn": {"spend_per_point": 10000}, )";
    const std::string gift = R"({"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1})";
    const struct {
        std::string shop;
        const char* message;
    } cases[] = {
        {shop_with(R"("rewards": {"reward_id": "g"})"), "shop.rewards must be an array"},
        {shop_with(R"("rewards": [5])"), "shop.rewards[0] must be an object"},
        {shop_with(R"("rewards": [{"name": "G", "kind": "gift", "cost_points": 1}])"),
         "shop.rewards[0].reward_id is required"},
        {shop_with(R"("rewards": [{"reward_id": "g", "kind": "gift", "cost_points": 1}])"),
         "shop.rewards[0].name is required"},
        {shop_with(R"("rewards": [)" + gift + ", " + gift + "]"), "shop.rewards[1].reward_id \"g\" is used twice"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "rebate", "cost_points": 1}])"),
         "shop.rewards[0].kind \"rebate\" is not one of gift, voucher_amount, voucher_pct, free_units"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "cost_points": 1}])"), "shop.rewards[0].kind is required"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift"}])"),
         "shop.rewards[0].cost_points is required"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": -1}])"),
         "shop.rewards[0].cost_points must be ≥ 0"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1.5}])"),
         "shop.rewards[0].cost_points must be a whole number"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": "10"}])"),
         "shop.rewards[0].cost_points must be a number, not a string"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "voucher_amount", "cost_points": 1}])"),
         "shop.rewards[0].value is required for a voucher_amount reward"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "voucher_pct", "cost_points": 1, "value": 101}])"),
         "shop.rewards[0].value must be ≤ 100"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "free_units", "cost_points": 1, "value": 2}])"),
         "shop.rewards[0].sku is required for a free_units reward"},
        {shop_with(R"("rewards": [{"reward_id": "a", "name": "A", "kind": "gift", "cost_points": 1},
                                  {"reward_id": "b", "name": "B", "kind": "gift", "cost_points": 1},
                                  {"reward_id": "c", "name": "C", "kind": "gift", "cost_points": 1, "stock": -3}])"),
         "shop.rewards[2].stock must be ≥ 0"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1, "valid_days": 0}])"),
         "shop.rewards[0].valid_days must be ≥ 1"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1, "tiers": ["Diamond"]}])"),
         "shop.rewards[0].tiers names \"Diamond\", which is not a level"},
        {no_tiers + R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1, "tiers": ["Gold"]}]})",
         "shop.rewards[0].tiers needs shop.tiers"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1, "groups": [""]}])"),
         "shop.rewards[0].groups must hold non-empty strings"},
        {shop_with(R"("rewards": [{"reward_id": "g", "name": "G", "kind": "gift", "cost_points": 1, "price": 5}])"),
         "unknown field shop.rewards[0].price"},
        {shop_with(R"("volume_bonuses": [{"period": "order", "skus": ["A"], "units": 1, "points": 5}])"),
         "shop.volume_bonuses[0].program_id is required"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "week", "skus": ["A"], "units": 1, "points": 5}])"),
         "shop.volume_bonuses[0].period \"week\" is not one of order, month, quarter, year"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "order", "skus": [], "units": 1, "points": 5}])"),
         "shop.volume_bonuses[0] needs skus or categories"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "order", "skus": ["A"], "units": 0, "points": 5}])"),
         "shop.volume_bonuses[0].units must be ≥ 1"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "order", "skus": ["A"], "units": 1}])"),
         "shop.volume_bonuses[0] needs points > 0 or a reward_id"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "order", "skus": ["A"], "units": 1, "reward_id": "nope"}])"),
         "shop.volume_bonuses[0].reward_id \"nope\" is not in shop.rewards"},
        {shop_with(R"("volume_bonuses": [{"program_id": "v", "period": "order", "skus": ["A"], "units": 1, "points": 5, "repeat": "yes"}])"),
         "shop.volume_bonuses[0].repeat must be true or false"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "order", "bands": [{"spend": 1, "points": 1}]}])"),
         "shop.targets[0].period \"order\" is not one of month, quarter, year"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "month", "bands": []}])"),
         "shop.targets[0].bands needs at least one band"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "month", "bands": [{"spend": 5, "points": 1}, {"spend": 5, "points": 2}]}])"),
         "shop.targets[0].bands[1].spend must be above the previous band's"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "month", "bands": [{"spend": 5}]}])"),
         "shop.targets[0].bands[0] needs points > 0 or rebate_pct > 0"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "month", "bands": [{"spend": 5, "rebate_pct": 101}]}])"),
         "shop.targets[0].bands[0].rebate_pct must be ≤ 100"},
        {shop_with(R"("targets": [{"program_id": "t", "period": "month", "bands": [{"spend": 0, "points": 1}]}])"),
         "shop.targets[0].bands[0].spend must be ≥ 1"},
        {shop_with(R"("rankings": [{"program_id": "r", "prizes": []}])"), "shop.rankings[0].prizes needs at least one prize"},
        {shop_with(R"("rankings": [{"program_id": "r", "prizes": [{"up_to": 3, "points": 1}, {"up_to": 2, "points": 1}]}])"),
         "shop.rankings[0].prizes[1].up_to must be above the previous prize's"},
        {shop_with(R"("rankings": [{"program_id": "r", "prizes": [{"up_to": 1, "points": 0}]}])"),
         "shop.rankings[0].prizes[0] needs points > 0 or a reward_id"},
        {shop_with(R"("targets": [{"program_id": "same", "period": "month", "bands": [{"spend": 5, "points": 1}]}],
                      "rankings": [{"program_id": "same", "prizes": [{"up_to": 1, "points": 1}]}])"),
         "shop.rankings[0].program_id \"same\" is used twice"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "points": 1}])"),
         "shop.anniversaries[0] needs exactly one of years and every_years"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "years": [1], "every_years": 2, "points": 1}])"),
         "shop.anniversaries[0] needs exactly one of years and every_years"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "years": [2, 2], "points": 1}])"),
         "shop.anniversaries[0].years[1] must be above the previous anniversary"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "years": [0], "points": 1}])"),
         "shop.anniversaries[0].years[0] must be between 1 and 100"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "years": [1.5], "points": 1}])"),
         "shop.anniversaries[0].years[0] must be a whole number of years"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "years": [], "points": 1}])"),
         "shop.anniversaries[0].years needs at least one anniversary"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "every_years": 1, "since": "birthday", "points": 1}])"),
         "shop.anniversaries[0].since \"birthday\" is not one of first_order, joined"},
        {shop_with(R"("anniversaries": [{"program_id": "a", "every_years": 1}])"),
         "shop.anniversaries[0] needs points > 0 or a reward_id"},
        {shop_with(R"("appreciations": [{"program_id": "p", "min_years": 1, "points": 1}])"),
         "shop.appreciations[0].min_spend is required"},
        {shop_with(R"("appreciations": [{"program_id": "p", "min_years": 0, "min_spend": 1, "points": 1}])"),
         "shop.appreciations[0].min_years must be ≥ 1"},
        {shop_with(R"("appreciations": [{"program_id": "p", "period": "month", "min_years": 1, "min_spend": 1,
                                         "points": 1}])"),
         "shop.appreciations[0].period"},
        {shop_with(R"("targets": [{"program_id": "same", "period": "month", "bands": [{"spend": 5, "points": 1}]}],
                      "anniversaries": [{"program_id": "same", "every_years": 1, "points": 1}])"),
         "shop.anniversaries[0].program_id \"same\" is used twice"},
        {shop_with(R"("settle_after_days": 367)"), "shop.settle_after_days must be ≤ 366"},
        {shop_with(R"("settle_after_days": "5")"), "shop.settle_after_days must be a number, not a string"},
    };
    for (const auto& k : cases) {
        INFO(k.shop);
        CHECK(c.put_shop(k.shop) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(std::string(loyalty_last_error()), Catch::Contains(k.message));
    }
    CHECK(boost::json::parse(get_shop(c).text) == boost::json::parse(full_shop));
}

TEST_CASE("a shop with every rewards and distributor section round-trips") {
    Client c;
    REQUIRE(c.put_shop(full_shop) == LOYALTY_OK);
    auto first = get_shop(c);
    REQUIRE(first.status == LOYALTY_OK);
    CHECK(first.json() == boost::json::parse(full_shop));
    // What comes back is a definition the library takes again as it is.
    REQUIRE(c.put_shop(first.text) == LOYALTY_OK);
    CHECK(get_shop(c).json() == boost::json::parse(full_shop));
    // And one that opens an engine (the definition is decoded again on load).
    Client reopened(R"({"storage": ")" + storage_url() + R"(", "shops": [)" + first.text + "]}");
    REQUIRE(reopened.status == LOYALTY_OK);
    CHECK(get_shop(reopened).json() == boost::json::parse(full_shop));
}

TEST_CASE("malformed requests to the rewards and distributor entry points are refused and change nothing") {
    Client c;
    const std::string id = member_with_points(c);
    const std::string m = R"("member_id": ")" + id + R"(")";
    auto snapshot = [&] {
        return c.member("dist", "{" + m + "}").text + "\n" + c.transactions("dist", "{" + m + "}").text + "\n" +
               invoke(c, loyalty_list_grants, "{}").text;
    };
    const std::string before = snapshot();

    const struct {
        Entry entry;
        const char* name;
        std::string request;
        const char* message;
    } cases[] = {
        {loyalty_set_group, "set_group", "{" + m + "}", "request.group is required"},
        {loyalty_set_group, "set_group", R"({"group": "Đại lý"})", "request.member_id is required"},
        {loyalty_set_group, "set_group", "{" + m + R"(, "group": 5})", "request.group must be a non-empty string or null"},
        {loyalty_set_group, "set_group", "{" + m + R"(, "group": ""})", "request.group must be a non-empty string or null"},
        {loyalty_set_group, "set_group", "{" + m + R"(, "group": "A", "tier": "Gold"})", "unknown field request.tier"},
        {loyalty_claim_reward, "claim_reward", "{" + m + R"(, "reward_id": "cap"})", "request.idempotency_key is required"},
        {loyalty_claim_reward, "claim_reward", "{" + m + R"(, "idempotency_key": "k"})", "request.reward_id is required"},
        {loyalty_claim_reward, "claim_reward", "{" + m + R"(, "reward_id": 7, "idempotency_key": "k"})",
         "request.reward_id must be a string"},
        {loyalty_claim_reward, "claim_reward", "{" + m + R"(, "reward_id": "cap", "idempotency_key": "k")",
         "not valid JSON"},
        {loyalty_list_grants, "list_grants", R"({"status": "lost"})",
         "query.status \"lost\" is not one of issued, used, voided, expired"},
        {loyalty_list_grants, "list_grants", R"({"limit": 0})", "query.limit must be ≥ 1"},
        {loyalty_list_grants, "list_grants", R"({"limit": 501})", "query.limit must be ≤ 500"},
        {loyalty_list_grants, "list_grants", R"({"after": -1})", "query.after must be ≥ 0"},
        {loyalty_list_grants, "list_grants", R"([])", "query must be a JSON object"},
        {loyalty_use_grant, "use_grant", R"({"grant_id": 1, "code": "ABC", "order_id": "A-1"})",
         "request needs exactly one of grant_id, code"},
        {loyalty_use_grant, "use_grant", R"({"order_id": "A-1"})", "request needs exactly one of grant_id, code"},
        {loyalty_use_grant, "use_grant", R"({"grant_id": 0, "order_id": "A-1"})", "request.grant_id must be ≥ 1"},
        {loyalty_use_grant, "use_grant", R"({"code": "ABC"})", "request.order_id is required"},
        {loyalty_void_grant, "void_grant", R"({"grant_id": 1, "code": "ABC"})", "request needs exactly one of grant_id, code"},
        {loyalty_void_grant, "void_grant", R"({"grant_id": "1"})", "request.grant_id must be a number, not a string"},
        {loyalty_void_grant, "void_grant", R"({"code": ""})", "request.code must not be empty"},
        {loyalty_pay_with_points, "pay_with_points",
         "{" + m + R"(, "order_id": "B-1", "order_amount": 1000000, "points": -300, "idempotency_key": "p"})",
         "request.points must be ≥ 1"},
        {loyalty_pay_with_points, "pay_with_points",
         "{" + m + R"(, "order_id": "B-1", "order_amount": 1000000, "points": 1.5, "idempotency_key": "p"})",
         "request.points must be a whole number"},
        {loyalty_pay_with_points, "pay_with_points", "{" + m + R"(, "order_id": "B-1", "points": 300, "idempotency_key": "p"})",
         "request.order_amount is required"},
        {loyalty_pay_with_points, "pay_with_points", "{" + m + R"(, "order_id": "B-1", "order_amount": 1000000, "points": 300})",
         "request.idempotency_key is required"},
        {loyalty_settle_period, "settle_period", R"({"program_id": "q-target"})", "request.period is required"},
        {loyalty_settle_period, "settle_period", R"({"period": "2024-Q5"})", "request.period \"2024-Q5\" is not a year"},
        {loyalty_settle_period, "settle_period", R"({"period": "2024-Q2", "at": "soon"})", "request.at \"soon\" is not a timestamp"},
        {loyalty_settle_period, "settle_period", R"({"period": "2024-Q2", "force": true})", "unknown field request.force"},
        {loyalty_leaderboard, "leaderboard", R"({"limit": 10})", "request.program_id is required"},
        {loyalty_leaderboard, "leaderboard", R"({"program_id": "top-year", "limit": 1001})", "request.limit must be ≤ 1000"},
        {loyalty_leaderboard, "leaderboard", R"({"program_id": "top-year", "at": "2024-13-01"})", "request.at"},
    };
    for (const auto& k : cases) {
        INFO(k.name << " " << k.request);
        auto r = invoke(c, k.entry, k.request);
        CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(r.error, Catch::Contains(k.message));
        CHECK(r.text.empty());
    }

    // The arguments themselves, for every entry point.
    const std::vector<std::pair<Entry, const char*>> entries = {
        {loyalty_set_group, "request"},     {loyalty_claim_reward, "request"}, {loyalty_list_grants, "query"},
        {loyalty_use_grant, "request"},     {loyalty_void_grant, "request"},   {loyalty_pay_with_points, "request"},
        {loyalty_settle_period, "request"}, {loyalty_leaderboard, "request"},
    };
    for (const auto& [entry, what] : entries) {
        char* out = reinterpret_cast<char*>(1);
        CHECK(entry(nullptr, "dist", "{}", &out) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(loyalty_last_error(), Catch::Contains("engine is NULL"));
        CHECK(out == nullptr);
        CHECK(entry(c.engine, nullptr, "{}", &out) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(loyalty_last_error(), Catch::Contains("shop_id is NULL"));
        CHECK(entry(c.engine, "dist", nullptr, &out) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(loyalty_last_error(), Catch::Contains(std::string(what) + " is NULL"));
        CHECK(out == nullptr);
        CHECK(entry(c.engine, "dist", "{}", nullptr) == LOYALTY_INVALID_ARGUMENT);
        CHECK(entry(c.engine, "dist", "{\"x\": ", &out) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(loyalty_last_error(), Catch::Contains("not valid JSON"));
        CHECK(entry(c.engine, "nope", "{}", &out) == LOYALTY_NOT_FOUND);
    }
    CHECK(snapshot() == before);
}

TEST_CASE("a reward claimed until out of stock then listed and used but no longer voided") {
    Client c;
    const std::string id = member_with_points(c);
    const std::string m = R"("member_id": ")" + id + R"(")";

    auto claim = invoke(c, loyalty_claim_reward, "{" + m + R"(, "reward_id": "cap", "idempotency_key": "k1"})");
    REQUIRE(claim.status == LOYALTY_OK);
    auto grant = object_of(claim).at("grant").as_object();
    const std::string code(grant.at("code").as_string());
    CHECK(!code.empty());
    CHECK(grant.at("reward_id") == "cap");
    CHECK(grant.at("kind") == "gift");
    CHECK(grant.at("status") == "issued");
    CHECK(grant.at("cost_points") == 100);
    CHECK(grant.at("expires_at").is_null());
    CHECK(grant.at("used_at").is_null());
    CHECK(grant.at("used_order").is_null());
    CHECK(claim.json().at("points").at("available") == 1900);
    CHECK(claim.json().at("replayed") == false);

    auto again = invoke(c, loyalty_claim_reward, "{" + m + R"(, "reward_id": "cap", "idempotency_key": "k1"})");
    REQUIRE(again.status == LOYALTY_OK);
    CHECK(again.json().at("replayed") == true);
    CHECK(again.json().at("grant").at("code") == code.c_str());
    auto sold_out = invoke(c, loyalty_claim_reward, "{" + m + R"(, "reward_id": "cap", "idempotency_key": "k2"})");
    CHECK(sold_out.status == LOYALTY_CONFLICT);
    CHECK(sold_out.text.empty());

    auto list = invoke(c, loyalty_list_grants, "{" + m + "}");
    REQUIRE(list.status == LOYALTY_OK);
    REQUIRE(list.json().at("grants").as_array().size() == 1);
    CHECK(list.json().at("grants").at(0).at("code") == code.c_str());
    CHECK(list.json().at("next_after").is_null());
    CHECK(invoke(c, loyalty_list_grants, R"({"status": "expired"})").json().at("grants").as_array().empty());

    auto used = invoke(c, loyalty_use_grant, R"({"code": ")" + code + R"(", "order_id": "A-1"})");
    REQUIRE(used.status == LOYALTY_OK);
    CHECK(used.json().at("status") == "used");
    CHECK(used.json().at("used_order") == "A-1");
    CHECK(used.json().at("used_at").is_string());
    auto grant_id = used.json().at("grant_id").as_int64();
    auto voided = invoke(c, loyalty_void_grant, R"({"grant_id": )" + std::to_string(grant_id) + R"(, "reason": "x"})");
    CHECK(voided.status == LOYALTY_CONFLICT);
    CHECK(invoke(c, loyalty_list_grants, R"({"status": "used"})").json().at("grants").as_array().size() == 1);
    CHECK(invoke(c, loyalty_list_grants, R"({"status": "issued"})").json().at("grants").as_array().empty());
    int64_t available = -1, pending = -1;
    REQUIRE(loyalty_get_balance(c.engine, "dist", id.c_str(), &available, &pending) == LOYALTY_OK);
    CHECK(available == 1900);
}

TEST_CASE("points that paid part of an order come back when the order is cancelled") {
    Client c;
    const std::string id = member_with_points(c);
    const std::string m = R"("member_id": ")" + id + R"(")";
    // 300 points at 1,000 VND each pay 300,000 of a 1,000,000 order; the rest is paid and then cancelled.
    auto pay = invoke(c, loyalty_pay_with_points,
                      "{" + m + R"(, "order_id": "B-1", "order_amount": 1000000, "points": 300, "idempotency_key": "p1"})");
    REQUIRE(pay.status == LOYALTY_OK);
    CHECK(pay.json().at("payment").at("points") == 300);
    CHECK(pay.json().at("payment").at("amount") == 300000);
    CHECK(pay.json().at("entry").at("points") == -300);
    CHECK(pay.json().at("points").at("available") == 1700);
    CHECK(pay.json().at("replayed") == false);
    REQUIRE(c.order("dist", paid_order("B-1", "700000")).status == LOYALTY_OK);
    auto cancelled = c.order("dist", R"({"order_id": "B-1", "status": "cancelled", "amount": 700000,
        "occurred_at": "2024-05-14T09:00:00+07:00", "customer": {"customer_id": "C-1", "platform": "pos"}})");
    REQUIRE(cancelled.status == LOYALTY_OK);
    int64_t available = -1, pending = -1;
    REQUIRE(loyalty_get_balance(c.engine, "dist", id.c_str(), &available, &pending) == LOYALTY_OK);
    CHECK(available == 2000);
}

TEST_CASE("a group set by the shop shows on the member until it is handed back") {
    Client c;
    const std::string id = member_with_points(c);
    const std::string m = R"("member_id": ")" + id + R"(")";
    auto grouped = invoke(c, loyalty_set_group, "{" + m + R"(, "group": "Đại lý"})");
    REQUIRE(grouped.status == LOYALTY_OK);
    CHECK(grouped.json().at("group") == "Đại lý");
    CHECK(grouped.json().at("group_by_shop") == true);
    auto member = c.member("dist", "{" + m + "}");
    CHECK(member.json().at("group") == "Đại lý");
    CHECK(member.json().at("group_by_shop") == true);
    CHECK(member.json().at("programs").is_array());
    auto handed_back = invoke(c, loyalty_set_group, "{" + m + R"(, "group": null})");
    REQUIRE(handed_back.status == LOYALTY_OK);
    CHECK(handed_back.json().at("group_by_shop") == false);
}

TEST_CASE("a leaderboard and a settlement through the ABI") {
    Client c;
    const std::string id = member_with_points(c);

    auto board = invoke(c, loyalty_leaderboard, R"({"program_id": "top-year", "at": "2024-06-01"})");
    REQUIRE(board.status == LOYALTY_OK);
    auto b = object_of(board);
    CHECK(b.at("program_id") == "top-year");
    CHECK(b.at("kind") == "ranking");
    CHECK(b.at("period") == boost::json::parse(
        R"({"key": "2024", "from": "2024-01-01T00:00:00+07:00", "to": "2025-01-01T00:00:00+07:00"})"));
    CHECK(b.at("settled_at").is_null());
    REQUIRE(b.at("standings").as_array().size() == 1);
    auto s = b.at("standings").at(0).as_object();
    CHECK(s.at("member_id") == id.c_str());
    CHECK(s.at("rank") == 1);
    CHECK(s.at("spend") == 20000000);
    CHECK(s.at("units").is_null());

    auto settle = invoke(c, loyalty_settle_period, R"({"period": "2024", "program_id": "top-year"})");
    REQUIRE(settle.status == LOYALTY_OK);
    CHECK(settle.json().at("period").at("key") == "2024");
    CHECK(settle.json().at("period").at("from") == "2024-01-01T00:00:00+07:00");
    REQUIRE(settle.json().at("programs").as_array().size() == 1);
    auto p = settle.json().at("programs").at(0).as_object();
    CHECK(p.at("already_settled") == false);
    CHECK(p.at("settled_at").is_string());
    CHECK(p.at("standings").at(0).at("points") == 10000);
    CHECK(p.at("standings").at(0).at("grant_id").is_int64());
    auto twice = invoke(c, loyalty_settle_period, R"({"period": "2024", "program_id": "top-year"})");
    REQUIRE(twice.status == LOYALTY_OK);
    CHECK(twice.json().at("programs").at(0).at("already_settled") == true);
    CHECK(twice.json().at("programs").at(0).at("standings") == p.at("standings"));
}
