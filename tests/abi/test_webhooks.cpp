// loyalty_ingest_webhook and the quarantine through the C ABI: statuses, messages, and that a
// refused delivery changes nothing.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <string>

#include "../temp_path.hpp"
#include "abi_client.hpp"
#include "webhook_signing.hpp"

using namespace loyalty::test;

namespace {

const std::string secret = "haravan-test-secret";

const std::string shop_with_connections = R"({"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh",
    "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secrets": ["haravan-new-secret", ")" + secret + R"("],
                     "verify_token": "verify-me-please"}]})";

std::string haravan_order(const std::string& financial_status, const std::string& updated_at) {
    return R"({"id": 1001, "name": "#1001", "created_at": "2024-05-13T14:20:00+07:00", "updated_at": ")" +
           updated_at + R"(", "financial_status": ")" + financial_status +
           R"(", "subtotal_price": "1130000.0000", "total_price": "1160000.0000", "total_discounts": "0.0000",
           "cancelled_at": null, "refunds": [], "line_items": [],
           "customer": {"id": 501, "phone": "0912345678", "first_name": "An", "last_name": "Nguyễn Văn"}})";
}

std::string haravan_headers(const std::string& topic, const std::string& signature) {
    return R"({"X-Haravan-Topic": ")" + topic + R"(", "X-Haravan-Org-Id": "200000", "X-Haravan-HmacSha256": ")" +
           signature + R"("})";
}

Call ingest(Client& c, const std::string& platform, const std::string& headers, const std::string& body,
            const char* shop = "demo") {
    return call([&](char** out) {
        return loyalty_ingest_webhook(c.engine, platform.c_str(), shop, headers.c_str(), body.data(), body.size(), out);
    });
}

Call quarantine_list(Client& c, const std::string& query = "{}") {
    return call([&](char** out) { return loyalty_list_quarantine(c.engine, query.c_str(), out); });
}

int64_t entry_count(Client& c) {
    return c.maintenance(1735689600).json().at("entries").as_int64();
}

}  // namespace

TEST_CASE("a signed Haravan order earns, and its retry is a duplicate", "[webhooks]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    std::string body = haravan_order("paid", "2024-05-13T14:25:00.120+07:00");
    auto headers = haravan_headers("orders/paid", base64_hmac(body, secret));
    auto r = ingest(c, "haravan", headers, body);
    REQUIRE(r.status == LOYALTY_OK);
    auto json = r.json();
    CHECK(json.at("outcome") == "applied");
    CHECK(json.at("events").at(0).at("points_delta") == 113);
    auto again = ingest(c, "haravan", headers, body);
    REQUIRE(again.status == LOYALTY_OK);
    CHECK(again.json().at("outcome") == "duplicate");
    CHECK(entry_count(c) == 1);
    auto m = c.member("demo", R"({"platform": "haravan", "customer_id": "501"})");
    REQUIRE(m.status == LOYALTY_OK);
    CHECK(m.json().at("points").at("available") == 113);
}

TEST_CASE("any of a shop's secrets verifies, a forged or foreign signature changes nothing", "[webhooks]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    std::string body = haravan_order("paid", "2024-05-13T14:25:00+07:00");
    SECTION("the new secret of a rotation") {
        auto r = ingest(c, "haravan", haravan_headers("orders/paid", base64_hmac(body, "haravan-new-secret")), body);
        CHECK(r.status == LOYALTY_OK);
    }
    SECTION("a body changed after signing") {
        std::string signature = base64_hmac(body, secret);
        std::string forged = body;
        forged.replace(forged.find("1130000"), 7, "9130000");
        auto r = ingest(c, "haravan", haravan_headers("orders/paid", signature), forged);
        CHECK(r.status == LOYALTY_UNAUTHENTICATED);
        CHECK(r.error.find("signature does not verify") != std::string::npos);
        CHECK(r.text.empty());
        CHECK(entry_count(c) == 0);
        CHECK(quarantine_list(c).json().at("deliveries").as_array().empty());
    }
    SECTION("another shop's secret") {
        auto r = ingest(c, "haravan", haravan_headers("orders/paid", base64_hmac(body, "someone-elses-secret")), body);
        CHECK(r.status == LOYALTY_UNAUTHENTICATED);
        CHECK(entry_count(c) == 0);
    }
    SECTION("no signature at all") {
        auto r = ingest(c, "haravan", R"({"X-Haravan-Topic": "orders/paid"})", body);
        CHECK(r.status == LOYALTY_UNAUTHENTICATED);
    }
}

TEST_CASE("unknown shops, platforms and connections are not found", "[webhooks]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    std::string body = haravan_order("paid", "2024-05-13T14:25:00+07:00");
    auto headers = haravan_headers("orders/paid", base64_hmac(body, secret));
    auto unknown_shop = ingest(c, "haravan", headers, body, "nowhere");
    CHECK(unknown_shop.status == LOYALTY_NOT_FOUND);
    CHECK(unknown_shop.error.find("nowhere") != std::string::npos);
    auto unknown_platform = ingest(c, "shopee", headers, body);
    CHECK(unknown_platform.status == LOYALTY_NOT_FOUND);
    auto no_connection = ingest(c, "kiotviet", headers, body);
    CHECK(no_connection.status == LOYALTY_NOT_FOUND);
    CHECK(no_connection.error.find("no kiotviet connection") != std::string::npos);
    CHECK(entry_count(c) == 0);
}

TEST_CASE("bad arguments are refused before anything is read", "[webhooks]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    std::string body = haravan_order("paid", "2024-05-13T14:25:00+07:00");
    auto malformed_headers = ingest(c, "haravan", "{not json", body);
    CHECK(malformed_headers.status == LOYALTY_INVALID_ARGUMENT);
    auto number_header = ingest(c, "haravan", R"({"X-Haravan-HmacSha256": 5})", body);
    CHECK(number_header.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(number_header.error.find("must be a string") != std::string::npos);
    char* out = reinterpret_cast<char*>(1);
    CHECK(loyalty_ingest_webhook(c.engine, "haravan", "demo", "{}", nullptr, 10, &out) == LOYALTY_INVALID_ARGUMENT);
    CHECK(out == nullptr);
    std::string huge(17u << 20, ' ');
    auto oversized = ingest(c, "haravan", haravan_headers("orders/paid", base64_hmac(huge, secret)), huge);
    CHECK(oversized.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(oversized.error.find("over the limit") != std::string::npos);
    CHECK(quarantine_list(c).json().at("deliveries").as_array().empty());
}

TEST_CASE("an authenticated delivery that cannot be read is quarantined whole", "[webhooks][quarantine]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    std::string truncated = haravan_order("paid", "2024-05-13T14:25:00+07:00").substr(0, 120);
    auto r = ingest(c, "haravan", haravan_headers("orders/paid", base64_hmac(truncated, secret)), truncated);
    CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(r.error.find("quarantine") != std::string::npos);
    // The id as data, so no caller depends on the wording of the message.
    auto details = r.details();
    CHECK(details.at("code") == "invalid_argument");
    CHECK(details.at("message").as_string() == r.error);
    REQUIRE(details.contains("quarantine_id"));
    CHECK(entry_count(c) == 0);

    std::string invalid_utf8 = "{\"id\": \"\xC3\x28\"}";
    auto bad = ingest(c, "haravan", haravan_headers("orders/paid", base64_hmac(invalid_utf8, secret)), invalid_utf8);
    CHECK(bad.status == LOYALTY_INVALID_ARGUMENT);

    auto listed = quarantine_list(c);
    REQUIRE(listed.status == LOYALTY_OK);
    auto deliveries = listed.json().at("deliveries").as_array();
    REQUIRE(deliveries.size() == 2);
    CHECK(deliveries[0].at("body").as_string() == truncated);
    CHECK(deliveries[0].at("platform") == "haravan");
    CHECK(deliveries[0].at("headers").at("X-Haravan-Topic") == "orders/paid");
    CHECK(deliveries[1].as_object().count("body") == 0);  // not UTF-8: base64 only
    CHECK(deliveries[1].at("body_base64").as_string().size() > 0);

    // Still unreadable on replay: it stays quarantined, and no second copy is made.
    int64_t id = deliveries[0].at("quarantine_id").as_int64();
    CHECK(details.at("quarantine_id") == id);
    auto replay = call([&](char** out) { return loyalty_replay_quarantine(c.engine, id, out); });
    CHECK(replay.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(quarantine_list(c).json().at("deliveries").as_array().size() == 2);

    REQUIRE(loyalty_dismiss_quarantine(c.engine, id, "truncated by a proxy; the platform resent it") == LOYALTY_OK);
    CHECK(quarantine_list(c).json().at("deliveries").as_array().size() == 1);
    auto all = quarantine_list(c, R"({"include_resolved": true})");
    CHECK(all.json().at("deliveries").at(0).at("resolution").as_string().starts_with("dismissed: "));
    CHECK(loyalty_dismiss_quarantine(c.engine, id, "again") == LOYALTY_CONFLICT);
    auto unknown = call([&](char** out) { return loyalty_replay_quarantine(c.engine, 999, out); });
    CHECK(unknown.status == LOYALTY_NOT_FOUND);
}

TEST_CASE("a quarantined delivery is applied by replay once the library can read it",
          "[webhooks][quarantine][sqlite]") {
    // A delivery an older library could not read sits in the store; this one can.
    auto path = temp_db("abi-replay");
    std::string config = R"({"storage": "sqlite:)" + path + R"("})";
    std::string body = haravan_order("paid", "2024-05-13T14:25:00+07:00");
    {
        Client c(config);
        REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    }
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db,
                                   "INSERT INTO quarantine (shop_id, platform, headers, body, error, received_at) "
                                   "VALUES ('demo', 'haravan', ?1, ?2, 'an older parser refused it', 0)",
                                   -1, &stmt, nullptr) == SQLITE_OK);
        std::string headers = haravan_headers("orders/paid", "signature checked on arrival");
        sqlite3_bind_text(stmt, 1, headers.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(stmt, 2, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
        REQUIRE(sqlite3_step(stmt) == SQLITE_DONE);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
    }
    Client c(config);
    auto listed = quarantine_list(c, R"({"shop_id": "demo"})");
    int64_t id = listed.json().at("deliveries").at(0).at("quarantine_id").as_int64();
    auto replay = call([&](char** out) { return loyalty_replay_quarantine(c.engine, id, out); });
    REQUIRE(replay.status == LOYALTY_OK);
    CHECK(replay.json().at("outcome") == "applied");
    CHECK(replay.json().at("events").at(0).at("points_delta") == 113);
    CHECK(quarantine_list(c).json().at("deliveries").as_array().empty());
    auto again = call([&](char** out) { return loyalty_replay_quarantine(c.engine, id, out); });
    CHECK(again.status == LOYALTY_CONFLICT);
    CHECK(entry_count(c) == 1);
}

TEST_CASE("Haravan's subscription handshake echoes the challenge only for the shop's token", "[webhooks]") {
    Client c;
    REQUIRE(c.put_shop(shop_with_connections) == LOYALTY_OK);
    auto ok = call([&](char** out) {
        return loyalty_haravan_handshake(c.engine, "demo", "subscribe", "verify-me-please", "challenge-123", out);
    });
    REQUIRE(ok.status == LOYALTY_OK);
    CHECK(ok.text == "challenge-123");
    auto wrong = call([&](char** out) {
        return loyalty_haravan_handshake(c.engine, "demo", "subscribe", "guess", "challenge-123", out);
    });
    CHECK(wrong.status == LOYALTY_UNAUTHENTICATED);
    CHECK(wrong.text.empty());
    auto mode = call([&](char** out) {
        return loyalty_haravan_handshake(c.engine, "demo", "unsubscribe", "verify-me-please", "c", out);
    });
    CHECK(mode.status == LOYALTY_UNAUTHENTICATED);
}

TEST_CASE("shop connections are checked when the shop is put", "[webhooks]") {
    Client c;
    auto put = [&](const std::string& connections) {
        std::string shop = R"({"shop_id": "s", "earn": {"spend_per_point": 1000}, "connections": )" + connections + "}";
        int status = loyalty_put_shop(c.engine, shop.c_str());
        return std::make_pair(status, std::string(loyalty_last_error()));
    };
    CHECK(put(R"([{"platform": "haravan", "secret": "long-enough"}])").first == LOYALTY_OK);
    auto unknown = put(R"([{"platform": "shopee", "secret": "long-enough"}])");
    CHECK(unknown.first == LOYALTY_INVALID_ARGUMENT);
    CHECK(unknown.second.find("shopee") != std::string::npos);
    CHECK(put(R"([{"platform": "sapo", "secret": "short"}])").first == LOYALTY_INVALID_ARGUMENT);
    CHECK(put(R"([{"platform": "sapo"}])").first == LOYALTY_INVALID_ARGUMENT);
    CHECK(put(R"([{"platform": "sapo", "secret": "long-enough"}, {"platform": "sapo", "secret": "long-enough-2"}])")
              .first == LOYALTY_INVALID_ARGUMENT);
    CHECK(put(R"([{"platform": "kiotviet", "secret": "long-enough", "colour": "red"}])").first ==
          LOYALTY_INVALID_ARGUMENT);
}
