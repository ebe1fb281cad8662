// Earning rules (docs/program.md, "Earning an order"): the base, how rules combine, caps, and
// that an order keeps what it locked when first paid.
#include <catch2/catch.hpp>

#include "program/earning.hpp"
#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderLine;
using core::RuleKind;

namespace {

core::EarnRule rule(const std::string& id, RuleKind kind, int64_t value) {
    core::EarnRule r;
    r.rule_id = id;
    r.kind = kind;
    r.value = value;
    return r;
}

core::Earning earn(const core::ShopProgram& p, int64_t amount, const std::vector<OrderLine>& lines = {},
                   int64_t tier_pct = 100, const std::string& tier = "", const std::string& group = "",
                   int64_t at = test::vn("2027-03-01T10:00:00")) {
    core::EarnContext c;
    c.amount = amount;
    c.lines = &lines;
    c.at = at;
    c.tier = tier;
    c.tier_pct = tier_pct;
    c.group = group;
    return core::compute_earning(p, c);
}

}  // namespace

TEST_CASE("the base is floor(amount x tier multiplier / (100 x spend_per_point))") {
    auto p = test::program("shop", 10000);
    CHECK(earn(p, 1130000).points == 113);
    CHECK(earn(p, 1130000, {}, 150).points == 169);  // 169.5 rounds down
    CHECK(earn(p, 9999).points == 0);
    CHECK(earn(p, 10000).points == 1);
}

TEST_CASE("multipliers do not stack: each line takes the highest one, the rest only whole-order ones") {
    auto p = test::program("shop", 10000);
    auto campaign = rule("tet", RuleKind::multiplier, 200);
    auto coffee = rule("coffee", RuleKind::multiplier, 300);
    coffee.skus = {"CF-1"};
    p.rules = {campaign, coffee};
    std::vector<OrderLine> lines{{"CF-1", 1, 600000, ""}, {"TEA-1", 1, 300000, ""}};
    // 1,000,000: base 100; the coffee line goes to the 300% rule only (600000 x 2 / 10000 = 120);
    // the tea line and the 100,000 not on lines go to the campaign (400000 x 1 / 10000 = 40).
    auto e = earn(p, 1000000, lines);
    CHECK(e.base == 100);
    REQUIRE(e.rules.size() == 2);
    CHECK(e.rules[0].rule_id == "tet");
    CHECK(e.rules[0].points == 40);
    CHECK(e.rules[1].rule_id == "coffee");
    CHECK(e.rules[1].points == 120);
    CHECK(e.points == 260);
    CHECK(e.detail == "rate=10000 base=100 rules=tet:+40,coffee:+120");

    SECTION("a tie goes to the earlier rule") {
        auto also = rule("also", RuleKind::multiplier, 300);
        also.categories = {"drinks"};
        p.rules = {also, coffee};
        auto t = earn(p, 600000, {{"CF-1", 1, 600000, "drinks"}});
        REQUIRE(t.rules.size() == 1);
        CHECK(t.rules[0].rule_id == "also");
    }
    SECTION("the tier multiplies rule points too") {
        auto g = earn(p, 1000000, lines, 150, "Gold");
        CHECK(g.base == 150);
        CHECK(g.points == 150 + 60 + 180);
        CHECK(g.detail == "rate=10000 tier=Gold tier_pct=150 base=150 rules=tet:+60,coffee:+180");
    }
}

TEST_CASE("lines adding up to more than the amount are scaled down to it") {
    auto p = test::program("shop", 10000);
    auto r = rule("shoes", RuleKind::multiplier, 200);
    r.skus = {"SH"};
    p.rules = {r};
    // Lines 800,000 + 400,000 on a 900,000 order: the shoe line's share is 600,000.
    auto e = earn(p, 900000, {{"SH", 1, 800000, ""}, {"SO", 1, 400000, ""}});
    CHECK(e.base == 90);
    CHECK(e.points == 90 + 60);
    // Without lines, a SKU rule has nothing to apply to.
    CHECK(earn(p, 900000).points == 90);
}

TEST_CASE("points per unit and per order add to multipliers and have their own caps") {
    auto p = test::program("shop", 10000);
    auto unit = rule("cases", RuleKind::per_unit, 20);
    unit.skus = {"BEER-24"};
    unit.max_points = 50;
    auto big = rule("big", RuleKind::per_order, 30);
    big.min_order = 1000000;
    p.rules = {unit, big};
    CHECK(earn(p, 999999, {{"BEER-24", 2, 999999, ""}}).points == 99 + 40);
    CHECK(earn(p, 1000000, {{"BEER-24", 3, 1000000, ""}}).points == 100 + 50 + 30);  // 60 capped at 50
    p.max_points_per_order = 120;
    auto capped = earn(p, 1000000, {{"BEER-24", 3, 1000000, ""}});
    CHECK(capped.points == 120);
    CHECK_THAT(capped.detail, Catch::Contains("capped=120"));
}

TEST_CASE("a rule applies from its start up to its end, to its tiers and its groups") {
    auto p = test::program("shop", 10000);
    auto tet = rule("tet", RuleKind::multiplier, 200);
    tet.from = test::vn("2027-01-29");
    tet.to = test::vn("2027-02-12");
    auto agents = rule("agents", RuleKind::per_order, 7);
    agents.groups = {"Đại lý"};
    agents.tiers = {"Gold"};
    p.rules = {tet, agents};
    CHECK(earn(p, 100000, {}, 100, "", "", test::vn("2027-01-28T23:59:59")).points == 10);
    CHECK(earn(p, 100000, {}, 100, "", "", test::vn("2027-01-29T00:00:00")).points == 20);
    CHECK(earn(p, 100000, {}, 100, "", "", test::vn("2027-02-11T23:59:59")).points == 20);
    CHECK(earn(p, 100000, {}, 100, "", "", test::vn("2027-02-12T00:00:00")).points == 10);
    CHECK(earn(p, 100000, {}, 100, "Gold", "Đại lý").points == 17);
    CHECK(earn(p, 100000, {}, 100, "Gold", "Khách lẻ").points == 10);
    CHECK(earn(p, 100000, {}, 100, "Member", "Đại lý").points == 10);
}

TEST_CASE("an order keeps the points it locked when first paid, whatever the program becomes") {
    test::ProgramEngine t;
    auto campaign = rule("double", RuleKind::multiplier, 200);
    t.program.rules = {campaign};
    t.put();
    auto paid = t.pay("A-1", 1000000);
    CHECK(paid.points_delta == 200);
    auto first = t.engine->transactions("shop", paid.member_id, 1, std::nullopt).entries.at(0);
    CHECK(first.detail == "rate=10000 base=100 rules=double:+100 amount=1000000 refunded=0");

    // The campaign ends and the rate changes; a refund of a quarter takes back a quarter of 200.
    t.program.rules.clear();
    t.program.spend_per_point = 1000;
    t.put();
    auto refund = t.change("A-1", core::OrderStatus::partially_refunded, 1000000, 250000);
    CHECK(refund.points_delta == -50);
    auto second = t.engine->transactions("shop", paid.member_id, 1, std::nullopt).entries.at(0);
    CHECK(second.detail == "full=200 locked_amount=1000000 amount=1000000 refunded=250000");
    CHECK(t.change("A-1", core::OrderStatus::refunded, 1000000, 1000000).points_delta == -150);
    CHECK(t.balances(paid.member_id).available == 0);
    t.check_books(paid.member_id);
}
