#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "util/amounts.hpp"

using namespace loyalty;
using core::OrderStatus;
using test::order;

namespace {
int64_t available(core::Engine& e, const std::string& member_id) { return e.balances("shop", member_id).available; }
}  // namespace

TEST_CASE("a paid order earns floor(amount / spend_per_point)") {
    auto e = test::memory_engine();
    auto r = e->record_order("shop", order("A-1", OrderStatus::paid, 1130000));
    CHECK(r.applied);
    CHECK(r.points_delta == 113);
    CHECK(r.available == 113);
    auto m = e->member("shop", {.member_id = r.member_id});
    CHECK(m.balances.lifetime_earned == 113);
    CHECK(m.balances.lifetime_spend == 1130000);
    CHECK(m.phone == "+84912345678");
}

TEST_CASE("replaying the same state changes nothing") {
    auto e = test::memory_engine();
    auto first = e->record_order("shop", order("A-1", OrderStatus::paid, 1130000));
    auto again = e->record_order("shop", order("A-1", OrderStatus::paid, 1130000));
    CHECK_FALSE(again.applied);
    CHECK(again.points_delta == 0);
    CHECK(available(*e, first.member_id) == 113);
    CHECK(e->transactions("shop", first.member_id, 50, std::nullopt).entries.size() == 1);
}

TEST_CASE("a partial refund keeps floor(earned * kept / amount) and posts only the difference") {
    auto e = test::memory_engine();
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 1130000));
    auto refund = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1130000, 330000));
    CHECK(refund.applied);
    CHECK(refund.points_delta == -33);  // keeps floor(113 * 800000 / 1130000) = 80
    CHECK(available(*e, paid.member_id) == 80);
    auto second = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1130000, 530000));
    CHECK(second.points_delta == -20);  // keeps floor(113 * 600000 / 1130000) = 60
    auto full = e->record_order("shop", order("A-1", OrderStatus::refunded, 1130000, 1130000));
    CHECK(full.points_delta == -60);
    auto m = e->member("shop", {.member_id = paid.member_id});
    CHECK(m.balances.available == 0);
    CHECK(m.balances.lifetime_spend == 0);
    CHECK(m.balances.lifetime_earned == 0);
}

TEST_CASE("an older partial refund replayed after a newer one is ignored without versions") {
    auto e = test::memory_engine();
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 1000000));
    e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1000000, 500000));
    auto older = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1000000, 200000));
    CHECK_FALSE(older.applied);
    auto paid_again = e->record_order("shop", order("A-1", OrderStatus::paid, 1000000));
    CHECK_FALSE(paid_again.applied);
    CHECK(available(*e, paid.member_id) == 50);
}

TEST_CASE("a cancelled order is finished: a later or replayed paid earns nothing") {
    auto e = test::memory_engine();
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 500000, 0, 1));
    auto cancel = e->record_order("shop", order("A-1", OrderStatus::cancelled, 500000, 0, 2));
    CHECK(cancel.points_delta == -50);
    auto replay = e->record_order("shop", order("A-1", OrderStatus::paid, 500000, 0, 3));
    CHECK_FALSE(replay.applied);
    CHECK(replay.points_delta == 0);
    CHECK(available(*e, paid.member_id) == 0);
}

TEST_CASE("a cancel that arrives before its paid wins") {
    auto e = test::memory_engine();
    auto cancel = e->record_order("shop", order("A-1", OrderStatus::cancelled, 500000));
    CHECK(cancel.applied);
    CHECK(cancel.points_delta == 0);
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 500000));
    CHECK_FALSE(paid.applied);
    CHECK(available(*e, cancel.member_id) == 0);
}

TEST_CASE("an update with a lower version than one applied is ignored") {
    auto e = test::memory_engine();
    auto v3 = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1000000, 500000, 3));
    CHECK(v3.points_delta == 50);
    auto v2 = e->record_order("shop", order("A-1", OrderStatus::paid, 1000000, 0, 2));
    CHECK_FALSE(v2.applied);
    CHECK(available(*e, v3.member_id) == 50);
    // A newer version may move the state anywhere but out of cancelled, e.g. an edited amount.
    auto v4 = e->record_order("shop", order("A-1", OrderStatus::paid, 2000000, 0, 4));
    CHECK(v4.applied);
    CHECK(v4.points_delta == 150);
    auto same_version = e->record_order("shop", order("A-1", OrderStatus::refunded, 2000000, 2000000, 4));
    CHECK_FALSE(same_version.applied);
}

TEST_CASE("reversals use the rate in force when the order earned") {
    auto e = test::memory_engine();
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 1000000));
    CHECK(paid.points_delta == 100);
    e->put_shop(test::program("shop", 1000));  // ten times as generous from now on
    auto refund = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, 1000000, 500000));
    CHECK(refund.points_delta == -50);
    auto other = e->record_order("shop", order("A-2", OrderStatus::paid, 1000000));
    CHECK(other.points_delta == 1000);
}

TEST_CASE("a reversal may take the balance below zero and later earnings pay it back") {
    auto e = test::memory_engine();
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, 1000000));
    e->redeem_points("shop", {paid.member_id, 100, "spend-all", "voucher"});
    auto refund = e->record_order("shop", order("A-1", OrderStatus::refunded, 1000000, 1000000));
    CHECK(refund.available == -100);
    auto next = e->record_order("shop", order("A-2", OrderStatus::paid, 1500000));
    CHECK(next.available == 50);
}

TEST_CASE("orders find their member by platform reference, then by phone in any format") {
    auto e = test::memory_engine();
    auto a = e->record_order("shop", order("A-1", OrderStatus::paid, 100000));
    auto o = order("A-2", OrderStatus::paid, 100000);
    o.customer = {.platform = "haravan", .customer_id = "H-9", .phone = "+84 912.345.678"};
    auto b = e->record_order("shop", o);
    CHECK(b.member_id == a.member_id);
    auto m = e->member("shop", {.platform = "haravan", .customer_id = "H-9"});
    CHECK(m.member_id == a.member_id);
    CHECK(m.refs.size() == 2);
    CHECK(e->member("shop", {.phone = "84912345678"}).member_id == a.member_id);
}

TEST_CASE("pre-2018 eleven-digit numbers find the same member") {
    auto e = test::memory_engine();
    auto o = order("A-1", OrderStatus::paid, 100000);
    o.customer = {.phone = "01626123456"};
    auto r = e->record_order("shop", o);
    CHECK(e->member("shop", {.phone = "0326 123 456"}).member_id == r.member_id);
    CHECK(e->member("shop", {.phone = "+841626123456"}).member_id == r.member_id);
}

TEST_CASE("bad orders are refused and change nothing") {
    auto e = test::memory_engine();
    auto good = e->record_order("shop", order("A-1", OrderStatus::paid, 100000));
    auto entries_before = e->run_maintenance(0).entries;
    CHECK(test::status_of([&] { e->record_order("shop", order("A-2", OrderStatus::paid, -5)); }) ==
          core::Status::invalid_argument);
    CHECK(test::status_of([&] { e->record_order("shop", order("A-2", OrderStatus::partially_refunded, 100, 200)); }) ==
          core::Status::invalid_argument);
    CHECK(test::status_of([&] { e->record_order("shop", order("A-2", OrderStatus::paid, 100, 50)); }) ==
          core::Status::invalid_argument);
    CHECK(test::status_of([&] { e->record_order("nope", order("A-2", OrderStatus::paid, 100)); }) ==
          core::Status::not_found);
    auto no_customer = order("A-2", OrderStatus::paid, 100);
    no_customer.customer = {};
    CHECK(test::status_of([&] { e->record_order("shop", no_customer); }) == core::Status::invalid_argument);
    auto bad_phone = order("A-2", OrderStatus::paid, 100);
    bad_phone.customer = {.phone = "not a phone"};
    CHECK(test::status_of([&] { e->record_order("shop", bad_phone); }) == core::Status::invalid_argument);
    CHECK(e->run_maintenance(0).entries == entries_before);
    CHECK(available(*e, good.member_id) == 10);
    CHECK(test::status_of([&] { e->member("shop", {.phone = "0903 111 222"}); }) == core::Status::not_found);
    // A placeholder identifies no one: the lookup says so rather than "not found".
    CHECK_THROWS_WITH(e->member("shop", {.phone = "0987654321"}), Catch::Contains("placeholder"));
}

TEST_CASE("amounts at the top of the range (10^15) do not overflow, and past it are refused") {
    auto e = test::memory_engine();
    CHECK_THROWS_WITH(e->record_order("shop", order("A-0", OrderStatus::paid, INT64_MAX - 1)),
                      Catch::Contains("amount") && Catch::Contains("outside the range -10^15..10^15"));
    const int64_t big = core::max_amount;
    auto paid = e->record_order("shop", order("A-1", OrderStatus::paid, big));
    CHECK(paid.points_delta == big / 10000);
    auto refund = e->record_order("shop", order("A-1", OrderStatus::partially_refunded, big, big / 2));
    __extension__ typedef __int128 wide;
    const int64_t earned = big / 10000;
    const int64_t kept = static_cast<int64_t>(static_cast<wide>(earned) * (big - big / 2) / big);
    CHECK(paid.points_delta + refund.points_delta == kept);
}

TEST_CASE("a C++ caller's shop meets the same rules as a document's") {
    auto e = test::memory_engine();
    auto refused = [&](core::ShopProgram p, const std::string& says) {
        try {
            e->put_shop(std::move(p));
            FAIL("put_shop accepted it");
        } catch (const core::Error& err) {
            CHECK(err.status() == core::Status::invalid_argument);
            CHECK_THAT(err.what(), Catch::Contains(says));
        }
    };
    auto with = [](core::Connection c) {
        auto p = test::program("other", 10000);
        p.connections.push_back(std::move(c));
        return p;
    };
    refused(with({"shopee", {"long-enough-secret"}, "", ""}), "is not one of haravan, sapo, kiotviet");
    refused(with({"haravan", {"short"}, "", ""}), "shorter than 8 characters");
    refused(with({"haravan", {}, "", ""}), "needs \"secret\" or \"secrets\"");
    refused(with({"sapo", {"long-enough-secret"}, "", "200000"}), "only a haravan connection has one");
    refused(with({"sapo", {"long-enough-secret"}, "", "", {{"Vàng", "100002"}}}), "only a kiotviet connection has one");
    refused(with({"kiotviet", {"long-enough-secret"}, "", "", {{"", "100002"}}}), "empty tier name");
    refused(with({"kiotviet", {"long-enough-secret"}, "", "", {{"Vàng", ""}}}), "is not a KiotViet group id");
    refused(with({"kiotviet", {"long-enough-secret"}, "", "", {{"Vàng", "VIP"}}}), "is not a KiotViet group id");
    auto twice = with({"sapo", {"long-enough-secret"}, "", ""});
    twice.connections.push_back(twice.connections[0]);
    refused(twice, "repeats platform \"sapo\"");
    auto free = test::program("other", 0);
    refused(free, "spend_per_point must be a positive number");
    auto capped = test::program("other", 10000);
    capped.max_points_per_order = -1;
    refused(capped, "must not be negative");
    CHECK_THROWS_AS(e->shop("other"), core::Error);  // nothing was stored
    e->put_shop(with({"haravan", {"long-enough-secret"}, "", "200000"}));
    CHECK(e->shop("other")->connections.size() == 1);
    e->put_shop(with({"kiotviet", {"long-enough-secret"}, "", "", {{"Vàng", "100002"}}}));
    CHECK(e->shop("other")->connection("kiotviet")->tier_groups.at("Vàng") == "100002");
}
