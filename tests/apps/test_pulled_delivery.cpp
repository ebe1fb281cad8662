// Objects an app pulls from a platform's API go the webhook's way: one change, never two.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "../core/engine_fixture.hpp"
#include "common/crypto.hpp"
#include "deliver.hpp"

using namespace loyalty;
using connectors::DeliveryOutcome;

namespace {

const std::string secret = "pulled-test-secret";

std::string example(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_EXAMPLES) + "/" + name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<core::Engine> haravan_engine() {
    auto engine = test::memory_engine();
    core::ShopProgram p = test::program("shop", 10000);
    p.connections.push_back({"haravan", {secret}, "", "200000"});
    engine->put_shop(p);
    return engine;
}

connectors::Headers topic(const std::string& t) {
    connectors::Headers h;
    h.add("X-Haravan-Topic", t);
    return h;
}

}  // namespace

TEST_CASE("an order pulled by backfill and then its webhook credit once", "[apps][pull]") {
    auto engine = haravan_engine();
    std::string body = example("haravan-order-paid.json");
    auto pulled = connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/updated"), body);
    REQUIRE(pulled.outcome == DeliveryOutcome::applied);
    int64_t entries = engine->stats().entries;
    CHECK(entries > 0);

    // The platform's own webhook for the same state arrives late: signed, another topic, same order.
    connectors::DeliveryRequest webhook{"haravan", "shop", topic("orders/paid"), body};
    webhook.headers.add("X-Haravan-Hmacsha256",
                        connectors::base64_encode(connectors::hmac_sha256(secret, body)));
    auto live = connectors::deliver(*engine, webhook);
    CHECK(live.outcome == DeliveryOutcome::duplicate);
    // And the next reconciliation pulls it again.
    CHECK(connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/updated"), body).outcome ==
          DeliveryOutcome::duplicate);
    CHECK(engine->stats().entries == entries);
}

TEST_CASE("a pulled object that cannot be read is kept, and an unknown shop or platform is refused", "[apps][pull]") {
    auto engine = haravan_engine();
    auto kept = connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/updated"), R"({"id": 1)");
    CHECK(kept.outcome == DeliveryOutcome::quarantined);
    CHECK(kept.quarantine_id > 0);
    CHECK(engine->stats().quarantine_open == 1);

    auto refused = [&](const std::string& shop, const std::string& platform) {
        try {
            connectors::deliver_pulled(*engine, shop, platform, topic("orders/updated"), "{}");
        } catch (const core::Error& e) {
            return e.status();
        }
        return core::Status::ok;
    };
    CHECK(refused("nope", "haravan") == core::Status::not_found);
    CHECK(refused("shop", "sapo") == core::Status::not_found);
    CHECK(refused("shop", "shopee") == core::Status::not_found);
    CHECK(engine->stats().quarantine_open == 1);
}

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + name);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("an order pulled as history records its spend without points, and its webhook adds none", "[apps][pull]") {
    auto engine = haravan_engine();
    std::string body = example("haravan-order-paid.json");
    auto pulled = connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/updated"), body, true);
    REQUIRE(pulled.outcome == DeliveryOutcome::applied);
    REQUIRE(pulled.ingest.events.size() == 1);
    CHECK(pulled.ingest.events[0].points_delta == 0);
    CHECK(engine->stats().entries == 0);
    const std::string member = pulled.ingest.events[0].member_id;
    CHECK(engine->balances("shop", member).lifetime_spend > 0);
    CHECK(engine->balances("shop", member).available == 0);

    connectors::DeliveryRequest webhook{"haravan", "shop", topic("orders/paid"), body};
    webhook.headers.add("X-Haravan-Hmacsha256", connectors::base64_encode(connectors::hmac_sha256(secret, body)));
    CHECK(connectors::deliver(*engine, webhook).outcome == DeliveryOutcome::duplicate);
    // Reconciliation pulls it live: the order's state is the same, and it stays without points.
    CHECK(connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/paid"), body).outcome ==
          DeliveryOutcome::duplicate);
    CHECK(engine->stats().entries == 0);
}

TEST_CASE("a history object kept in quarantine stays history, a webhook cannot claim to be", "[apps][pull]") {
    auto engine = haravan_engine();
    auto kept = connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/updated"), R"({"id": 1)", true);
    REQUIRE(kept.outcome == DeliveryOutcome::quarantined);
    CHECK(engine->quarantined_one(kept.quarantine_id).headers.find("X-Loyalty-History") != std::string::npos);

    std::string body = R"({"id": 2)";
    connectors::DeliveryRequest webhook{"haravan", "shop", topic("orders/paid"), body};
    webhook.headers.add("X-Haravan-Hmacsha256", connectors::base64_encode(connectors::hmac_sha256(secret, body)));
    webhook.headers.add("x-loyalty-history", "true");
    auto quarantined = connectors::deliver(*engine, webhook);
    REQUIRE(quarantined.outcome == DeliveryOutcome::quarantined);
    CHECK(engine->quarantined_one(quarantined.quarantine_id).headers.find("istory") == std::string::npos);
}

TEST_CASE("a pulled Haravan order carrying a grant's code marks the grant used, once", "[apps][pull]") {
    auto engine = test::memory_engine();
    core::ShopProgram p = test::program("shop", 10000);
    p.connections.push_back({"haravan", {secret}, "", "200000"});
    core::Reward tea;
    tea.reward_id = "tea";
    tea.name = "Trà sữa";
    tea.cost_points = 100;
    p.rewards = {tea};
    engine->put_shop(p);
    auto member = engine->record_order("shop", test::order("pos:1", core::OrderStatus::paid, 5000000)).member_id;
    auto grant = engine->claim_reward("shop", {member, "tea", "k1"}).grant;

    std::string body = replaced(fixture("haravan/order_paid.json"), "\"code\": \"TET2024\"", "\"code\": \"" + grant.code + "\"");
    auto pulled = connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/paid"), body);
    REQUIRE(pulled.outcome == DeliveryOutcome::applied);
    CHECK(pulled.ingest.events[0].note.find("grant " + grant.code + " used by this order") != std::string::npos);
    auto used = engine->grants("shop", {.code = grant.code}).grants;
    REQUIRE(used.size() == 1);
    CHECK(used[0].status == core::GrantStatus::used);
    CHECK(used[0].used_order == pulled.ingest.events[0].ref);

    CHECK(connectors::deliver_pulled(*engine, "shop", "haravan", topic("orders/paid"), body).outcome ==
          DeliveryOutcome::duplicate);
    auto again = engine->grants("shop", {.code = grant.code}).grants;
    CHECK(again[0].used_at == used[0].used_at);
}

TEST_CASE("a KiotViet return pulled from the API refunds its invoice's points once", "[apps][pull]") {
    auto engine = test::memory_engine();
    core::ShopProgram p = test::program("shop", 10000);
    p.connections.push_back({"kiotviet", {"a2lvdHZpZXQtdGVzdC1zZWNyZXQtMjAyNA=="}, "", ""});
    engine->put_shop(p);
    auto invoice =
        connectors::deliver_pulled(*engine, "shop", "kiotviet", {}, fixture("kiotviet/invoice_completed.json"));
    REQUIRE(invoice.outcome == DeliveryOutcome::applied);
    const std::string member = invoice.ingest.events[0].member_id;
    REQUIRE(engine->balances("shop", member).available == 125);

    std::string returns = fixture("kiotviet/return_update.json");
    auto pulled = connectors::deliver_pulled(*engine, "shop", "kiotviet", {}, returns);
    REQUIRE(pulled.outcome == DeliveryOutcome::applied);
    REQUIRE(pulled.ingest.events.size() == 3);
    CHECK(pulled.ingest.events[0].type == "return");
    CHECK(pulled.ingest.events[0].points_delta == -45);  // 125 for 1,250,000; 80 kept for 800,000
    CHECK(pulled.ingest.events[1].type == "skipped");    // cancelled
    CHECK(pulled.ingest.events[2].type == "skipped");    // no invoice
    CHECK(engine->balances("shop", member).available == 80);

    // Pulled again, by the next walk under another envelope id: nothing moves.
    auto again = connectors::deliver_pulled(*engine, "shop", "kiotviet", {},
                                            replaced(returns, "\"Id\":\"return:5201001", "\"Id\":\"walk-2:5201001"));
    CHECK(again.outcome == DeliveryOutcome::duplicate);
    CHECK(engine->balances("shop", member).available == 80);
}

TEST_CASE("a page of pulled objects: each gets what it would get alone, in order", "[apps][pull][bulk]") {
    auto engine = haravan_engine();
    std::string body = example("haravan-order-paid.json");
    std::vector<connectors::PulledObject> page{
        {topic("orders/updated"), body},
        {topic("orders/updated"), R"({"id": 1)"},
        {topic("orders/paid"), body},
    };
    auto results = connectors::deliver_pulled(*engine, "shop", "haravan", page, true);
    REQUIRE(results.size() == 3);
    CHECK(results[0].outcome == DeliveryOutcome::applied);
    CHECK(results[0].shop_id == "shop");
    CHECK(results[0].ingest.events.at(0).points_delta == 0);  // history: spend without points
    CHECK(results[1].outcome == DeliveryOutcome::quarantined);
    CHECK(engine->quarantined_one(results[1].quarantine_id).headers.find("X-Loyalty-History") != std::string::npos);
    CHECK(results[2].outcome == DeliveryOutcome::duplicate);
    CHECK(engine->stats().quarantine_open == 1);
    CHECK(engine->balances("shop", results[0].ingest.events[0].member_id).lifetime_spend > 0);

    // The page pulled again by the next reconciliation changes nothing; an unknown shop refuses the page whole.
    auto again = connectors::deliver_pulled(*engine, "shop", "haravan", page);
    CHECK(again[0].outcome == DeliveryOutcome::duplicate);
    CHECK(again[2].outcome == DeliveryOutcome::duplicate);
    CHECK(engine->stats().quarantine_open == 2);
    CHECK(test::status_of([&] { connectors::deliver_pulled(*engine, "nope", "haravan", page); }) ==
          core::Status::not_found);
    // An object over the size limit refuses the page before anything of it is applied or kept.
    std::vector<connectors::PulledObject> oversized{
        {topic("orders/updated"), replaced(body, "\"id\": 1002", "\"id\": 1003")},  // new: it would earn
        {topic("orders/updated"), std::string(connectors::max_delivery_body + 1, ' ')},
    };
    int64_t entries = engine->stats().entries;
    CHECK(test::status_of([&] { connectors::deliver_pulled(*engine, "shop", "haravan", oversized); }) ==
          core::Status::invalid_argument);
    CHECK(engine->stats().entries == entries);
    CHECK(engine->stats().quarantine_open == 2);
    oversized.pop_back();  // without it, the page applies: the first object was one that earns
    CHECK(connectors::deliver_pulled(*engine, "shop", "haravan", oversized).at(0).outcome == DeliveryOutcome::applied);
    CHECK(engine->stats().entries > entries);
    CHECK(connectors::deliver_pulled(*engine, "shop", "haravan", std::vector<connectors::PulledObject>{}).empty());
}
