// PostgreSQL only: several instances (engines, each with its own store and pool) on one database,
// concurrent migrations, lost connections, and what the database itself enforces. Hidden unless
// asked for by tag: CTest runs them in the "postgresql: core:" registration.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "engine_fixture.hpp"
#include "together.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

using namespace loyalty;
using core::OrderStatus;
using core::Status;

namespace {

core::OrderInput order_for(const std::string& id, const std::string& customer, int64_t amount) {
    auto o = test::order(id, OrderStatus::paid, amount);
    o.customer = {.platform = "pos", .customer_id = customer};
    return o;
}

int64_t ledger_sum(core::Engine& e, const std::string& member) {
    int64_t sum = 0;
    std::optional<int64_t> before;
    for (;;) {
        auto page = e.transactions("shop", member, 500, before);
        for (const auto& entry : page.entries) sum += entry.available_delta;
        if (!page.next_before) return sum;
        before = page.next_before;
    }
}

}  // namespace

TEST_CASE("the same order and the same delivery from two instances are applied once", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    constexpr int orders = 40;
    std::atomic<int> applied{0};
    test::together(2, [&](int i) {
        auto& e = i == 0 ? *a : *b;
        for (int n = 0; n < orders; ++n) {
            if (e.record_order("shop", order_for("A-" + std::to_string(n), "C-1", 100000)).applied) ++applied;
            core::Delivery d{"haravan", "delivery-" + std::to_string(n), "orders/paid",
                             {core::OrderUpdate{order_for("haravan:" + std::to_string(n), "C-1", 50000)}}};
            if (e.ingest("shop", d).outcome == core::IngestOutcome::applied) ++applied;
        }
    });
    CHECK(applied == 2 * orders);
    auto m = a->member("shop", {.platform = "pos", .customer_id = "C-1"});
    CHECK(m.balances.available == orders * (10 + 5));
    CHECK(ledger_sum(*b, m.member_id) == orders * (10 + 5));
    CHECK(a->run_maintenance(0).mismatches.empty());
}

TEST_CASE("concurrent redemptions from two instances never overdraw", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    auto member = a->upsert_customer("shop", {.platform = "pos", .customer_id = "C-1"}).member_id;
    a->adjust_points("shop", {member, 1000, "seed", "opening balance"});
    std::atomic<int> redeemed{0}, refused{0}, unavailable{0};
    test::together(8, [&](int t) {
        auto& e = t % 2 ? *a : *b;
        for (int n = 0; n < 40; ++n) {
            auto key = "r-" + std::to_string(t) + "-" + std::to_string(n);
            auto s = test::status_of([&] { e.redeem_points("shop", {member, 7, key, ""}); });
            if (s == Status::ok) ++redeemed;
            else if (s == Status::insufficient_points) ++refused;
            else if (s == Status::storage) ++unavailable;  // too many lost races in a row: nothing applied
            else FAIL("unexpected status " << static_cast<int>(s));
        }
    });
    auto balances = b->balances("shop", member);
    CHECK(balances.available >= 0);
    CHECK(balances.available == 1000 - 7 * redeemed);
    CHECK(redeemed == 1000 / 7);  // 8 x 40 x 7 points asked for: the balance runs dry
    CHECK(refused > 0);
    // Writes to one shop take turns (its lane, its advisory lock): none loses 40 races. A refusal in a shared
    // transaction undoes only itself.
    CHECK(unavailable == 0);
    CHECK(ledger_sum(*a, member) == balances.available);
    CHECK(a->run_maintenance(0).mismatches.empty());
}

TEST_CASE("a burst of new customers of one shop from two instances: each applied once, no race lost, commits shared",
          "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    constexpr int threads = 32, per_thread = 8;
    std::atomic<int> applied{0};
    test::together(threads, [&](int t) {
        auto& e = t % 2 ? *a : *b;
        for (int n = 0; n < per_thread; ++n) {
            auto id = std::to_string(t) + "-" + std::to_string(n);
            core::Delivery d{"haravan", "burst-" + id, "orders/paid",
                             {core::OrderUpdate{order_for("haravan:" + id, "C-" + id, 100000)}}};
            if (e.ingest("shop", d).outcome == core::IngestOutcome::applied) ++applied;
        }
    });
    CHECK(applied == threads * per_thread);
    auto stats = [](core::Engine& e) { return dynamic_cast<core::postgres::PostgresStore&>(e.store()).stats(); };
    auto sa = stats(*a), sb = stats(*b);
    // The shop's advisory lock makes the instances take turns: nothing aborts, so nothing runs again or gives up.
    CHECK(sa.conflicts + sb.conflicts == 0);
    CHECK(sa.shop_writes + sb.shop_writes == threads * per_thread);
    CHECK(sa.shop_commits + sb.shop_commits < threads * per_thread);
    auto m = b->member("shop", {.platform = "pos", .customer_id = "C-31-7"});
    CHECK(m.balances.available == 10);
    CHECK(a->run_maintenance(0).mismatches.empty());
}

TEST_CASE("a write sent without waiting for its answer fails its own transaction, and the store goes on",
          "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto e = test::engine_on(url);
    auto& store = e->store();
    const std::string bad = "bad-\xff";  // not UTF-8: the server refuses it, and says so with the next answer it sends
    auto has = [&](const std::string& key) {
        return store.read([&](core::Transaction& tx) { return tx.delivery("shop", "haravan", key).has_value(); });
    };
    // The refusal surfaces at the next statement, a read.
    CHECK(test::status_of([&] {
              store.write([&](core::Transaction& tx) {
                  tx.put_delivery("shop", "haravan", "first", "applied", 1);
                  tx.put_delivery("shop", "haravan", bad, "applied", 1);
                  tx.delivery("shop", "haravan", "first");
              });
          }) == Status::invalid_argument);
    // The refused write is the last before COMMIT.
    CHECK(test::status_of([&] {
              store.write([&](core::Transaction& tx) { tx.put_delivery("shop", "haravan", bad, "applied", 1); });
          }) == Status::invalid_argument);
    // In a shop's lane, beside a write that goes through; then one that throws with the refusal still unread.
    std::atomic<int> refused{0};
    test::together(2, [&](int i) {
        auto s = test::status_of([&] {
            store.write_for("shop", [&](core::Transaction& tx) {
                tx.put_delivery("shop", "haravan", i == 0 ? std::string("second") : bad, "applied", 1);
            });
        });
        if (s == Status::invalid_argument) ++refused;
        else CHECK(s == Status::ok);
    });
    CHECK(refused == 1);
    CHECK(test::status_of([&] {
              store.write_for("shop", [&](core::Transaction& tx) {
                  tx.put_delivery("shop", "haravan", bad, "applied", 1);
                  throw core::Error(Status::not_found, "refused by the caller");
              });
          }) == Status::not_found);
    CHECK_FALSE(has("first"));
    CHECK(has("second"));
    store.write_for("shop", [&](core::Transaction& tx) { tx.put_delivery("shop", "haravan", "third", "applied", 1); });
    CHECK(has("third"));
    CHECK(e->record_order("shop", order_for("A-1", "C-1", 100000)).applied);
}

TEST_CASE("one idempotency key used from two instances at once posts one entry", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    auto member = a->upsert_customer("shop", {.platform = "pos", .customer_id = "C-1"}).member_id;
    constexpr int keys = 30;
    std::vector<int64_t> entry_a(keys), entry_b(keys);
    test::together(2, [&](int i) {
        auto& e = i == 0 ? *a : *b;
        auto& ids = i == 0 ? entry_a : entry_b;
        for (int n = 0; n < keys; ++n)
            ids[n] = e.adjust_points("shop", {member, 5, "k-" + std::to_string(n), "bonus"}).entry.entry_id;
    });
    CHECK(entry_a == entry_b);  // the loser of each race got the winner's entry back
    CHECK(std::set<int64_t>(entry_a.begin(), entry_a.end()).size() == keys);
    CHECK(b->balances("shop", member).available == 5 * keys);
    CHECK(a->transactions("shop", member, 500, std::nullopt).entries.size() == keys);
}

TEST_CASE("stores opening one new database together apply each migration once", "[.][postgresql]") {
    auto schema = test::unique_schema("migrate");
    auto url = test::fresh_postgres_url(schema);
    std::atomic<int> opened{0};
    test::together(6, [&](int) {
        core::postgres::PostgresOptions options;
        options.url = url;
        core::postgres::PostgresStore store(options);
        ++opened;
    });
    CHECK(opened == 6);
    auto versions = test::admin_sql("SELECT count(*) || ' ' || max(version) FROM " + schema + ".schema_migrations");
    auto expected = std::to_string(core::postgres::schema_version());
    CHECK(versions == expected + " " + expected);
}

TEST_CASE("a schema from a newer version of the library is refused, untouched", "[.][postgresql]") {
    auto schema = test::unique_schema("newer");
    auto url = test::fresh_postgres_url(schema);
    test::engine_on(url);
    test::admin_sql("INSERT INTO " + schema + ".schema_migrations (version) VALUES (999)");
    CHECK(test::status_of([&] { test::engine_on(url); }) == Status::internal);
    CHECK(test::admin_sql("SELECT count(*) FROM " + schema + ".schema_migrations") ==
          std::to_string(core::postgres::schema_version() + 1));
}

TEST_CASE("the database refuses to change or remove ledger entries", "[.][postgresql]") {
    auto schema = test::unique_schema("append");
    auto e = test::engine_on(test::fresh_postgres_url(schema));
    e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000));
    CHECK_THROWS_WITH(test::admin_sql("UPDATE " + schema + ".entries SET available_delta = 1000"),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(test::admin_sql("DELETE FROM " + schema + ".entries"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(test::admin_sql("TRUNCATE " + schema + ".entries"), Catch::Contains("append-only"));
    CHECK(e->stats().entries == 1);
}

TEST_CASE("maintenance reports a cached balance that drifted from the PostgreSQL ledger", "[.][postgresql]") {
    auto schema = test::unique_schema("drift");
    auto e = test::engine_on(test::fresh_postgres_url(schema));
    auto member = e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000)).member_id;
    CHECK(e->run_maintenance(1700000000).mismatches.empty());
    test::admin_sql("UPDATE " + schema + ".members SET available = available + 7");
    auto report = e->run_maintenance(1700000000);
    REQUIRE(report.mismatches.size() == 1);
    CHECK(report.mismatches[0].member_id == member);
    CHECK(report.mismatches[0].cached.available == 107);
    CHECK(report.mismatches[0].recomputed.available == 100);
}

TEST_CASE("a server that cannot be reached is a storage error, at open and in health", "[.][postgresql]") {
    // A role that may log in at first, then not: the server stays up for the other tests.
    auto role = test::unique_schema("health");
    test::admin_sql("CREATE ROLE " + role + " LOGIN");
    test::admin_sql("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
    auto url = test::with_param(test::postgres_base_url(), "user=" + role + "&options=-csearch_path%3D" + role);
    auto e = test::engine_on(url);
    CHECK(e->store().health().ok);
    test::admin_sql("ALTER ROLE " + role + " NOLOGIN");
    test::admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
    auto health = e->store().health();
    CHECK_FALSE(health.ok);
    CHECK_THAT(health.problem, Catch::Contains("not permitted to log in"));
    auto started = std::chrono::steady_clock::now();
    CHECK(test::status_of([&] { e->record_order("shop", test::order("A-1", OrderStatus::paid, 100000)); }) ==
          Status::storage);
    // Retried for the store's budget, not forever.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    CHECK(test::status_of([&] { test::engine_on(url); }) == Status::storage);
    test::admin_sql("ALTER ROLE " + role + " LOGIN");
    CHECK(e->store().health().ok);
    CHECK(e->record_order("shop", test::order("A-1", OrderStatus::paid, 100000)).applied);
}

TEST_CASE("a health check takes a pool connection, never one of its own, and says when none comes free",
          "[.][postgresql]") {
    auto app = test::unique_schema("busy");
    auto schema = test::unique_schema("busy");
    auto url = test::with_param(test::fresh_postgres_url(schema), "application_name=" + app);
    core::StoreSettings settings;
    settings.pool_size = 2;
    settings.connect_timeout_s = 1;
    core::Engine e(core::open_store(url, settings), test::decode);
    e.put_shop(test::program("shop", 10000));
    auto member = e.record_order("shop", test::order("A-1", OrderStatus::paid, 1000000)).member_id;
    auto sessions = [&](const std::string& where = "") {
        return std::stoi(test::admin_sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app +
                                         "'" + where));
    };
    // Another session's lock keeps both pool connections busy in writes that wait for it: one to the shop (its lane
    // runs on one connection) and one of no particular shop.
    PGconn* holder = PQconnectdb(test::postgres_base_url().c_str());
    REQUIRE(PQstatus(holder) == CONNECTION_OK);
    PQclear(PQexec(holder, "BEGIN"));
    PGresult* locked = PQexec(holder, ("LOCK TABLE " + schema + ".members IN ACCESS EXCLUSIVE MODE").c_str());
    REQUIRE(PQresultStatus(locked) == PGRES_COMMAND_OK);
    PQclear(locked);
    std::thread to_shop([&] { e.adjust_points("shop", {member, 5, "busy", "bonus"}); });
    std::thread to_none([&] { e.store().write([&](core::Transaction& tx) { tx.member("shop", member); }); });
    const auto bound = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (sessions(" AND wait_event_type = 'Lock'") < 2 && std::chrono::steady_clock::now() < bound)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(sessions(" AND wait_event_type = 'Lock'") == 2);

    auto health = e.store().health();
    CHECK_FALSE(health.ok);
    CHECK_THAT(health.problem, Catch::Contains("all 2 pool connections stayed busy for 1 s"));
    CHECK(sessions() == 2);  // the check opened none of its own

    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    to_shop.join();
    to_none.join();
    CHECK(e.store().health().ok);
    CHECK(sessions() == 2);
    CHECK(e.balances("shop", member).available == 105);
}

TEST_CASE("connections killed under load: every call succeeds or fails with storage, each success once",
          "[.][postgresql]") {
    auto app = test::unique_schema("fault");
    auto url = test::with_param(test::fresh_postgres_url(), "application_name=" + app);
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    constexpr int threads = 6, per_thread = 60;
    std::vector<std::vector<std::string>> succeeded(threads), failed(threads);
    std::atomic<bool> loading{true};
    std::atomic<int> kills{0}, other{0};
    std::thread killer([&] {
        while (loading) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            test::admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
                            app + "'");
            ++kills;
        }
    });
    test::together(threads, [&](int t) {
        auto& e = t % 2 ? *a : *b;
        for (int n = 0; n < per_thread; ++n) {
            auto id = "F-" + std::to_string(t) + "-" + std::to_string(n);
            auto s = test::status_of([&] { e.record_order("shop", order_for(id, "C-" + std::to_string(t), 10000)); });
            if (s == Status::ok) succeeded[t].push_back(id);
            else if (s == Status::storage) failed[t].push_back(id);
            else ++other;
        }
    });
    loading = false;
    killer.join();
    CHECK(kills > 5);
    CHECK(other == 0);
    // What the ledger holds now: each order at most once, and every success in it.
    for (int t = 0; t < threads; ++t) {
        auto member = a->member("shop", {.platform = "pos", .customer_id = "C-" + std::to_string(t)}).member_id;
        std::map<std::string, int> seen;
        for (const auto& entry : a->transactions("shop", member, 500, std::nullopt).entries) ++seen[entry.ref_id];
        for (const auto& [id, count] : seen) CHECK(count == 1);
        for (const auto& id : succeeded[t]) CHECK(seen.count(id) == 1);
        // A platform retries what failed; afterwards every order is in exactly once.
        for (const auto& id : failed[t]) a->record_order("shop", order_for(id, "C-" + std::to_string(t), 10000));
        CHECK(a->balances("shop", member).available == per_thread);
        CHECK(ledger_sum(*a, member) == per_thread);
    }
    CHECK(a->run_maintenance(0).mismatches.empty());
}

TEST_CASE("maintenance runs on one instance at a time, the others skip it", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    core::MaintenanceReport while_held;
    bool held = a->store().exclusive("maintenance", [&] { while_held = b->run_maintenance(1800000000); });
    CHECK(held);
    CHECK(while_held.skipped);
    CHECK(while_held.mismatches.empty());  // the ledger check still runs
    CHECK_FALSE(b->run_maintenance(1800000000).skipped);
    // The lock is per schema: another database's maintenance is not held up.
    auto other = test::engine_on(test::fresh_postgres_url());
    bool other_ran = a->store().exclusive("maintenance", [&] { CHECK_FALSE(other->run_maintenance(0).skipped); });
    CHECK(other_ran);
}

TEST_CASE("a shop added or changed through one instance reaches the others", "[.][postgresql]") {
    auto url = test::fresh_postgres_url();
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    a->put_shop(test::program("second", 5000));
    CHECK(b->shop("second")->spend_per_point == 5000);  // a miss reads the store
    a->put_shop(test::program("shop", 2000));
    CHECK(b->shop("shop")->spend_per_point == 10000);  // cached until maintenance refreshes it
    b->run_maintenance(0);
    CHECK(b->shop("shop")->spend_per_point == 2000);
    CHECK(test::status_of([&] { b->shop("nowhere"); }) == Status::not_found);
}

TEST_CASE("a statement sent unanswered in a transaction of its own: what follows starts afresh, and its failure is "
          "raised with the next answers read",
          "[.][postgresql]") {
    core::postgres::Connection c({test::fresh_postgres_url()});
    const core::postgres::Params none;
    // Without a sync of its own, the statement and the BEGIN behind it share one transaction, whose isolation level
    // can no longer be set: why a shop's lock goes alone.
    c.send_sql_later("SELECT 1", none, false);
    c.send_sql_later("BEGIN ISOLATION LEVEL SERIALIZABLE", none, false);
    CHECK_THROWS_WITH(c.settle(), Catch::Contains("before any query"));
    c.rollback();
    REQUIRE(c.reusable());

    c.send_sql_later("SELECT 1", none, true);
    c.send_sql_later("BEGIN ISOLATION LEVEL SERIALIZABLE", none, false);
    CHECK(c.query("SHOW transaction_isolation").text(0, 0) == "serializable");
    c.exec("COMMIT");
    CHECK(c.reusable());

    // A failure alone in its transaction is still raised, once the BEGIN behind it has run.
    c.send_sql_later("SELECT 1 / 0", none, true);
    c.send_sql_later("BEGIN ISOLATION LEVEL SERIALIZABLE", none, false);
    CHECK_THROWS_WITH(c.settle(), Catch::Contains("division by zero"));
    CHECK_FALSE(c.reusable());  // inside the transaction that BEGIN opened
    c.rollback();
    CHECK(c.reusable());
}
