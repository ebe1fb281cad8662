// Pending points, lots, expiry and bonuses (docs/program.md).
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;

TEST_CASE("pending points wait out the return window, a refund inside it takes from pending") {
    test::ProgramEngine t;
    t.program.pending_days = 7;
    t.put();
    auto m = t.pay("A-1", 1000000).member_id;
    CHECK(t.balances(m).available == 0);
    CHECK(t.balances(m).pending == 100);
    t.clock += 3 * 86400;
    auto refund = t.change("A-1", OrderStatus::partially_refunded, 1000000, 400000);
    CHECK(refund.points_delta == -40);
    CHECK(t.balances(m).pending == 60);
    CHECK(t.balances(m).available == 0);
    t.check_books(m);

    // Not yet: six days and 23:59:59 after the order.
    t.clock = test::vn("2027-03-08T09:59:59");
    CHECK(t.maintain().lots_released == 0);
    t.clock = test::vn("2027-03-08T10:00:00");
    CHECK(t.maintain().lots_released == 1);
    CHECK(t.balances(m).pending == 0);
    CHECK(t.balances(m).available == 60);
    CHECK(t.maintain().lots_released == 0);
    auto release = t.engine->transactions("shop", m, 1, std::nullopt).entries.at(0);
    CHECK(release.kind == core::EntryKind::release);
    CHECK(release.available_delta == 60);
    CHECK(release.pending_delta == -60);

    // After release, a refund moves available.
    t.change("A-1", OrderStatus::refunded, 1000000, 1000000);
    CHECK(t.balances(m).available == 0);
    CHECK(t.balances(m).pending == 0);
    t.check_books(m);
}

TEST_CASE("debits take the lots that expire soonest, expiry never takes spent points") {
    test::ProgramEngine t;
    t.program.expiry = {core::ExpiryKind::months, 12};
    t.put();
    t.clock = test::vn("2027-01-31T12:00:00");
    auto m = t.pay("A-1", 1000000).member_id;  // 100, expiring 2028-01-31 12:00
    t.clock = test::vn("2027-05-31T12:00:00");
    t.pay("A-2", 500000);  // 50, expiring 2028-05-31 12:00
    auto d = t.details(m);
    REQUIRE(d.expiring.size() == 2);
    CHECK(d.expiring[0].points == 100);
    CHECK(d.expiring[0].at == test::vn("2028-01-31T12:00:00"));
    CHECK(d.expiring[1].points == 50);

    // 120 spent: all of the first lot and 20 of the second.
    t.engine->redeem_points("shop", {m, 120, "r-1", "voucher"});
    t.clock = test::vn("2028-01-31T12:00:00");
    CHECK(t.maintain().lots_expired == 0);
    CHECK(t.balances(m).available == 30);
    t.clock = test::vn("2028-05-31T12:00:00");
    CHECK(t.maintain().lots_expired == 1);
    CHECK(t.balances(m).available == 0);
    auto expired = t.engine->transactions("shop", m, 1, std::nullopt).entries.at(0);
    CHECK(expired.kind == core::EntryKind::expire);
    CHECK(expired.available_delta == -30);
    CHECK(t.maintain().lots_expired == 0);
    t.check_books(m);
}

TEST_CASE("end_of_year expiry and months clamp to the shop's calendar") {
    test::ProgramEngine t;
    t.program.expiry = {core::ExpiryKind::end_of_year, 0};
    t.put();
    t.clock = test::vn("2027-12-31T23:59:59");
    auto m = t.pay("A-1", 1000000).member_id;
    CHECK(t.details(m).expiring.at(0).at == test::vn("2028-01-01T00:00:00"));
    t.clock = test::vn("2028-01-01T00:00:00");
    t.maintain();
    CHECK(t.balances(m).available == 0);

    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    CHECK(core::add_months(test::vn("2027-01-31T08:00:00"), 1, *zone) == test::vn("2027-02-28T08:00:00"));
    CHECK(core::add_months(test::vn("2028-02-29T08:00:00"), 12, *zone) == test::vn("2029-02-28T08:00:00"));
}

TEST_CASE("a refund of spent points leaves a debt that the next credit pays first") {
    test::ProgramEngine t;
    t.program.expiry = {core::ExpiryKind::months, 12};
    t.put();
    auto m = t.pay("A-1", 1000000).member_id;
    t.engine->redeem_points("shop", {m, 80, "r-1", "gift"});
    t.change("A-1", OrderStatus::refunded, 1000000, 1000000);
    CHECK(t.balances(m).available == -80);
    t.check_books(m);
    t.pay("A-2", 1000000);
    CHECK(t.balances(m).available == 20);
    auto d = t.details(m);
    REQUIRE(d.expiring.size() == 1);
    CHECK(d.expiring[0].points == 20);
    t.check_books(m);
}

TEST_CASE("welcome and first-order bonuses are paid once, a first order not kept gives its bonus back") {
    test::ProgramEngine t;
    t.program.bonuses = {50, 100, 0};
    t.program.pending_days = 7;
    t.put();
    auto created = t.engine->upsert_customer("shop", {"pos", "C-1", test::ProgramEngine::phone_of("C-1"), "An", "", "", ""});
    auto m = created.member_id;
    CHECK(t.balances(m).available == 50);
    t.engine->upsert_customer("shop", {"pos", "C-1", test::ProgramEngine::phone_of("C-1"), "An B", "", "", ""});
    CHECK(t.balances(m).available == 50);

    t.pay("A-1", 1000000);
    CHECK(t.balances(m).pending == 100 + 100);
    t.change("A-1", OrderStatus::cancelled, 1000000);
    CHECK(t.balances(m).pending == 0);
    t.pay("A-2", 500000);
    CHECK(t.balances(m).pending == 50 + 100);
    t.pay("A-3", 500000);
    CHECK(t.balances(m).pending == 50 + 100 + 50);
    auto bonus = t.engine->transactions("shop", m, 10, std::nullopt).entries;
    int bonuses = 0;
    for (const auto& e : bonus) bonuses += e.kind == core::EntryKind::bonus;
    CHECK(bonuses == 4);  // welcome, first order, taken back, first order
    t.check_books(m);
}

TEST_CASE("the birthday bonus comes on the day, once a year, 29 February on 28 February otherwise") {
    test::ProgramEngine t;
    t.program.bonuses = {0, 0, 200};
    t.put();
    t.clock = test::vn("2027-02-01T09:00:00");
    auto leapling = t.engine->upsert_customer("shop", {"pos", "C-1", "", "A", "", "2000-02-29", ""}).member_id;
    auto march = t.engine->upsert_customer("shop", {"pos", "C-2", "", "B", "", "1990-03-01", ""}).member_id;
    t.clock = test::vn("2027-02-27T23:59:59");
    CHECK(t.maintain().birthday_bonuses == 0);
    t.clock = test::vn("2027-02-28T00:00:00");
    CHECK(t.maintain().birthday_bonuses == 1);
    t.clock = test::vn("2027-02-28T23:00:00");
    CHECK(t.maintain().birthday_bonuses == 0);
    CHECK(t.balances(leapling).available == 200);
    t.clock = test::vn("2027-03-01T06:00:00");
    CHECK(t.maintain().birthday_bonuses == 1);
    CHECK(t.balances(march).available == 200);
    CHECK(t.balances(leapling).available == 200);
    // In a leap year the leapling's day is 29 February.
    t.clock = test::vn("2028-02-28T12:00:00");
    CHECK(t.maintain().birthday_bonuses == 0);
    t.clock = test::vn("2028-02-29T12:00:00");
    CHECK(t.maintain().birthday_bonuses == 1);
    CHECK(t.balances(leapling).available == 400);
}

TEST_CASE("a merge carries lots, and the merged member's debt is paid from the survivor's lots") {
    test::ProgramEngine t;
    t.program.expiry = {core::ExpiryKind::months, 12};
    t.put();
    // Two records of one person on two platforms, one in debt.
    auto a = t.pay("A-1", 1000000, "C-1").member_id;
    auto o = test::order("B-1", OrderStatus::paid, 500000);
    o.occurred_at = t.clock;
    o.customer = {"sapo", "S-9", "", "An", "", "", ""};
    auto b = t.engine->record_order("shop", o).member_id;
    t.engine->redeem_points("shop", {b, 50, "r-1", "gift"});
    o.status = OrderStatus::refunded;
    o.refunded_amount = 500000;
    t.engine->record_order("shop", o);
    REQUIRE(t.balances(b).available == -50);
    t.engine->upsert_customer("shop", {"sapo", "S-9", test::ProgramEngine::phone_of("C-1"), "", "", "", ""});
    // Either record may survive (same creation time); the lots follow the survivor.
    auto survivor = t.details(a).member.member_id;
    CHECK(t.details(b).member.member_id == survivor);
    CHECK(t.balances(survivor).available == 50);
    t.check_books(survivor);
}
