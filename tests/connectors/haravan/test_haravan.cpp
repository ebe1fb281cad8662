// Haravan: signatures, the subscription handshake, topics, dedup keys and versions.
#include "connectors/haravan/haravan_test.hpp"
#include "connector.hpp"
#include "haravan/handshake.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::haravan;

TEST_CASE("haravan is found by name", "[haravan]") {
    const connectors::Connector* found = connectors::find_connector("haravan");
    REQUIRE(found == &connectors::haravan_connector());
    CHECK(found->platform() == "haravan");
}

TEST_CASE("haravan signatures are checked over the raw body", "[haravan][signature]") {
    const std::string body = fixture("haravan/order_paid.json");
    const std::string signature = base64_signature(body, kSecret);
    const auto& c = connector();

    SECTION("a good signature verifies") {
        CHECK(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), body, {kSecret}));
    }
    SECTION("one changed byte in the body does not") {
        std::string forged = replaced(body, "\"subtotal_price\": 3850000.0000", "\"subtotal_price\": 9850000.0000");
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), forged, {kSecret}));
    }
    SECTION("the same JSON re-serialised does not: the bytes are signed, not the meaning") {
        std::string reformatted = replaced(body, "\"financial_status\": \"paid\"", "\"financial_status\":\"paid\"");
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), reformatted, {kSecret}));
    }
    SECTION("a signature made with another secret does not") {
        auto h = headers({{"X-Haravan-Hmacsha256", base64_signature(body, "someone-elses-secret")}});
        CHECK_FALSE(c.verify(h, body, {kSecret}));
    }
    SECTION("the second secret of a rotation verifies") {
        CHECK(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), body, {"hrv_whsec_new_0000", kSecret}));
        CHECK(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), body, {kSecret, "hrv_whsec_old_9999"}));
    }
    SECTION("the header name matches in any case") {
        for (const char* name : {"X-Haravan-Hmacsha256", "X-Haravan-HmacSha256", "x-haravan-hmacsha256",
                                 "X-HARAVAN-HMACSHA256", "X-Haravan-Hmac-Sha256"}) {
            INFO(name);
            CHECK(c.verify(headers({{name, signature}}), body, {kSecret}));
        }
    }
    SECTION("a missing header is false, not an error") {
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Topic", "orders/paid"}}), body, {kSecret}));
        CHECK_FALSE(c.verify(headers({}), body, {kSecret}));
    }
    SECTION("a header that is not base64 of 32 bytes is false") {
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", ""}}), body, {kSecret}));
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", "not base64!"}}), body, {kSecret}));
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", signature.substr(0, 20)}}), body, {kSecret}));
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", connectors::hex_encode(connectors::hmac_sha256(
                                                                   kSecret, body))}}),
                             body, {kSecret}));
    }
    SECTION("surrounding whitespace in the header is tolerated") {
        CHECK(c.verify(headers({{"X-Haravan-Hmacsha256", " " + signature + "\r\n"}}), body, {kSecret}));
    }
    SECTION("no secrets, or only an empty one, verify nothing") {
        CHECK_FALSE(c.verify(headers({{"X-Haravan-Hmacsha256", signature}}), body, {}));
        auto empty_key = headers({{"X-Haravan-Hmacsha256", base64_signature(body, "")}});
        CHECK_FALSE(c.verify(empty_key, body, {""}));
    }
}

TEST_CASE("haravan subscription handshake echoes the challenge only for the right token", "[haravan][handshake]") {
    using connectors::haravan_challenge;
    CHECK(haravan_challenge("subscribe", "verify-me-2024", "1158201444", "verify-me-2024") == std::string("1158201444"));
    CHECK(haravan_challenge("subscribe", "verify-me-2024", "", "verify-me-2024") == std::string(""));
    CHECK_FALSE(haravan_challenge("subscribe", "verify-me-2025", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("subscribe", "verify-me-202", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("subscribe", "verify-me-2024x", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("subscribe", "", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("unsubscribe", "verify-me-2024", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("Subscribe", "verify-me-2024", "1158201444", "verify-me-2024"));
    CHECK_FALSE(haravan_challenge("", "verify-me-2024", "1158201444", "verify-me-2024"));
    // A shop that set no token accepts no subscription, not every one.
    CHECK_FALSE(haravan_challenge("subscribe", "", "1158201444", ""));
    CHECK_FALSE(haravan_challenge("subscribe", "anything", "1158201444", ""));
}

TEST_CASE("haravan topics map to events", "[haravan][topics]") {
    SECTION("every order topic carries the whole order") {
        for (const char* topic : {"orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled"}) {
            INFO(topic);
            auto d = deliver(topic, fixture("haravan/order_paid.json"));
            CHECK(d.platform == "haravan");
            CHECK(d.topic == topic);
            auto o = order_of(d);
            CHECK(o.order_id == "haravan:1072845311");
            CHECK(o.status == core::OrderStatus::paid);
        }
    }
    SECTION("orders/fulfilled is mapped like any other order state") {
        auto o = order_from("orders/fulfilled", fixture("haravan/order_fulfilled.json"));
        CHECK(o.status == core::OrderStatus::paid);
        CHECK(o.amount == 3850000);
        CHECK(o.version == 1715739069000000);
    }
    SECTION("customers/create and customers/update upsert") {
        for (const char* topic : {"customers/create", "customers/update"}) {
            INFO(topic);
            auto c = customer_of(deliver(topic, fixture("haravan/customer_create.json")));
            CHECK(c.platform == "haravan");
            CHECK(c.customer_id == "1041590088");
        }
    }
    SECTION("customers/delete unlinks the platform reference") {
        auto d = deliver("customers/delete", fixture("haravan/customer_delete.json"));
        REQUIRE(d.events.size() == 1);
        const auto* unlink = std::get_if<core::CustomerUnlink>(&d.events[0]);
        REQUIRE(unlink != nullptr);
        CHECK(unlink->ref == core::PlatformRef{"haravan", "1041590088"});
        CHECK(d.key == "haravan:customers/delete:1041590088");
    }
    SECTION("app/uninstalled is skipped") {
        auto d = deliver("app/uninstalled", fixture("haravan/app_uninstalled.json"));
        auto s = skipped_of(d);
        CHECK(s.what == "app/uninstalled");
        CHECK(s.reason == "topic app/uninstalled does not concern loyalty");
        CHECK(d.key.rfind("haravan:app/uninstalled:", 0) == 0);
    }
    SECTION("other topics are skipped without reading the body") {
        auto s = skipped_of(deliver("products/update", "{\"id\": 1028194410, \"title\": \"Áo dài\""));
        CHECK(s.what == "products/update");
        auto t = skipped_of(deliver("refunds/create", "not json at all"));
        CHECK(t.what == "refunds/create");
    }
    SECTION("topic names are read in any case and without surrounding spaces") {
        auto d = deliver(" Orders/Paid ", fixture("haravan/order_paid.json"));
        CHECK(order_of(d).status == core::OrderStatus::paid);
        CHECK(d.topic == "Orders/Paid");
        CHECK(d.key == "haravan:orders/paid:1072845311:2024-05-13T09:02:41.5Z");
    }
    SECTION("a body wrapped Shopify-style is unwrapped") {
        auto o = order_from("orders/paid", "{\"order\": " + fixture("haravan/order_paid.json") + "}");
        CHECK(o.order_id == "haravan:1072845311");
        CHECK(o.amount == 3850000);
        auto c = customer_of(deliver("customers/update", "{\"customer\": " + fixture("haravan/customer_update.json") + "}"));
        CHECK(c.customer_id == "1041590088");
    }
}

TEST_CASE("haravan walk-in orders are skipped", "[haravan][walkin]") {
    SECTION("customer null") {
        auto d = deliver("orders/paid", fixture("haravan/order_pos_walkin.json"));
        auto s = skipped_of(d);
        CHECK(s.what == "order haravan:1072846020");
        CHECK(s.reason == "no customer: walk-in sales earn nothing");
        CHECK(d.key == "haravan:orders/paid:1072846020:2024-05-13T11:47:03.82Z");
    }
    SECTION("customer absent") {
        auto body = replaced(fixture("haravan/order_pos_walkin.json"), "\"customer\": null,", "");
        CHECK(skipped_of(deliver("orders/create", body)).what == "order haravan:1072846020");
    }
    SECTION("customer object without an id, or Haravan's id 0") {
        auto none = replaced(fixture("haravan/order_pos_walkin.json"), "\"customer\": null",
                             "\"customer\": {\"id\": null, \"first_name\": \"Khách lẻ\"}");
        CHECK(skipped_of(deliver("orders/create", none)).reason == "no customer: walk-in sales earn nothing");
        auto zero = replaced(fixture("haravan/order_pos_walkin.json"), "\"customer\": null",
                             "\"customer\": {\"id\": 0, \"first_name\": \"Khách lẻ\"}");
        CHECK(skipped_of(deliver("orders/create", zero)).reason == "no customer: walk-in sales earn nothing");
    }
}

TEST_CASE("haravan dedup keys: stable across retries, different across changes", "[haravan][dedup]") {
    const std::string paid = fixture("haravan/order_paid.json");
    SECTION("the key is platform, topic, order id and updated_at") {
        CHECK(deliver("orders/paid", paid).key == "haravan:orders/paid:1072845311:2024-05-13T09:02:41.5Z");
    }
    SECTION("a retry of the same delivery has the same key") {
        CHECK(deliver("orders/paid", paid).key == deliver("orders/paid", paid).key);
        auto upd = fixture("haravan/customer_update.json");
        CHECK(deliver("customers/update", upd).key == deliver("customers/update", upd).key);
        auto app = fixture("haravan/app_uninstalled.json");
        CHECK(deliver("app/uninstalled", app).key == deliver("app/uninstalled", app).key);
    }
    SECTION("a later update of the same order has another key") {
        std::string a = deliver("orders/updated", fixture("haravan/order_paid.json")).key;
        std::string b = deliver("orders/updated", fixture("haravan/order_fulfilled.json")).key;
        std::string c = deliver("orders/updated", fixture("haravan/order_partially_refunded.json")).key;
        CHECK(a != b);
        CHECK(b != c);
        CHECK(a != c);
    }
    SECTION("two topics fired by one change have different keys") {
        CHECK(deliver("orders/paid", paid).key != deliver("orders/updated", paid).key);
    }
    SECTION("customer keys use updated_at") {
        CHECK(deliver("customers/create", fixture("haravan/customer_create.json")).key ==
              "haravan:customers/create:1041590088:2024-04-02T06:12:48.337Z");
        CHECK(deliver("customers/update", fixture("haravan/customer_update.json")).key ==
              "haravan:customers/update:1041590088:2024-05-20T09:31:05.128Z");
    }
    SECTION("customer updates without updated_at are told apart by their bytes") {
        auto a = replaced(fixture("haravan/customer_update.json"), "\"updated_at\": \"2024-05-20T09:31:05.128Z\",", "");
        auto b = replaced(a, "\"group_name\": \"Khách hàng VIP\"", "\"group_name\": \"Khách hàng Bạch Kim\"");
        std::string ka = deliver("customers/update", a).key, kb = deliver("customers/update", b).key;
        CHECK(ka.rfind("haravan:customers/update:1041590088:", 0) == 0);
        CHECK(ka != kb);
        CHECK(ka == deliver("customers/update", a).key);
    }
    SECTION("skipped topics differ by body") {
        CHECK(deliver("products/update", "{\"id\": 1}").key != deliver("products/update", "{\"id\": 2}").key);
    }
}

TEST_CASE("haravan versions are updated_at in microseconds and order the states", "[haravan][version]") {
    auto pending = order_from("orders/create", fixture("haravan/order_create_pending.json"));
    auto paid = order_from("orders/paid", fixture("haravan/order_paid.json"));
    auto fulfilled = order_from("orders/fulfilled", fixture("haravan/order_fulfilled.json"));
    auto partial = order_from("orders/updated", fixture("haravan/order_partially_refunded.json"));
    auto refunded = order_from("orders/updated", fixture("haravan/order_refunded.json"));
    CHECK(pending.version == 1715584815487000);
    CHECK(paid.version == 1715590961500000);
    CHECK(fulfilled.version == 1715739069000000);
    CHECK(partial.version == 1716174900250000);
    CHECK(refunded.version == 1716367212913000);
    CHECK(*pending.version < *paid.version);
    CHECK(*paid.version < *fulfilled.version);
    CHECK(*fulfilled.version < *partial.version);
    CHECK(*partial.version < *refunded.version);

    SECTION("two updates within one second are still ordered") {
        auto a = replaced(fixture("haravan/order_paid.json"), "\"updated_at\": \"2024-05-13T09:02:41.5Z\"",
                          "\"updated_at\": \"2024-05-13T09:02:41.0998Z\"");
        auto b = replaced(fixture("haravan/order_paid.json"), "\"updated_at\": \"2024-05-13T09:02:41.5Z\"",
                          "\"updated_at\": \"2024-05-13T09:02:41.1Z\"");
        CHECK(order_from("orders/updated", a).version == 1715590961099800);
        CHECK(order_from("orders/updated", b).version == 1715590961100000);
    }
    SECTION("an offset other than Z reads as the same instant") {
        auto local = replaced(fixture("haravan/order_paid.json"), "\"updated_at\": \"2024-05-13T09:02:41.5Z\"",
                              "\"updated_at\": \"2024-05-13T16:02:41.5+07:00\"");
        CHECK(order_from("orders/updated", local).version == 1715590961500000);
    }
}
