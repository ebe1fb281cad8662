// History without points (docs/program.md): a backfill in spend_only mode records members and
// orders, counts their spend for tiers and programs, and posts no points of any kind.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"
#include "sqlite_exec.hpp"

using namespace loyalty;
using core::OrderStatus;
using core::TierReview;
using core::TierWindow;

namespace {

core::OrderInput haravan_order(const std::string& id, OrderStatus status, int64_t amount, int64_t version,
                               int64_t at, int64_t refunded = 0) {
    core::OrderInput o = test::order("haravan:" + id, status, amount, refunded, version);
    o.occurred_at = at;
    o.customer.platform = "haravan";
    o.customer.customer_id = "H-7";
    o.customer.phone = "0987654321";
    return o;
}

core::Delivery delivery(const std::string& key, std::vector<core::DeliveryEvent> events, bool history) {
    core::Delivery d{"haravan", key, "orders/updated", std::move(events)};
    d.history = history;
    return d;
}

struct HistoryShop : test::ProgramEngine {
    HistoryShop() {
        program.tiers = test::gold_tiers(TierWindow::rolling_12_months, TierReview::monthly);  // Gold: +200
        program.bonuses.welcome = 50;
        program.bonuses.first_order = 100;
        put();
    }
    core::IngestResult ingest(const std::string& key, core::OrderInput o, bool history) {
        return engine->ingest("shop", delivery(key, {core::OrderUpdate{std::move(o)}}, history));
    }
    int64_t entries(const std::string& member_id) {
        return static_cast<int64_t>(engine->transactions("shop", member_id, 500, std::nullopt).entries.size());
    }
    core::OrderState stored(const std::string& order_id) {
        return engine->store().read([&](core::Transaction& tx) { return *tx.order("shop", order_id); });
    }
};

}  // namespace

TEST_CASE("a history delivery records the member and the spend and posts no points", "[history]") {
    HistoryShop t;
    core::CustomerUpsert customer;
    customer.customer = haravan_order("1", OrderStatus::paid, 0, 1, t.clock).customer;
    auto r = t.engine->ingest(
        "shop", delivery("h1", {customer, core::OrderUpdate{haravan_order("1", OrderStatus::paid, 25000000, 1, t.clock)}},
                         true));
    REQUIRE(r.outcome == core::IngestOutcome::applied);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].created);
    CHECK(r.events[1].points_delta == 0);
    const std::string m = r.events[0].member_id;
    auto b = t.balances(m);
    CHECK(b.available == 0);
    CHECK(b.pending == 0);
    CHECK(b.lifetime_earned == 0);
    CHECK(b.lifetime_spend == 25000000);
    CHECK(t.entries(m) == 0);              // no welcome, first-order, earn or upgrade entry
    CHECK(t.tier(m) == "Gold");            // the spend counts for tiers
    CHECK(t.stored("haravan:1").history);

    // A live order afterwards earns at Gold's rate; no first-order or upgrade bonus follows it.
    t.clock += 60;
    auto live = t.ingest("w1", haravan_order("2", OrderStatus::paid, 1000000, 1, t.clock), false);
    CHECK(live.events[0].points_delta == 150);
    CHECK(t.balances(m).available == 150);
    CHECK(t.entries(m) == 1);
    CHECK_FALSE(t.stored("haravan:2").history);
    t.check_books(m);
}

TEST_CASE("a history order refunded or cancelled later by a live webhook reverses nothing", "[history]") {
    HistoryShop t;
    auto h = t.ingest("h1", haravan_order("1", OrderStatus::paid, 2000000, 1, t.clock), true);
    const std::string m = h.events[0].member_id;
    CHECK(t.balances(m).lifetime_spend == 2000000);

    auto refund = t.ingest("w1", haravan_order("1", OrderStatus::partially_refunded, 2000000, 2, t.clock, 500000), false);
    CHECK(refund.outcome == core::IngestOutcome::applied);
    CHECK(refund.events[0].points_delta == 0);
    CHECK(t.balances(m).lifetime_spend == 1500000);
    auto cancel = t.ingest("w2", haravan_order("1", OrderStatus::cancelled, 2000000, 3, t.clock), false);
    CHECK(cancel.events[0].points_delta == 0);
    auto b = t.balances(m);
    CHECK(b.available == 0);
    CHECK(b.lifetime_spend == 0);
    CHECK(t.entries(m) == 0);
    CHECK(t.stored("haravan:1").history);
    t.check_books(m);
}

TEST_CASE("a pending order from history earns when a live webhook pays it", "[history]") {
    HistoryShop t;
    auto h = t.ingest("h1", haravan_order("1", OrderStatus::pending, 2000000, 1, t.clock), true);
    const std::string m = h.events[0].member_id;
    CHECK_FALSE(t.stored("haravan:1").history);
    CHECK(t.entries(m) == 0);  // created by history: no welcome bonus

    auto paid = t.ingest("w1", haravan_order("1", OrderStatus::paid, 2000000, 2, t.clock), false);
    CHECK(paid.events[0].points_delta == 200);
    CHECK(t.balances(m).available == 200 + 100);  // its points and the first-order bonus
    CHECK_FALSE(t.stored("haravan:1").history);
    t.check_books(m);
}

TEST_CASE("a history delivery in a refunded state marks the order and a repeat of it is a duplicate", "[history]") {
    HistoryShop t;
    auto o = haravan_order("1", OrderStatus::refunded, 900000, 1, t.clock, 900000);
    auto h = t.ingest("h1", o, true);
    CHECK(h.events[0].points_delta == 0);
    CHECK(t.stored("haravan:1").history);
    CHECK(t.ingest("h1", o, true).outcome == core::IngestOutcome::duplicate);
    CHECK(t.ingest("w1", o, false).outcome == core::IngestOutcome::duplicate);
    CHECK(t.balances(h.events[0].member_id).available == 0);
}

TEST_CASE("a history order counts for a distributor program's period spend", "[history]") {
    HistoryShop t;
    auto h = t.ingest("h1", haravan_order("1", OrderStatus::paid, 3000000, 1, t.clock), true);
    auto spend = t.engine->store().read([&](core::Transaction& tx) {
        return tx.period_spend("shop", "", t.clock - 86400, t.clock + 86400);
    });
    REQUIRE(spend.size() == 1);
    CHECK(spend[0].member_id == h.events[0].member_id);
    CHECK(spend[0].spend == 3000000);
}

TEST_CASE("a SQLite database from before history and returns opens, its orders live", "[sqlite]") {
    auto path = test::temp_db("history-migration");
    {
        auto e = test::engine_on("sqlite:" + path);
        e->record_order("shop", test::order("pos:1", OrderStatus::paid, 1000000));
    }
    test::sqlite_exec(path, "DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX outbox_messages; DROP INDEX outbox_campaigns; DROP INDEX outbox_sequence; DROP INDEX outbox_by_event; ALTER TABLE outbox DROP COLUMN sequence_key; ALTER TABLE outbox DROP COLUMN event_id; DROP INDEX entries_by_time; ALTER TABLE orders DROP COLUMN history; "
                            "ALTER TABLE orders DROP COLUMN returned_amount; PRAGMA user_version = 6;");
    auto e = test::engine_on("sqlite:" + path);
    auto o = e->store().read([](core::Transaction& tx) { return *tx.order("shop", "pos:1"); });
    CHECK_FALSE(o.history);
    CHECK(o.returned_amount == 0);
    CHECK(o.points == 100);
    auto again = e->record_order("shop", test::order("pos:1", OrderStatus::partially_refunded, 1000000, 500000));
    CHECK(again.points_delta == -50);
}

TEST_CASE("a PostgreSQL schema from before history and returns opens, its orders live", "[.][postgresql]") {
    auto schema = test::unique_schema("history");
    auto url = test::fresh_postgres_url(schema);
    test::engine_on(url)->record_order("shop", test::order("pos:1", OrderStatus::paid, 1000000));
    test::admin_sql("SET search_path = " + schema +
                    "; DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX outbox_messages; DROP INDEX outbox_campaigns; DROP INDEX outbox_sequence; DROP INDEX outbox_by_event; ALTER TABLE outbox DROP COLUMN sequence_key; ALTER TABLE outbox DROP COLUMN event_id; DROP INDEX entries_by_time; ALTER TABLE orders DROP COLUMN history; "
                    "ALTER TABLE orders DROP COLUMN returned_amount; DELETE FROM schema_migrations WHERE version >= 6;");
    auto e = test::engine_on(url);
    auto o = e->store().read([](core::Transaction& tx) { return *tx.order("shop", "pos:1"); });
    CHECK_FALSE(o.history);
    CHECK(o.returned_amount == 0);
    CHECK(e->record_order("shop", test::order("pos:1", OrderStatus::partially_refunded, 1000000, 500000)).points_delta ==
          -50);
}
