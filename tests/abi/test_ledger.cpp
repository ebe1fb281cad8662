#include <catch2/catch.hpp>

#include "abi_client.hpp"

using namespace loyalty::test;
namespace json = boost::json;

TEST_CASE("record_order answers with the contract's JSON shape") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    auto r = c.order("demo", paid_order("A-1001", "1130000", R"(, "version": 3, "lines": [{"sku": "AO01", "quantity": 2, "amount": 1200000}])"));
    REQUIRE(r.status == LOYALTY_OK);
    CHECK(r.error.empty());
    auto v = r.json().as_object();
    CHECK(v.at("applied").as_bool());
    CHECK(v.at("points_delta").as_int64() == 113);
    CHECK(v.at("points").at("available").as_int64() == 113);
    CHECK(v.at("points").at("pending").as_int64() == 0);
    CHECK(v.at("member_id").as_string().starts_with("m_"));

    auto m = c.member("demo", R"({"platform": "pos", "customer_id": "C-1"})");
    REQUIRE(m.status == LOYALTY_OK);
    auto mv = m.json().as_object();
    CHECK(mv.at("member_id") == v.at("member_id"));
    CHECK(mv.at("name").as_string() == "Nguyễn Văn An");
    CHECK(mv.at("phone").as_string() == "+84912345678");
    CHECK(mv.at("points").at("lifetime_earned").as_int64() == 113);
    CHECK(mv.at("spend").at("lifetime").as_int64() == 1130000);
    CHECK(mv.at("refs").as_array().size() == 1);
    CHECK(mv.at("refs").at(0).at("platform").as_string() == "pos");

    auto older = c.order("demo", R"({"order_id": "A-1001", "status": "cancelled", "amount": 1130000, "version": 2, "customer": {"phone": "0912345678"}})");
    REQUIRE(older.status == LOYALTY_OK);
    CHECK_FALSE(older.json().at("applied").as_bool());
}

TEST_CASE("a redemption retried with its key gets the same bytes back") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    std::string id(c.order("demo", paid_order("A-1", "1130000")).json().at("member_id").as_string());
    std::string request = R"({"member_id": ")" + id + R"(", "points": 13, "idempotency_key": "pos-77", "reason": "voucher"})";
    auto first = c.redeem("demo", request);
    REQUIRE(first.status == LOYALTY_OK);
    auto second = c.redeem("demo", request);
    REQUIRE(second.status == LOYALTY_OK);
    CHECK(second.text == first.text);
    CHECK(first.json().at("points").at("available").as_int64() == 100);
    auto entry = first.json().at("entry");
    CHECK(entry.at("kind").as_string() == "redeem");
    CHECK(entry.at("points").as_int64() == -13);
    CHECK(entry.at("ref").at("id").as_string() == "pos-77");

    auto conflict = c.redeem("demo", R"({"member_id": ")" + id + R"(", "points": 14, "idempotency_key": "pos-77", "reason": "voucher"})");
    CHECK(conflict.status == LOYALTY_CONFLICT);
    CHECK_THAT(conflict.error, Catch::Contains("pos-77"));
    auto too_much = c.redeem("demo", R"({"member_id": ")" + id + R"(", "points": 101, "idempotency_key": "pos-78"})");
    CHECK(too_much.status == LOYALTY_INSUFFICIENT_POINTS);
    CHECK_THAT(too_much.error, Catch::Contains("100 points available"));
    auto shortfall = too_much.details();
    CHECK(shortfall.at("code") == "insufficient_points");
    CHECK(shortfall.at("available") == 100);
    CHECK(shortfall.at("requested") == 101);
    CHECK_FALSE(shortfall.contains("quarantine_id"));
    CHECK(conflict.details().at("code") == "conflict");
    CHECK_FALSE(conflict.details().contains("available"));
    // A success resets the document.
    REQUIRE(c.redeem("demo", request).status == LOYALTY_OK);
    CHECK(boost::json::parse(loyalty_last_error_json()) == boost::json::parse(R"({"code": "ok", "message": ""})"));

    auto list = c.transactions("demo", R"({"member_id": ")" + id + R"("})");
    REQUIRE(list.status == LOYALTY_OK);
    auto items = list.json().at("transactions").as_array();
    REQUIRE(items.size() == 2);
    CHECK(items[0].at("kind").as_string() == "redeem");
    CHECK(items[1].at("kind").as_string() == "earn");
    CHECK(items[1].at("occurred_at").as_string() == "2024-05-13T14:20:00+07:00");
    CHECK(items[1].at("detail").as_string() == "rate=10000 base=113 amount=1130000 refunded=0");
    CHECK(list.json().at("next_before").is_null());
}

TEST_CASE("customers are upserted by platform reference and phone") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    auto created = c.customer("demo", R"({"platform": "haravan", "customer_id": "1001", "phone": "+84 162 612 3456", "name": "Trần Thị Bình", "email": "binh@example.vn", "birthday": "1990-02-28"})");
    REQUIRE(created.status == LOYALTY_OK);
    CHECK(created.json().at("created").as_bool());
    auto updated = c.customer("demo", R"({"platform": "haravan", "customer_id": "1001", "name": "Trần T. Bình"})");
    REQUIRE(updated.status == LOYALTY_OK);
    CHECK_FALSE(updated.json().at("created").as_bool());
    CHECK(updated.json().at("member_id") == created.json().at("member_id"));
    auto m = c.member("demo", R"({"phone": "0326123456"})").json();
    CHECK(m.at("name").as_string() == "Trần T. Bình");
    CHECK(m.at("email").as_string() == "binh@example.vn");
    CHECK(m.at("birthday").as_string() == "1990-02-28");
    auto bad = c.customer("demo", R"({"platform": "haravan", "customer_id": "1002", "birthday": "1990-02-30"})");
    CHECK(bad.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(c.member("demo", R"({"platform": "haravan", "customer_id": "1002"})").status == LOYALTY_NOT_FOUND);
}

TEST_CASE("maintenance reports a consistent ledger") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    REQUIRE(c.order("demo", paid_order("A-1", "1130000")).status == LOYALTY_OK);
    auto first = c.maintenance(1732406400);
    REQUIRE(first.status == LOYALTY_OK);
    CHECK(first.json().at("ledger_consistent").as_bool());
    CHECK(first.json().at("entries").as_int64() == 1);
    CHECK(first.json().at("now").as_string() == "2024-11-24T00:00:00+00:00");
    CHECK(first.json().at("members_segmented").as_int64() == 1);
    // Run again at the same time: the same report, except that the day's segments are computed once.
    auto again = c.maintenance(1732406400).json();
    CHECK(again.at("members_segmented").as_int64() == 0);
    auto expected = first.json();
    expected.as_object()["members_segmented"] = 0;
    CHECK(again == expected);
}
