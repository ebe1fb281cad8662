// Distributor programs: volume bonuses, period targets, rankings, settlement and leaderboards
// (docs/distributor.md).
#include "program/periods.hpp"
#include "program_fixture.hpp"

using namespace loyalty;
using test::grants_of;
using test::settle;
using test::ProgramEngine;
using test::status_of;
using test::vn;

namespace {

core::OrderLine cases(int64_t quantity, const std::string& sku = "CASE") {
    return {sku, quantity, quantity * 100000, "beer"};
}

core::VolumeProgram volume(core::PeriodKind period, int64_t units, int64_t points, bool repeat = false) {
    core::VolumeProgram v;
    v.program_id = "cases";
    v.period = period;
    v.skus = {"CASE"};
    v.units = units;
    v.repeat = repeat;
    v.award.points = points;
    return v;
}

core::Reward free_cases() {
    core::Reward r;
    r.reward_id = "free10";
    r.name = "10 free cases";
    r.kind = core::RewardKind::free_units;
    r.value = 10;
    r.sku = "CASE";
    return r;
}

// A copy: the details are usually a temporary.
std::optional<core::ProgramProgress> progress(const core::MemberDetails& d, const std::string& program_id) {
    for (const auto& p : d.programs)
        if (p.program_id == program_id) return p;
    return std::nullopt;
}

}  // namespace

TEST_CASE("periods follow the shop's calendar at 23:59:59 and 00:00:00", "[distributor]") {
    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    auto q3 = core::period_at(core::PeriodKind::quarter, vn("2026-09-30T23:59:59"), *zone);
    auto q4 = core::period_at(core::PeriodKind::quarter, vn("2026-10-01T00:00:00"), *zone);
    CHECK(q3.key == "2026-Q3");
    CHECK(q4.key == "2026-Q4");
    CHECK(q3.to == q4.from);
    CHECK(q4.from == vn("2026-10-01T00:00:00"));
    CHECK(q4.to == vn("2027-01-01T00:00:00"));
    CHECK(core::period_before(q4, *zone).key == "2026-Q3");
    CHECK(core::period_before(core::period_at(core::PeriodKind::quarter, vn("2027-02-01T00:00:00"), *zone), *zone).key ==
          "2026-Q4");
    CHECK(core::period_at(core::PeriodKind::month, vn("2026-12-31T23:59:59"), *zone).key == "2026-12");
    CHECK(core::period_at(core::PeriodKind::year, vn("2027-01-01T00:00:00"), *zone).key == "2027");
    auto parsed = core::parse_period("2026-Q4", *zone);
    REQUIRE(parsed);
    CHECK(parsed->from == q4.from);
    CHECK(parsed->to == q4.to);
    CHECK(core::parse_period("2026-02", *zone)->to == vn("2026-03-01T00:00:00"));
    CHECK(core::parse_period("2026", *zone)->from == vn("2026-01-01T00:00:00"));
    for (const char* bad : {"", "26", "2026-Q0", "2026-Q5", "2026-13", "2026-00", "2026-1", "2026Q4", "1899", "abcd"})
        CHECK_FALSE(core::parse_period(bad, *zone));
}

TEST_CASE("a quarterly volume bonus builds over orders, partly refunded, and settles once", "[distributor]") {
    ProgramEngine t;
    t.program.rewards = {free_cases()};
    auto v = volume(core::PeriodKind::quarter, 500, 1000, true);
    v.award.reward_id = "free10";
    t.program.distributor.volume = {v};
    t.put();
    t.clock = vn("2026-10-03T09:00:00");
    std::string m = t.pay("A-1", 20000000, "C-1", {cases(200)}).member_id;
    t.clock = vn("2026-11-03T09:00:00");
    t.pay("A-2", 25000000, "C-1", {cases(250), cases(30, "OTHER")});
    t.pay("A-3", 10000000, "C-1", {cases(100)});

    auto shown = progress(t.details(m), "cases");
    REQUIRE(shown);
    CHECK(shown->period.key == "2026-Q4");
    CHECK(shown->standing.units == 550);
    CHECK(shown->standing.times == 1);
    CHECK(shown->standing.next_threshold == 1000);

    // 40% of A-2 refunded: 150 of its 250 cases still count.
    t.change("A-2", core::OrderStatus::partially_refunded, 25000000, 10000000);
    shown = progress(t.details(m), "cases");
    CHECK(shown->standing.units == 450);
    CHECK(shown->standing.times == 0);
    CHECK(shown->standing.next_threshold == 500);

    t.pay("A-4", 6000000, "C-1", {cases(60)});
    CHECK(progress(t.details(m), "cases")->standing.units == 510);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026-Q4")); }) == core::Status::invalid_argument);

    t.clock = vn("2027-01-02T08:00:00");
    int64_t before = t.balances(m).available;
    auto report = t.engine->settle_period("shop", settle("2026-Q4"));
    REQUIRE(report.programs.size() == 1);
    const auto& s = report.programs[0];
    CHECK_FALSE(s.already_settled);
    REQUIRE(s.standings.size() == 1);
    CHECK(s.standings[0].units == 510);
    CHECK(s.standings[0].times == 1);
    CHECK(s.standings[0].points == 1000);
    CHECK(s.standings[0].grant_id > 0);
    CHECK(t.balances(m).available == before + 1000);
    auto grants = grants_of(*t.engine, m);
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].kind == core::RewardKind::free_units);
    CHECK(grants[0].quantity == 1);
    CHECK(grants[0].cost_points == 0);

    // Settling again posts nothing and reports what was settled.
    auto again = t.engine->settle_period("shop", settle("2026-Q4", "cases"));
    REQUIRE(again.programs.size() == 1);
    CHECK(again.programs[0].already_settled);
    CHECK(again.programs[0].settled_at == s.settled_at);
    REQUIRE(again.programs[0].standings.size() == 1);
    CHECK(again.programs[0].standings[0].points == 1000);
    CHECK(again.programs[0].standings[0].grant_id == s.standings[0].grant_id);
    CHECK(t.balances(m).available == before + 1000);
    CHECK(grants_of(*t.engine, m).size() == 1);
    // A refund after settlement leaves the settled award alone.
    t.change("A-4", core::OrderStatus::refunded, 6000000, 6000000);
    CHECK(t.engine->settle_period("shop", settle("2026-Q4")).programs[0].standings[0].units == 510);
    t.check_books(m);
}

TEST_CASE("a one-order volume bonus rides on the order and leaves with it", "[distributor]") {
    ProgramEngine t;
    t.program.rewards = {free_cases()};
    auto v = volume(core::PeriodKind::order, 100, 500);
    v.award.reward_id = "free10";
    t.program.distributor.volume = {v};
    t.put();
    auto small = t.pay("B-1", 9900000, "C-1", {cases(99)});
    CHECK(small.points_delta == 990);
    auto big = t.pay("B-2", 12000000, "C-1", {cases(120)});
    CHECK(big.points_delta == 1200 + 500);
    std::string m = big.member_id;
    auto grants = grants_of(*t.engine, m);
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].source == "volume:cases:order:B-2");
    // A refund takes back a share of the order's points, the bonus included, as with any earning.
    auto refund = t.change("B-2", core::OrderStatus::partially_refunded, 12000000, 6000000);
    CHECK(refund.points_delta == -850);
    t.change("B-2", core::OrderStatus::cancelled, 12000000);
    CHECK(t.balances(m).available == 990);
    grants = grants_of(*t.engine, m);
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].status == core::GrantStatus::voided);
    // The quote shows the bonus too.
    core::QuoteRequest q;
    q.amount = 12000000;
    q.lines = {cases(120)};
    CHECK(t.engine->quote("shop", q).earn.points == 1700);
    t.check_books(m);
}

TEST_CASE("quarter targets pay the highest band reached, with a rebate, to the group only", "[distributor]") {
    ProgramEngine t;
    core::TargetProgram target;
    target.program_id = "q-target";
    target.period = core::PeriodKind::quarter;
    target.groups = {"Đại lý"};
    target.bands = {{10000000, 100, 0}, {50000000, 500, 2}};
    t.program.distributor.targets = {target};
    t.put();
    // Paid at the last second of Q3: counts in Q3, not Q4.
    t.clock = vn("2026-09-30T23:59:59");
    std::string a = t.pay("T-0", 40000000, "A").member_id;
    t.clock = vn("2026-10-01T00:00:00");
    t.pay("T-1", 12000000, "A");
    std::string b = t.pay("T-2", 60000000, "B").member_id;
    std::string c = t.pay("T-3", 5000000, "C").member_id;
    std::string outsider = t.pay("T-4", 90000000, "D").member_id;
    for (const auto& id : {a, b, c}) t.engine->set_group("shop", id, std::string("Đại lý"));

    auto board = t.engine->leaderboard("shop", {"q-target", std::nullopt, 100});
    CHECK(board.period.key == "2026-Q4");
    REQUIRE(board.standings.size() == 3);
    CHECK(board.standings[0].member_id == b);
    CHECK(board.standings[0].band == 1);
    CHECK_FALSE(board.standings[0].next_threshold);
    CHECK(board.standings[1].member_id == a);
    CHECK(board.standings[1].spend == 12000000);
    CHECK(board.standings[1].band == 0);
    CHECK(board.standings[1].next_threshold == 50000000);
    CHECK(board.standings[2].member_id == c);
    CHECK(board.standings[2].band == -1);
    CHECK(board.standings[2].next_threshold == 10000000);
    CHECK_FALSE(progress(t.details(outsider), "q-target"));

    t.clock = vn("2027-01-01T00:00:00");
    int64_t a0 = t.balances(a).available, b0 = t.balances(b).available, c0 = t.balances(c).available;
    auto report = t.engine->settle_period("shop", settle("2026-Q4"));
    REQUIRE(report.programs.size() == 1);
    CHECK(report.programs[0].standings.size() == 3);
    CHECK(t.balances(a).available == a0 + 100);
    CHECK(t.balances(b).available == b0 + 500);
    CHECK(t.balances(c).available == c0);
    auto rebate = grants_of(*t.engine, b);
    REQUIRE(rebate.size() == 1);
    CHECK(rebate[0].kind == core::RewardKind::rebate);
    CHECK(rebate[0].value == 1200000);
    CHECK(grants_of(*t.engine, a).empty());

    t.engine->settle_period("shop", settle("2026-Q4"));
    CHECK(t.balances(b).available == b0 + 500);
    CHECK(grants_of(*t.engine, b).size() == 1);
    // Q3 held A's 40M: band 0, settled separately.
    t.engine->settle_period("shop", settle("2026-Q3"));
    CHECK(t.balances(a).available == a0 + 200);
    for (const auto& id : {a, b, c}) t.check_books(id);
}

TEST_CASE("a year ranking breaks ties by who reached the spend first, then member id", "[distributor]") {
    ProgramEngine t;
    core::RankingProgram ranking;
    ranking.program_id = "top";
    ranking.period = core::PeriodKind::year;
    ranking.prizes = {{1, {1000, ""}}, {3, {300, ""}}};
    t.program.distributor.rankings = {ranking};
    t.put();
    t.clock = vn("2026-03-01T10:00:00");
    std::string b = t.pay("R-1", 30000000, "B").member_id;
    std::string d = t.pay("R-2", 10000000, "D").member_id;
    std::string e1 = t.pay("R-5", 20000000, "E1").member_id;
    std::string e2 = t.pay("R-6", 20000000, "E2").member_id;
    t.clock = vn("2026-06-01T10:00:00");
    std::string a = t.pay("R-3", 30000000, "A").member_id;
    t.clock = vn("2026-12-31T23:59:59");
    t.pay("R-4", 10000000, "D");  // D reaches 20M last: behind both E members
    t.clock = vn("2027-01-01T00:00:00");
    t.pay("R-7", 90000000, "D");  // next year
    // A member read shows the spend in the current year, not a rank (the leaderboard places members).
    auto own = progress(t.details(d), "top");
    REQUIRE(own);
    CHECK(own->period.key == "2027");
    CHECK(own->standing.spend == 90000000);
    CHECK(own->standing.rank == 0);

    auto report = t.engine->settle_period("shop", settle("2026", "top"));
    REQUIRE(report.programs.size() == 1);
    const auto& s = report.programs[0].standings;
    REQUIRE(s.size() == 5);
    std::string lo = std::min(e1, e2), hi = std::max(e1, e2);
    CHECK(s[0].member_id == b);
    CHECK(s[1].member_id == a);
    CHECK(s[2].member_id == lo);
    CHECK(s[3].member_id == hi);
    CHECK(s[4].member_id == d);
    for (std::size_t i = 0; i < s.size(); ++i) CHECK(s[i].rank == static_cast<int64_t>(i) + 1);
    CHECK(s[0].points == 1000);
    CHECK(s[1].points == 300);
    CHECK(s[2].points == 300);
    CHECK(s[3].points == 0);
    CHECK(s[4].points == 0);
    CHECK(s[1].next_threshold == 30000001);
    auto again = t.engine->settle_period("shop", settle("2026", "top"));
    CHECK(again.programs[0].already_settled);
    REQUIRE(again.programs[0].standings.size() == 5);
    for (std::size_t i = 0; i < s.size(); ++i) {
        CHECK(again.programs[0].standings[i].member_id == s[i].member_id);
        CHECK(again.programs[0].standings[i].rank == s[i].rank);
    }
    CHECK(t.balances(b).available == 3000 + 1000);
}

TEST_CASE("settlement refuses open periods, unknown programs and mismatched period kinds", "[distributor]") {
    ProgramEngine t;
    t.program.distributor.volume = {volume(core::PeriodKind::quarter, 10, 5)};
    t.put();
    t.clock = vn("2026-12-31T23:59:59");
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026-Q4")); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026-Q5")); }) == core::Status::invalid_argument);
    auto ahead = settle("2026-Q4");
    ahead.at = vn("2027-01-01T00:00:00");  // the clock is not there yet
    CHECK(status_of([&] { t.engine->settle_period("shop", ahead); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026-Q3", "nope")); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026-09", "cases")); }) ==
          core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2025")); }) == core::Status::not_found);
    CHECK(t.engine->settle_period("shop", settle("2026-Q3")).programs[0].standings.empty());
}

TEST_CASE("maintenance settles the period that closed, after the delay, once", "[distributor]") {
    ProgramEngine t;
    t.program.distributor.volume = {volume(core::PeriodKind::month, 10, 50)};
    t.program.distributor.settle_after_days = 2;
    t.put();
    t.clock = vn("2026-11-20T10:00:00");
    std::string m = t.pay("M-1", 2000000, "C-1", {cases(20)}).member_id;
    int64_t before = t.balances(m).available;
    t.clock = vn("2026-12-02T23:59:59");
    CHECK(t.maintain().periods_settled == 0);
    CHECK(t.balances(m).available == before);
    t.clock = vn("2026-12-03T00:00:00");
    CHECK(t.maintain().periods_settled == 1);
    CHECK(t.balances(m).available == before + 50);
    CHECK(t.maintain().periods_settled == 0);
    CHECK(t.balances(m).available == before + 50);
    t.check_books(m);
}

TEST_CASE("a group the shop sets outlasts the platform's, until handed back", "[distributor]") {
    ProgramEngine t;
    t.put();
    auto c = test::order("G-1", core::OrderStatus::paid, 100000).customer;
    c.group = "Khách lẻ";
    std::string m = t.engine->upsert_customer("shop", c).member_id;
    CHECK(t.engine->set_group("shop", m, std::string("Đại lý")).member.group == "Đại lý");
    c.group = "VIP";
    t.engine->upsert_customer("shop", c);
    core::MemberQuery q;
    q.member_id = m;
    CHECK(t.engine->member("shop", q).group == "Đại lý");
    CHECK(t.engine->member("shop", q).group_by_shop);
    CHECK(t.engine->set_group("shop", m, std::nullopt).member.group.empty());
    t.engine->upsert_customer("shop", c);
    CHECK(t.engine->member("shop", q).group == "VIP");
    CHECK_FALSE(t.engine->member("shop", q).group_by_shop);
}
