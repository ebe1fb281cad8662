// Tiers (docs/program.md, "Tiers"): upgrade at once, downgrade only at reviews, grace, manual tiers.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;
using core::TierReview;
using core::TierWindow;

TEST_CASE("an order reaching the threshold exactly upgrades, one dong under does not") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly);
    t.put();
    auto m = t.pay("A-1", 19999999).member_id;
    CHECK(t.tier(m) == "Member");
    auto d = t.details(m);
    CHECK(d.tier->next == "Gold");
    CHECK(d.tier->remaining == 1);
    CHECK(d.tier->qualifying_spend == 19999999);

    // The crossing order earns at the old level's rate, then the member is Gold with the bonus.
    t.clock += 60;
    auto crossing = t.pay("A-2", 1);
    CHECK(crossing.points_delta == 0);
    CHECK(t.tier(m) == "Gold");
    CHECK(t.details(m).tier->since == t.clock);
    CHECK_FALSE(t.details(m).tier->next);
    CHECK(t.balances(m).available == 1999 + 200);
    // The next order earns at 150%.
    CHECK(t.pay("A-3", 1000000).points_delta == 150);
    t.check_books(m);
}

TEST_CASE("refunds lower qualification but never demote before a review") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly);
    t.put();
    auto m = t.pay("A-1", 25000000).member_id;
    REQUIRE(t.tier(m) == "Gold");
    t.change("A-1", OrderStatus::partially_refunded, 25000000, 10000000);
    CHECK(t.tier(m) == "Gold");
    CHECK(t.details(m).tier->qualifying_spend == 15000000);
    // At the next monthly review the window holds 15,000,000: back to Member.
    t.clock = test::vn("2027-04-01T00:00:00");
    auto report = t.maintain();
    CHECK(report.tiers_reviewed == 1);
    CHECK(t.tier(m) == "Member");
    CHECK(t.details(m).tier->since == test::vn("2027-04-01T00:00:00"));
    // Running it again changes nothing.
    CHECK(t.maintain().tiers_reviewed == 0);
    t.check_books(m);
}

TEST_CASE("a calendar-year level is kept through the next year and reviewed at its end") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::calendar_year, TierReview::yearly);
    t.put();
    t.clock = test::vn("2027-12-31T23:59:59");
    auto m = t.pay("A-1", 20000000).member_id;
    REQUIRE(t.tier(m) == "Gold");

    // 1 January 2028 00:00 local (31 December 17:00 UTC): 2027 supports Gold, so it stays.
    t.clock = test::vn("2028-01-01T00:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Gold");
    // An order in 2028 that does not reach the threshold changes nothing.
    t.clock = test::vn("2028-06-01T12:00:00");
    t.pay("A-2", 5000000);
    CHECK(t.tier(m) == "Gold");
    CHECK(t.details(m).tier->qualifying_spend == 5000000);
    // One second before the 2029 review nothing happens; at it, 2028's 5,000,000 is not enough.
    t.clock = test::vn("2028-12-31T23:59:59");
    t.maintain();
    CHECK(t.tier(m) == "Gold");
    t.clock = test::vn("2029-01-01T00:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Member");
}

TEST_CASE("grace keeps a level for the configured number of reviews") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly, 1);
    t.put();
    t.clock = test::vn("2027-01-15T10:00:00");
    auto m = t.pay("A-1", 20000000).member_id;
    REQUIRE(t.tier(m) == "Gold");
    // The order leaves the 12-month window on 15 January 2028: the 1 February review uses the grace...
    t.clock = test::vn("2028-02-01T08:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Gold");
    // ...and the 1 March review demotes.
    t.clock = test::vn("2028-03-01T08:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Member");

    SECTION("reviews missed while maintenance did not run are applied in order") {
        test::ProgramEngine late;
        late.program.tiers = t.program.tiers;
        late.put();
        late.clock = test::vn("2027-01-15T10:00:00");
        auto n = late.pay("A-1", 20000000).member_id;
        late.clock = test::vn("2028-05-10T08:00:00");
        late.maintain();
        CHECK(late.tier(n) == "Member");
        CHECK(late.details(n).tier->since == test::vn("2028-03-01T00:00:00"));
    }
}

TEST_CASE("an upgrade bonus is paid once per level, ever") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly);
    t.put();
    t.clock = test::vn("2027-01-10T10:00:00");
    auto m = t.pay("A-1", 20000000).member_id;
    CHECK(t.balances(m).available == 2000 + 200);
    t.clock = test::vn("2028-02-01T00:00:00");
    t.maintain();
    REQUIRE(t.tier(m) == "Member");
    t.pay("A-2", 20000000);
    CHECK(t.tier(m) == "Gold");
    CHECK(t.balances(m).available == 2200 + 2000);
    t.check_books(m);
}

TEST_CASE("with basis points, redeeming never demotes") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::lifetime, TierReview::monthly);
    t.program.tiers->basis = core::TierBasis::points;
    t.program.tiers->levels[1].threshold = 1000;
    t.put();
    auto m = t.pay("A-1", 10000000).member_id;
    REQUIRE(t.tier(m) == "Gold");
    t.engine->redeem_points("shop", {m, 1100, "r-1", "gift"});
    t.clock = test::vn("2027-06-01T00:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Gold");
    CHECK(t.details(m).tier->qualifying_spend == 10000000);
}

TEST_CASE("a manual tier overrides upgrades and reviews until it ends") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly);
    t.program.tiers->levels.push_back({"Diamond", 100000000, 200, 10, 0, 0, 0});
    t.put();
    auto m = t.pay("A-1", 1000000).member_id;
    auto given = t.engine->set_tier("shop", {m, "Gold", test::vn("2027-06-01")});
    CHECK(given.member.tier.name == "Gold");
    CHECK(t.details(m).tier->until == test::vn("2027-06-01"));
    // Reviews leave it alone, and so does an order that would qualify for more.
    t.clock = test::vn("2027-05-01T00:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Gold");
    t.pay("A-2", 150000000);
    CHECK(t.tier(m) == "Gold");
    // When it ends, the member gets what the window supports, without grace.
    t.clock = test::vn("2027-06-01T00:00:00");
    t.maintain();
    CHECK(t.tier(m) == "Diamond");
    CHECK_FALSE(t.details(m).tier->until);
    CHECK(test::status_of([&] { t.engine->set_tier("shop", {m, "Platinum", t.clock + 10}); }) ==
          core::Status::invalid_argument);
    CHECK(test::status_of([&] { t.engine->set_tier("shop", {m, "Gold", t.clock}); }) ==
          core::Status::invalid_argument);
}
