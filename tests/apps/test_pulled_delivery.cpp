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
