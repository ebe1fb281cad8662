// A webhook checked from memory on an I/O thread (connectors::check_early): a retry answered without the store, and
// anything else handed on checked and mapped, checked again if the shop's program changed in between.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "../core/engine_fixture.hpp"
#include "common/crypto.hpp"
#include "deliver.hpp"

using namespace loyalty;
using connectors::DeliveryOutcome;

namespace {

const std::string early_secret = "early-test-secret";

std::string early_example() {
    std::ifstream in(std::string(LOYALTY_EXAMPLES) + "/haravan-order-paid.json");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

core::ShopProgram early_shop(const std::string& secret) {
    core::ShopProgram p = test::program("shop", 10000);
    p.connections.push_back({"haravan", {secret}, "", "200777"});
    return p;
}

connectors::DeliveryRequest signed_request(const std::string& body, const std::string& secret,
                                           bool by_org = false) {
    connectors::DeliveryRequest r{"haravan", std::nullopt, {}, body};
    if (by_org) r.headers.add("X-Haravan-Org-Id", "200777");
    else r.shop_id = "shop";
    r.headers.add("X-Haravan-Topic", "orders/paid");
    r.headers.add("X-Haravan-Hmacsha256", connectors::base64_encode(connectors::hmac_sha256(secret, body)));
    return r;
}

// An engine with the shop cached, its Haravan secret early_secret.
std::unique_ptr<core::Engine> early_engine() {
    auto engine = test::memory_engine();
    engine->put_shop(early_shop(early_secret));
    return engine;
}

// Neither answered nor handed on: deliver does all of it.
bool left_to_deliver(const connectors::EarlyDelivery& early) { return !early.duplicate && !early.checked; }

}  // namespace

TEST_CASE("a webhook is checked early, applied from its check, and its retry answered from memory", "[apps]") {
    auto engine = early_engine();
    std::string body = early_example();
    auto request = signed_request(body, early_secret);

    auto first = connectors::check_early(*engine, request);
    CHECK_FALSE(first.duplicate);
    REQUIRE(first.checked);
    CHECK(first.checked->shop->shop_id == "shop");
    auto applied = connectors::deliver(*engine, request, std::move(*first.checked));
    REQUIRE(applied.outcome == DeliveryOutcome::applied);
    CHECK(applied.shop_id == "shop");
    int64_t entries = engine->stats().entries;

    for (bool by_org : {false, true}) {
        auto retry = connectors::check_early(*engine, signed_request(body, early_secret, by_org));
        REQUIRE(retry.duplicate);
        CHECK_FALSE(retry.checked);
        CHECK(retry.duplicate->outcome == DeliveryOutcome::duplicate);
        CHECK(retry.duplicate->shop_id == "shop");
        // The same answer the store's path gives.
        auto stored = connectors::deliver(*engine, signed_request(body, early_secret, by_org));
        CHECK(stored.outcome == DeliveryOutcome::duplicate);
        CHECK(stored.ingest.events.size() == retry.duplicate->ingest.events.size());
    }
    CHECK(engine->stats().entries == entries);
}

TEST_CASE("what check_early cannot settle from memory it leaves to deliver", "[apps]") {
    auto engine = test::memory_engine();
    std::string body = early_example();
    // A shop never read by this engine.
    CHECK(left_to_deliver(connectors::check_early(*engine, signed_request(body, early_secret))));
    engine->put_shop(early_shop(early_secret));
    // A forged signature, content that does not map, a platform that is not ours.
    CHECK(left_to_deliver(connectors::check_early(*engine, signed_request(body, "another-secret"))));
    CHECK(left_to_deliver(connectors::check_early(*engine, signed_request(body.substr(0, 40), early_secret))));
    auto elsewhere = signed_request(body, early_secret);
    elsewhere.platform = "shopee";
    CHECK(left_to_deliver(connectors::check_early(*engine, elsewhere)));
}

TEST_CASE("a delivery checked before its shop's secret changed is checked again", "[apps]") {
    auto engine = early_engine();
    std::string body = early_example();
    auto request = signed_request(body, early_secret);
    auto early = connectors::check_early(*engine, request);
    REQUIRE(early.checked);
    engine->put_shop(early_shop("rotated-secret"));
    auto refused = connectors::deliver(*engine, request, std::move(*early.checked));
    CHECK(refused.outcome == DeliveryOutcome::unauthenticated);
    CHECK(engine->stats().entries == 0);
}
