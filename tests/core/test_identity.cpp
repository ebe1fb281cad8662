// Identity (docs/program.md, "Identity"): only a valid number that is no placeholder finds or
// merges a member. Walk-in placeholders typed by cashiers must never pool strangers' points.
#include <catch2/catch.hpp>

#include "../temp_path.hpp"
#include "engine_fixture.hpp"
#include "sqlite_exec.hpp"

using namespace loyalty;
using core::OrderStatus;

namespace {

core::CustomerInput walk_in(const std::string& id, const std::string& phone) {
    core::CustomerInput c;
    c.platform = "pos";
    c.customer_id = id;
    c.phone = phone;
    c.name = "Khách lẻ";
    return c;
}

core::OrderInput paid(const std::string& order_id, const std::string& customer_id, const std::string& phone) {
    auto o = test::order(order_id, OrderStatus::paid, 1000000);
    o.customer = walk_in(customer_id, phone);
    return o;
}

}  // namespace

TEST_CASE("three walk-in customers typed as 0123456789 stay three members") {
    auto e = test::memory_engine();
    auto a = e->record_order("shop", paid("O-1", "K-1", "0123456789"));
    auto b = e->record_order("shop", paid("O-2", "K-2", "0123456789"));
    auto c = e->record_order("shop", paid("O-3", "K-3", "0123 456 789"));
    CHECK(a.member_id != b.member_id);
    CHECK(b.member_id != c.member_id);
    CHECK(a.member_id != c.member_id);
    auto m = e->member("shop", {.member_id = a.member_id});
    CHECK(m.phone.empty());
    CHECK(m.phone_text == "0123456789");
    CHECK(m.balances.available == 100);
    // Giving the number at the till finds no one, and says why.
    CHECK_THROWS_WITH(e->member("shop", {.phone = "0123456789"}),
                      Catch::Contains("not a valid Vietnamese phone number"));
}

TEST_CASE("repeated digits and runs are placeholders, valid numbers still merge") {
    auto e = test::memory_engine();
    for (const char* placeholder : {"0999999999", "0987654321", "0333333333", "+84 987 654 321"}) {
        INFO(placeholder);
        auto x = e->upsert_customer("shop", walk_in(std::string("X-") + placeholder, placeholder));
        auto y = e->upsert_customer("shop", walk_in(std::string("Y-") + placeholder, placeholder));
        CHECK(x.member_id != y.member_id);
        CHECK_THROWS_WITH(e->member("shop", {.phone = placeholder}), Catch::Contains("placeholder"));
    }
    // A real number in two shapes on two platforms is one person.
    auto web = e->upsert_customer("shop", {.platform = "haravan", .customer_id = "H-1", .phone = "0912 345 678"});
    auto pos = e->upsert_customer("shop", {.platform = "pos", .customer_id = "P-1", .phone = "+84912345678"});
    CHECK(web.member_id == pos.member_id);
}

TEST_CASE("a number on the shop's own placeholder list identifies no one") {
    auto e = test::memory_engine();
    auto p = test::program("shop", 10000);
    p.placeholder_phones = {"+84909123456"};  // the shop's hotline, as decoded
    e->put_shop(p);
    auto x = e->upsert_customer("shop", walk_in("K-1", "0909 123 456"));
    auto y = e->upsert_customer("shop", walk_in("K-2", "0909123456"));
    CHECK(x.member_id != y.member_id);
    CHECK(e->member("shop", {.member_id = x.member_id}).phone_text == "0909 123 456");
    CHECK_THROWS_WITH(e->member("shop", {.phone = "0909123456"}), Catch::Contains("shop's list of placeholder"));
    // Without a platform reference a placeholder cannot name the customer at all.
    core::OrderInput anonymous = paid("O-9", "", "0909123456");
    anonymous.customer.platform.clear();
    CHECK_THROWS_WITH(e->record_order("shop", anonymous), Catch::Contains("give customer_id with platform"));
}

TEST_CASE("a member's placeholder text gives way to a real number, which then finds them") {
    auto e = test::memory_engine();
    auto first = e->upsert_customer("shop", walk_in("K-1", "0000000000"));
    CHECK(e->member("shop", {.member_id = first.member_id}).phone_text == "0000000000");
    e->upsert_customer("shop", walk_in("K-1", "0903 111 222"));
    auto m = e->member("shop", {.phone = "0903111222"});
    CHECK(m.member_id == first.member_id);
    CHECK(m.phone == "+84903111222");
    CHECK(m.phone_text.empty());
}

TEST_CASE("maintenance lists members merged through a phone that no longer identifies anyone", "[sqlite]") {
    auto path = test::temp_db("suspect-merges");
    auto url = "sqlite:" + path;
    std::string survivor, absorbed;
    {
        auto e = test::engine_on(url);
        survivor = e->upsert_customer("shop", walk_in("K-1", "0903 111 222")).member_id;
        absorbed = e->upsert_customer("shop", walk_in("K-2", "0904 222 333")).member_id;
        // Before this release "0123456789" was read as +84123456789 and merged whoever gave it:
        // put both members back in that state, the second merged into the first.
        test::sqlite_exec(path, ("UPDATE members SET phone = '+84123456789' WHERE member_id = '" + survivor + "';"
                                 "UPDATE members SET phone = '', merged_into = '" + survivor + "' WHERE member_id = '" +
                                 absorbed + "';").c_str());
    }
    auto e = test::engine_on(url);
    auto report = e->run_maintenance(1735689600);
    REQUIRE(report.suspect_merges.size() == 1);
    CHECK(report.suspect_merges[0].member_id == survivor);
    CHECK(report.suspect_merges[0].phone == "+84123456789");
    CHECK(report.suspect_merges[0].merged == std::vector<std::string>{absorbed});
    // A merge through a real number is no suspect.
    e->upsert_customer("shop", {.platform = "haravan", .customer_id = "H-1", .phone = "0905 333 444"});
    e->upsert_customer("shop", {.platform = "sapo", .customer_id = "S-1", .phone = "0905333444"});
    CHECK(e->run_maintenance(1735689600).suspect_merges.size() == 1);
}
