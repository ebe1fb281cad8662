// The store's primitives for rewards and distributor programs, called directly: what the engine
// relies on them for, on whichever backend LOYALTY_TEST_STORAGE names.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "../test_storage.hpp"
#include "../status_of.hpp"
#include "sqlite_exec.hpp"
#include "storage/open_store.hpp"
#include "util/error.hpp"

using namespace loyalty;
using core::GrantStatus;
using core::Status;
using core::Transaction;
using test::status_of;

namespace {

std::unique_ptr<core::Store> store_at(const std::string& url = test::storage_url()) {
    return core::open_store(url, {});
}

core::Grant grant(const std::string& code, const std::string& member, std::optional<int64_t> expires_at = {},
                  GrantStatus status = GrantStatus::issued) {
    core::Grant g;
    g.code = code;
    g.member_id = member;
    g.reward_id = "tote";
    g.name = "Túi vải";
    g.kind = core::RewardKind::voucher_amount;
    g.value = 50000;
    g.sku = "SKU-TOTE";
    g.quantity = 2;
    g.cost_points = 300;
    g.status = status;
    g.source = "claim";
    g.issued_at = 10;
    g.expires_at = expires_at;
    g.claim_entry_id = 7;
    return g;
}

int64_t insert(core::Store& store, const core::Grant& g) {
    int64_t id = 0;
    store.write([&](Transaction& tx) { id = tx.insert_grant("shop", g); });
    return id;
}

std::vector<int64_t> listed(core::Store& store, const core::GrantQuery& q) {
    std::vector<core::Grant> grants;
    store.read([&](Transaction& tx) { grants = tx.grants("shop", q); });
    std::vector<int64_t> ids;
    for (const auto& g : grants) ids.push_back(g.grant_id);
    return ids;
}

core::OrderState paid_order(const std::string& id, const std::string& member, int64_t paid_at, int64_t spend,
                            int64_t earn_rate = 1000) {
    core::OrderState o;
    o.order_id = id;
    o.member_id = member;
    o.status = core::OrderStatus::paid;
    o.amount = spend;
    o.earn_rate = earn_rate;
    o.locked_amount = spend + 1;  // differs from spend, to show which one a line carries
    o.spend = spend;
    o.paid_at = paid_at;
    o.occurred_at = paid_at;
    o.updated_at = paid_at;
    return o;
}

core::Member member(const std::string& id) {
    core::Member m;
    m.member_id = id;
    m.name = "Trần Thị Bình";
    m.group = "retail";
    m.created_at = 5;
    return m;
}

}  // namespace

TEST_CASE("grants are stored and found by id, by code and by idempotency key") {
    auto store = store_at();
    auto claimed = grant("CODE-1", "m1", 1000);
    claimed.idempotency_key = "claim-key";
    auto awarded = grant("CODE-2", "m1");
    awarded.source = "target:2026-Q4";
    auto first = insert(*store, claimed);
    auto second = insert(*store, awarded);
    CHECK(second > first);
    // Grants without a key do not collide on it.
    insert(*store, grant("CODE-3", "m2"));

    std::optional<core::Grant> by_id, by_code, by_key, no_key, missing;
    store->read([&](Transaction& tx) {
        by_id = tx.grant("shop", first);
        by_code = tx.grant_by_code("shop", "CODE-2");
        by_key = tx.grant_by_key("shop", "claim-key");
        no_key = tx.grant_by_key("shop", "");
        missing = tx.grant("other-shop", first);
    });
    REQUIRE(by_id);
    CHECK(by_id->grant_id == first);
    CHECK(by_id->code == "CODE-1");
    CHECK(by_id->member_id == "m1");
    CHECK(by_id->reward_id == "tote");
    CHECK(by_id->name == "Túi vải");
    CHECK(by_id->kind == core::RewardKind::voucher_amount);
    CHECK(by_id->value == 50000);
    CHECK(by_id->sku == "SKU-TOTE");
    CHECK(by_id->quantity == 2);
    CHECK(by_id->cost_points == 300);
    CHECK(by_id->status == GrantStatus::issued);
    CHECK(by_id->source == "claim");
    CHECK(by_id->idempotency_key == "claim-key");
    CHECK(by_id->issued_at == 10);
    CHECK(by_id->expires_at == 1000);
    CHECK(by_id->used_at == 0);
    CHECK(by_id->used_order.empty());
    CHECK(by_id->voided_at == 0);
    CHECK(by_id->void_reason.empty());
    CHECK(by_id->claim_entry_id == 7);
    CHECK(by_id->return_entry_id == 0);
    REQUIRE(by_code);
    CHECK(by_code->grant_id == second);
    CHECK_FALSE(by_code->expires_at);
    CHECK(by_code->idempotency_key.empty());
    REQUIRE(by_key);
    CHECK(by_key->grant_id == first);
    CHECK_FALSE(no_key);
    CHECK_FALSE(missing);

    CHECK(status_of([&] { insert(*store, grant("CODE-1", "m3")); }) == Status::conflict);
    // The same code in another shop is another grant.
    store->write([&](Transaction& tx) { tx.insert_grant("other-shop", grant("CODE-1", "m3")); });
    std::vector<core::Grant> by_source;
    store->read([&](Transaction& tx) { by_source = tx.grants_by_source("shop", "target:2026-Q4"); });
    REQUIRE(by_source.size() == 1);
    CHECK(by_source[0].grant_id == second);
}

TEST_CASE("a grant's use, void and new member are written back, and merging moves a member's grants") {
    auto store = store_at();
    auto id = insert(*store, grant("CODE-1", "m1", 1000));
    auto other = insert(*store, grant("CODE-2", "m1"));
    insert(*store, grant("CODE-3", "m2"));
    store->write([&](Transaction& tx) {
        auto g = *tx.grant("shop", id);
        g.status = GrantStatus::voided;
        g.used_at = 20;
        g.used_order = "A-1";
        g.voided_at = 30;
        g.void_reason = "returned";
        g.return_entry_id = 9;
        g.member_id = "m9";
        g.cost_points = 1;  // not one of the fields a grant changes: left as stored
        tx.update_grant("shop", g);
    });
    std::optional<core::Grant> g;
    store->read([&](Transaction& tx) { g = tx.grant("shop", id); });
    REQUIRE(g);
    CHECK(g->status == GrantStatus::voided);
    CHECK(g->used_at == 20);
    CHECK(g->used_order == "A-1");
    CHECK(g->voided_at == 30);
    CHECK(g->void_reason == "returned");
    CHECK(g->return_entry_id == 9);
    CHECK(g->member_id == "m9");
    CHECK(g->cost_points == 300);
    CHECK(g->claim_entry_id == 7);

    store->write([&](Transaction& tx) { tx.move_grants("shop", "m1", "m2"); });
    CHECK(listed(*store, {.member_id = "m1"}).empty());
    CHECK(listed(*store, {.member_id = "m2"}).size() == 2);
    CHECK(listed(*store, {.member_id = "m9"}) == std::vector<int64_t>{id});
    CHECK(listed(*store, {.member_id = "m2", .limit = 1}) == std::vector<int64_t>{other});
}

TEST_CASE("grant listings filter by member, code, status and expiry, and page by id") {
    auto store = store_at();
    auto forever = insert(*store, grant("A", "m1"));
    auto at_100 = insert(*store, grant("B", "m1", 100));
    auto at_200 = insert(*store, grant("C", "m1", 200));
    auto used = insert(*store, grant("D", "m1", 50, GrantStatus::used));
    auto other = insert(*store, grant("E", "m2", 50));
    const auto issued = GrantStatus::issued;

    CHECK(listed(*store, {}) == std::vector<int64_t>{forever, at_100, at_200, used, other});
    CHECK(listed(*store, {.member_id = "m1"}) == std::vector<int64_t>{forever, at_100, at_200, used});
    CHECK(listed(*store, {.member_id = "m1", .status = issued}) == std::vector<int64_t>{forever, at_100, at_200});
    CHECK(listed(*store, {.status = GrantStatus::used}) == std::vector<int64_t>{used});
    // Expired by `now` includes a grant expiring exactly then.
    CHECK(listed(*store, {.member_id = "m1", .status = issued, .expired = true, .now = 100}) ==
          std::vector<int64_t>{at_100});
    CHECK(listed(*store, {.member_id = "m1", .status = issued, .expired = false, .now = 100}) ==
          std::vector<int64_t>{forever, at_200});
    CHECK(listed(*store, {.status = issued, .expired = true, .now = 150}) == std::vector<int64_t>{at_100, other});
    CHECK(listed(*store, {.status = issued, .expired = false, .now = 150}) == std::vector<int64_t>{forever, at_200});
    CHECK(listed(*store, {.code = "E"}) == std::vector<int64_t>{other});
    CHECK(listed(*store, {.member_id = "m1", .code = "E"}).empty());
    CHECK(listed(*store, {.member_id = "m2", .code = "E"}) == std::vector<int64_t>{other});
    CHECK(listed(*store, {.code = "E", .after = other}).empty());
    CHECK(listed(*store, {.limit = 2}) == std::vector<int64_t>{forever, at_100});
    CHECK(listed(*store, {.limit = 2, .after = at_100}) == std::vector<int64_t>{at_200, used});
    CHECK(listed(*store, {.member_id = "m1", .limit = 10, .after = at_200}) == std::vector<int64_t>{used});
    CHECK(listed(*store, {.member_id = "nobody"}).empty());
}

TEST_CASE("reward stock counts claims per catalogue entry, from zero") {
    auto store = store_at();
    auto claimed = [&](const std::string& shop, const std::string& reward) {
        int64_t n = -1;
        store->read([&](Transaction& tx) { n = tx.reward_claimed(shop, reward); });
        return n;
    };
    CHECK(claimed("shop", "tote") == 0);
    store->write([](Transaction& tx) {
        tx.add_reward_claimed("shop", "tote", 1);
        tx.add_reward_claimed("shop", "tote", 2);
        tx.add_reward_claimed("shop", "mug", 1);
    });
    store->write([](Transaction& tx) { tx.add_reward_claimed("shop", "tote", -1); });
    CHECK(claimed("shop", "tote") == 2);
    CHECK(claimed("shop", "mug") == 1);
    CHECK(claimed("other-shop", "tote") == 0);
    // The count never goes below zero: a void without its claim is refused.
    CHECK(status_of([&] { store->write([](Transaction& tx) { tx.add_reward_claimed("shop", "mug", -2); }); }) ==
          Status::internal);  // a refused constraint would be refused again: not "retry may succeed"
    CHECK(claimed("shop", "mug") == 1);
}

TEST_CASE("an order's points payment is inserted, then replaced") {
    auto store = store_at();
    std::optional<core::OrderPayment> p;
    store->read([&](Transaction& tx) { p = tx.order_payment("shop", "A-1"); });
    CHECK_FALSE(p);
    store->write([](Transaction& tx) { tx.put_order_payment("shop", {"A-1", "m1", 100, 100000, 0, 10, 10}); });
    store->write([](Transaction& tx) { tx.put_order_payment("shop", {"A-1", "m1", 150, 150000, 40, 10, 20}); });
    store->read([&](Transaction& tx) { p = tx.order_payment("shop", "A-1"); });
    REQUIRE(p);
    CHECK(p->order_id == "A-1");
    CHECK(p->member_id == "m1");
    CHECK(p->points == 150);
    CHECK(p->amount == 150000);
    CHECK(p->returned_points == 40);
    CHECK(p->created_at == 10);
    CHECK(p->updated_at == 20);
    store->read([&](Transaction& tx) { p = tx.order_payment("other-shop", "A-1"); });
    CHECK_FALSE(p);
}

TEST_CASE("period lines and spend cover the orders first paid in the range") {
    auto store = store_at();
    store->write([](Transaction& tx) {
        // Lines and spend carry the member's name and group, for standings without a read per member.
        for (const char* id : {"m1", "m2", "m3", "m4"}) {
            core::Member m;
            m.member_id = id;
            m.name = std::string("name-") + id;
            m.group = std::string("group-") + id;
            tx.insert_member("shop", m);
        }
        tx.put_order("shop", paid_order("A", "m1", 1000, 500));
        tx.put_order_lines("shop", "A", {{"S1", 9, 0, "c0"}, {"S2", 9, 0, "c0"}, {"S3", 9, 0, "c0"}});
        // Written again, the lines replace the earlier ones.
        tx.put_order_lines("shop", "A", {{"S1", 2, 300, "tea"}, {"S2", 1, 200, "coffee"}});
        tx.put_order("shop", paid_order("B", "m1", 2000, 0));  // refunded in full
        tx.put_order_lines("shop", "B", {{"S1", 5, 0, "tea"}});
        tx.put_order("shop", paid_order("C", "m2", 1500, 300));
        tx.put_order_lines("shop", "C", {{"S3", 3, 300, "tea"}});
        tx.put_order("shop", paid_order("G", "m3", 1100, 100));  // no lines
        tx.put_order("shop", paid_order("R", "m4", 1200, 0));    // only a refunded order
        tx.put_order_lines("shop", "R", {{"S1", 1, 0, "tea"}});
        // Outside: paid at the range's end, before its start, never earned, another shop.
        tx.put_order("shop", paid_order("D", "m1", 3000, 700));
        tx.put_order_lines("shop", "D", {{"S1", 1, 700, "tea"}});
        tx.put_order("shop", paid_order("E", "m2", 999, 700));
        tx.put_order_lines("shop", "E", {{"S1", 1, 700, "tea"}});
        tx.put_order("shop", paid_order("F", "m2", 1200, 700, 0));
        tx.put_order_lines("shop", "F", {{"S1", 1, 700, "tea"}});
        tx.put_order("other-shop", paid_order("A", "m1", 1000, 700));
        tx.put_order_lines("other-shop", "A", {{"S9", 1, 700, "tea"}});
    });
    std::vector<core::PeriodLine> all, one;
    std::vector<core::MemberSpend> spend, spend_one;
    store->read([&](Transaction& tx) {
        all = tx.period_lines("shop", "", 1000, 3000);
        one = tx.period_lines("shop", "m2", 1000, 3000);
        spend = tx.period_spend("shop", "", 1000, 3000);
        spend_one = tx.period_spend("shop", "m1", 1000, 3000);
    });
    REQUIRE(all.size() == 5);
    CHECK(all[0].member_id == "m1");
    CHECK(all[0].order_id == "A");
    CHECK(all[0].paid_at == 1000);
    CHECK(all[0].spend == 500);
    CHECK(all[0].locked_amount == 501);
    CHECK(all[0].sku == "S1");
    CHECK(all[0].name == "name-m1");
    CHECK(all[0].group == "group-m1");
    CHECK(all[0].category == "tea");
    CHECK(all[0].quantity == 2);
    CHECK((all[1].order_id == "A" && all[1].sku == "S2" && all[1].category == "coffee" && all[1].quantity == 1));
    CHECK((all[2].order_id == "B" && all[2].spend == 0 && all[2].quantity == 5));
    CHECK((all[3].member_id == "m2" && all[3].order_id == "C" && all[3].sku == "S3"));
    CHECK((all[4].member_id == "m4" && all[4].order_id == "R"));
    REQUIRE(one.size() == 1);
    CHECK(one[0].order_id == "C");

    REQUIRE(spend.size() == 3);
    CHECK((spend[0].member_id == "m1" && spend[0].spend == 500 && spend[0].reached_at == 1000));
    CHECK((spend[1].member_id == "m2" && spend[1].spend == 300 && spend[1].reached_at == 1500));
    CHECK((spend[2].member_id == "m3" && spend[2].spend == 100 && spend[2].reached_at == 1100));
    CHECK((spend[1].name == "name-m2" && spend[1].group == "group-m2"));
    REQUIRE(spend_one.size() == 1);
    CHECK(spend_one[0].member_id == "m1");
}

TEST_CASE("a period is settled once, and its standings read back in rank order") {
    auto store = store_at();
    auto standing = [](const std::string& member, int64_t rank, int64_t spend) {
        core::Standing s;
        s.member_id = member;
        s.name = "Đại lý " + member;
        s.rank = rank;
        s.spend = spend;
        s.next_threshold = 1;  // not stored
        return s;
    };
    std::optional<int64_t> settled;
    store->read([&](Transaction& tx) { settled = tx.settled_at("shop", "top", "2026"); });
    CHECK_FALSE(settled);
    store->write([&](Transaction& tx) {
        tx.put_settlement("shop", "top", "2026", 1234);
        auto full = standing("b", 2, 10);
        full.units = 3;
        full.band = 1;
        full.times = 4;
        full.points = 500;
        full.grant_id = 42;
        full.rebate = 60000;
        full.reached_at = 99;
        tx.add_standing("shop", "top", "2026", full);
        tx.add_standing("shop", "top", "2026", standing("c", 1, 5));
        tx.add_standing("shop", "top", "2026", standing("a", 0, 50));
        tx.add_standing("shop", "top", "2026", standing("0", 0, 50));
        tx.add_standing("shop", "top", "2026", standing("z", 0, 70));
        tx.add_standing("shop", "top", "2025", standing("y", 1, 1));
        tx.add_standing("shop", "volume", "2026", standing("x", 1, 1));
    });
    CHECK(status_of([&] { store->write([](Transaction& tx) { tx.put_settlement("shop", "top", "2026", 2000); }); }) ==
          Status::conflict);
    std::vector<core::Standing> standings;
    store->read([&](Transaction& tx) {
        settled = tx.settled_at("shop", "top", "2026");
        standings = tx.standings("shop", "top", "2026");
    });
    CHECK(settled == 1234);
    REQUIRE(standings.size() == 5);
    std::vector<std::string> order;
    for (const auto& s : standings) order.push_back(s.member_id);
    CHECK(order == std::vector<std::string>{"c", "b", "z", "0", "a"});
    const auto& b = standings[1];
    CHECK(b.name == "Đại lý b");
    CHECK(b.rank == 2);
    CHECK(b.spend == 10);
    CHECK(b.units == 3);
    CHECK(b.band == 1);
    CHECK(b.times == 4);
    CHECK(b.points == 500);
    CHECK(b.grant_id == 42);
    CHECK(b.rebate == 60000);
    CHECK(b.reached_at == 99);
    CHECK_FALSE(b.next_threshold);
}

TEST_CASE("a customer group the shop set is kept on the member") {
    auto store = store_at();
    std::optional<core::Member> m;
    store->write([&](Transaction& tx) {
        tx.insert_member("shop", member("m1"));
        m = tx.member("shop", "m1");
    });
    REQUIRE(m);
    CHECK(m->group == "retail");
    CHECK_FALSE(m->group_by_shop);
    store->write([](Transaction& tx) { tx.set_group("shop", "m1", "agent", true); });
    store->read([&](Transaction& tx) { m = tx.member("shop", "m1"); });
    CHECK(m->group == "agent");
    CHECK(m->group_by_shop);
    store->write([](Transaction& tx) { tx.set_group("shop", "m1", "", false); });
    store->read([&](Transaction& tx) { m = tx.member("shop", "m1"); });
    CHECK(m->group.empty());
    CHECK_FALSE(m->group_by_shop);
}

namespace {

// What a database written before the rewards migration holds, and that it works after it.
void check_migrated(core::Store& store) {
    std::optional<core::Member> m;
    std::vector<core::MemberSpend> spend;
    store.read([&](Transaction& tx) {
        m = tx.member("shop", "old");
        spend = tx.period_spend("shop", "", 0, 2000);
    });
    REQUIRE(m);
    CHECK(m->group == "agent");
    CHECK_FALSE(m->group_by_shop);
    REQUIRE(spend.size() == 1);
    CHECK((spend[0].member_id == "old" && spend[0].spend == 500));
    auto id = insert(store, grant("CODE-1", "old"));
    CHECK(listed(store, {.member_id = "old"}) == std::vector<int64_t>{id});
    store.write([](Transaction& tx) { tx.set_group("shop", "old", "agent", true); });
    store.read([&](Transaction& tx) { m = tx.member("shop", "old"); });
    CHECK(m->group_by_shop);
}

}  // namespace

// A database from before the rewards migration is a new one with that migration undone by hand;
// a later migration has to be undone here as well.
TEST_CASE("a SQLite database from before rewards gains them, keeping its members", "[sqlite]") {
    auto path = test::temp_db("rewards-migration");
    auto url = "sqlite:" + path;
    store_at(url)->write([](Transaction& tx) {
        tx.insert_member("shop", member("old"));
        tx.set_group("shop", "old", "agent", false);
        tx.put_order("shop", paid_order("A", "old", 1000, 500));
    });
    test::sqlite_exec(path, R"sql(
        DROP TABLE reward_stock; DROP TABLE grants; DROP TABLE order_payments; DROP TABLE order_lines;
        DROP TABLE settlements; DROP TABLE standings; DROP INDEX orders_by_paid_at;
        ALTER TABLE members DROP COLUMN group_by_shop; ALTER TABLE members DROP COLUMN phone_text;
        DROP TABLE platform_links; DROP TABLE outbox; DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX entries_by_time;
        ALTER TABLE orders DROP COLUMN history; ALTER TABLE orders DROP COLUMN returned_amount;
        PRAGMA user_version = 3;)sql");
    check_migrated(*store_at(url));
}

TEST_CASE("a PostgreSQL schema from before rewards gains them, keeping its members", "[.][postgresql]") {
    auto schema = test::unique_schema("rewards");
    auto url = test::fresh_postgres_url(schema);
    store_at(url)->write([](Transaction& tx) {
        tx.insert_member("shop", member("old"));
        tx.set_group("shop", "old", "agent", false);
        tx.put_order("shop", paid_order("A", "old", 1000, 500));
    });
    test::admin_sql("SET search_path = " + schema + "; " + R"sql(
        DROP TABLE reward_stock; DROP TABLE grants; DROP TABLE order_payments; DROP TABLE order_lines;
        DROP TABLE settlements; DROP TABLE standings; DROP INDEX orders_by_paid_at;
        ALTER TABLE members DROP COLUMN group_by_shop; ALTER TABLE members DROP COLUMN phone_text;
        DROP TABLE platform_links; DROP TABLE outbox; DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX entries_by_time;
        ALTER TABLE orders DROP COLUMN history; ALTER TABLE orders DROP COLUMN returned_amount;
        DELETE FROM schema_migrations WHERE version >= 3;)sql");
    check_migrated(*store_at(url));
}
