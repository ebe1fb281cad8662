// PostgreSQL only: claims and settlements racing from two instances on one database.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "engine_fixture.hpp"
#include "together.hpp"

using namespace loyalty;
using core::Status;

namespace {

core::ShopProgram with_programs() {
    auto p = test::program("shop", 10000);
    core::Reward r;
    r.reward_id = "tea";
    r.name = "Tea";
    r.cost_points = 10;
    r.stock = 7;
    p.rewards = {r};
    core::TargetProgram t;
    t.program_id = "month";
    t.period = core::PeriodKind::month;
    t.bands = {{1000000, 100, 1}};
    p.distributor.targets = {t};
    return p;
}

}  // namespace

TEST_CASE("claims from two instances never take stock below zero", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    a->put_shop(with_programs());
    b->put_shop(with_programs());
    std::vector<std::string> members;
    for (int i = 0; i < 6; ++i) {
        auto m = a->upsert_customer("shop", {.platform = "pos", .customer_id = "C-" + std::to_string(i)}).member_id;
        a->adjust_points("shop", {m, 100, "seed-" + std::to_string(i), "opening balance"});
        members.push_back(m);
    }
    std::atomic<int> granted{0}, refused{0}, unavailable{0};
    test::together(6, [&](int t) {
        auto& e = t % 2 ? *a : *b;
        for (int n = 0; n < 4; ++n) {
            auto s = test::status_of([&] {
                e.claim_reward("shop", {members[static_cast<std::size_t>(t)], "tea",
                                        "k-" + std::to_string(t) + "-" + std::to_string(n)});
            });
            if (s == Status::ok) ++granted;
            else if (s == Status::conflict) ++refused;
            else if (s == Status::storage) ++unavailable;
            else FAIL("unexpected status " << static_cast<int>(s));
        }
    });
    CHECK(granted == 7);
    CHECK(refused + unavailable == 24 - 7);
    core::GrantQuery q;
    q.limit = 100;
    CHECK(b->grants("shop", q).grants.size() == 7);
    int64_t spent = 0;
    for (const auto& m : members) spent += 100 - a->balances("shop", m).available;
    CHECK(spent == 70);
    CHECK(a->run_maintenance(0).mismatches.empty());
}

TEST_CASE("a period settled from two instances at once is paid once", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    int64_t clock = 1798736400;  // 2027-01-01T00:00:00+07:00
    auto a = test::engine_on(url, &clock);
    auto b = test::engine_on(url, &clock);
    a->put_shop(with_programs());
    b->put_shop(with_programs());
    std::vector<std::string> members;
    for (int i = 0; i < 5; ++i) {
        auto o = test::order("O-" + std::to_string(i), core::OrderStatus::paid, 2000000);
        o.occurred_at = clock - 86400;  // in 2026-12
        o.customer = {.platform = "pos", .customer_id = "C-" + std::to_string(i)};
        members.push_back(a->record_order("shop", o).member_id);
    }
    core::SettleRequest r;
    r.period = "2026-12";
    std::atomic<int> fresh{0}, again{0}, busy{0};
    test::together(4, [&](int t) {
        auto& e = t % 2 ? *a : *b;
        try {
            auto report = e.settle_period("shop", r);
            (report.programs.at(0).already_settled ? again : fresh) += 1;
        } catch (const core::Error& err) {
            if (err.status() != Status::conflict && err.status() != Status::storage) throw;
            ++busy;  // another instance held the shop's settlement lock
        }
    });
    CHECK(fresh == 1);
    CHECK(fresh + again + busy == 4);
    for (const auto& m : members) CHECK(a->balances("shop", m).available == 200 + 100);
    core::GrantQuery q;
    q.limit = 100;
    CHECK(a->grants("shop", q).grants.size() == 5);
    auto report = b->settle_period("shop", r);
    CHECK(report.programs.at(0).already_settled);
    CHECK(report.programs.at(0).standings.size() == 5);
    CHECK(a->run_maintenance(clock).mismatches.empty());
}
