// The order path's first reads asked for together (Transaction::read_ahead), on whichever backend
// LOYALTY_TEST_STORAGE names: they answer as the reads alone would, and never past a statement that could change them.
#include <catch2/catch.hpp>

#include "../test_storage.hpp"
#include "storage/open_store.hpp"

using namespace loyalty;
using core::Transaction;

namespace {

core::Member ahead_member(const std::string& id) {
    core::Member m;
    m.member_id = id;
    m.name = "Trần Thị " + id;
    m.created_at = 7;
    return m;
}

core::OrderState ahead_order(const std::string& id, const std::string& member_id, int64_t amount) {
    core::OrderState o;
    o.order_id = id;
    o.member_id = member_id;
    o.status = core::OrderStatus::paid;
    o.amount = amount;
    o.occurred_at = 100;
    o.updated_at = 100;
    return o;
}

const core::OrderReadAhead keys{"shop", "haravan", "k-1", "O-1", core::PlatformRef{"haravan", "H-1"}};

}  // namespace

TEST_CASE("a read-ahead answers the delivery, the order and the member as the reads alone do") {
    auto store = core::open_store(test::storage_url(), {});
    store->write([](Transaction& tx) {
        tx.insert_member("shop", ahead_member("m1"));
        tx.set_balances("shop", "m1", {250, 0, 250, 0});
        tx.put_ref("shop", {"haravan", "H-1"}, "m1");
        tx.put_order("shop", ahead_order("O-1", "m1", 500000));
        tx.put_delivery("shop", "haravan", "k-1", "applied", 100);
    });
    store->write([](Transaction& tx) {
        tx.read_ahead(keys);
        CHECK(tx.delivery("shop", "haravan", "k-1") == std::optional<std::string>("applied"));
        auto order = tx.order("shop", "O-1");
        REQUIRE(order);
        CHECK(order->amount == 500000);
        CHECK(order->member_id == "m1");
        auto member = tx.referenced_member("shop", {"haravan", "H-1"});
        REQUIRE(member);
        CHECK(member->member_id == "m1");
        CHECK(member->balances.available == 250);
        // Other arguments are read, not answered from the read-ahead.
        CHECK_FALSE(tx.delivery("shop", "haravan", "k-2"));
        CHECK_FALSE(tx.order("shop", "O-2"));
        CHECK_FALSE(tx.referenced_member("shop", {"sapo", "H-1"}));
    });
    // Nothing stored yet: the read-ahead says so.
    store->write([](Transaction& tx) {
        tx.read_ahead({"shop", "haravan", "k-new", "O-new", core::PlatformRef{"haravan", "H-new"}});
        CHECK_FALSE(tx.delivery("shop", "haravan", "k-new"));
        CHECK_FALSE(tx.order("shop", "O-new"));
        CHECK_FALSE(tx.referenced_member("shop", {"haravan", "H-new"}));
    });
}

TEST_CASE("a statement after a read-ahead makes the reads go to the store again") {
    auto store = core::open_store(test::storage_url(), {});
    store->write([](Transaction& tx) {
        tx.insert_member("shop", ahead_member("m1"));
        tx.put_ref("shop", {"haravan", "H-1"}, "m1");
    });
    store->write([](Transaction& tx) {
        tx.read_ahead(keys);
        CHECK_FALSE(tx.order("shop", "O-1"));
        tx.put_order("shop", ahead_order("O-1", "m1", 700000));
        tx.set_balances("shop", "m1", {900, 0, 900, 700000});
        tx.put_delivery("shop", "haravan", "k-1", "applied", 100);
        auto order = tx.order("shop", "O-1");
        REQUIRE(order);
        CHECK(order->amount == 700000);
        CHECK(tx.referenced_member("shop", {"haravan", "H-1"})->balances.available == 900);
        CHECK(tx.delivery("shop", "haravan", "k-1"));
    });
    // Forgotten, the read-ahead answers nothing either.
    store->write([](Transaction& tx) {
        tx.read_ahead({"shop", "haravan", "k-9", "O-9", std::nullopt});
        tx.forget_read_ahead();
        CHECK(tx.order("shop", "O-1"));
    });
}
