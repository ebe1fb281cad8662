// Partners of long standing: anniversary awards granted by maintenance, and the yearly appreciation
// list settled like the other period programs (docs/distributor.md, "Anniversaries", "Appreciation").
#include "distributor/anniversaries.hpp"
#include "program_fixture.hpp"
#include "together.hpp"

using namespace loyalty;
using test::grants_of;
using test::settle;
using test::ProgramEngine;
using test::status_of;
using test::vn;

namespace {

core::AnniversaryProgram anniversary(std::vector<int64_t> years, int64_t points,
                                     core::AnniversaryStart since = core::AnniversaryStart::first_order) {
    core::AnniversaryProgram a;
    a.program_id = "anniv";
    a.years = std::move(years);
    a.since = since;
    a.award.points = points;
    return a;
}

core::Reward gift() {
    core::Reward r;
    r.reward_id = "gift";
    r.name = "Quà tri ân";
    r.kind = core::RewardKind::gift;
    return r;
}

// What the member has, less what the order itself earned: only awards move it.
struct Watch {
    ProgramEngine& t;
    std::string member;
    int64_t base;
    Watch(ProgramEngine& engine, std::string m) : t(engine), member(std::move(m)), base(t.balances(member).available) {}
    int64_t gained() const { return t.balances(member).available - base; }
};

}  // namespace

TEST_CASE("anniversary days follow the local calendar, 29 February falling on 28 February", "[anniversary]") {
    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    CHECK(core::anniversary_day(vn("2026-03-10T10:00:00"), 1, *zone) == vn("2027-03-10T00:00:00"));
    // 23:30 UTC is already the next day in Ho Chi Minh City.
    CHECK(core::anniversary_day(vn("2026-12-31T23:59:59"), 2, *zone) == vn("2028-12-31T00:00:00"));
    CHECK(core::anniversary_day(vn("2024-02-29T08:00:00"), 1, *zone) == vn("2025-02-28T00:00:00"));
    CHECK(core::anniversary_day(vn("2024-02-29T08:00:00"), 4, *zone) == vn("2028-02-29T00:00:00"));
    CHECK(core::anniversaries_reached(vn("2024-02-29T08:00:00"), vn("2025-02-27T23:59:59"), *zone) == 0);
    CHECK(core::anniversaries_reached(vn("2024-02-29T08:00:00"), vn("2025-02-28T00:00:00"), *zone) == 1);
    CHECK(core::anniversaries_reached(vn("2024-02-29T08:00:00"), vn("2028-02-28T23:59:59"), *zone) == 3);
    CHECK(core::anniversaries_reached(vn("2024-02-29T08:00:00"), vn("2028-02-29T00:00:00"), *zone) == 4);
    CHECK(core::anniversaries_reached(vn("2026-03-10T10:00:00"), vn("2026-01-01T00:00:00"), *zone) == 0);
}

TEST_CASE("each listed anniversary is granted once, on its day", "[anniversary]") {
    ProgramEngine t;
    t.program.rewards = {gift()};
    auto a = anniversary({1, 2, 5}, 500);
    a.award.reward_id = "gift";
    t.program.distributor.anniversaries = {a};
    t.put();
    t.clock = vn("2026-03-10T10:00:00");
    Watch w(t, t.pay("A-1", 1000000).member_id);
    t.clock = vn("2027-03-09T23:59:59");
    CHECK(t.maintain().anniversary_awards == 0);
    t.clock = vn("2027-03-10T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 500);
    CHECK(t.maintain().anniversary_awards == 0);
    t.clock = vn("2027-03-11T09:00:00");
    CHECK(t.maintain().anniversary_awards == 0);
    CHECK(w.gained() == 500);
    auto grants = grants_of(*t.engine, w.member);
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].source == "program:anniv:anniversary-1");
    CHECK(grants[0].cost_points == 0);
    std::vector<core::Entry> entries;
    t.engine->store().read([&](core::Transaction& tx) { entries = tx.entries("shop", w.member, 10, std::nullopt); });
    REQUIRE_FALSE(entries.empty());
    CHECK(entries.front().kind == core::EntryKind::bonus);
    CHECK(entries.front().ref_id == "anniv:anniversary-1");

    t.clock = vn("2028-03-10T06:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 1000);
    // The third and fourth are not listed.
    for (const char* day : {"2029-03-10T06:00:00", "2030-03-10T06:00:00"}) {
        t.clock = vn(day);
        CHECK(t.maintain().anniversary_awards == 0);
    }
    t.clock = vn("2031-03-10T06:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 1500);
    CHECK(grants_of(*t.engine, w.member).size() == 3);
    t.check_books(w.member);
}

TEST_CASE("an anniversary paid to a record later merged into an older one is not paid again", "[anniversary]") {
    ProgramEngine t;
    t.program.distributor.anniversaries = {anniversary({1}, 500)};
    t.put();
    // The older record: a point-of-sale customer with another phone and no order yet.
    t.clock = vn("2026-01-05T10:00:00");
    core::CustomerInput pos;
    pos.platform = "pos";
    pos.customer_id = "P-1";
    pos.phone = "0938123457";
    const std::string survivor = t.engine->upsert_customer("shop", pos).member_id;
    t.clock = vn("2026-03-10T10:00:00");
    const std::string absorbed = t.pay("A-1", 1000000).member_id;
    REQUIRE(absorbed != survivor);
    t.clock = vn("2027-03-10T06:00:00");
    REQUIRE(t.maintain().anniversary_awards == 1);
    const int64_t held = t.balances(absorbed).available;
    // The point-of-sale customer gives the same phone: the newer record, its order and its award move over.
    pos.phone = ProgramEngine::phone_of("C-1");
    REQUIRE(t.engine->upsert_customer("shop", pos).member_id == survivor);
    CHECK(t.balances(survivor).available == held);
    // The survivor now counts from the moved order's first payment; its first anniversary was paid already.
    t.clock = vn("2027-03-11T06:00:00");
    CHECK(t.maintain().anniversary_awards == 0);
    CHECK(t.balances(survivor).available == held);
    t.clock = vn("2028-03-10T06:00:00");
    CHECK(t.maintain().anniversary_awards == 0);  // only the first is listed
    t.check_books(survivor);
}

TEST_CASE("a missed anniversary is caught up until the next one is reached, never twice", "[anniversary]") {
    ProgramEngine t;
    auto a = anniversary({}, 300);
    a.every_years = 1;
    t.program.distributor.anniversaries = {a};
    t.put();
    t.clock = vn("2026-03-10T10:00:00");
    Watch w(t, t.pay("A-1", 1000000).member_id);
    // No maintenance on the day: a run three months later still grants it, once.
    t.clock = vn("2027-06-10T10:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(t.maintain().anniversary_awards == 0);
    CHECK(w.gained() == 300);
    // The second anniversary is missed so long that the third is reached: only the third is paid.
    t.clock = vn("2029-03-10T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(t.maintain().anniversary_awards == 0);
    CHECK(w.gained() == 600);
    t.check_books(w.member);
}

TEST_CASE("the minimum spend counts the 12 months before the day, net of refunds", "[anniversary]") {
    ProgramEngine t;
    auto a = anniversary({1, 2}, 400);
    a.min_spend_past_year = 5000000;
    t.program.distributor.anniversaries = {a};
    t.put();
    t.clock = vn("2026-03-10T10:00:00");
    Watch w(t, t.pay("A-1", 3000000).member_id);
    t.clock = vn("2027-01-05T10:00:00");
    t.pay("A-2", 2500000);
    // 5,500,000 until a refund of 1,000,000 before the day leaves 4,500,000.
    t.change("A-2", core::OrderStatus::partially_refunded, 2500000, 1000000);
    t.clock = vn("2027-03-10T00:00:00");
    t.pay("A-3", 2000000);  // paid on the day: counts for the next year, not this one
    w.base = t.balances(w.member).available;
    CHECK(t.maintain().anniversary_awards == 0);
    CHECK(w.gained() == 0);

    // The second year has 2,000,000 + 3,100,000 before its day: reached.
    t.clock = vn("2028-03-09T23:00:00");
    t.pay("A-4", 3100000);
    w.base = t.balances(w.member).available;
    t.clock = vn("2028-03-10T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 400);
    // The leaderboard shows the year's anniversaries with the spend they counted.
    core::LeaderboardRequest r;
    r.program_id = "anniv";
    auto board = t.engine->leaderboard("shop", r);
    CHECK(board.kind == "anniversary");
    CHECK(board.period.key == "2028");
    REQUIRE(board.standings.size() == 1);
    CHECK(board.standings[0].times == 2);
    CHECK(board.standings[0].spend == 5100000);
    CHECK(board.standings[0].points == 400);
    CHECK(board.standings[0].reached_at == vn("2028-03-10T00:00:00"));
    r.at = vn("2027-06-01T00:00:00");
    board = t.engine->leaderboard("shop", r);
    REQUIRE(board.standings.size() == 1);
    CHECK(board.standings[0].spend == 4500000);
    CHECK(board.standings[0].points == 0);
    CHECK(board.standings[0].next_threshold == 5000000);
}

TEST_CASE("an anniversary counts from the first paid order or from joining", "[anniversary]") {
    ProgramEngine t;
    auto joined = anniversary({1}, 100, core::AnniversaryStart::joined);
    joined.program_id = "joined";
    auto ordered = anniversary({1}, 1000);
    ordered.program_id = "ordered";
    t.program.distributor.anniversaries = {joined, ordered};
    t.put();
    t.clock = vn("2026-01-05T10:00:00");
    auto c = test::order("X", core::OrderStatus::paid, 1).customer;
    Watch w(t, t.engine->upsert_customer("shop", c).member_id);
    t.clock = vn("2026-04-01T10:00:00");
    t.pay("A-0", 500000);
    t.change("A-0", core::OrderStatus::cancelled, 500000);  // a cancelled order does not start the count
    t.clock = vn("2026-04-02T10:00:00");
    t.pay("A-1", 500000);
    w.base = t.balances(w.member).available;
    t.clock = vn("2027-01-05T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 100);
    t.clock = vn("2027-04-01T12:00:00");
    CHECK(t.maintain().anniversary_awards == 0);
    t.clock = vn("2027-04-02T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 1100);
}

TEST_CASE("a 29 February start has its anniversary on 28 February in other years", "[anniversary]") {
    ProgramEngine t;
    auto a = anniversary({}, 200);
    a.every_years = 1;
    t.program.distributor.anniversaries = {a};
    t.put();
    t.clock = vn("2024-02-29T15:00:00");
    Watch w(t, t.pay("A-1", 1000000).member_id);
    t.clock = vn("2025-02-27T23:59:59");
    CHECK(t.maintain().anniversary_awards == 0);
    t.clock = vn("2025-02-28T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    t.clock = vn("2025-03-01T00:00:00");
    CHECK(t.maintain().anniversary_awards == 0);
    t.clock = vn("2028-02-28T12:00:00");  // a leap year: the day is the 29th again (3rd caught up here)
    CHECK(t.maintain().anniversary_awards == 1);
    t.clock = vn("2028-02-29T00:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 600);
}

TEST_CASE("an anniversary program with groups counts the member's group when it grants", "[anniversary]") {
    ProgramEngine t;
    auto a = anniversary({1}, 700);
    a.groups = {"Đại lý"};
    t.program.distributor.anniversaries = {a};
    t.put();
    t.clock = vn("2026-03-10T10:00:00");
    Watch w(t, t.pay("A-1", 1000000).member_id);
    t.clock = vn("2027-03-10T08:00:00");
    CHECK(t.maintain().anniversary_awards == 0);
    t.engine->set_group("shop", w.member, std::string("Đại lý"));
    t.clock = vn("2027-03-12T08:00:00");
    CHECK(t.maintain().anniversary_awards == 1);
    CHECK(w.gained() == 700);
}

TEST_CASE("concurrent maintenance grants an anniversary once", "[anniversary]") {
    ProgramEngine t;
    t.program.distributor.anniversaries = {anniversary({1}, 900)};
    t.put();
    t.clock = vn("2026-03-10T10:00:00");
    std::vector<Watch> members;
    for (int i = 0; i < 5; ++i)
        members.emplace_back(t, t.pay("A-" + std::to_string(i), 1000000, "C-" + std::to_string(i)).member_id);
    t.clock = vn("2027-03-10T10:00:00");
    std::atomic<int64_t> paid{0};
    test::together(4, [&](int) { paid += t.engine->run_maintenance(t.clock).anniversary_awards; });
    t.maintain();
    CHECK(paid.load() == 5);
    for (const auto& w : members) {
        CHECK(w.gained() == 900);
        t.check_books(w.member);
    }
}

TEST_CASE("an anniversary program is not settled, and it says so", "[anniversary]") {
    ProgramEngine t;
    t.program.distributor.anniversaries = {anniversary({1}, 100)};
    t.program.distributor.settle_after_days = 0;
    t.put();
    t.clock = vn("2027-02-01T00:00:00");
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026", "anniv")); }) ==
          core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->settle_period("shop", settle("2026")); }) == core::Status::not_found);
    CHECK(t.maintain().periods_settled == 0);
}

TEST_CASE("the appreciation list pays partners of long standing with the year's spend, once", "[anniversary]") {
    ProgramEngine t;
    t.program.rewards = {gift()};
    core::AppreciationProgram ap;
    ap.program_id = "tri-an";
    ap.min_years = 1;
    ap.min_spend = 10000000;
    ap.award.points = 2000;
    ap.award.reward_id = "gift";
    t.program.distributor.appreciations = {ap};
    t.program.distributor.settle_after_days = 3;
    t.put();
    t.clock = vn("2025-06-01T10:00:00");
    std::string old_big = t.pay("A-1", 100000, "OLD-BIG").member_id;
    std::string old_small = t.pay("B-1", 100000, "OLD-SMALL").member_id;
    t.clock = vn("2025-12-31T23:59:59");  // a first anniversary on 31 December is still in the year
    std::string late = t.pay("C-1", 100000, "LATE").member_id;
    t.clock = vn("2026-01-01T00:00:00");  // one day short of a year by the end of 2026
    std::string newer = t.pay("D-1", 100000, "NEWER").member_id;
    t.clock = vn("2026-05-01T10:00:00");
    t.pay("A-2", 12000000, "OLD-BIG");
    t.pay("B-2", 5000000, "OLD-SMALL");
    t.pay("C-2", 11000000, "LATE");
    t.pay("D-2", 20000000, "NEWER");
    int64_t big_before = t.balances(old_big).available;

    t.clock = vn("2027-01-03T23:00:00");
    CHECK(t.maintain().periods_settled == 0);
    t.clock = vn("2027-01-04T00:00:00");
    CHECK(t.maintain().periods_settled == 1);
    CHECK(t.maintain().periods_settled == 0);
    auto report = t.engine->settle_period("shop", settle("2026"));
    REQUIRE(report.programs.size() == 1);
    const auto& s = report.programs[0];
    CHECK(s.kind == "appreciation");
    CHECK(s.already_settled);
    REQUIRE(s.standings.size() == 3);  // the newer member is not a partner of a year yet
    CHECK(s.standings[0].member_id == old_big);
    CHECK(s.standings[0].times == 1);
    CHECK(s.standings[0].points == 2000);
    CHECK(s.standings[0].grant_id > 0);
    CHECK(s.standings[1].member_id == late);
    CHECK(s.standings[1].times == 1);
    CHECK(s.standings[2].member_id == old_small);
    CHECK(s.standings[2].times == 0);
    CHECK(s.standings[2].points == 0);
    CHECK(t.balances(old_big).available == big_before + 2000);
    CHECK(grants_of(*t.engine, old_big).size() == 1);
    CHECK(grants_of(*t.engine, newer).empty());
    t.check_books(old_big);
}
