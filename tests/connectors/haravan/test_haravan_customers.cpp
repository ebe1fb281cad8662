// Haravan customers: every row of connectors/README.md's customer table.
#include "connectors/haravan/haravan_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::haravan;

namespace {

core::CustomerInput created_with(const std::string& from, const std::string& to) {
    return customer_of(deliver("customers/create", replaced(fixture("haravan/customer_create.json"), from, to)));
}

}  // namespace

TEST_CASE("haravan customers/create maps every field", "[haravan][customer]") {
    auto c = customer_of(deliver("customers/create", fixture("haravan/customer_create.json")));
    CHECK(c.platform == "haravan");
    CHECK(c.customer_id == "1041590088");
    CHECK(c.name == "Trần Văn Bình");
    CHECK(c.phone == "+84986123456");
    CHECK(c.email == "binh.tran85@yahoo.com.vn");
    CHECK(c.birthday == "1985-12-01");  // 1985-11-30T17:00:00Z is midnight of 1 December in Hà Nội
    CHECK(c.group == "Khách lẻ");
}

TEST_CASE("haravan customers/update carries the changes", "[haravan][customer]") {
    auto c = customer_of(deliver("customers/update", fixture("haravan/customer_update.json")));
    CHECK(c.customer_id == "1041590088");
    CHECK(c.phone == "+84362345678");  // 0166… renumbered to 036… in 2018
    CHECK(c.group == "Khách hàng VIP");
    CHECK(c.name == "Trần Văn Bình");
}

TEST_CASE("haravan customer fields", "[haravan][customer]") {
    SECTION("id: a number or a string of digits, as decimal text") {
        CHECK(created_with("\"id\": 1041590088,", "\"id\": \"1041590088\",").customer_id == "1041590088");
        CHECK(created_with("\"id\": 1041590088,", "\"id\": 18446744073709551615,").customer_id ==
              "18446744073709551615");
    }
    SECTION("name: family name (last_name) first, trimmed") {
        const std::string family = "\"last_name\": \"Trần\",\n  \"last_order_id\"";
        CHECK(created_with(family, "\"last_name\": \"  Trần \",\n  \"last_order_id\"").name == "Trần Văn Bình");
        CHECK(created_with(family, "\"last_name\": null,\n  \"last_order_id\"").name == "Văn Bình");
        CHECK(created_with("\"first_name\": \"Văn Bình\",\n  \"id\"", "\"first_name\": \"\",\n  \"id\"").name == "Trần");
        // Haravan's own demo data puts the whole name in first_name.
        auto whole = replaced(fixture("haravan/customer_create.json"), "\"first_name\": \"Văn Bình\",\n  \"id\"",
                              "\"first_name\": \"Trần Văn Bình\",\n  \"id\"");
        whole = replaced(whole, "\"last_name\": \"Trần\",\n  \"last_order_id\"", "\"last_name\": null,\n  \"last_order_id\"");
        CHECK(customer_of(deliver("customers/create", whole)).name == "Trần Văn Bình");
    }
    SECTION("phone: canonical; any format; unreadable or absent dropped") {
        const std::string from = "\"phone\": \"+84 986.123.456\"";
        CHECK(created_with(from, "\"phone\": \"0986123456\"").phone == "+84986123456");
        CHECK(created_with(from, "\"phone\": \"84986123456\"").phone == "+84986123456");
        CHECK(created_with(from, "\"phone\": \"0986-123-456\"").phone == "+84986123456");
        CHECK(created_with(from, "\"phone\": \"không có\"").phone.empty());
        CHECK(created_with(from, "\"phone\": \"12\"").phone.empty());
        CHECK(created_with(from, "\"phone\": null").phone.empty());
        CHECK(created_with(from, "\"phone\": 986123456").phone.empty());
    }
    SECTION("email: trimmed; absent is empty") {
        CHECK(created_with("\"email\": \"binh.tran85@yahoo.com.vn\"", "\"email\": \" binh.tran85@yahoo.com.vn \"").email ==
              "binh.tran85@yahoo.com.vn");
        CHECK(created_with("\"email\": \"binh.tran85@yahoo.com.vn\"", "\"email\": null").email.empty());
    }
    SECTION("birthday: the shop's calendar day of the instant") {
        const std::string from = "\"birthday\": \"1985-11-30T17:00:00Z\"";
        CHECK(created_with(from, "\"birthday\": \"1990-05-12T17:00:00Z\"").birthday == "1990-05-13");
        CHECK(created_with(from, "\"birthday\": \"1990-05-12T16:59:59Z\"").birthday == "1990-05-12");
        CHECK(created_with(from, "\"birthday\": \"1990-05-13T00:00:00Z\"").birthday == "1990-05-13");
        CHECK(created_with(from, "\"birthday\": \"1990-05-13T00:00:00.000+07:00\"").birthday == "1990-05-13");
        CHECK(created_with(from, "\"birthday\": \"1990-05-13\"").birthday == "1990-05-13");
        CHECK(created_with(from, "\"birthday\": \"2000-02-28T17:00:00Z\"").birthday == "2000-02-29");
    }
    SECTION("birthday: unreadable or absent dropped") {
        const std::string from = "\"birthday\": \"1985-11-30T17:00:00Z\"";
        CHECK(created_with(from, "\"birthday\": null").birthday.empty());
        CHECK(created_with(from, "\"birthday\": \"\"").birthday.empty());
        CHECK(created_with(from, "\"birthday\": \"13/05/1990\"").birthday.empty());
        CHECK(created_with(from, "\"birthday\": \"0001-01-01T00:00:00Z\"").birthday.empty());
        CHECK(created_with(from, "\"birthday\": \"1990-02-30T00:00:00Z\"").birthday.empty());
        CHECK(created_with(from, "\"birthday\": 19900513").birthday.empty());
    }
    SECTION("group: group_name; null is empty") {
        CHECK(created_with("\"group_name\": \"Khách lẻ\"", "\"group_name\": null").group.empty());
    }
}

TEST_CASE("haravan customer refusals name the field", "[haravan][customer][invalid]") {
    CHECK_THAT(refusal("customers/update", replaced(fixture("haravan/customer_update.json"), "\"id\": 1041590088,", "")),
               Catch::Equals("customer.id is required"));
    CHECK_THAT(refusal("customers/update",
                       replaced(fixture("haravan/customer_update.json"), "\"id\": 1041590088,", "\"id\": true,")),
               Catch::Equals("customer.id must be a non-negative integer id"));
    CHECK_THAT(refusal("customers/update",
                       replaced(fixture("haravan/customer_update.json"), "\"id\": 1041590088,", "\"id\": -5,")),
               Catch::Equals("customer.id must be a non-negative integer id"));
    CHECK_THAT(refusal("customers/delete", "{\"email\": \"binh.tran85@yahoo.com.vn\"}"),
               Catch::Equals("customer.id is required"));
    CHECK_THAT(refusal("customers/create", "[1041590088]"), Catch::Equals("body must be a JSON object"));
}
