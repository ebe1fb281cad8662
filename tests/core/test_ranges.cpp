// One range for money and points, |value| <= 10^15 (core/util/amounts.hpp): every entry refuses a
// value outside it, every stored sum is checked, and a refusal changes nothing.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"
#include "util/amounts.hpp"

using namespace loyalty;
using core::OrderStatus;

TEST_CASE("an adjustment past the range is refused and the balance stays") {
    auto e = test::memory_engine();
    auto id = e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000)).member_id;
    CHECK_THROWS_WITH(e->adjust_points("shop", {id, INT64_MAX, "k1", "typo"}),
                      Catch::StartsWith("points is 9223372036854775807, outside the range -10^15..10^15"));
    CHECK(e->member("shop", {.member_id = id}).balances.available == 100);
    // In range, but the sum would leave it: refused by the balance it would break.
    e->adjust_points("shop", {id, core::max_amount - 100, "k2", "top up"});
    CHECK_THROWS_WITH(e->adjust_points("shop", {id, 1, "k3", "one more"}),
                      Catch::Contains("available points would be 1000000000000000 + 1, outside the range"));
    CHECK(e->member("shop", {.member_id = id}).balances.available == core::max_amount);
    CHECK(e->run_maintenance(0).mismatches.empty());
}

TEST_CASE("a second order that would take lifetime spend past 10^15 is refused whole") {
    auto e = test::memory_engine();
    auto first = e->record_order("shop", test::order("A-1", OrderStatus::paid, core::max_amount));
    CHECK_THROWS_WITH(e->record_order("shop", test::order("A-2", OrderStatus::paid, core::max_amount)),
                      Catch::Contains("lifetime spend"));
    auto m = e->member("shop", {.member_id = first.member_id});
    CHECK(m.balances.lifetime_spend == core::max_amount);
    CHECK(m.balances.available == core::max_amount / 10000);
    CHECK(test::status_of([&] { e->record_order("shop", test::order("A-3", OrderStatus::paid, core::max_amount + 1)); }) ==
          core::Status::invalid_argument);
}

TEST_CASE("an order that would earn past 10^15 points is refused, never cut to a cap") {
    test::ProgramEngine t;
    t.program.spend_per_point = 1;
    t.program.rules.push_back({.rule_id = "triple", .kind = core::RuleKind::multiplier, .value = 300});
    t.put();
    CHECK_THROWS_WITH(t.pay("A-1", core::max_amount / 2), Catch::Contains("would earn more than 10^15 points"));
    // A shop's own cap on an order is honoured, so the same order then earns the cap.
    t.program.max_points_per_order = 5000;
    t.put();
    CHECK(t.pay("A-1", core::max_amount / 2).points_delta == 5000);
}

TEST_CASE("maintenance reports the member it cannot bring up to date and does the rest") {
    test::ProgramEngine t;
    t.program.pending_days = 7;
    t.put();
    auto stuck = t.pay("A-1", 1000000, "C-1").member_id;
    auto fine = t.pay("A-2", 2000000, "C-2").member_id;
    // The stuck member's pending 100 cannot join an available balance already at the top.
    t.engine->adjust_points("shop", {stuck, core::max_amount - 50, "k", "top"});
    t.clock += 8 * 86400;
    auto report = t.maintain();
    CHECK(report.lots_released == 1);
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].shop_id == "shop");
    CHECK(report.failures[0].member_id == stuck);
    CHECK(report.failures[0].step == "release");
    CHECK_THAT(report.failures[0].error, Catch::Contains("outside the range"));
    CHECK(t.balances(fine).available == 200);
    CHECK(t.balances(stuck).pending == 100);
    // The next run tries again, reports it again, and still does not stop.
    auto again = t.maintain();
    CHECK(again.failures.size() == 1);
    CHECK(again.mismatches.empty());
}
