#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>
#include <vector>

#include "../temp_path.hpp"
#include "engine_fixture.hpp"
#include "sqlite_exec.hpp"
#include "storage/sqlite/connection.hpp"

using namespace loyalty;
using core::OrderStatus;

namespace {
std::unique_ptr<core::Engine> file_engine(const std::string& path, core::sqlite::SqliteStore** raw = nullptr) {
    core::sqlite::SqliteOptions options;
    options.path = path;
    auto store = std::make_unique<core::sqlite::SqliteStore>(options);
    if (raw) *raw = store.get();
    return std::make_unique<core::Engine>(std::move(store), test::decode);
}

}  // namespace

TEST_CASE("shops, members and the ledger survive closing and reopening") {
    auto url = test::durable_url("reopen");
    auto reopen = [&] { return std::make_unique<core::Engine>(core::open_store(url, {}), test::decode); };
    std::string member;
    {
        auto e = reopen();
        e->put_shop(test::program("shop", 10000));
        member = e->record_order("shop", test::order("A-1", OrderStatus::paid, 1130000)).member_id;
        e->redeem_points("shop", {member, 13, "k", "gift"});
    }
    auto e = reopen();
    CHECK(e->shop("shop")->spend_per_point == 10000);
    CHECK(e->balances("shop", member).available == 100);
    CHECK(e->member("shop", {.phone = "0912345678"}).member_id == member);
    CHECK(e->redeem_points("shop", {member, 13, "k", "gift"}).replayed);
    CHECK_FALSE(e->record_order("shop", test::order("A-1", OrderStatus::paid, 1130000)).applied);
    CHECK(e->transactions("shop", member, 10, std::nullopt).entries.size() == 2);
}

TEST_CASE("concurrent writers share commits", "[sqlite]") {
    auto path = test::temp_db("group");
    core::sqlite::SqliteStore* store = nullptr;
    auto e = file_engine(path, &store);
    e->put_shop(test::program("shop", 1000));
    const auto before = store->stats();
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                auto o = test::order("t" + std::to_string(t) + "-" + std::to_string(i), OrderStatus::paid, 5000);
                o.customer = {.platform = "pos", .customer_id = "C-" + std::to_string(t)};
                e->record_order("shop", o);
            }
        });
    }
    for (auto& t : threads) t.join();
    const auto after = store->stats();
    CHECK(after.writes - before.writes == 200);
    // Each caller waits for its commit, so 8 callers can share at most 8 per commit; any sharing
    // at all shows up as fewer commits than writes.
    CHECK(after.commits - before.commits < after.writes - before.writes);
    for (int t = 0; t < 8; ++t)
        CHECK(e->member("shop", {.platform = "pos", .customer_id = "C-" + std::to_string(t)}).balances.available == 125);
}

TEST_CASE("a delivery seen before is answered from a read, without the writer", "[sqlite]") {
    core::sqlite::SqliteStore* store = nullptr;
    auto e = file_engine(test::temp_db("seen"), &store);
    e->put_shop(test::program("shop", 1000));
    core::Delivery d{"haravan", "orders/paid:77", "orders/paid",
                     {core::OrderUpdate{test::order("77", OrderStatus::paid, 50000)}}};
    REQUIRE(e->ingest("shop", d).outcome == core::IngestOutcome::applied);
    const auto before = store->stats();
    auto again = e->ingest("shop", d);
    CHECK(again.outcome == core::IngestOutcome::duplicate);
    CHECK(again.events.empty());
    CHECK(store->stats().writes == before.writes);
    // A replay of it still writes: it resolves its quarantine entry in the same transaction.
    core::QuarantinedDelivery q;
    q.shop_id = "shop";
    q.platform = "haravan";
    q.headers = "{}";
    q.body = "{}";
    q.error = "test";
    const int64_t id = e->quarantine(q);
    CHECK(e->ingest("shop", d, id).outcome == core::IngestOutcome::duplicate);
    CHECK(store->stats().writes > before.writes + 1);
    CHECK(e->quarantined_one(id).resolution == "replayed: duplicate");
}

TEST_CASE("one caller's failure does not undo the others sharing its commit") {
    auto e = test::memory_engine();
    auto id = e->record_order("shop", test::order("A-1", OrderStatus::paid, 100000)).member_id;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            try {
                // Odd threads ask for more than there is; even threads ask for one point each.
                e->redeem_points("shop", {id, t % 2 ? 1000 : 1, "k" + std::to_string(t), ""});
            } catch (const core::Error&) {
                ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failures == 4);
    CHECK(e->balances("shop", id).available == 6);
    CHECK(e->transactions("shop", id, 50, std::nullopt).entries.size() == 5);
}

TEST_CASE("the ledger table refuses updates and deletes", "[sqlite]") {
    auto path = test::temp_db("append-only");
    {
        auto e = file_engine(path);
        e->put_shop(test::program("shop", 10000));
        e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000));
    }
    CHECK_THROWS_WITH(test::sqlite_exec(path, "UPDATE entries SET available_delta = 1000"),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(test::sqlite_exec(path, "DELETE FROM entries"), Catch::Contains("append-only"));
}

TEST_CASE("maintenance recomputes balances from the ledger and reports a drifted cache", "[sqlite]") {
    auto path = test::temp_db("drift");
    std::string member;
    {
        auto e = file_engine(path);
        e->put_shop(test::program("shop", 10000));
        member = e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000)).member_id;
        auto report = e->run_maintenance(1700000000);
        CHECK(report.mismatches.empty());
        CHECK(report.entries == 1);
    }
    test::sqlite_exec(path, "UPDATE members SET available = available + 7");
    auto e = file_engine(path);
    auto report = e->run_maintenance(1700000000);
    REQUIRE(report.mismatches.size() == 1);
    CHECK(report.mismatches[0].member_id == member);
    CHECK(report.mismatches[0].cached.available == 107);
    CHECK(report.mismatches[0].recomputed.available == 100);
}

TEST_CASE("a database from a newer version of the library is refused, untouched", "[sqlite]") {
    auto path = test::temp_db("newer");
    { file_engine(path); }
    test::sqlite_exec(path, "PRAGMA user_version = 999");
    CHECK(test::status_of([&] { file_engine(path); }) == core::Status::internal);
}

TEST_CASE("an unusable path is a storage error", "[sqlite]") {
    core::sqlite::SqliteOptions options;
    options.path = "/nonexistent-dir/x/loyalty.db";
    CHECK(test::status_of([&] { core::sqlite::SqliteStore store(options); }) == core::Status::storage);
}

TEST_CASE("the writer's control statements are prepared once, and one that fails runs again", "[sqlite]") {
    auto path = test::temp_db("control");
    core::sqlite::Connection c(path, false, 0);
    c.exec("CREATE TABLE t (x INTEGER)");
    auto prepared = [&] {
        int n = 0;
        for (sqlite3_stmt* s = sqlite3_next_stmt(c.handle(), nullptr); s; s = sqlite3_next_stmt(c.handle(), s)) ++n;
        return n;
    };
    static const char* const begin = "BEGIN IMMEDIATE";
    static const char* const commit = "COMMIT";
    for (int i = 0; i < 3; ++i) {
        c.exec_once_prepared(begin);
        c.exec("INSERT INTO t VALUES (1)");
        c.exec_once_prepared(commit);
    }
    CHECK(prepared() == 2);

    // Another connection holds the write lock: the statement fails, says which it was, and is ready again.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    try {
        c.exec_once_prepared(begin);
        FAIL("BEGIN IMMEDIATE took the lock another connection holds");
    } catch (const core::Error& e) {
        CHECK(e.status() == core::Status::storage);
        CHECK(std::string(e.what()).find("BEGIN IMMEDIATE") != std::string::npos);
    }
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    c.exec_once_prepared(begin);
    c.exec("INSERT INTO t VALUES (2)");
    c.exec_once_prepared(commit);
    CHECK(prepared() == 2);
    CHECK(c.first_text("SELECT count(*) FROM t") == "4");
}

TEST_CASE("a batch runs without savepoints, and again with them when one write is refused", "[sqlite]") {
    core::sqlite::SqliteOptions options;
    options.path = test::temp_db("careful");
    core::sqlite::SqliteStore store(options);
    const auto before = store.stats();
    std::atomic<bool> release{false};
    std::atomic<int> first_runs{0};
    auto until = [](const auto& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        return done();
    };
    // The writer is kept busy while three writes queue behind it, so the three are one batch.
    std::atomic<bool> blocking{false};
    std::thread blocker([&] {
        store.write([&](core::Transaction&) {
            blocking = true;
            until([&] { return release.load(); });
        });
    });
    if (!until([&] { return blocking.load(); })) {
        release = true;
        blocker.join();
        FAIL("the writer never ran the first write");
    }
    std::exception_ptr refused;
    // Queued in this order, one after the other: the refused write comes after one that runs first.
    std::thread ok1([&] {
        store.write([&](core::Transaction& tx) {
            ++first_runs;
            tx.put_shop({"one", "{}"}, 1);
        });
    });
    bool queued = until([&] { return store.queued() == 1; });
    std::thread bad([&] {
        try {
            store.write([&](core::Transaction& tx) {
                tx.put_shop({"bad", "{}"}, 1);
                core::fail(core::Status::invalid_argument, "refused after writing");
            });
        } catch (...) {
            refused = std::current_exception();
        }
    });
    queued = queued && until([&] { return store.queued() == 2; });
    std::thread ok2([&] { store.write([&](core::Transaction& tx) { tx.put_shop({"two", "{}"}, 1); }); });
    queued = queued && until([&] { return store.queued() == 3; });
    release = true;
    blocker.join();
    ok1.join();
    bad.join();
    ok2.join();
    REQUIRE(queued);
    REQUIRE(refused);
    CHECK_THROWS_WITH(std::rethrow_exception(refused), Catch::Contains("refused after writing"));
    store.read([](core::Transaction& tx) {
        CHECK(tx.shop("one"));
        CHECK(tx.shop("two"));
        CHECK_FALSE(tx.shop("bad"));
    });
    // The first run went without savepoints and was rolled back: the writes before the refused one ran twice.
    CHECK(first_runs == 2);
    const auto after = store.stats();
    CHECK(after.writes - before.writes == 4);
    CHECK(after.commits - before.commits == 2);
}
