// Sapo signatures, and telling Sapo Web from Sapo GO deliveries.
#include "connectors/sapo/sapo_test.hpp"

#include "sapo/go.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::sapo;

TEST_CASE("sapo: signatures verify over the raw body", "[sapo][signature]") {
    const std::string body = fixture("sapo/web_order_paid.json");
    const std::string signature = base64_signature(body, secret);

    SECTION("good signature") {
        CHECK(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), body, {secret}));
    }
    SECTION("forged body: one byte changed") {
        std::string forged = edit(body, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": \"9250000.0000\"");
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), forged, {secret}));
    }
    SECTION("the same JSON re-serialised does not verify: the bytes are what is signed") {
        std::string compact = edit(body, "\"id\": 20391847", "\"id\":20391847");
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), compact, {secret}));
    }
    SECTION("wrong secret") {
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), body, {"another-secret"}));
    }
    SECTION("rotation: the second secret verifies") {
        CHECK(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), body, {"old-secret", secret}));
        CHECK(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), body, {secret, "new-secret"}));
    }
    SECTION("header name in any case; Sapo GO sends it lower-case") {
        CHECK(connector().verify(headers({{"x-sapo-hmac-sha256", signature}}), body, {secret}));
        CHECK(connector().verify(headers({{"X-SAPO-HMAC-SHA256", signature}}), body, {secret}));
    }
    SECTION("surrounding blanks in the header value are ignored") {
        CHECK(connector().verify(headers({{"X-Sapo-Hmac-Sha256", " " + signature + " "}}), body, {secret}));
    }
    SECTION("missing header") {
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Topic", "orders/paid"}}), body, {secret}));
    }
    SECTION("signature that is not base64, or not 32 bytes") {
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", "not base64!"}}), body, {secret}));
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", ""}}), body, {secret}));
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature.substr(0, 20)}}), body, {secret}));
    }
    SECTION("hex of the right HMAC is not Sapo's encoding") {
        std::string hex = connectors::hex_encode(connectors::hmac_sha256(secret, body));
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", hex}}), body, {secret}));
    }
    SECTION("no secrets, or an empty secret, never verify") {
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", signature}}), body, {}));
        std::string empty_signed = base64_signature(body, "");
        CHECK_FALSE(connector().verify(headers({{"X-Sapo-Hmac-Sha256", empty_signed}}), body, {""}));
    }
    SECTION("Sapo GO deliveries are signed the same way") {
        const std::string go_body = fixture("sapo/go_order_paid.json");
        CHECK(connector().verify(go_headers("orders/paid", go_body, "118693530", "7"), go_body, {secret}));
        CHECK_FALSE(connector().verify(go_headers("orders/paid", go_body, "118693530", "7"), go_body, {"x"}));
    }
}

TEST_CASE("sapo: the platform name", "[sapo]") {
    CHECK(connector().platform() == "sapo");
    CHECK(connectors::find_connector("sapo") == &connector());
}

TEST_CASE("sapo: GO is told from Web by its headers", "[sapo][dispatch]") {
    CHECK(connectors::sapo_go::is_go(headers({{"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"}})));
    CHECK(connectors::sapo_go::is_go(headers({{"X-Sapo-Object-Id", "118693530"}})));
    CHECK(connectors::sapo_go::is_go(headers({{"X-Event-Version", "3"}})));
    CHECK_FALSE(connectors::sapo_go::is_go(headers({{"X-Sapo-Shop-Domain", "cotton-saigon.mysapo.net"}})));
    CHECK_FALSE(connectors::sapo_go::is_go(headers({{"X-Sapo-Topic", "orders/paid"}})));

    // The same connector maps each shape by the API it came from.
    auto web_delivery = web("orders/paid", fixture("sapo/web_order_paid.json"));
    CHECK(order_of(web_delivery).order_id == "sapo:20391847");
    CHECK(web_delivery.key.rfind("sapo:web:", 0) == 0);
    auto go_delivery = go("orders/paid", fixture("sapo/go_order_paid.json"));
    CHECK(order_of(go_delivery).order_id == "sapo:go:118693530");
    CHECK(go_delivery.key.rfind("sapo:go:", 0) == 0);
}

TEST_CASE("sapo: test notifications from the webhook settings are skipped", "[sapo][skip]") {
    const std::string body = fixture("sapo/go_order_paid.json");
    auto h = go_headers("orders/paid", body, "118693530", "7");
    h.add("x-sapo-test", "true");
    auto d = deliver(h, body);
    CHECK(only<core::Skipped>(d).what == "test delivery");

    const std::string web_body = fixture("sapo/web_order_paid.json");
    auto wh = web_headers("orders/paid", web_body);
    wh.add("X-Sapo-Test", "True");
    CHECK(only<core::Skipped>(deliver(wh, web_body)).what == "test delivery");

    auto not_test = web_headers("orders/paid", web_body);
    not_test.add("X-Sapo-Test", "false");
    CHECK(order_of(deliver(not_test, web_body)).status == core::OrderStatus::paid);
}

TEST_CASE("sapo: a delivery without a topic is refused", "[sapo][invalid]") {
    const std::string body = fixture("sapo/web_order_paid.json");
    auto h = headers({{"X-Sapo-Hmac-Sha256", base64_signature(body, secret)}, {"X-Sapo-Shop-Domain", "x.mysapo.net"}});
    CHECK(refusal([&] { connector().map(h, body, saigon()); }) == "header X-Sapo-Topic is required");
    auto g = headers({{"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"}, {"x-event-version", "1"}});
    CHECK(refusal([&] { connector().map(g, body, saigon()); }) == "header x-sapo-topic is required");
}
