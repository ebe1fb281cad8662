// Returns recorded apart from their order (KiotViet): each refunds once per return id, capped at
// the order's amount, and moves the points as a partial refund does.
#include <catch2/catch.hpp>

#include <limits>

#include "engine_fixture.hpp"

using namespace loyalty;
using core::IngestOutcome;
using core::OrderStatus;

namespace {

core::OrderInput invoice(const std::string& id, OrderStatus status, int64_t amount, int64_t version) {
    core::OrderInput o = test::order("kiotviet:" + id, status, amount, 0, version);
    o.customer.platform = "kiotviet";
    o.customer.customer_id = "K-1";
    return o;
}

core::OrderReturn a_return(const std::string& invoice_id, const std::string& return_id, int64_t amount) {
    return core::OrderReturn{"kiotviet:" + invoice_id, return_id, amount, 1715670000, std::nullopt};
}

core::IngestResult deliver(core::Engine& e, const std::string& key, core::DeliveryEvent event) {
    return e.ingest("shop", core::Delivery{"kiotviet", key, "return.update", {std::move(event)}});
}

core::OrderState stored(core::Engine& e, const std::string& order_id) {
    return e.store().read([&](core::Transaction& tx) { return *tx.order("shop", order_id); });
}

}  // namespace

TEST_CASE("a return refunds part of the order's points once, however often it is pulled", "[returns]") {
    auto e = test::memory_engine();
    auto paid = deliver(*e, "inv-1", core::OrderUpdate{invoice("500", OrderStatus::paid, 1000000, 10)});
    const std::string m = paid.events[0].member_id;
    REQUIRE(e->balances("shop", m).available == 100);

    auto r = deliver(*e, "ret-1", a_return("500", "9001", 300000));
    REQUIRE(r.outcome == IngestOutcome::applied);
    CHECK(r.events[0].type == "return");
    CHECK(r.events[0].points_delta == -30);
    CHECK(r.events[0].status == "partially_refunded");
    CHECK(e->balances("shop", m).available == 70);
    CHECK(e->balances("shop", m).lifetime_spend == 700000);
    auto o = stored(*e, "kiotviet:500");
    CHECK(o.refunded_amount == 300000);
    CHECK(o.returned_amount == 300000);

    // Pulled again under another key (months later, its delivery key long forgotten): nothing.
    e->store().write([](core::Transaction& tx) { tx.forget_deliveries(std::numeric_limits<int64_t>::max()); });
    auto again = deliver(*e, "ret-1", a_return("500", "9001", 300000));
    CHECK(again.outcome == IngestOutcome::duplicate);
    CHECK_FALSE(again.events[0].applied);
    CHECK(again.events[0].note.find("already applied") != std::string::npos);
    CHECK(e->balances("shop", m).available == 70);

    // The invoice itself comes again, newer, unrefunded as KiotViet keeps it: the return stays.
    auto later = deliver(*e, "inv-2", core::OrderUpdate{invoice("500", OrderStatus::paid, 1000000, 11)});
    CHECK(later.events[0].points_delta == 0);
    CHECK(e->balances("shop", m).available == 70);
    CHECK(stored(*e, "kiotviet:500").refunded_amount == 300000);
    CHECK(stored(*e, "kiotviet:500").version == 11);
}

TEST_CASE("two returns of one order add up, capped at the order's amount", "[returns]") {
    auto e = test::memory_engine();
    auto paid = deliver(*e, "inv-1", core::OrderUpdate{invoice("500", OrderStatus::paid, 1000000, 10)});
    const std::string m = paid.events[0].member_id;
    CHECK(deliver(*e, "ret-1", a_return("500", "9001", 400000)).events[0].points_delta == -40);
    auto second = deliver(*e, "ret-2", a_return("500", "9002", 900000));
    CHECK(second.events[0].points_delta == -60);
    CHECK(second.events[0].status == "refunded");
    auto o = stored(*e, "kiotviet:500");
    CHECK(o.status == OrderStatus::refunded);
    CHECK(o.refunded_amount == 1000000);
    CHECK(o.returned_amount == 1000000);
    auto b = e->balances("shop", m);
    CHECK(b.available == 0);
    CHECK(b.lifetime_spend == 0);
    // A third return of an order refunded in full moves nothing.
    auto third = deliver(*e, "ret-3", a_return("500", "9003", 100000));
    CHECK(third.events[0].points_delta == 0);
    CHECK(e->balances("shop", m).available == 0);
}

TEST_CASE("a return of an order not known yet is skipped, and applies once the invoice is in", "[returns]") {
    auto e = test::memory_engine();
    auto early = deliver(*e, "ret-1", a_return("777", "9001", 200000));
    CHECK(early.outcome == IngestOutcome::ignored);
    CHECK(early.events[0].type == "skipped");
    CHECK(early.events[0].note.find("not known yet") != std::string::npos);
    CHECK(e->store().read([](core::Transaction& tx) { return tx.order("shop", "kiotviet:777"); }) == std::nullopt);

    auto paid = deliver(*e, "inv-1", core::OrderUpdate{invoice("777", OrderStatus::paid, 1000000, 10)});
    auto applied = deliver(*e, "ret-1b", a_return("777", "9001", 200000));
    CHECK(applied.events[0].points_delta == -20);
    CHECK(e->balances("shop", paid.events[0].member_id).available == 80);
}

TEST_CASE("a return of a cancelled order is skipped, one of a pending order refunds when it is paid", "[returns]") {
    auto e = test::memory_engine();
    deliver(*e, "inv-1", core::OrderUpdate{invoice("1", OrderStatus::cancelled, 1000000, 10)});
    auto cancelled = deliver(*e, "ret-1", a_return("1", "9001", 200000));
    CHECK(cancelled.outcome == IngestOutcome::ignored);
    CHECK(cancelled.events[0].note.find("cancelled") != std::string::npos);

    auto pending = deliver(*e, "inv-2", core::OrderUpdate{invoice("2", OrderStatus::pending, 1000000, 10)});
    auto kept = deliver(*e, "ret-2", a_return("2", "9002", 250000));
    CHECK(kept.events[0].applied);
    CHECK(kept.events[0].points_delta == 0);
    auto paid = deliver(*e, "inv-3", core::OrderUpdate{invoice("2", OrderStatus::paid, 1000000, 11)});
    CHECK(paid.events[0].points_delta == 75);
    CHECK(stored(*e, "kiotviet:2").status == OrderStatus::partially_refunded);
    CHECK(e->balances("shop", pending.events[0].member_id).available == 75);
}

TEST_CASE("a return with a bad amount refuses the delivery and changes nothing", "[returns]") {
    auto e = test::memory_engine();
    deliver(*e, "inv-1", core::OrderUpdate{invoice("500", OrderStatus::paid, 1000000, 10)});
    CHECK(test::status_of([&] { deliver(*e, "ret-1", a_return("500", "9001", -5)); }) ==
          core::Status::invalid_argument);
    CHECK(test::status_of([&] { deliver(*e, "ret-1", a_return("500", "", 5)); }) == core::Status::invalid_argument);
    CHECK(stored(*e, "kiotviet:500").refunded_amount == 0);
    CHECK(deliver(*e, "ret-1", a_return("500", "9001", 100000)).events[0].points_delta == -10);
}
