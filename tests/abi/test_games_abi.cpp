// The shop JSON's games section through the C ABI: each refusal names the field's path and changes nothing
// (docs/games.md, "The game document").
#include <catch2/catch.hpp>

#include "abi_client.hpp"

using namespace loyalty::test;

namespace {

const std::string head = R"("shop_id": "play", "earn": {"spend_per_point": 10000},
  "tiers": {"basis": "spend", "window": "lifetime",
            "levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 100000000}]},
  "rewards": [{"reward_id": "cap", "name": "Mũ", "kind": "gift", "cost_points": 100, "stock": 5}])";

const std::string good_game = R"({"id": "tet-wheel", "name": "Vòng quay Tết", "kind": "wheel",
  "window": {"from": "2027-01-20", "to": "2027-02-20"}, "cost_points": 50, "plays_per_order": {"min_amount": 500000},
  "prizes": [{"id": "p100", "points": 100, "weight": 10, "stock": 50, "daily_limit": 5},
             {"id": "cap", "reward_id": "cap", "weight": 5}, {"id": "none", "name": "Chúc may mắn", "weight": 85}],
  "budget": {"points_per_day": 1000}, "tiers": ["Gold"], "groups": ["VIP"], "segments": ["champions"]})";

std::string shop_with(const std::string& games) { return "{" + head + R"(, "games": )" + games + "}"; }

// The good game with one member's text replaced: `from` must occur in it exactly as written.
std::string game_with(const std::string& from, const std::string& to) {
    std::string g = good_game;
    auto at = g.find(from);
    REQUIRE(at != std::string::npos);
    return "[" + g.replace(at, from.size(), to) + "]";
}

}  // namespace

TEST_CASE("the games section is checked with the field's path and a bad one changes nothing") {
    Client c;
    const std::string good = shop_with("[" + good_game + "]");
    REQUIRE(c.put_shop(good) == LOYALTY_OK);
    const struct {
        std::string shop;
        const char* message;
    } cases[] = {
        {shop_with(R"({"id": "w"})"), "shop.games must be an array"},
        {shop_with("[5]"), "shop.games[0] must be an object"},
        {shop_with("[" + good_game + ", " + good_game + "]"), "shop.games[1].id \"tet-wheel\" is used twice"},
        {shop_with(game_with(R"("id": "tet-wheel")", R"("id": "tet,wheel")")),
         "shop.games[0].id \"tet,wheel\" may hold only letters, digits, '-', '_' and '.'"},
        {shop_with(game_with(R"("id": "tet-wheel")", R"("id": ")" + std::string(65, 'w') + "\"")),
         "shop.games[0].id must be at most 64 characters"},
        {shop_with(game_with(R"("kind": "wheel")", R"("kind": "slot")")),
         "shop.games[0].kind \"slot\" is not one of wheel, scratch"},
        {shop_with(game_with(R"("to": "2027-02-20")", R"("to": "2027-01-20")")),
         "shop.games[0].window.to must be after shop.games[0].window.from"},
        {shop_with(game_with(R"("to": "2027-02-20")", R"("to": "tomorrow")")),
         "shop.games[0].window.to \"tomorrow\" is not an ISO 8601 date or time"},
        {shop_with(game_with(R"("cost_points": 50, "plays_per_order": {"min_amount": 500000},)", "")),
         "shop.games[0] needs cost_points, plays_per_order or both: otherwise no one can ever play"},
        {shop_with(game_with(R"("cost_points": 50)", R"("cost_points": 0)")), "shop.games[0].cost_points must be ≥ 1"},
        {shop_with(game_with(R"({"min_amount": 500000})", R"({"min_amount": 500000, "plays": 101})")),
         "shop.games[0].plays_per_order.plays must be ≤ 100"},
        {shop_with(game_with(R"({"min_amount": 500000})", "{}")), "shop.games[0].plays_per_order.min_amount is required"},
        {shop_with(game_with(R"("id": "p100", "points": 100)", R"("id": "p100", "points": 100, "reward_id": "cap")")),
         "shop.games[0].prizes[0] gives points or a reward_id, not both"},
        {shop_with(game_with(R"("reward_id": "cap")", R"("reward_id": "hat")")),
         "shop.games[0].prizes[1].reward_id \"hat\" is not in shop.rewards"},
        {shop_with(game_with(R"({"id": "cap", "reward_id": "cap", "weight": 5})", R"({"id": "p100", "weight": 5})")),
         "shop.games[0].prizes[1].id \"p100\" is used twice"},
        {shop_with(game_with(R"("weight": 85)", R"("weight": 0)")), "shop.games[0].prizes[2].weight must be ≥ 1"},
        {shop_with(game_with(R"("weight": 85)", R"("weight": 1000000001)")),
         "shop.games[0].prizes[2].weight must be ≤ 1000000000"},
        {shop_with(game_with(R"("stock": 50)", R"("stock": -1)")), "shop.games[0].prizes[0].stock must be ≥ 0"},
        {shop_with(game_with(R"("daily_limit": 5)", R"("daily_limit": 5, "odds": 1)")),
         "shop.games[0].prizes[0].odds"},
        {shop_with(R"([{"id": "g", "name": "G", "kind": "wheel", "cost_points": 1, "prizes": []}])"),
         "shop.games[0].prizes must list at least one prize"},
        {shop_with(game_with(R"("points_per_day": 1000)", R"("points_per_day": -5)")),
         "shop.games[0].budget.points_per_day must be ≥ 0"},
        {shop_with(game_with(R"("tiers": ["Gold"])", R"("tiers": ["Diamond"])")),
         "shop.games[0].tiers names \"Diamond\", which is not a level"},
        {R"({"shop_id": "play", "earn": {"spend_per_point": 10000}, "games": )" +
             game_with(R"("reward_id": "cap")", R"("points": 5)") + "}",
         "shop.games[0].tiers needs shop.tiers"},
        {shop_with(game_with(R"("segments": ["champions"])", R"("segments": ["whales"])")), "whales"},
        {shop_with(game_with(R"("groups": ["VIP"])", R"("groups": [""])")),
         "shop.games[0].groups must hold non-empty strings"},
    };
    for (const auto& k : cases) {
        INFO(k.shop);
        CHECK(c.put_shop(k.shop) == LOYALTY_INVALID_ARGUMENT);
        CHECK_THAT(std::string(loyalty_last_error()), Catch::Contains(k.message));
    }
    auto shown = call([&](char** out) { return loyalty_get_shop(c.engine, "play", out); });
    REQUIRE(shown.status == LOYALTY_OK);
    CHECK(shown.json().at("games").at(0).at("id") == "tet-wheel");
    CHECK(shown.json().at("games").at(0).at("prizes").as_array().size() == 3);
}
