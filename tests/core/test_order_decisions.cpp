// What an order's points depend on, decided and written in docs/program.md ("What an order's
// points depend on"); each case here is one of those decisions.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;

namespace {

// Gold at 1,000,000 VND of lifetime spend earns double; 10,000 VND a point.
void gold_at_one_million(test::ProgramEngine& t) {
    core::TierProgram tiers;
    tiers.window = core::TierWindow::lifetime;
    tiers.levels = {{"Member", 0}, {"Gold", 1000000, 200}};
    t.program.tiers = tiers;
    t.put();
}

core::OrderResult versioned(test::ProgramEngine& t, const std::string& id, OrderStatus status, int64_t amount,
                            int64_t refunded, int64_t version) {
    auto o = test::order(id, status, amount, refunded, version);
    o.occurred_at = t.clock;
    o.customer.phone = test::ProgramEngine::phone_of("C-1");
    return t.engine->record_order("shop", o);
}

}  // namespace

TEST_CASE("an order earns at the tier in force when it is first paid, so arrival order counts") {
    SECTION("X (1,000,000) then Y (3,000,000): Y is paid as Gold") {
        test::ProgramEngine t;
        gold_at_one_million(t);
        auto x = t.pay("X", 1000000);
        auto y = t.pay("Y", 3000000);
        CHECK(x.points_delta + y.points_delta == 100 + 600);
    }
    SECTION("Y then X: X is paid as Gold") {
        test::ProgramEngine t;
        gold_at_one_million(t);
        auto y = t.pay("Y", 3000000);
        auto x = t.pay("X", 1000000);
        CHECK(x.points_delta + y.points_delta == 300 + 200);
    }
}

TEST_CASE("an amount edited after payment scales the points locked at payment, rounding down") {
    test::ProgramEngine t;
    t.put();
    REQUIRE(versioned(t, "E", OrderStatus::paid, 1999999, 0, 1).points_delta == 199);
    auto edited = versioned(t, "E", OrderStatus::paid, 1000000, 0, 2);
    CHECK(edited.points_delta == 99 - 199);  // floor(199 x 1,000,000 / 1,999,999) = 99
    // The same 1,000,000 paid as it stands earns 100: the edit keeps the lock, not a fresh count.
    CHECK(t.pay("F", 1000000, "C-2").points_delta == 100);
}

TEST_CASE("with versions the latest state counts: refunded then paid again is credited again") {
    test::ProgramEngine t;
    t.put();
    CHECK(versioned(t, "V", OrderStatus::paid, 1000000, 0, 3).points_delta == 100);
    CHECK(versioned(t, "V", OrderStatus::refunded, 1000000, 1000000, 4).points_delta == -100);
    CHECK(versioned(t, "V", OrderStatus::paid, 1000000, 0, 5).points_delta == 100);
    // Only cancelled is final.
    CHECK(versioned(t, "V", OrderStatus::cancelled, 1000000, 0, 6).points_delta == -100);
    auto after = versioned(t, "V", OrderStatus::paid, 1000000, 0, 7);
    CHECK_FALSE(after.applied);
    CHECK(after.points_delta == 0);
}

TEST_CASE("without versions the first amount of a state stands: a new amount is not applied") {
    test::ProgramEngine t;
    t.put();
    CHECK(t.pay("N", 1000000).points_delta == 100);
    auto resent = t.pay("N", 3000000);
    CHECK_FALSE(resent.applied);
    CHECK(resent.points_delta == 0);
    CHECK(t.balances(resent.member_id).lifetime_spend == 1000000);
}

TEST_CASE("points_delta is the order's own points, and the bonuses it triggers are entries of their own") {
    test::ProgramEngine t;
    core::TierProgram tiers;
    tiers.window = core::TierWindow::lifetime;
    tiers.levels = {{"Member", 0}, {"Gold", 1000000, 100, 0, 0, 0, 500}};
    t.program.tiers = tiers;
    t.program.bonuses.first_order = 50;
    t.put();
    auto r = t.pay("B", 1000000);
    CHECK(r.points_delta == 100);
    CHECK(r.available == 100 + 50 + 500);  // the balance after the call shows all of it
}
