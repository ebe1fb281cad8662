// Deliveries as the connectors hand them over: dedup, all-or-none batches, stale states, members
// merged across platforms, unlinked references, and the quarantine.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"

using namespace loyalty;
using core::IngestOutcome;
using core::OrderStatus;

namespace {

core::OrderInput platform_order(const std::string& platform, const std::string& customer_id, const std::string& phone,
                                const std::string& id, OrderStatus status, int64_t amount, int64_t version,
                                int64_t refunded = 0) {
    core::OrderInput o = test::order(platform + ":" + id, status, amount, refunded, version);
    o.customer.platform = platform;
    o.customer.customer_id = customer_id;
    o.customer.phone = phone;
    return o;
}

core::Delivery delivery(const std::string& key, std::vector<core::DeliveryEvent> events,
                        const std::string& platform = "haravan") {
    return {platform, key, "orders/updated", std::move(events)};
}

core::CustomerUpsert customer(const std::string& platform, const std::string& id, const std::string& phone,
                              const std::string& name = "") {
    core::CustomerUpsert u;
    u.customer.platform = platform;
    u.customer.customer_id = id;
    u.customer.phone = phone;
    u.customer.name = name;
    return u;
}

int64_t entries_of(core::Engine& e, const std::string& member_id) {
    return static_cast<int64_t>(e.transactions("shop", member_id, 500, std::nullopt).entries.size());
}

}  // namespace

TEST_CASE("a delivery applies its events and a retry of it is a duplicate", "[ingest]") {
    auto e = test::memory_engine();
    auto d = delivery("k1", {core::OrderUpdate{platform_order("haravan", "H-1", "0912345678", "1001",
                                                              OrderStatus::paid, 1130000, 10)}});
    auto first = e->ingest("shop", d);
    REQUIRE(first.outcome == IngestOutcome::applied);
    REQUIRE(first.events.size() == 1);
    CHECK(first.events[0].type == "order");
    CHECK(first.events[0].points_delta == 113);
    auto again = e->ingest("shop", d);
    CHECK(again.outcome == IngestOutcome::duplicate);
    CHECK(again.events.empty());
    CHECK(e->balances("shop", first.events[0].member_id).available == 113);
}

TEST_CASE("the same order state under a new delivery key changes nothing", "[ingest]") {
    auto e = test::memory_engine();
    auto o = platform_order("haravan", "H-1", "0912345678", "1001", OrderStatus::paid, 1130000, 10);
    e->ingest("shop", delivery("orders/paid:1001", {core::OrderUpdate{o}}));
    auto r = e->ingest("shop", delivery("orders/updated:1001", {core::OrderUpdate{o}}));
    CHECK(r.outcome == IngestOutcome::duplicate);
    CHECK(r.events.at(0).points_delta == 0);
}

TEST_CASE("an older version arriving late is stale and changes nothing", "[ingest]") {
    auto e = test::memory_engine();
    auto refunded = platform_order("haravan", "H-1", "", "1001", OrderStatus::partially_refunded, 1130000, 20, 330000);
    auto paid = platform_order("haravan", "H-1", "", "1001", OrderStatus::paid, 1130000, 10);
    auto r1 = e->ingest("shop", delivery("v20", {core::OrderUpdate{refunded}}));
    CHECK(r1.events.at(0).points_delta == 80);
    auto r2 = e->ingest("shop", delivery("v10", {core::OrderUpdate{paid}}));
    CHECK(r2.outcome == IngestOutcome::stale);
    CHECK(r2.events.at(0).stale);
    CHECK(e->balances("shop", r1.events[0].member_id).available == 80);
}

TEST_CASE("a delivered cancel that precedes its paid delivery wins", "[ingest]") {
    auto e = test::memory_engine();
    auto cancelled = platform_order("kiotviet", "K-1", "0912345678", "55", OrderStatus::cancelled, 500000, 20);
    auto paid = platform_order("kiotviet", "K-1", "0912345678", "55", OrderStatus::paid, 500000, 10);
    auto r1 = e->ingest("shop", delivery("a", {core::OrderUpdate{cancelled}}, "kiotviet"));
    CHECK(r1.events.at(0).points_delta == 0);
    auto r2 = e->ingest("shop", delivery("b", {core::OrderUpdate{paid}}, "kiotviet"));
    CHECK(r2.outcome == IngestOutcome::stale);
    CHECK(e->balances("shop", r1.events[0].member_id).available == 0);
}

TEST_CASE("a batch with one bad object applies none of them", "[ingest]") {
    auto e = test::memory_engine();
    auto good = platform_order("kiotviet", "K-1", "0912345678", "1", OrderStatus::paid, 500000, 1);
    auto bad = platform_order("kiotviet", "K-2", "0987654312", "2", OrderStatus::paid, 500000, 1);
    bad.refunded_amount = 600000;  // more than the amount: refused
    CHECK(test::status_of([&] {
              e->ingest("shop", delivery("batch", {core::OrderUpdate{good}, core::OrderUpdate{bad}}, "kiotviet"));
          }) == core::Status::invalid_argument);
    CHECK(test::status_of([&] { e->member("shop", {.phone = "0912345678"}); }) == core::Status::not_found);
    // The key was not recorded either: the fixed delivery is applied, not called a duplicate.
    bad.refunded_amount = 0;
    auto r = e->ingest("shop", delivery("batch", {core::OrderUpdate{good}, core::OrderUpdate{bad}}, "kiotviet"));
    CHECK(r.outcome == IngestOutcome::applied);
    CHECK(r.events.size() == 2);
}

TEST_CASE("the same order twice in one batch is credited once", "[ingest]") {
    auto e = test::memory_engine();
    auto first = platform_order("kiotviet", "K-1", "0912345678", "1", OrderStatus::paid, 500000, 1);
    auto r = e->ingest("shop", delivery("dup-in-batch", {core::OrderUpdate{first}, core::OrderUpdate{first}}, "kiotviet"));
    CHECK(r.events.at(0).points_delta == 50);
    CHECK(r.events.at(1).points_delta == 0);
    CHECK(e->balances("shop", r.events[0].member_id).available == 50);
}

TEST_CASE("only skipped events make an ignored delivery", "[ingest]") {
    auto e = test::memory_engine();
    auto r = e->ingest("shop", delivery("p", {core::Skipped{"product", "products do not concern loyalty"}}));
    CHECK(r.outcome == IngestOutcome::ignored);
    CHECK(r.events.at(0).note == "products do not concern loyalty");
}

TEST_CASE("the same phone on two platforms is one member with one balance", "[ingest][merge]") {
    auto e = test::memory_engine();
    auto counter = platform_order("kiotviet", "K-7", "0912345678", "1", OrderStatus::paid, 300000, 1);
    auto online = platform_order("haravan", "H-9", "+84 912 345 678", "2", OrderStatus::paid, 200000, 1);
    auto a = e->ingest("shop", delivery("1", {core::OrderUpdate{counter}}, "kiotviet"));
    auto b = e->ingest("shop", delivery("2", {core::OrderUpdate{online}}, "haravan"));
    CHECK(a.events[0].member_id == b.events[0].member_id);
    auto m = e->member("shop", {.platform = "haravan", .customer_id = "H-9"});
    CHECK(m.balances.available == 50);
    CHECK(m.refs.size() == 2);
}

TEST_CASE("two members that turn out to share a phone are merged with ledger entries", "[ingest][merge]") {
    int64_t clock = 1000;
    auto e = test::memory_engine(&clock);
    // Known at the counter by phone; online without one.
    auto counter = platform_order("kiotviet", "K-7", "0912345678", "1", OrderStatus::paid, 300000, 1);
    auto online = platform_order("haravan", "H-9", "", "2", OrderStatus::paid, 200000, 1);
    auto a = e->ingest("shop", delivery("1", {core::OrderUpdate{counter}}, "kiotviet"));
    clock = 2000;
    auto b = e->ingest("shop", delivery("2", {core::OrderUpdate{online}}, "haravan"));
    std::string older = a.events[0].member_id, younger = b.events[0].member_id;
    REQUIRE(older != younger);

    // The online customer adds the phone, written another way.
    clock = 3000;
    auto r = e->ingest("shop", delivery("3", {customer("haravan", "H-9", "+84 912 345 678", "Trần Thị Bình")}, "haravan"));
    CHECK(r.outcome == IngestOutcome::applied);
    CHECK(r.events.at(0).member_id == older);
    CHECK(r.events.at(0).note.find("merged") != std::string::npos);

    auto survivor = e->member("shop", {.member_id = older});
    CHECK(survivor.balances.available == 50);
    CHECK(survivor.balances.lifetime_earned == 50);
    CHECK(survivor.balances.lifetime_spend == 500000);
    CHECK(survivor.refs.size() == 2);
    // The absorbed member's id still answers, as the survivor.
    CHECK(e->member("shop", {.member_id = younger}).member_id == older);
    CHECK(e->balances("shop", younger).available == 50);
    // History was added to, not rewritten: earn on each side, then a merge pair.
    auto survivor_entries = e->transactions("shop", older, 50, std::nullopt).entries;
    CHECK(survivor_entries.front().kind == core::EntryKind::merge);
    CHECK(survivor_entries.front().available_delta == 20);
    CHECK(entries_of(*e, older) == 2);
    // Maintenance recounts every balance from the entries, merged members included.
    auto report = e->run_maintenance(4000);
    CHECK(report.mismatches.empty());
    CHECK(report.entries == 4);
    // A refund of the absorbed member's order now reverses on the survivor.
    auto refund = platform_order("haravan", "H-9", "", "2", OrderStatus::refunded, 200000, 2, 200000);
    auto rr = e->ingest("shop", delivery("4", {core::OrderUpdate{refund}}, "haravan"));
    CHECK(rr.events.at(0).member_id == older);
    CHECK(e->balances("shop", older).available == 30);
    CHECK(e->run_maintenance(5000).mismatches.empty());
}

TEST_CASE("a platform deleting its customer unlinks the reference and keeps the ledger", "[ingest]") {
    auto e = test::memory_engine();
    auto o = platform_order("haravan", "H-1", "0912345678", "1", OrderStatus::paid, 300000, 1);
    auto a = e->ingest("shop", delivery("1", {core::OrderUpdate{o}}));
    auto r = e->ingest("shop", delivery("2", {core::CustomerUnlink{{"haravan", "H-1"}}}));
    CHECK(r.outcome == IngestOutcome::applied);
    CHECK(r.events.at(0).member_id == a.events[0].member_id);
    CHECK(test::status_of([&] { e->member("shop", {.platform = "haravan", .customer_id = "H-1"}); }) ==
          core::Status::not_found);
    auto m = e->member("shop", {.phone = "0912345678"});
    CHECK(m.balances.available == 30);
    CHECK(m.refs.empty());
    auto again = e->ingest("shop", delivery("3", {core::CustomerUnlink{{"haravan", "H-1"}}}));
    CHECK_FALSE(again.events.at(0).applied);
}

TEST_CASE("customer upserts fill the profile, group included", "[ingest]") {
    auto e = test::memory_engine();
    auto u = customer("sapo", "S-1", "0912345678", "Lê Văn Cường");
    u.customer.group = "VIP";
    u.customer.birthday = "1990-05-13";
    auto r = e->ingest("shop", delivery("c1", {u}, "sapo"));
    CHECK(r.events.at(0).created);
    auto m = e->member("shop", {.platform = "sapo", .customer_id = "S-1"});
    CHECK(m.group == "VIP");
    CHECK(m.birthday == "1990-05-13");
    CHECK(m.name == "Lê Văn Cường");
}

TEST_CASE("quarantined deliveries are kept whole, listed, and resolved", "[ingest][quarantine]") {
    auto e = test::memory_engine();
    core::QuarantinedDelivery q;
    q.shop_id = "shop";
    q.platform = "haravan";
    q.headers = R"({"X-Haravan-Topic":"orders/paid"})";
    q.body = std::string("{\"id\": \xff}", 9);
    q.error = "body is not valid JSON";
    int64_t id = e->quarantine(q);
    auto listed = e->quarantined({});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].quarantine_id == id);
    CHECK(listed[0].body == q.body);
    CHECK_FALSE(listed[0].resolved_at);
    e->resolve_quarantine(id, "dismissed: test");
    CHECK(e->quarantined({}).empty());
    core::QuarantineQuery all;
    all.include_resolved = true;
    CHECK(e->quarantined(all).at(0).resolution == "dismissed: test");
    CHECK(test::status_of([&] { e->quarantined_one(id + 1); }) == core::Status::not_found);
}

TEST_CASE("an older customer update arriving late does not overwrite a newer one", "[ingest]") {
    auto e = test::memory_engine();
    auto newer = customer("haravan", "H-1", "0912345678", "Nguyễn Văn An");
    newer.version = 200;
    auto older = customer("haravan", "H-1", "0987654312", "Nguyen Van An");
    older.version = 100;
    e->ingest("shop", delivery("c200", {newer}));
    auto late = e->ingest("shop", delivery("c100", {older}));
    CHECK(late.outcome == IngestOutcome::stale);
    CHECK(late.events.at(0).stale);
    auto m = e->member("shop", {.platform = "haravan", .customer_id = "H-1"});
    CHECK(m.name == "Nguyễn Văn An");
    CHECK(m.phone == "+84912345678");
    auto same = e->ingest("shop", delivery("c200-again-under-another-key", {newer}));
    CHECK(same.outcome == IngestOutcome::duplicate);
}

TEST_CASE("maintenance forgets delivery keys after 90 days, versions still stop a late retry", "[ingest]") {
    int64_t clock = 1'700'000'000;
    auto e = test::memory_engine(&clock);
    auto paid = platform_order("haravan", "H-1", "", "1", OrderStatus::paid, 300000, 5);
    auto d = delivery("k", {core::OrderUpdate{paid}});
    e->ingest("shop", d);
    CHECK(e->run_maintenance(clock + 89 * 86400).deliveries_forgotten == 0);
    CHECK(e->ingest("shop", d).outcome == IngestOutcome::duplicate);
    CHECK(e->run_maintenance(clock + 91 * 86400).deliveries_forgotten == 1);
    clock += 91 * 86400;
    auto late = e->ingest("shop", d);
    CHECK(late.outcome == IngestOutcome::duplicate);  // the order is already in this state
    CHECK(late.events.at(0).points_delta == 0);
    CHECK(e->run_maintenance(clock).deliveries_forgotten == 0);  // the late retry's key is fresh again
}

TEST_CASE("a replay is applied and resolved in one transaction, and only once", "[ingest][quarantine]") {
    auto e = test::memory_engine();
    core::QuarantinedDelivery q;
    q.shop_id = "shop";
    q.platform = "haravan";
    q.headers = "{}";
    q.body = "{}";
    q.error = "was malformed";
    int64_t id = e->quarantine(q);
    auto d = delivery("r1", {core::OrderUpdate{platform_order("haravan", "H-1", "0912345678", "1001",
                                                              OrderStatus::paid, 1130000, 10)}});
    auto replayed = e->ingest("shop", d, id);
    CHECK(replayed.outcome == IngestOutcome::applied);
    core::QuarantineQuery all;
    all.include_resolved = true;
    auto resolved = e->quarantined(all).at(0);
    CHECK(resolved.resolution == "replayed: applied");
    CHECK(resolved.resolved_at);
    // A second replay of the same item is refused before it changes anything, even with a new key.
    auto other = delivery("r2", {core::OrderUpdate{platform_order("haravan", "H-2", "0903111222", "1002",
                                                                  OrderStatus::paid, 500000, 10)}});
    CHECK(test::status_of([&] { e->ingest("shop", other, id); }) == core::Status::conflict);
    CHECK(test::status_of([&] { e->member("shop", {.platform = "haravan", .customer_id = "H-2"}); }) ==
          core::Status::not_found);
    CHECK(test::status_of([&] { e->resolve_quarantine(id, "dismissed: late"); }) == core::Status::conflict);
    CHECK(e->quarantined(all).at(0).resolution == "replayed: applied");
    // A replay that fails leaves the item open.
    int64_t open = e->quarantine(q);
    auto bad = delivery("r3", {core::OrderUpdate{platform_order("haravan", "H-3", "0904222333", "1003",
                                                                OrderStatus::paid, -1, 10)}});
    CHECK(test::status_of([&] { e->ingest("shop", bad, open); }) == core::Status::invalid_argument);
    CHECK(e->quarantined({}).at(0).quarantine_id == open);
}

TEST_CASE("setting a group or a manual tier answers with the member as that transaction left it", "[ingest]") {
    auto e = test::memory_engine();
    auto m = e->record_order("shop", test::order("A-1", OrderStatus::paid, 1000000)).member_id;
    auto details = e->set_group("shop", m, std::string("Đại lý"));
    CHECK(details.member.group == "Đại lý");
    CHECK(details.member.group_by_shop);
    CHECK(details.member.balances.available == 100);
    CHECK(test::status_of([&] { e->set_group("shop", "m_nobody", std::string("x")); }) == core::Status::not_found);
}

namespace {

// Two orders of one customer at 6·10^14 VND each: the second would take its lifetime spend past 10^15, which only the
// transaction can find out. A third customer's order, a repeat of the first, and one that fails its check before any
// transaction complete the batch.
std::vector<core::Delivery> mixed_batch() {
    auto big = [](const std::string& id) {
        return platform_order("haravan", "H-1", "0912345678", id, OrderStatus::paid, 600'000'000'000'000, 10);
    };
    auto other = platform_order("haravan", "H-3", "0987654321", "3", OrderStatus::paid, 500000, 10);
    auto no_customer = platform_order("haravan", "", "", "9", OrderStatus::paid, 100000, 10);
    return {
        delivery("k1", {core::OrderUpdate{big("1")}}),   delivery("k2", {core::OrderUpdate{big("2")}}),
        delivery("k3", {core::OrderUpdate{other}}),      delivery("k1", {core::OrderUpdate{big("1")}}),
        delivery("k9", {core::OrderUpdate{no_customer}}),
    };
}

}  // namespace

TEST_CASE("a batch of deliveries is one commit", "[ingest][bulk][sqlite]") {
    auto store = std::make_unique<core::sqlite::SqliteStore>(core::sqlite::SqliteOptions{":memory:"});
    auto* sqlite = store.get();
    core::Engine e(std::move(store), test::decode);
    e.put_shop(test::program("shop", 10000));
    std::vector<core::Delivery> batch = mixed_batch();

    SECTION("every delivery valid: one commit for all of them") {
        batch.erase(batch.begin() + 1);
        batch.pop_back();
        int64_t commits = sqlite->stats().commits;
        auto slots = e.ingest_batch("shop", batch);
        REQUIRE(slots.size() == 3);
        for (const auto& s : slots) CHECK_FALSE(s.error);
        CHECK(slots[0].result.outcome == IngestOutcome::applied);
        CHECK(slots[1].result.outcome == IngestOutcome::applied);
        CHECK(slots[2].result.outcome == IngestOutcome::duplicate);  // k1 again, earlier in the same batch
        CHECK(sqlite->stats().commits == commits + 1);
        CHECK(e.balances("shop", slots[0].result.events.at(0).member_id).available == 60'000'000'000);
    }
    SECTION("nothing valid: no transaction at all") {
        int64_t commits = sqlite->stats().commits;
        auto slots = e.ingest_batch("shop", {batch[4]});
        CHECK(slots.at(0).error);
        CHECK(sqlite->stats().commits == commits);
    }
}

TEST_CASE("in a batch, a delivery refused in or before the transaction changes nothing, and the others apply once",
          "[ingest][bulk]") {
    auto e = test::memory_engine();
    const std::vector<core::Delivery> batch = mixed_batch();
    auto slots = e->ingest_batch("shop", batch);
    REQUIRE(slots.size() == 5);
    CHECK_FALSE(slots[0].error);
    CHECK(slots[0].result.outcome == IngestOutcome::applied);
    CHECK(test::status_of([&] { std::rethrow_exception(slots[1].error); }) == core::Status::invalid_argument);
    CHECK_FALSE(slots[2].error);
    CHECK(slots[2].result.outcome == IngestOutcome::applied);
    CHECK_FALSE(slots[3].error);
    CHECK(slots[3].result.outcome == IngestOutcome::duplicate);
    CHECK(test::status_of([&] { std::rethrow_exception(slots[4].error); }) == core::Status::invalid_argument);
    const std::string member = slots[0].result.events.at(0).member_id;
    CHECK(e->balances("shop", member).lifetime_spend == 600'000'000'000'000);
    CHECK(e->balances("shop", member).available == 60'000'000'000);
    CHECK(entries_of(*e, member) == 1);
    // The refused delivery's key was not kept: alone, it is refused again rather than called a duplicate.
    CHECK(test::status_of([&] { e->ingest("shop", batch[1]); }) == core::Status::invalid_argument);
}

TEST_CASE("a delivery stored, or found stored, is known as a duplicate from memory", "[ingest]") {
    int64_t clock = 1715584800;
    auto e = test::memory_engine(&clock);
    auto program = e->shop("shop");
    auto d = delivery("k-mem", {core::OrderUpdate{platform_order("haravan", "H-1", "0912345678", "1001",
                                                                 OrderStatus::paid, 1130000, 10)}});
    CHECK_FALSE(e->known_duplicate(*program, d));
    REQUIRE(e->ingest("shop", d).outcome == IngestOutcome::applied);
    CHECK(e->known_duplicate(*program, d));
    // Another key, platform or shop is not known.
    auto other = d;
    other.key = "k-other";
    CHECK_FALSE(e->known_duplicate(*program, other));
    other = d;
    other.platform = "sapo";
    CHECK_FALSE(e->known_duplicate(*program, other));
    auto elsewhere = test::program("elsewhere", 10000);
    CHECK_FALSE(e->known_duplicate(elsewhere, d));
    // A delivery ingest would refuse is not answered from memory, though its key is known.
    auto refused = d;
    std::get<core::OrderUpdate>(refused.events[0]).order.amount = -5;
    CHECK_FALSE(e->known_duplicate(*program, refused));
    // Remembered for an hour at most: past it, ingest is asked again, and finding it stored remembers it anew.
    clock += 3600;
    CHECK_FALSE(e->known_duplicate(*program, d));
    CHECK(e->ingest("shop", d).outcome == IngestOutcome::duplicate);
    CHECK(e->known_duplicate(*program, d));
}

TEST_CASE("a delivery another engine stored is known once this one has read it", "[ingest][sqlite]") {
    auto url = "sqlite:" + test::temp_db("known-dup");
    auto writer = test::engine_on(url);
    auto reader = test::engine_on(url);
    auto d = delivery("k-shared", {core::OrderUpdate{platform_order("haravan", "H-2", "0912345679", "1002",
                                                                    OrderStatus::paid, 500000, 10)}});
    REQUIRE(writer->ingest("shop", d).outcome == IngestOutcome::applied);
    auto program = reader->shop("shop");
    CHECK_FALSE(reader->known_duplicate(*program, d));
    CHECK(reader->ingest("shop", d).outcome == IngestOutcome::duplicate);
    CHECK(reader->known_duplicate(*program, d));
}

TEST_CASE("a batch's deliveries are known once it is committed, its refused ones are not", "[ingest]") {
    auto e = test::memory_engine();
    auto program = e->shop("shop");
    auto good = delivery("b-1", {core::OrderUpdate{platform_order("haravan", "H-3", "0912345670", "1003",
                                                                  OrderStatus::paid, 500000, 10)}});
    auto bad = delivery("b-2", {core::OrderUpdate{platform_order("haravan", "H-4", "0912345671", "1004",
                                                                 OrderStatus::paid, -1, 10)}});
    auto slots = e->ingest_batch("shop", {good, bad});
    REQUIRE_FALSE(slots[0].error);
    REQUIRE(slots[1].error);
    CHECK(e->known_duplicate(*program, good));
    CHECK_FALSE(e->known_duplicate(*program, bad));
}
