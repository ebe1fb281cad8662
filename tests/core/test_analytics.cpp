// The analytics reports (docs/program.md, "Reports"): one shop's history over four local months,
// with every kind of entry, a cancelled order, a merge and claims, counted exactly by each report.
// On whichever backend LOYALTY_TEST_STORAGE names.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;
using test::vn;

namespace {

// Every figure below follows from this history (Asia/Ho_Chi_Minh, 10,000 VND a point):
//   2026-01-15  C-0 pays Z-1, 100 (the lot expires a year on, 2027-01-15)
//   2027-01-10  C-1 pays A-1, 100          2027-01-20  C-5 pays A-6, 60
//   2027-01-31  23:30: C-2 pays A-2, 200 (January however UTC or local is read)
//   2027-02-01  00:30: C-3 pays A-3, 50 (still 31 January in UTC)
//   2027-02-05  C-1 pays A-4, 100          2027-02-08  C-0 pays Z-2, 100
//   2027-02-10  C-4 pays A-5, 300, cancelled an hour later (reverse 300)
//   2027-02-15  C-2 redeems 50             2027-02-20  adjustments: C-3 +20, C-1 -5
//   2027-02-21  maintenance expires Z-1's 100 (as of 2027-01-15)
//   2027-03-03  C-6 pays A-7, 40; on 03-05 C-6 gives C-5's phone and merges into C-5
//   2027-03-08  claims: C-1 tea 50, C-2 cake 30 and tea 50, C-3 gone 10, C-5 cake 30
//   2027-03-12  C-1's tea used, C-2's cake voided (return 30); "gone" leaves the catalogue
//   2027-04-02  C-7 pays A-8 25,000,000 VND: 2500 and Gold's upgrade bonus 200
//   2027-04-03  C-3 pays A-9, 100; A-4 refunded 400,000 VND of 1,000,000 (reverse 40)
struct History : test::ProgramEngine {
    std::map<std::string, std::string> ids;  // customer → member id

    History() {
        program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::monthly);
        program.tiers->levels.push_back({"Diamond", 100000000});  // reached by no one
        program.expiry = {core::ExpiryKind::months, 12};
        program.rewards = {reward("tea", 50), reward("cake", 30), reward("gone", 10)};
        put();
        at("2026-01-15T10:00:00", [&] { buy("Z-1", 1000000, "C-0"); });
        at("2027-01-10T09:00:00", [&] { buy("A-1", 1000000, "C-1"); });
        at("2027-01-20T09:00:00", [&] { buy("A-6", 600000, "C-5"); });
        at("2027-01-31T23:30:00", [&] { buy("A-2", 2000000, "C-2"); });
        at("2027-02-01T00:30:00", [&] { buy("A-3", 500000, "C-3"); });
        at("2027-02-05T10:00:00", [&] { buy("A-4", 1000000, "C-1"); });
        at("2027-02-08T10:00:00", [&] { buy("Z-2", 1000000, "C-0"); });
        at("2027-02-10T10:00:00", [&] { buy("A-5", 3000000, "C-4"); });
        at("2027-02-10T11:00:00", [&] { change("A-5", OrderStatus::cancelled, 3000000, 0, "C-4"); });
        at("2027-02-15T10:00:00", [&] { engine->redeem_points("shop", {ids["C-2"], 50, "r-1", "gift", ""}); });
        at("2027-02-20T10:00:00", [&] {
            engine->adjust_points("shop", {ids["C-3"], 20, "adj-1", "apology", ""});
            engine->adjust_points("shop", {ids["C-1"], -5, "adj-2", "correction", ""});
        });
        at("2027-02-21T10:00:00", [&] { CHECK(maintain().lots_expired == 1); });
        at("2027-03-03T10:00:00", [&] { buy("A-7", 400000, "C-6"); });
        at("2027-03-05T10:00:00", [&] {
            core::CustomerInput c;
            c.platform = "pos";
            c.customer_id = "C-6";
            c.phone = phone_of("C-5");
            CHECK(engine->upsert_customer("shop", c).member_id == ids["C-5"]);
        });
        std::map<std::string, core::Grant> claimed;
        at("2027-03-08T10:00:00", [&] {
            const std::vector<std::pair<std::string, std::string>> claims{
                {"C-1", "tea"}, {"C-2", "cake"}, {"C-2", "tea"}, {"C-3", "gone"}, {"C-5", "cake"}};
            for (const auto& [customer, reward_id] : claims)
                claimed[customer + reward_id] =
                    engine->claim_reward("shop", {ids[customer], reward_id, customer + reward_id}).grant;
        });
        at("2027-03-12T10:00:00", [&] {
            engine->use_grant("shop", {{claimed["C-1tea"].grant_id, ""}, "A-1"});
            engine->void_grant("shop", {{claimed["C-2cake"].grant_id, ""}, "changed their mind"});
            program.rewards.pop_back();
            put();
        });
        at("2027-04-02T10:00:00", [&] { buy("A-8", 25000000, "C-7"); });
        at("2027-04-03T10:00:00", [&] {
            buy("A-9", 1000000, "C-3");
            change("A-4", OrderStatus::partially_refunded, 1000000, 400000, "C-1");
        });
        clock = vn("2027-04-10T10:00:00");
    }

    static core::Reward reward(const std::string& id, int64_t cost) {
        core::Reward r;
        r.reward_id = id;
        r.name = "Quà " + id;
        r.cost_points = cost;
        return r;
    }
    template <class Fn>
    void at(const std::string& local, Fn&& fn) {
        clock = vn(local);
        fn();
    }
    void buy(const std::string& order_id, int64_t amount, const std::string& customer) {
        ids[customer] = pay(order_id, amount, customer).member_id;
    }
};

using Counts = std::vector<int64_t>;

}  // namespace

TEST_CASE("cohorts follow members from the local month of their first paid order", "[reports]") {
    History t;
    auto r = t.engine->cohort_report("shop", 4);
    CHECK(r.from == "2027-01");
    CHECK(r.to == "2027-04");
    REQUIRE(r.cohorts.size() == 4);
    // January: C-1, C-2 (23:30 on the 31st) and C-5; C-0 paid first in 2026, so is in no cohort.
    CHECK(r.cohorts[0].month == "2027-01");
    CHECK(r.cohorts[0].members == 3);
    CHECK(r.cohorts[0].retained == Counts{3, 1, 1, 0});  // C-1 in February, C-5 (C-6's order) in March
    CHECK(r.cohorts[0].repeat_members == 2);
    // February: C-3, whose first order was at 00:30 local on the 1st; C-4's order was cancelled.
    CHECK(r.cohorts[1].members == 1);
    CHECK(r.cohorts[1].retained == Counts{1, 0, 1});
    CHECK(r.cohorts[1].repeat_members == 1);
    // March: C-6 paid first then, but merged into C-5, whose first order was in January.
    CHECK(r.cohorts[2].month == "2027-03");
    CHECK(r.cohorts[2].members == 0);
    CHECK(r.cohorts[2].retained == Counts{0, 0});
    CHECK(r.cohorts[3].members == 1);
    CHECK(r.cohorts[3].retained == Counts{1});
    CHECK(r.cohorts[3].repeat_members == 0);

    auto shorter = t.engine->cohort_report("shop", 2);
    CHECK(shorter.from == "2027-03");
    REQUIRE(shorter.cohorts.size() == 2);
    CHECK(shorter.cohorts[1].retained == Counts{1});
}

TEST_CASE("repeat purchases count customers in the window and those returning each month", "[reports]") {
    History t;
    auto r = t.engine->repeat_purchase_report("shop", 4);
    CHECK(r.from == "2027-01");
    CHECK(r.customers == 6);          // C-0, C-1, C-2, C-3, C-5 (with C-6), C-7
    CHECK(r.repeat_customers == 3);   // C-1, C-3, C-5
    CHECK(r.orders == 9);             // A-5 was cancelled, Z-1 is before the window
    REQUIRE(r.by_month.size() == 4);
    auto month = [&](std::size_t i) {
        const auto& m = r.by_month[i];
        return Counts{m.customers, m.returning_customers, m.orders};
    };
    CHECK(month(0) == Counts{3, 0, 3});
    CHECK(month(1) == Counts{3, 2, 3});  // C-0 returns after a year, C-1 after January
    CHECK(month(2) == Counts{1, 1, 1});
    CHECK(month(3) == Counts{2, 1, 2});
    CHECK(r.by_month[3].month == "2027-04");

    auto feb = t.engine->repeat_purchase_report("shop", 3);
    CHECK(feb.from == "2027-02");
    CHECK(feb.customers == 5);
    CHECK(feb.repeat_customers == 1);
    CHECK(feb.orders == 6);
}

TEST_CASE("liability sums each month's entries by kind and carries the balance from before the window",
          "[reports]") {
    History t;
    auto r = t.engine->liability_report("shop", 4);
    REQUIRE(r.months.size() == 4);
    auto month = [&](std::size_t i) {
        const auto& m = r.months[i];
        return Counts{m.earned, m.redeemed, m.expired, m.adjusted, m.outstanding_available, m.outstanding_pending};
    };
    // Outstanding before January: Z-1's 100, which expires in January.
    CHECK(r.months[0].month == "2027-01");
    CHECK(month(0) == Counts{360, 0, 100, 0, 360, 0});
    // 300 earned and reversed by the cancel; merge entries are in no column.
    CHECK(month(1) == Counts{250, 50, 0, 15, 575, 0});
    CHECK(month(2) == Counts{40, 140, 0, 0, 475, 0});  // claims 170, the void gave 30 back
    CHECK(month(3) == Counts{2760, 0, 0, 0, 3235, 0});
    int64_t live = 0;
    for (const char* c : {"C-0", "C-1", "C-2", "C-3", "C-4", "C-5", "C-7"}) live += t.balances(t.ids[c]).available;
    CHECK(live == 3235);

    auto april = t.engine->liability_report("shop", 1);
    REQUIRE(april.months.size() == 1);
    CHECK(april.months[0].outstanding_available == 3235);
}

TEST_CASE("liability keeps pending points apart until they are released", "[reports]") {
    test::ProgramEngine t;
    t.program.pending_days = 14;
    t.put();
    t.clock = vn("2027-01-10T10:00:00");
    t.pay("P-1", 1000000);
    t.clock = vn("2027-02-01T10:00:00");
    CHECK(t.maintain().lots_released == 1);
    auto r = t.engine->liability_report("shop", 2);
    REQUIRE(r.months.size() == 2);
    CHECK(r.months[0].earned == 100);
    CHECK((r.months[0].outstanding_available == 0 && r.months[0].outstanding_pending == 100));
    CHECK(r.months[1].earned == 0);  // a release is no new points
    CHECK((r.months[1].outstanding_available == 100 && r.months[1].outstanding_pending == 0));
}

TEST_CASE("the reward report ranks catalogue claims not voided", "[reports][rewards]") {
    History t;
    auto r = t.engine->reward_report("shop", 4, 10);
    REQUIRE(r.rewards.size() == 3);
    CHECK(r.rewards[0].reward_id == "tea");
    CHECK(r.rewards[0].name == "Quà tea");
    CHECK(Counts{r.rewards[0].claims, r.rewards[0].used, r.rewards[0].points_spent} == Counts{2, 1, 100});
    CHECK(r.rewards[1].reward_id == "cake");  // C-2's was voided
    CHECK(Counts{r.rewards[1].claims, r.rewards[1].used, r.rewards[1].points_spent} == Counts{1, 0, 30});
    CHECK(r.rewards[2].reward_id == "gone");
    CHECK_FALSE(r.rewards[2].name);
    CHECK(r.rewards[2].claims == 1);
    CHECK(t.engine->reward_report("shop", 4, 2).rewards.size() == 2);
    CHECK(t.engine->reward_report("shop", 1, 10).rewards.empty());  // nothing claimed in April
}

TEST_CASE("the tier report lists every level with what its members earned and redeemed", "[reports]") {
    History t;
    auto r = t.engine->tier_report("shop", 4);
    CHECK(r.to == "2027-04");
    REQUIRE(r.tiers.size() == 3);
    const auto& member = r.tiers[0];
    CHECK(member.tier == "Member");
    // C-0, C-1, C-2, C-3, C-4 and C-5, who earned C-6's 40 before the merge.
    CHECK(Counts{member.members, member.earned, member.redeemed, member.redeeming_members} ==
          Counts{6, 710, 190, 4});
    const auto& gold = r.tiers[1];
    CHECK(gold.tier == "Gold");
    CHECK(Counts{gold.members, gold.earned, gold.redeemed, gold.redeeming_members} == Counts{1, 2700, 0, 0});
    const auto& diamond = r.tiers[2];  // no members: listed all the same
    CHECK(diamond.tier == "Diamond");
    CHECK(Counts{diamond.members, diamond.earned, diamond.redeemed, diamond.redeeming_members} == Counts{0, 0, 0, 0});
    // Counted by the tier a member holds now, over the window only.
    t.clock = test::vn("2027-05-02T10:00:00");
    auto may = t.engine->tier_report("shop", 1);
    CHECK(Counts{may.tiers[1].members, may.tiers[1].earned} == Counts{1, 0});
}

TEST_CASE("a report refuses a window outside 1 to 36 months and an unknown shop", "[reports]") {
    test::ProgramEngine t;
    t.put();
    using test::status_of;
    for (int months : {0, 37, -1}) {
        CHECK(status_of([&] { t.engine->cohort_report("shop", months); }) == core::Status::invalid_argument);
        CHECK(status_of([&] { t.engine->repeat_purchase_report("shop", months); }) == core::Status::invalid_argument);
        CHECK(status_of([&] { t.engine->liability_report("shop", months); }) == core::Status::invalid_argument);
        CHECK(status_of([&] { t.engine->reward_report("shop", months, 10); }) == core::Status::invalid_argument);
        CHECK(status_of([&] { t.engine->tier_report("shop", months); }) == core::Status::invalid_argument);
    }
    CHECK(status_of([&] { t.engine->reward_report("shop", 12, 0); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->reward_report("shop", 12, 101); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->cohort_report("nope", 12); }) == core::Status::not_found);
    // 36 months back from January crosses three new years.
    t.clock = vn("2027-01-15T10:00:00");
    auto longest = t.engine->liability_report("shop", 36);
    REQUIRE(longest.months.size() == 36);
    CHECK(longest.from == "2024-02");
    CHECK(longest.to == "2027-01");
    CHECK(t.engine->tier_report("shop", 12).tiers.empty());  // a programme without tiers
}
