#include <catch2/catch.hpp>

#include <string>

#include "common/crypto.hpp"
#include "common/customer_fields.hpp"
#include "common/exact_json.hpp"
#include "common/headers.hpp"
#include "common/instant.hpp"
#include "common/money.hpp"
#include "common/text.hpp"
#include "connectors/fixture.hpp"
#include "connector.hpp"
#include "deliver.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

using namespace loyalty;
using namespace loyalty::connectors;

TEST_CASE("money text is read exactly and fractions of a dong are dropped", "[connectors][money]") {
    CHECK(parse_money_text("13200000.0000") == 13200000);
    CHECK(parse_money_text("580000") == 580000);
    CHECK(parse_money_text("409.94") == 409);
    CHECK(parse_money_text("0.9999") == 0);
    CHECK(parse_money_text("1.32E7") == 13200000);
    CHECK(parse_money_text("1.5e1") == 15);
    CHECK(parse_money_text("15e-1") == 1);
    CHECK(parse_money_text("-0.0") == 0);
    CHECK(parse_money_text("9223372036854775807") == INT64_MAX);
    CHECK(parse_money_text("9223372036854775807.99") == INT64_MAX);
    CHECK_FALSE(parse_money_text("9223372036854775808"));
    CHECK_FALSE(parse_money_text("1e30"));
    CHECK_FALSE(parse_money_text("-5"));
    CHECK_FALSE(parse_money_text(""));
    CHECK_FALSE(parse_money_text("."));
    CHECK_FALSE(parse_money_text("1,130,000"));
    CHECK_FALSE(parse_money_text("12abc"));
    CHECK_FALSE(parse_money_text("1e"));
}

TEST_CASE("JSON numbers keep their exact text, money reads every form", "[connectors][money]") {
    auto v = parse_exact(R"({"a": 13200000.0000, "b": "580000", "c": 580000, "d": 99999999999999999999999,
                             "e": 18446744073709551615, "f": -3, "g": true})");
    auto& o = v.as_object();
    CHECK(o.at("a").is_string());
    CHECK(read_money(o.at("a"), "a") == 13200000);
    CHECK(read_money(o.at("b"), "b") == 580000);
    CHECK(read_money(o.at("c"), "c") == 580000);
    CHECK_THROWS_WITH(read_money(o.at("d"), "total"), Catch::Contains("total") && Catch::Contains("not an amount"));
    CHECK_THROWS_WITH(read_money(o.at("e"), "total"), Catch::Contains("above the largest amount accepted (10^15 VND)"));
    auto edge = parse_exact(R"({"top": 1000000000000000, "over": 1000000000000001, "text": "1000000000000001.5"})");
    CHECK(read_money(edge.as_object().at("top"), "top") == 1000000000000000);
    CHECK_THROWS_WITH(read_money(edge.as_object().at("over"), "over"), Catch::StartsWith("over is 1000000000000001, above"));
    CHECK_THROWS_WITH(read_money(edge.as_object().at("text"), "text"), Catch::StartsWith("text is 1000000000000001, above"));
    CHECK_THROWS_WITH(read_money(o.at("f"), "total"), Catch::Contains("negative"));
    CHECK_THROWS_WITH(read_money(o.at("g"), "total"), Catch::Contains("must be a number"));
}

TEST_CASE("bodies that are not JSON are refused with a reason", "[connectors][json]") {
    auto refused = [](const std::string& body) {
        try {
            parse_exact(body);
        } catch (const core::Error& e) {
            return e.status() == core::Status::invalid_argument;
        }
        return false;
    };
    CHECK(refused(R"({"id": 1, "total_price": "10)"));  // truncated
    CHECK(refused("{\"name\": \"\xC3\x28\"}"));         // invalid UTF-8
    CHECK(refused("{} {}"));
    CHECK(refused(""));
    CHECK(refused(std::string(10000, '[') + std::string(10000, ']')));
    CHECK_FALSE(refused(std::string(60, '[') + std::string(60, ']')));
    CHECK_FALSE(refused("{\"name\": \"Nguyễn Văn An\"}"));
}

TEST_CASE("HMAC-SHA256 and its encodings match published vectors", "[connectors][crypto]") {
    // RFC 4231 test case 2.
    CHECK(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("fooba") == "Zm9vYmE=");
    CHECK(base64_decode("Zm9vYmE=") == std::string("fooba"));
    CHECK(base64_decode("Zm9vYmE") == std::string("fooba"));
    CHECK_FALSE(base64_decode("Zm9v YmE="));
    CHECK(hex_decode("5BDC") == std::string("\x5b\xdc"));
    CHECK_FALSE(hex_decode("5bd"));
    CHECK_FALSE(hex_decode("zz"));
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
}

TEST_CASE("header names match whatever their case", "[connectors][headers]") {
    Headers h;
    h.add("X-Haravan-HmacSha256", "sig");
    CHECK(h.find("x-haravan-hmacsha256"));
    CHECK(*h.find("X-HARAVAN-HMACSHA256") == "sig");
    CHECK_FALSE(h.find("x-haravan-topic"));
}

TEST_CASE("platform timestamps become microsecond versions", "[connectors][time]") {
    auto& zone = test::saigon();
    CHECK(parse_instant_micros("2024-05-13T14:20:00+07:00", zone) == 1715584800000000);
    CHECK(parse_instant_micros("2024-05-13T07:20:00.123Z", zone) == 1715584800123000);
    CHECK(parse_instant_micros("2024-05-13T14:20:00.1234567", zone) == 1715584800123456);  // KiotViet: shop-local
    CHECK_FALSE(parse_instant_micros("13/05/2024", zone));
}

TEST_CASE("blanks around a typed value are trimmed, inner ones kept", "[connectors][customer]") {
    CHECK(trimmed("  Trần Văn Bình \t") == "Trần Văn Bình");
    CHECK(trimmed("\r\n0912 345 678\n") == "0912 345 678");
    CHECK(trimmed(" \t\r\n") == "");
    CHECK(trimmed("") == "");
}

TEST_CASE("a phone is the field, or the first readable of several numbers typed into it", "[connectors][customer]") {
    CHECK(readable_phone("0912345678") == "+84912345678");
    CHECK(readable_phone("(+84) 912 345 678") == "+84912345678");
    CHECK(readable_phone("  0912.345.678\r\n") == "+84912345678");
    CHECK(readable_phone("0162 612 3456") == "+84326123456");  // renumbered in 2018
    // A '-' inside one number groups digits; the whole field is tried before any split.
    CHECK(readable_phone("0912-345-678") == "+84912345678");
    CHECK(readable_phone("0912 - 345 - 678") == "+84912345678");
    SECTION("every separator shops type between numbers") {
        for (std::string separator : {"/", " / ", ",", ", ", ";", "|", " - "})
            CHECK(readable_phone("0868 111 222" + separator + "0243 822 1234") == "+84868111222");
    }
    SECTION("the first number that reads wins, not the first number") {
        CHECK(readable_phone("abc; 0988.123.456") == "+84988123456");
        CHECK(readable_phone("12 / / 0988 123 456 / 0912345678") == "+84988123456");
    }
    SECTION("nothing readable is empty, never an error") {
        CHECK(readable_phone("") == "");
        CHECK(readable_phone("   ") == "");
        CHECK(readable_phone("không có") == "");
        CHECK(readable_phone("12") == "");
        CHECK(readable_phone("12 / 34") == "");
        CHECK(readable_phone("/,;|") == "");
    }
}

TEST_CASE("a birthday is the shop's calendar day, or empty", "[connectors][customer]") {
    auto& saigon = test::saigon();
    SECTION("a date is kept as written") {
        CHECK(birthday_date("1990-05-13", saigon) == "1990-05-13");
        CHECK(birthday_date(" 1990-05-13\r\n", saigon) == "1990-05-13");
        CHECK(birthday_date("1900-01-01", *core::Zone::load("-05:00")) == "1900-01-01");
    }
    SECTION("a date-time with a zone is the day in the shop's zone") {
        CHECK(birthday_date("1990-05-12T17:00:00Z", saigon) == "1990-05-13");
        CHECK(birthday_date("1990-05-12T16:59:59Z", saigon) == "1990-05-12");
        CHECK(birthday_date("1990-05-13T00:00:00.000+07:00", saigon) == "1990-05-13");
        CHECK(birthday_date("2000-02-28T17:00:00Z", saigon) == "2000-02-29");
        CHECK(birthday_date("1990-05-13T03:00:00Z", *core::Zone::load("-05:00")) == "1990-05-12");
    }
    SECTION("a zoneless date-time is already the shop's: its date part") {
        CHECK(birthday_date("1990-08-15T00:00:00", saigon) == "1990-08-15");
        CHECK(birthday_date("1990-08-15T23:59:59.9999999", saigon) == "1990-08-15");
        CHECK(birthday_date("1990-08-15 00:00:00", saigon) == "1990-08-15");
    }
    SECTION("unreadable is empty") {
        CHECK(birthday_date("", saigon) == "");
        CHECK(birthday_date("15/08/1990", saigon) == "");
        CHECK(birthday_date("1990-02-30", saigon) == "");
        CHECK(birthday_date("1990-02-30T00:00:00Z", saigon) == "");
        CHECK(birthday_date("0001-01-01T00:00:00", saigon) == "");
        CHECK(birthday_date("1990-05-13x", saigon) == "");
        CHECK(birthday_date("19900513", saigon) == "");
    }
    SECTION("an instant whose day falls outside 1900-9999 in the shop's zone is empty, not refused") {
        CHECK(birthday_date("1900-01-01T00:00:00+08:00", saigon) == "");
        CHECK(birthday_date("1900-01-01T00:00:00Z", *core::Zone::load("-05:00")) == "");
        CHECK(birthday_date("9999-12-31T20:00:00Z", saigon) == "");
        CHECK(birthday_date("9999-12-31T16:00:00Z", saigon) == "9999-12-31");
    }
}

TEST_CASE("a Vietnamese full name puts the family name first", "[connectors][customer]") {
    CHECK(full_name("Nguyễn", "Văn An") == "Nguyễn Văn An");
    CHECK(full_name("  Trần ", "\tVăn Bình\r\n") == "Trần Văn Bình");
    CHECK(full_name("", "Văn Bình") == "Văn Bình");
    CHECK(full_name(" ", "Văn Bình") == "Văn Bình");
    CHECK(full_name("Trần", "") == "Trần");
    CHECK(full_name("", "") == "");
}

TEST_CASE("a key twice in one object is refused, named by its path", "[connectors][json]") {
    CHECK_THROWS_WITH(parse_exact(R"({"subtotal_price": 100000, "subtotal_price": 900000})"),
                      Catch::Equals("body has the key subtotal_price twice: which value counts is not clear"));
    CHECK_THROWS_WITH(parse_exact(R"({"order": {"line_items": [{"sku": "A"}, {"sku": "B", "price": 1, "price": 2}]}})"),
                      Catch::StartsWith("body has the key order.line_items[1].price twice"));
    // The same key in different objects is fine, as is a key that differs only in case.
    auto v = parse_exact(R"({"a": {"id": 1}, "b": {"id": 2}, "A": 3, "list": [{"id": 1}, {"id": 1}]})");
    CHECK(v.as_object().size() == 4);
}

TEST_CASE("duplicate keys are found in large objects too, and named after a nested value", "[connectors][json]") {
    std::string many = "{";
    for (int i = 0; i < 300; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    auto unique = parse_exact(many + "\"last\": {\"inner\": [1, {\"x\": 1}]}}");
    CHECK(unique.as_object().size() == 301);
    CHECK_THROWS_WITH(parse_exact(many + "\"k7\": 0}"), Catch::StartsWith("body has the key k7 twice"));
    CHECK_THROWS_WITH(parse_exact(R"({"a": {"b": [0, {"c": 1, "c": 2}]}, "d": 1})"),
                      Catch::StartsWith("body has the key a.b[1].c twice"));
    CHECK_THROWS_WITH(parse_exact(R"({"customer": {"id": 1}, "amount": 1, "amount": 2})"),
                      Catch::StartsWith("body has the key amount twice"));
}

TEST_CASE("each connector declares how its platform is answered over HTTP", "[connectors][policy]") {
    // KiotViet ends a subscription on a 4xx, so an unauthenticated delivery gets 503 (it retries)
    // and one kept in quarantine is acknowledged with 200 (it is not lost).
    auto kiotviet = connector_named("kiotviet").http_policy();
    CHECK(kiotviet.unauthenticated == 503);
    CHECK(kiotviet.unknown_shop == 503);
    CHECK(kiotviet.quarantined == 200);
    CHECK_FALSE(kiotviet.note.empty());
    for (const char* platform : {"haravan", "sapo"}) {
        auto policy = connector_named(platform).http_policy();
        CHECK(policy.unauthenticated == 401);
        CHECK(policy.unknown_shop == 404);
        CHECK(policy.quarantined == 400);
    }
    CHECK_THROWS_AS(connector_named("shopee"), core::Error);
    CHECK(to_string(DeliveryOutcome::unknown_shop) == "unknown_shop");
    CHECK(to_string(DeliveryOutcome::quarantined) == "quarantined");
}

TEST_CASE("headers keep the names as sent and find them in any case", "[connectors][headers]") {
    Headers h;
    h.add("X-Haravan-HmacSha256", "first");
    h.add("x-haravan-hmacsha256", "second");
    CHECK(*h.find("X-HARAVAN-HMACSHA256") == "first");
    auto json = h.to_json();
    CHECK(json.size() == 1);
    CHECK(json.at("X-Haravan-HmacSha256") == "first");
    auto back = Headers::from_json(json);
    CHECK(*back.find("x-haravan-hmacsha256") == "first");
    CHECK_THROWS_AS(Headers::from_json(boost::json::object{{"X-Test", 1}}), core::Error);
}
