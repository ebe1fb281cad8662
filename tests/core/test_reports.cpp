// What the dashboard reads of a shop (docs/dashboard.md, "Overview" and "Members"): figures per
// local day, tiers in the program's order, the liability, and the member list's search.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;

namespace {

struct ReportShop : test::ProgramEngine {
    ReportShop() {
        program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::monthly);
        program.redeem.point_value = 1000;
        put();
    }
    std::string buy(const std::string& order_id, const std::string& customer, const std::string& name,
                    const std::string& phone, int64_t amount) {
        auto o = test::order(order_id, OrderStatus::paid, amount);
        o.occurred_at = clock;
        o.customer.customer_id = customer;
        o.customer.name = name;
        o.customer.phone = phone;
        return engine->record_order("shop", o).member_id;
    }
    core::DirectoryPage find(const std::string& text, std::optional<std::string> tier = std::nullopt) {
        core::DirectoryQuery q;
        q.text = text;
        q.tier = std::move(tier);
        return engine->directory("shop", q);
    }
};

}  // namespace

TEST_CASE("the overview counts members, points and their value, per local day and per tier") {
    ReportShop t;
    t.clock = test::vn("2027-03-01T23:30:00");
    auto lan = t.buy("A-1", "C-1", "Trần Thị Lan", "0912345678", 25000000);  // Gold, 2500 + 200 bonus
    t.clock = test::vn("2027-03-02T00:30:00");
    auto an = t.buy("A-2", "C-2", "Nguyễn Văn An", "0987 111 222", 1000000);  // 100
    t.clock = test::vn("2027-03-02T09:00:00");
    t.buy("A-3", "C-3", "Lê Minh", "0903000111", 500000);  // 50
    t.engine->redeem_points("shop", {an, 40, "red-1", "gift", ""});

    auto o = t.engine->overview("shop");
    CHECK(o.totals.members == 3);
    CHECK(o.totals.available == 2700 + 60 + 50);
    CHECK(o.active_30d == 3);
    REQUIRE(o.point_value == 1000);
    CHECK(o.liability_vnd == (2700 + 60 + 50) * 1000);
    REQUIRE(o.days.size() == 90);
    CHECK(o.days.back().date == "2027-03-02");
    CHECK(o.days.back().earned == 150);
    CHECK(o.days.back().redeemed == 40);
    CHECK(o.days[88].date == "2027-03-01");
    CHECK(o.days[88].earned == 2700);  // the order and the upgrade bonus, on Hanoi's 1 March
    CHECK(o.days.front().date == "2026-12-03");
    REQUIRE(o.tiers.size() == 2);
    CHECK(o.tiers[0].tier == "Member");
    CHECK(o.tiers[0].members == 2);
    CHECK(o.tiers[1].tier == "Gold");
    CHECK(o.tiers[1].members == 1);
    REQUIRE(o.top_members.size() == 3);
    CHECK(o.top_members[0].member_id == lan);
    CHECK(o.top_members[0].tier == "Gold");
    CHECK(o.top_members[2].tier == "Member");

    CHECK(o.connections.empty());
    CHECK(o.webhooks_received == 0);
    t.engine->store().write([&](core::Transaction& tx) {
        tx.put_delivery("shop", "sapo", "k-1", "applied", t.clock - 60);
        tx.put_delivery("shop", "sapo", "k-2", "duplicate", t.clock);
        return 0;
    });
    auto seen = t.engine->overview("shop");
    REQUIRE(seen.connections.size() == 1);
    CHECK(seen.connections[0].platform == "sapo");
    CHECK(seen.connections[0].last_delivery_at == t.clock);
    CHECK(seen.webhooks_received == 2);

    // Forty days on, nobody was active in the last 30 and the chart has moved on.
    t.clock += 40 * 86400;
    auto later = t.engine->overview("shop");
    CHECK(later.active_30d == 0);
    CHECK(later.days[89 - 40].earned == 150);
}

TEST_CASE("the member list finds a phone typed any way, part of it, a name, or a platform id") {
    ReportShop t;
    auto lan = t.buy("A-1", "C-1", "Trần Thị Lan", "0912345678", 25000000);
    t.clock += 60;
    auto an = t.buy("A-2", "C-2", "Nguyễn Văn An", "0987111222", 1000000);
    t.clock += 60;
    auto minh = t.buy("A-3", "KH-77", "Lê Minh", "0903000111", 500000);

    for (const char* typed : {"0912 345 678", "+84912345678", "84 912.345.678", "0912-345-678", "345 678"}) {
        INFO(typed);
        auto page = t.find(typed);
        REQUIRE(page.total == 1);
        CHECK(page.members[0].member_id == lan);
    }
    CHECK(t.find("nguyễn").members.at(0).member_id == an);
    CHECK(t.find("MINH").members.at(0).member_id == minh);
    CHECK(t.find("KH-77").members.at(0).member_id == minh);
    CHECK(t.find(an).members.at(0).member_id == an);
    // LIKE's wildcards are searched for as text, so they match nobody here.
    CHECK(t.find("%").total == 0);
    CHECK(t.find("_").total == 0);

    auto all = t.find("");
    CHECK(all.total == 3);
    CHECK(all.members[0].member_id == minh);  // newest first
    CHECK(t.find("", "Gold").total == 1);
    CHECK(t.find("", "Member").total == 2);
    CHECK(test::status_of([&] { t.find("", "Platinum"); }) == core::Status::invalid_argument);

    core::DirectoryQuery q;
    q.limit = 1;
    q.offset = 1;
    auto page = t.engine->directory("shop", q);
    CHECK(page.total == 3);
    REQUIRE(page.members.size() == 1);
    CHECK(page.members[0].member_id == an);
    CHECK(page.members[0].tier == "Member");
    q.limit = 0;
    CHECK(test::status_of([&] { t.engine->directory("shop", q); }) == core::Status::invalid_argument);
}
