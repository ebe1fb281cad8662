// Haravan deliveries that authenticate but cannot be mapped: invalid_argument naming the field.
#include "connectors/haravan/haravan_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::haravan;

namespace {

std::string paid_with(const std::string& from, const std::string& to) {
    return refusal("orders/paid", replaced(fixture("haravan/order_paid.json"), from, to));
}

const std::string kId = "\"id\": 1072845311,\n  \"landing_site\"";
const std::string kSubtotal = "\"subtotal_price\": 3850000.0000";
const std::string kUpdated = "\"updated_at\": \"2024-05-13T09:02:41.5Z\"";

}  // namespace

TEST_CASE("haravan order: required fields missing", "[haravan][invalid]") {
    CHECK_THAT(paid_with(kId, "\"landing_site\""), Catch::Equals("order.id is required"));
    CHECK_THAT(paid_with(kSubtotal + ",", ""), Catch::Equals("order.subtotal_price is required"));
    CHECK_THAT(paid_with("\"total_price\": 3885000.0000,", ""), Catch::Equals("order.total_price is required"));
    CHECK_THAT(paid_with(kUpdated + ",", ""), Catch::Equals("order.updated_at is required"));
    CHECK_THAT(paid_with("\"created_at\": \"2024-05-13T07:20:15.123Z\",", ""), Catch::Equals("order.created_at is required"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": null"), Catch::Equals("order.subtotal_price is required"));
}

TEST_CASE("haravan order: fields of the wrong type", "[haravan][invalid]") {
    CHECK_THAT(paid_with(kId, "\"id\": true,\n  \"landing_site\""),
               Catch::Equals("order.id must be a non-negative integer id"));
    CHECK_THAT(paid_with(kId, "\"id\": 1072845311.5,\n  \"landing_site\""),
               Catch::Equals("order.id must be a non-negative integer id"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": true"), Catch::Equals("order.subtotal_price must be a number of VND"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": \"3,850,000\""),
               Catch::StartsWith("order.subtotal_price \"3,850,000\" is not an amount"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": -3850000"), Catch::Equals("order.subtotal_price must not be negative"));
    CHECK_THAT(paid_with(kUpdated, "\"updated_at\": 1715590961"), Catch::Equals("order.updated_at must be a timestamp string"));
    CHECK_THAT(paid_with(kUpdated, "\"updated_at\": \"hôm qua\""),
               Catch::Equals("order.updated_at \"hôm qua\" is not a timestamp"));
    CHECK_THAT(paid_with("\"financial_status\": \"paid\"", "\"financial_status\": 2"),
               Catch::Equals("order.financial_status must be a string"));
    CHECK_THAT(paid_with("\"cancelled_at\": null", "\"cancelled_at\": 1715594564"),
               Catch::Equals("order.cancelled_at must be a timestamp or null"));
    CHECK_THAT(paid_with("\"refunds\": []", "\"refunds\": {}"), Catch::Equals("order.refunds must be an array"));
    CHECK_THAT(paid_with("\"total_tax\": 0.0000", "\"total_tax\": \"không\""),
               Catch::StartsWith("order.total_tax \"không\" is not an amount"));
    CHECK_THAT(paid_with("\"quantity\": 2,", "\"quantity\": -2,"),
               Catch::Equals("order.line_items[0].quantity must be a count (0 up to 2^63-1)"));
}

TEST_CASE("haravan order: the customer inside the order", "[haravan][invalid]") {
    const std::string body = fixture("haravan/order_pos_walkin.json");
    CHECK_THAT(refusal("orders/paid", replaced(body, "\"customer\": null", "\"customer\": \"Khách lẻ\"")),
               Catch::Equals("order.customer must be a JSON object"));
    CHECK_THAT(refusal("orders/paid", replaced(body, "\"customer\": null", "\"customer\": {\"id\": \"KH-01\"}")),
               Catch::Equals("order.customer.id must be a non-negative integer id"));
}

TEST_CASE("haravan order: refunds that cannot be read", "[haravan][invalid]") {
    const std::string partial = fixture("haravan/order_partially_refunded.json");
    CHECK_THAT(refusal("orders/updated", replaced(partial, "\"amount\": -1835000.0000", "\"amount\": \"một triệu\"")),
               Catch::StartsWith("order.refunds[0].transactions[0].amount \"một triệu\" is not an amount"));
    CHECK_THAT(refusal("orders/updated", replaced(partial, "\"amount\": -1835000.0000", "\"amount\": -99999999999999999999")),
               Catch::StartsWith("order.refunds[0].transactions[0].amount"));
    auto unpriced = replaced(partial, "\"line_item_id\": 1160828401", "\"line_item_id\": 1160820000");
    unpriced = replaced(unpriced, "\"price\": 1850000.0000,\n            \"product_id\"", "\"product_id\"");
    CHECK_THAT(refusal("orders/updated", unpriced),
               Catch::Equals("order.refunds[0].refund_line_items[0].line_item.price is required to value a refund "
                             "without a subtotal"));
    CHECK_THAT(refusal("orders/updated", replaced(partial, "\"refund_line_items\": [", "\"refund_line_items\": [17, ")),
               Catch::Equals("order.refunds[0].refund_line_items[0] must be a JSON object"));
}

TEST_CASE("haravan amounts beyond the range of money (10^15 VND)", "[haravan][invalid]") {
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": 9223372036854775808"),
               Catch::StartsWith("order.subtotal_price is above the largest amount accepted (10^15 VND)"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": 1000000000000001"),
               Catch::StartsWith("order.subtotal_price is 1000000000000001, above the largest amount accepted"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": 99999999999999999999999.0000"),
               Catch::StartsWith("order.subtotal_price \"99999999999999999999999.0000\" is not an amount"));
    CHECK_THAT(paid_with(kSubtotal, "\"subtotal_price\": \"9223372036854775808\""),
               Catch::StartsWith("order.subtotal_price \"9223372036854775808\" is not an amount"));
    // The largest amount itself is fine.
    auto top = replaced(fixture("haravan/order_paid.json"), kSubtotal, "\"subtotal_price\": 1000000000000000");
    top = replaced(top, "\"total_price\": 3885000.0000", "\"total_price\": 1000000000000000");
    top = replaced(top, "\"price\": 35000.0000", "\"price\": 0");  // the shipping line
    top = replaced(top, "\"total_discounts\": 300000.0000", "\"total_discounts\": 0");
    CHECK(order_from("orders/paid", top).amount == 1000000000000000);
    // A line whose price x quantity leaves int64: 2 x 10^15 is in int64, 2 x (2^63-1) is not.
    CHECK_THAT(paid_with("\"price\": 1850000.0000,\n      \"price_original\"",
                         "\"price\": 9223372036854775807,\n      \"price_original\""),
               Catch::StartsWith("order.line_items[0].price is 9223372036854775807, above the largest amount"));
}

TEST_CASE("haravan bodies that are not JSON objects", "[haravan][invalid]") {
    const std::string body = fixture("haravan/order_paid.json");
    SECTION("truncated") {
        CHECK_THAT(refusal("orders/paid", body.substr(0, body.size() / 2)), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refusal("orders/paid", body.substr(0, body.size() - 2)), Catch::StartsWith("body is not valid JSON"));
    }
    SECTION("malformed") {
        CHECK_THAT(refusal("orders/paid", replaced(body, "\"financial_status\": \"paid\",", "\"financial_status\": paid,")),
                   Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refusal("orders/paid", ""), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refusal("customers/update", "{\"id\": 1041590088,}"), Catch::StartsWith("body is not valid JSON"));
    }
    SECTION("invalid UTF-8") {
        auto broken = replaced(body, "\"note\": \"Giao giờ hành chính, gọi trước 15 phút\"", "\"note\": \"Giao gi\xC3\x28\"");
        CHECK_THAT(refusal("orders/paid", broken), Catch::StartsWith("body is not valid JSON"));
    }
    SECTION("nested 10,000 deep") {
        std::string deep = "{\"id\": 1, \"x\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
        CHECK_THAT(refusal("orders/paid", deep), Catch::StartsWith("body is not valid JSON"));
    }
    SECTION("not an object") {
        CHECK_THAT(refusal("orders/paid", "[]"), Catch::Equals("body must be a JSON object"));
        CHECK_THAT(refusal("orders/paid", "\"order\""), Catch::Equals("body must be a JSON object"));
        CHECK_THAT(refusal("orders/paid", "null"), Catch::Equals("body must be a JSON object"));
    }
}

TEST_CASE("haravan delivery without a topic", "[haravan][invalid]") {
    const std::string body = fixture("haravan/order_paid.json");
    for (const std::string topic : {"", "   "}) {
        auto h = headers({{"X-Haravan-Hmacsha256", base64_signature(body, kSecret)}});
        if (!topic.empty()) h.add("X-Haravan-Topic", topic);
        try {
            connector().map(h, body, saigon());
            FAIL("mapped without a topic");
        } catch (const core::Error& e) {
            CHECK(e.status() == core::Status::invalid_argument);
            CHECK_THAT(e.what(), Catch::Equals("X-Haravan-Topic header is required"));
        }
    }
}

TEST_CASE("haravan walk-in orders are skipped before their amounts are read", "[haravan][walkin]") {
    auto body = replaced(fixture("haravan/order_pos_walkin.json"), "\"subtotal_price\": 450000.0000",
                         "\"subtotal_price\": \"n/a\"");
    CHECK(skipped_of(deliver("orders/paid", body)).what == "order haravan:1072846020");
}
