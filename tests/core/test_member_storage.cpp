// The store's member reads called directly, on whichever backend LOYALTY_TEST_STORAGE names: the order path reads a
// customer's member through its platform reference in one statement, and the references only where a member is shown.
#include <catch2/catch.hpp>

#include "../test_storage.hpp"
#include "storage/open_store.hpp"

using namespace loyalty;
using core::Transaction;

namespace {

core::Member member(const std::string& id, int64_t available) {
    core::Member m;
    m.member_id = id;
    m.name = "Lê Văn " + id;
    m.phone = "+8491234567" + id.substr(1);
    m.created_at = 5;
    m.balances.available = available;
    return m;
}

}  // namespace

TEST_CASE("a platform reference reads its member in one statement, references apart") {
    auto store = core::open_store(test::storage_url(), {});
    store->write([](Transaction& tx) {
        tx.insert_member("shop", member("m1", 0));
        tx.insert_member("shop", member("m2", 0));
        tx.set_balances("shop", "m1", {120, 30, 150, 450000});
        tx.put_ref("shop", {"sapo", "S-1"}, "m1");
        tx.put_ref("shop", {"haravan", "H-9"}, "m1");
        tx.put_ref("shop", {"haravan", "H-2"}, "m2");
        tx.insert_member("other", member("m1", 0));
    });
    store->read([](Transaction& tx) {
        auto m = tx.referenced_member("shop", {"haravan", "H-9"});
        REQUIRE(m);
        CHECK(m->member_id == "m1");
        CHECK(m->name == "Lê Văn m1");
        CHECK(m->phone == "+84912345671");
        CHECK(m->balances == core::Balances{120, 30, 150, 450000});
        CHECK_FALSE(m->merged_into);
        // The row alone: its references are read only by what shows the member.
        CHECK(m->refs.empty());
        auto row = tx.member("shop", "m1");
        REQUIRE(row);
        CHECK(row->balances == m->balances);
        CHECK(row->refs.empty());
        CHECK(tx.referenced_member("shop", {"haravan", "H-2"})->member_id == "m2");

        CHECK_FALSE(tx.referenced_member("shop", {"haravan", "H-404"}));
        CHECK_FALSE(tx.referenced_member("shop", {"kiotviet", "H-9"}));
        CHECK_FALSE(tx.referenced_member("other", {"haravan", "H-9"}));

        auto refs = tx.member_refs("shop", "m1");
        REQUIRE(refs.size() == 2);
        CHECK((refs[0].platform == "haravan" && refs[0].customer_id == "H-9"));
        CHECK((refs[1].platform == "sapo" && refs[1].customer_id == "S-1"));
        CHECK(tx.member_refs("other", "m1").empty());
    });
}

TEST_CASE("a merged member is read through a reference with the record it joined named") {
    auto store = core::open_store(test::storage_url(), {});
    store->write([](Transaction& tx) {
        tx.insert_member("shop", member("m1", 0));
        tx.insert_member("shop", member("m2", 0));
        tx.put_ref("shop", {"haravan", "H-2"}, "m2");
        tx.mark_merged("shop", "m2", "m1");
    });
    store->read([](Transaction& tx) {
        auto m = tx.referenced_member("shop", {"haravan", "H-2"});
        REQUIRE(m);
        CHECK(m->member_id == "m2");
        CHECK(m->merged_into == std::optional<std::string>("m1"));
    });
}

TEST_CASE("a new order's lines are written without removing any, and written again they replace the first") {
    auto store = core::open_store(test::storage_url(), {});
    store->write([](Transaction& tx) {
        tx.insert_member("shop", member("m1", 0));
        core::OrderState o;
        o.order_id = "N-1";
        o.member_id = "m1";
        o.status = core::OrderStatus::paid;
        o.amount = o.spend = o.locked_amount = 500;
        o.earn_rate = 100;
        o.paid_at = o.occurred_at = o.updated_at = 1000;
        tx.put_order("shop", o);
        tx.put_order_lines("shop", "N-1", {{"S1", 2, 300, "tea"}, {"S2", 1, 200, "tea"}}, false);
    });
    auto skus = [&] {
        std::vector<std::string> out;
        store->read([&](Transaction& tx) {
            for (const auto& l : tx.period_lines("shop", "m1", 0, 2000))
                out.push_back(l.sku + "x" + std::to_string(l.quantity));
        });
        return out;
    };
    CHECK(skus() == std::vector<std::string>{"S1x2", "S2x1"});
    store->write([](Transaction& tx) { tx.put_order_lines("shop", "N-1", {{"S3", 4, 500, "coffee"}}); });
    CHECK(skus() == std::vector<std::string>{"S3x4"});
}
