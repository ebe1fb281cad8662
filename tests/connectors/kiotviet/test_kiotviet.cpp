// KiotViet: the signature in every reported form, the envelope, dedup keys and refusals.
#include "kiotviet_test.hpp"

using namespace loyalty;
using namespace loyalty::connectors;
using namespace loyalty::test;
using namespace loyalty::test::kv;

namespace {

bool verifies(const std::string& header_value, const std::string& body, const std::vector<std::string>& secrets) {
    return connector().verify(headers({{"X-Hub-Signature", header_value}}), body, secrets);
}

std::string upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

}  // namespace

TEST_CASE("kiotviet: the platform name", "[kiotviet]") {
    CHECK(connector().platform() == "kiotviet");
    CHECK(find_connector("kiotviet") == &connector());
}

TEST_CASE("kiotviet: X-Hub-Signature verifies in every reported format and key form", "[kiotviet][signature]") {
    const std::string body = kv_fixture("invoice_completed.json");
    const std::string decoded_key = "kiotviet-test-secret-2024";
    REQUIRE(base64_decode(secret) == decoded_key);

    for (const std::string& key : {secret, decoded_key}) {
        const std::string mac = hmac_sha256(key, body);
        const std::string hex = hex_encode(mac);
        const std::string b64 = base64_encode(mac);
        INFO("key " << key);
        CHECK(verifies("sha256=" + hex, body, {secret}));
        CHECK(verifies("sha256=" + upper(hex), body, {secret}));
        CHECK(verifies("SHA256=" + hex, body, {secret}));
        CHECK(verifies("sha1=" + hex, body, {secret}));  // labelled sha1, still HMAC-SHA256
        CHECK(verifies(hex, body, {secret}));
        CHECK(verifies(upper(hex), body, {secret}));
        CHECK(verifies(b64, body, {secret}));
        CHECK(verifies(b64.substr(0, b64.find('=')), body, {secret}));  // padding left off
        CHECK(verifies("sha256=" + b64, body, {secret}));
        CHECK(verifies("  " + hex + " ", body, {secret}));
    }
}

TEST_CASE("kiotviet: a secret that is not base64 is used as it is", "[kiotviet][signature]") {
    const std::string body = kv_fixture("customer_update.json");
    const std::string plain = "shop#Quận1!";  // '#', '!' and UTF-8: not base64
    REQUIRE_FALSE(base64_decode(plain));
    CHECK(verifies(sign(body, plain), body, {plain}));
    CHECK_FALSE(verifies(sign(body, plain), body, {secret}));
}

TEST_CASE("kiotviet: forged bodies, wrong secrets and bad headers do not verify", "[kiotviet][signature]") {
    const std::string body = kv_fixture("invoice_completed.json");
    const std::string good = sign(body);

    SECTION("forged body: one amount changed after signing") {
        CHECK(verifies(good, body, {secret}));
        CHECK_FALSE(verifies(good, replaced(body, "\"Total\":1250000", "\"Total\":9250000"), {secret}));
    }
    SECTION("a byte appended or removed") {
        CHECK_FALSE(verifies(good, body + " ", {secret}));
        CHECK_FALSE(verifies(good, body.substr(0, body.size() - 1), {secret}));
    }
    SECTION("wrong secret") {
        CHECK_FALSE(verifies(good, body, {"c29tZW9uZS1lbHNlcy1zZWNyZXQ="}));
        CHECK_FALSE(verifies(sign(body, "wrong-secret"), body, {secret}));
    }
    SECTION("the second secret of a rotation") {
        CHECK(verifies(good, body, {"b2xkLXNlY3JldC0yMDIz", secret}));
        CHECK(verifies(sign(body, "b2xkLXNlY3JldC0yMDIz"), body, {"b2xkLXNlY3JldC0yMDIz", secret}));
        CHECK_FALSE(verifies(good, body, {"b2xkLXNlY3JldC0yMDIz"}));
    }
    SECTION("no secrets, or an empty one, verify nothing") {
        CHECK_FALSE(verifies(good, body, {}));
        CHECK_FALSE(verifies(sign(body, ""), body, {""}));
    }
    SECTION("header values that are not a digest") {
        CHECK_FALSE(verifies("", body, {secret}));
        CHECK_FALSE(verifies("sha256=", body, {secret}));
        CHECK_FALSE(verifies("sha256=zz", body, {secret}));
        CHECK_FALSE(verifies(good.substr(0, good.size() - 2), body, {secret}));  // truncated digest
        CHECK_FALSE(verifies("md5=" + good.substr(7), body, {secret}));            // unknown label
        CHECK_FALSE(verifies(hex_encode(hmac_sha256(secret, body).substr(0, 20)), body, {secret}));  // 20 bytes
    }
}

TEST_CASE("kiotviet: the signature header is found whatever its case, missing means false", "[kiotviet][signature]") {
    const std::string body = kv_fixture("invoice_completed.json");
    const std::string good = sign(body);
    CHECK(connector().verify(headers({{"x-hub-signature", good}}), body, {secret}));
    CHECK(connector().verify(headers({{"X-HUB-SIGNATURE", good}}), body, {secret}));
    CHECK(connector().verify(headers({{"Content-Type", "application/json"}, {"X-Hub-Signature", good}}), body, {secret}));
    CHECK_FALSE(connector().verify(headers({}), body, {secret}));
    CHECK_FALSE(connector().verify(headers({{"X-Haravan-Hmacsha256", good}}), body, {secret}));
    CHECK_FALSE(connector().verify(headers({{"X-Hub-Signature-256", good}}), body, {secret}));
}

TEST_CASE("kiotviet: the delivery key is the envelope Id, stable across retries", "[kiotviet][dedup]") {
    auto first = deliver("invoice_completed.json");
    auto retry = deliver("invoice_completed_retry.json");  // Attempt 2, same Id
    auto later = deliver("invoice_completed_later.json");
    auto cancelled = deliver("invoice_cancelled.json");
    CHECK(first.platform == "kiotviet");
    CHECK(first.key == "kiotviet:7f3c2a10-9b4e-4c61-8d2f-5e1a0b9c3d71");
    CHECK(retry.key == first.key);
    CHECK(later.key == "kiotviet:0c9d8e7f-1a2b-4c3d-9e8f-7a6b5c4d3e21");
    CHECK(cancelled.key == "kiotviet:b81e4f02-6c3d-4a59-a7e0-3f2d1c0b9a88");
    CHECK(order_at(retry, 0).version == order_at(first, 0).version);
}

TEST_CASE("kiotviet: an integer envelope Id is its decimal text", "[kiotviet][dedup]") {
    auto body = replaced(kv_fixture("customer_delete.json"), R"("Id":"f0e1d2c3-b4a5-4968-8776-655443322110")",
                         R"("Id":90071992547409930)");
    CHECK(connector().map({}, body, saigon()).key == "kiotviet:90071992547409930");
}

TEST_CASE("kiotviet: versions follow ModifiedDate in microseconds, shop-local", "[kiotviet][version]") {
    auto v1 = order_at(deliver("invoice_completed.json"), 0).version;
    auto v2 = order_at(deliver("invoice_completed_later.json"), 0).version;
    auto v3 = order_at(deliver("invoice_cancelled.json"), 0).version;
    REQUIRE(v1);
    REQUIRE(v2);
    REQUIRE(v3);
    CHECK(*v1 == 1715585131457000);  // 2024-05-13T14:25:31.4570000 +07:00
    CHECK(*v2 == 1715590931004000);
    CHECK(*v3 == 1715652942730000);
    CHECK(*v1 < *v2);
    CHECK(*v2 < *v3);

    SECTION("seven fraction digits: the last one (100 ns) is dropped") {
        auto batch = deliver("invoice_batch.json");
        CHECK(order_at(batch, 4).version == 1722478800999999);  // .9999999
        CHECK(order_at(deliver("invoice_big_ids.json"), 0).version == 1735664400000000);  // .0000001
    }
    SECTION("no ModifiedDate, null, or .NET's DateTime.MinValue: no version") {
        auto body = kv_fixture("invoice_completed.json");
        CHECK_FALSE(order_at(connector().map({}, replaced(body, R"("ModifiedDate":"2024-05-13T14:25:31.4570000",)", ""),
                                             saigon()), 0).version);
        CHECK_FALSE(order_at(connector().map({}, replaced(body, R"("2024-05-13T14:25:31.4570000")", "null"), saigon()),
                             0).version);
        CHECK_FALSE(order_at(connector().map({}, replaced(body, R"("2024-05-13T14:25:31.4570000")",
                                                          R"("0001-01-01T00:00:00")"), saigon()), 0).version);
    }
    SECTION("the shop's zone decides the instant") {
        auto utc = core::Zone::load("UTC");
        auto o = order_at(connector().map({}, kv_fixture("invoice_completed.json"), *utc), 0);
        CHECK(o.version == 1715585131457000 + 7 * 3600 * 1000000LL);
        CHECK(o.occurred_at == 1715584800 + 7 * 3600);
    }
}

TEST_CASE("kiotviet: topics are the actions, in order, each once", "[kiotviet][topic]") {
    CHECK(deliver("invoice_completed.json").topic == "invoice.update");
    CHECK(deliver("customer_update.json").topic == "customer.update");
    CHECK(deliver("mixed.json").topic == "customer.update,stock.update,invoice.update");
}

TEST_CASE("kiotviet: a batch maps to one event per object, in order", "[kiotviet][batch]") {
    auto d = deliver("mixed.json");
    REQUIRE(d.events.size() == 4);
    CHECK(customer_at(d, 0).customer_id == "30452077");
    CHECK(skipped_at(d, 1).what == "stock.update");
    CHECK(order_at(d, 2).order_id == "kiotviet:107410005");
    CHECK(order_at(d, 2).amount == 13200000);
    CHECK(skipped_at(d, 3).what == "stock.update");
}

TEST_CASE("kiotviet: one bad object refuses the whole delivery", "[kiotviet][batch]") {
    // The fourth invoice (a walk-in) would be skipped, but the fifth is broken: nothing is mapped.
    auto body = replaced(kv_fixture("invoice_batch.json"), R"("Total":13200000.0000,)", "");
    CHECK(refusal(body) == "Notifications[0].Data[4].Total is required");
}

TEST_CASE("kiotviet: actions that do not concern loyalty are skipped, never refused", "[kiotviet][skip]") {
    SECTION("product.update") {
        auto d = deliver("product_update.json");
        CHECK(d.topic == "product.update");
        REQUIRE(d.events.size() == 1);
        CHECK(skipped_at(d, 0).what == "product.update");
        CHECK(skipped_at(d, 0).reason == "not about customers or sales: nothing for loyalty");
    }
    SECTION("order.update: pre-orders earn through their invoice") {
        auto d = deliver("order_update.json");
        REQUIRE(d.events.size() == 1);
        CHECK(skipped_at(d, 0).what == "order.update");
        CHECK_THAT(skipped_at(d, 0).reason, Catch::Contains("invoice") && Catch::Contains("twice"));
    }
    SECTION("other types, whatever their Data") {
        for (const char* action : {"stock.update", "pricebook.update", "pricebookdetail.delete", "category.delete",
                                   "branch.update", "product.delete", "webhook.test"}) {
            std::string body = std::string(R"({"Id":"x1","Attempt":1,"Notifications":[{"Action":")") + action +
                               R"(","Data":"anything"}]})";
            auto d = connector().map({}, body, saigon());
            REQUIRE(d.events.size() == 1);
            CHECK(skipped_at(d, 0).what == action);
        }
    }
    SECTION("an envelope with no notifications") {
        auto d = connector().map({}, R"({"Id":"e0","Attempt":1,"Notifications":[]})", saigon());
        CHECK(d.key == "kiotviet:e0");
        CHECK(d.topic == "");
        REQUIRE(d.events.size() == 1);
        CHECK(skipped_at(d, 0).what == "delivery kiotviet:e0");
    }
}

TEST_CASE("kiotviet: actions match ignoring case and a trailing retailer id", "[kiotviet][topic]") {
    auto body = kv_fixture("invoice_completed.json");
    for (const char* action : {"Invoice.Update", "invoice.update.500123"}) {
        auto d = connector().map({}, replaced(body, "\"invoice.update\"", std::string("\"") + action + "\""), saigon());
        CHECK(d.topic == action);
        CHECK(order_at(d, 0).order_id == "kiotviet:107382911");
    }
}

TEST_CASE("kiotviet: envelope fields missing or of the wrong type are refused by name", "[kiotviet][errors]") {
    const std::string body = kv_fixture("invoice_completed.json");
    const std::string id = R"("Id":"7f3c2a10-9b4e-4c61-8d2f-5e1a0b9c3d71",)";
    CHECK(refusal(replaced(body, id, "")) == "Id is required");
    CHECK(refusal(replaced(body, id, R"("Id":null,)")) == "Id is required");
    CHECK(refusal(replaced(body, id, R"("Id":"",)")) == "Id must not be empty");
    CHECK(refusal(replaced(body, id, R"("Id":{"v":1},)")) == "Id must be a string");
    CHECK(refusal(R"({"Id":"a","Attempt":1})") == "Notifications is required");
    CHECK(refusal(R"({"Id":"a","Notifications":{"Action":"invoice.update"}})") == "Notifications must be an array");
    CHECK(refusal(R"({"Id":"a","Notifications":[42]})") == "Notifications[0] must be an object");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Data":[]}]})") == "Notifications[0].Action is required");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":7,"Data":[]}]})") == "Notifications[0].Action must be a string");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":"product.update"},{"Action":"invoice.update"}]})") ==
          "Notifications[1].Data is required");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":"invoice.update","Data":"HD1"}]})") ==
          "Notifications[0].Data must be an array of objects");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":"invoice.update","Data":[{"Id":1},7]}]})") ==
          "Notifications[0].Data[1] must be an object");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":"customer.update","Data":[7]}]})") ==
          "Notifications[0].Data[0] must be an object");
    CHECK(refusal("[]") == "body must be a JSON object (the KiotViet envelope)");
}

TEST_CASE("kiotviet: bodies that are not JSON are refused", "[kiotviet][errors]") {
    const std::string body = kv_fixture("invoice_completed.json");
    CHECK_THAT(refusal(body.substr(0, body.size() / 2)), Catch::Contains("not valid JSON"));  // truncated
    CHECK_THAT(refusal(body.substr(0, body.size() - 2)), Catch::Contains("not valid JSON"));
    CHECK_THAT(refusal(replaced(body, R"("Attempt":1,)", R"("Attempt":1,,)")), Catch::Contains("not valid JSON"));
    CHECK_THAT(refusal(replaced(body, "Nguyễn Thị Lan", "Nguy\xE1\xBB")), Catch::Contains("not valid JSON"));
    CHECK_THAT(refusal(""), Catch::Contains("not valid JSON"));
    std::string deep = R"({"Id":"a","Notifications":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
    CHECK_THAT(refusal(deep), Catch::Contains("not valid JSON"));
}
