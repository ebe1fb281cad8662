#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "engine_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;
using test::order;

namespace {
std::string member_with(core::Engine& e, int64_t amount) {
    return e.record_order("shop", order("seed", OrderStatus::paid, amount)).member_id;
}
}  // namespace

TEST_CASE("redemption debits available and records why") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 1000000);
    auto r = e->redeem_points("shop", {id, 30, "k1", "gift"});
    CHECK(r.entry.available_delta == -30);
    CHECK(r.entry.available_after == 70);
    CHECK(r.entry.kind == core::EntryKind::redeem);
    CHECK(r.entry.reason == "gift");
    CHECK(e->balances("shop", id).available == 70);
}

TEST_CASE("redemption never takes available below zero") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 1000000);
    CHECK(test::status_of([&] { e->redeem_points("shop", {id, 101, "k1", ""}); }) ==
          core::Status::insufficient_points);
    CHECK(e->balances("shop", id).available == 100);
    CHECK(test::status_of([&] { e->redeem_points("shop", {id, 0, "k2", ""}); }) == core::Status::invalid_argument);
    CHECK(test::status_of([&] { e->redeem_points("shop", {id, -5, "k3", ""}); }) == core::Status::invalid_argument);
    // The refused key was not consumed: a valid request may use it afterwards.
    CHECK(e->redeem_points("shop", {id, 100, "k1", ""}).entry.available_after == 0);
}

TEST_CASE("the same idempotency key returns the first result, a different request conflicts") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 1000000);
    auto first = e->redeem_points("shop", {id, 10, "key", "gift"});
    auto again = e->redeem_points("shop", {id, 10, "key", "gift"});
    CHECK(again.replayed);
    CHECK(again.entry.entry_id == first.entry.entry_id);
    CHECK(again.entry.available_after == 90);
    CHECK(e->balances("shop", id).available == 90);
    CHECK(test::status_of([&] { e->redeem_points("shop", {id, 11, "key", "gift"}); }) == core::Status::conflict);
    CHECK(test::status_of([&] { e->adjust_points("shop", {id, 10, "key", "gift"}); }) == core::Status::conflict);
    CHECK(e->balances("shop", id).available == 90);
}

TEST_CASE("adjustments need a reason and may not overdraw") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 100000);
    CHECK(test::status_of([&] { e->adjust_points("shop", {id, 5, "a1", ""}); }) == core::Status::invalid_argument);
    CHECK(e->adjust_points("shop", {id, 5, "a1", "goodwill"}).entry.available_after == 15);
    CHECK(e->adjust_points("shop", {id, -15, "a2", "correction"}).entry.available_after == 0);
    CHECK(test::status_of([&] { e->adjust_points("shop", {id, -1, "a3", "x"}); }) ==
          core::Status::insufficient_points);
    CHECK(test::status_of([&] { e->adjust_points("shop", {"m_missing", 1, "a4", "x"}); }) == core::Status::not_found);
}

TEST_CASE("transactions page newest first with a cursor") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 1000000);
    for (int i = 0; i < 5; ++i) e->redeem_points("shop", {id, 1, "r" + std::to_string(i), ""});
    auto page1 = e->transactions("shop", id, 4, std::nullopt);
    REQUIRE(page1.entries.size() == 4);
    REQUIRE(page1.next_before);
    CHECK(page1.entries[0].entry_id > page1.entries[3].entry_id);
    auto page2 = e->transactions("shop", id, 4, page1.next_before);
    REQUIRE(page2.entries.size() == 2);
    CHECK_FALSE(page2.next_before);
    CHECK(page2.entries.back().kind == core::EntryKind::earn);
    CHECK(test::status_of([&] { e->transactions("shop", id, 0, std::nullopt); }) == core::Status::invalid_argument);
}

TEST_CASE("concurrent redemptions never overdraw and concurrent orders give the exact balance") {
    auto e = test::memory_engine();
    auto id = member_with(*e, 1000000);  // 100 points
    std::vector<std::thread> threads;
    std::atomic<int> granted{0}, refused{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                try {
                    e->redeem_points("shop", {id, 3, "t" + std::to_string(t) + "-" + std::to_string(i), ""});
                    ++granted;
                } catch (const core::Error& err) {
                    if (err.status() == core::Status::insufficient_points) ++refused;
                }
                e->record_order("shop", order("o" + std::to_string(t) + "-" + std::to_string(i), OrderStatus::paid, 20000));
            }
        });
    }
    for (auto& t : threads) t.join();
    auto b = e->balances("shop", id);
    CHECK(granted + refused == 80);
    CHECK(b.available == 100 + 80 * 2 - granted * 3);
    CHECK(b.available >= 0);
    CHECK(e->run_maintenance(0).mismatches.empty());
}
