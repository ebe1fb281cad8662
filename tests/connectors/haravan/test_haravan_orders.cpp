// Haravan orders: every row of connectors/README.md's status, amount and refund tables.
#include "connectors/haravan/haravan_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::haravan;
using core::OrderStatus;

namespace {

const std::string kPending = "\"financial_status\": \"pending\"";

std::string with_financial_status(const std::string& status) {
    return replaced(fixture("haravan/order_create_pending.json"), kPending, "\"financial_status\": " + status);
}

}  // namespace

TEST_CASE("haravan order: the fields every state carries", "[haravan][order]") {
    auto o = order_from("orders/create", fixture("haravan/order_create_pending.json"));
    CHECK(o.order_id == "haravan:1072845311");
    CHECK(o.occurred_at == 1715584815);  // created_at 2024-05-13T07:20:15.123Z
    CHECK(o.version == 1715584815487000);
    CHECK(o.customer.platform == "haravan");
    CHECK(o.customer.customer_id == "1041587723");
    CHECK(o.customer.name == "Nguyễn Thị Minh Anh");
    CHECK(o.customer.phone == "+84912345678");
    CHECK(o.customer.email == "minhanh.nguyen@gmail.com");
    CHECK(o.customer.birthday == "1990-05-13");
    CHECK(o.customer.group == "Khách hàng thân thiết");
    REQUIRE(o.lines.size() == 2);
    CHECK(o.lines[0].sku == "AD-LUA-SEN-M");
    CHECK(o.lines[0].quantity == 2);
    CHECK(o.lines[0].amount == 3600000);  // 2 x 1,850,000 less the line's 100,000
    CHECK(o.lines[1].sku == "KL-HD-01");
    CHECK(o.lines[1].quantity == 1);
    CHECK(o.lines[1].amount == 450000);
}

TEST_CASE("haravan order status: cancellation wins over payment", "[haravan][order][status]") {
    const std::string cancelled = fixture("haravan/order_cancelled.json");
    SECTION("cancelled_at set -> cancelled") {
        auto body = replaced(cancelled, "\"cancelled_status\": \"cancelled\"", "\"cancelled_status\": \"uncancelled\"");
        auto o = order_from("orders/cancelled", body);
        CHECK(o.status == OrderStatus::cancelled);
        CHECK(o.refunded_amount == 0);
        CHECK(o.amount == 3850000);
    }
    SECTION("cancelled_at set on a paid order -> cancelled") {
        auto body = replaced(cancelled, kPending, "\"financial_status\": \"paid\"");
        CHECK(order_from("orders/cancelled", body).status == OrderStatus::cancelled);
    }
    SECTION("cancelled_status cancelled without cancelled_at -> cancelled") {
        auto body = replaced(cancelled, "\"cancelled_at\": \"2024-05-13T10:02:44.61Z\"", "\"cancelled_at\": null");
        CHECK(order_from("orders/cancelled", body).status == OrderStatus::cancelled);
    }
    SECTION("financial_status voided -> cancelled") {
        auto body = with_financial_status("\"voided\"");
        CHECK(order_from("orders/updated", body).status == OrderStatus::cancelled);
    }
    SECTION("cancelled_at null and uncancelled -> the financial status decides") {
        auto body = replaced(cancelled, "\"cancelled_at\": \"2024-05-13T10:02:44.61Z\"", "\"cancelled_at\": null");
        body = replaced(body, "\"cancelled_status\": \"cancelled\"", "\"cancelled_status\": \"uncancelled\"");
        CHECK(order_from("orders/updated", body).status == OrderStatus::pending);
    }
    SECTION("an empty cancelled_at is not a cancellation") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"cancelled_at\": null", "\"cancelled_at\": \"\"");
        CHECK(order_from("orders/updated", body).status == OrderStatus::paid);
    }
}

TEST_CASE("haravan order status: financial_status", "[haravan][order][status]") {
    SECTION("paid -> paid, nothing refunded") {
        auto o = order_from("orders/paid", fixture("haravan/order_paid.json"));
        CHECK(o.status == OrderStatus::paid);
        CHECK(o.amount == 3850000);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("pending -> pending") {
        auto o = order_from("orders/create", fixture("haravan/order_create_pending.json"));
        CHECK(o.status == OrderStatus::pending);
        CHECK(o.amount == 3850000);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("authorized -> pending") {
        CHECK(order_from("orders/updated", with_financial_status("\"authorized\"")).status == OrderStatus::pending);
    }
    SECTION("partially_paid -> pending") {
        CHECK(order_from("orders/updated", with_financial_status("\"partially_paid\"")).status == OrderStatus::pending);
    }
    SECTION("financial_status missing or null -> pending") {
        auto missing = replaced(fixture("haravan/order_create_pending.json"), kPending + ",", "");
        CHECK(order_from("orders/updated", missing).status == OrderStatus::pending);
        CHECK(order_from("orders/updated", with_financial_status("null")).status == OrderStatus::pending);
    }
    SECTION("a state Haravan may add later -> pending") {
        CHECK(order_from("orders/updated", with_financial_status("\"unpaid\"")).status == OrderStatus::pending);
    }
    SECTION("values are read in any case") {
        CHECK(order_from("orders/updated", with_financial_status("\"Paid\"")).status == OrderStatus::paid);
        CHECK(order_from("orders/updated", with_financial_status("\"VOIDED\"")).status == OrderStatus::cancelled);
    }
    SECTION("partially_refunded -> partially_refunded") {
        auto o = order_from("orders/updated", fixture("haravan/order_partially_refunded.json"));
        CHECK(o.status == OrderStatus::partially_refunded);
    }
    SECTION("refunded -> refunded") {
        auto o = order_from("orders/updated", fixture("haravan/order_refunded.json"));
        CHECK(o.status == OrderStatus::refunded);
    }
    SECTION("paid with a goods return recorded but no money back yet stays paid in full") {
        auto body = replaced(fixture("haravan/order_partially_refunded.json"), "\"financial_status\": \"partially_refunded\"",
                             "\"financial_status\": \"paid\"");
        auto o = order_from("orders/updated", body);
        CHECK(o.status == OrderStatus::paid);
        CHECK(o.refunded_amount == 0);
    }
}

TEST_CASE("haravan order refunds", "[haravan][order][refund]") {
    const std::string partial = fixture("haravan/order_partially_refunded.json");
    SECTION("returned goods: quantity x price less the line's discount share") {
        // One of two áo dài back: (2 x 1,850,000 - 100,000) / 2 = 1,800,000. The transaction of
        // 1,835,000 includes the 35,000 shipping and is not used.
        auto o = order_from("orders/updated", partial);
        CHECK(o.amount == 3850000);
        CHECK(o.refunded_amount == 1800000);
    }
    SECTION("returned goods with a subtotal: the subtotal") {
        auto body = replaced(partial, "\"line_item_id\": 1160828401,\n          \"quantity\": 1",
                             "\"line_item_id\": 1160828401,\n          \"quantity\": 1,\n          \"subtotal\": 1750000.0000");
        CHECK(order_from("orders/updated", body).refunded_amount == 1750000);
    }
    SECTION("returned goods of a line the order no longer lists: the refund's own line item price") {
        auto body = replaced(partial, "\"line_item_id\": 1160828401", "\"line_item_id\": 1160820000");
        CHECK(order_from("orders/updated", body).refunded_amount == 1850000);
    }
    SECTION("money only: successful refund transactions, sign ignored, failures left out") {
        // 500,000 "Thành công" + 200,000 "Thất bại" (not counted) + 200,000 "THÀNH CÔNG".
        auto o = order_from("orders/updated", fixture("haravan/order_refund_money_only.json"));
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 700000);
    }
    SECTION("money only: status success in English, or no status at all, counts") {
        auto body = replaced(fixture("haravan/order_refund_money_only.json"), "\"status\": \"Thất bại\"",
                             "\"status\": \"success\"");
        CHECK(order_from("orders/updated", body).refunded_amount == 900000);
        auto none = replaced(fixture("haravan/order_refund_money_only.json"), "\"status\": \"Thất bại\",", "");
        CHECK(order_from("orders/updated", none).refunded_amount == 900000);
    }
    SECTION("money only: a transaction of another kind is not a refund") {
        auto body = replaced(fixture("haravan/order_refund_money_only.json"),
                             "\"id\": 1094991335,\n          \"kind\": \"refund\"",
                             "\"id\": 1094991335,\n          \"kind\": \"capture\"");
        CHECK(order_from("orders/updated", body).refunded_amount == 500000);
    }
    SECTION("money written as a positive amount counts the same") {
        auto body = replaced(fixture("haravan/order_refund_money_only.json"), "\"amount\": -500000.0000",
                             "\"amount\": 500000");
        CHECK(order_from("orders/updated", body).refunded_amount == 700000);
    }
    SECTION("more back than the eligible amount is clamped to it") {
        auto body = replaced(partial, "\"line_item_id\": 1160828401,\n          \"quantity\": 1",
                             "\"line_item_id\": 1160828401,\n          \"quantity\": 1,\n          \"subtotal\": 99999999.0000");
        auto o = order_from("orders/updated", body);
        CHECK(o.refunded_amount == 3850000);
        CHECK(o.refunded_amount == o.amount);
    }
    SECTION("hostile quantities and prices are clamped to the amount, never overflow") {
        const std::string huge = "1000000000000000";  // the top of the range of money
        auto known_line = replaced(partial, "\"line_item_id\": 1160828401,\n          \"quantity\": 1",
                                   "\"line_item_id\": 1160828401,\n          \"quantity\": " + huge);
        CHECK(order_from("orders/updated", known_line).refunded_amount == 3850000);
        auto unknown_line = replaced(known_line, "\"line_item_id\": 1160828401", "\"line_item_id\": 1160820000");
        unknown_line = replaced(unknown_line, "\"price\": 1850000.0000,\n            \"product_id\"",
                                "\"price\": " + huge + ",\n            \"product_id\"");
        CHECK(order_from("orders/updated", unknown_line).refunded_amount == 3850000);
        auto many = replaced(fixture("haravan/order_refund_money_only.json"), "\"amount\": -500000.0000",
                             "\"amount\": -" + huge);
        many = replaced(many, "\"amount\": -200000.0000,\n          \"authorization\": null,\n          \"created_at\": \"2024-05-18T11:05:33.640Z\"",
                        "\"amount\": -" + huge + ",\n          \"authorization\": null,\n          \"created_at\": \"2024-05-18T11:05:33.640Z\"");
        CHECK(order_from("orders/updated", many).refunded_amount == 3850000);
    }
    SECTION("partially_refunded without refunds[] detail refunds nothing yet") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"financial_status\": \"paid\"",
                             "\"financial_status\": \"partially_refunded\"");
        auto o = order_from("orders/updated", body);
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("refunded without refunds[] detail -> the whole amount") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"financial_status\": \"paid\"",
                             "\"financial_status\": \"refunded\"");
        auto o = order_from("orders/updated", body);
        CHECK(o.status == OrderStatus::refunded);
        CHECK(o.refunded_amount == 3850000);
    }
    SECTION("refunded with refunds[] detail -> the whole amount") {
        auto o = order_from("orders/updated", fixture("haravan/order_refunded.json"));
        CHECK(o.amount == 3850000);
        CHECK(o.refunded_amount == 3850000);
    }
    SECTION("a cancelled order reports nothing refunded") {
        auto body = replaced(partial, "\"cancelled_at\": null", "\"cancelled_at\": \"2024-05-21T01:00:00Z\"");
        auto o = order_from("orders/cancelled", body);
        CHECK(o.status == OrderStatus::cancelled);
        CHECK(o.refunded_amount == 0);
    }
}

TEST_CASE("haravan order amount: subtotal after discounts, before shipping and separated tax", "[haravan][order][amount]") {
    SECTION("subtotal_price is the eligible spend; shipping and discounts are out") {
        // 4,150,000 of goods - 300,000 discounts = 3,850,000; total 3,885,000 adds 35,000 shipping.
        CHECK(order_from("orders/paid", fixture("haravan/order_paid.json")).amount == 3850000);
    }
    SECTION("taxes_included false, tax added on top of the subtotal -> subtotal") {
        // 1,000,000 + 100,000 VAT + 30,000 shipping = 1,130,000.
        auto o = order_from("orders/paid", fixture("haravan/order_tax_separate.json"));
        CHECK(o.amount == 1000000);
        CHECK(o.status == OrderStatus::paid);
        CHECK(o.customer.name == "Lê Hoàng Phúc");
        CHECK(o.customer.phone == "+84903111222");
        CHECK(o.customer.birthday.empty());
        CHECK(o.customer.group.empty());
    }
    SECTION("taxes_included false, but total_price shows the tax inside the subtotal -> subtotal - tax") {
        auto body = replaced(fixture("haravan/order_tax_separate.json"), "\"total_price\": 1130000.0000",
                             "\"total_price\": 1030000.0000");
        CHECK(order_from("orders/paid", body).amount == 900000);
    }
    SECTION("taxes_included null reads like false") {
        auto on_top = replaced(fixture("haravan/order_tax_separate.json"), "\"taxes_included\": false",
                               "\"taxes_included\": null");
        CHECK(order_from("orders/paid", on_top).amount == 1000000);
        auto inside = replaced(on_top, "\"total_price\": 1130000.0000", "\"total_price\": 1030000.0000");
        CHECK(order_from("orders/paid", inside).amount == 900000);
    }
    SECTION("taxes_included true: prices include VAT, nothing is separated -> subtotal") {
        auto body = replaced(fixture("haravan/order_tax_separate.json"), "\"taxes_included\": false",
                             "\"taxes_included\": true");
        body = replaced(body, "\"total_price\": 1130000.0000", "\"total_price\": 1030000.0000");
        CHECK(order_from("orders/paid", body).amount == 1000000);
        auto text = replaced(body, "\"taxes_included\": true", "\"taxes_included\": \"true\"");
        CHECK(order_from("orders/paid", text).amount == 1000000);
    }
    SECTION("no tax: the goods, but never more than total_price less shipping") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"total_price\": 3885000.0000", "\"total_price\": 3850000.0000");
        CHECK(order_from("orders/paid", body).amount == 3815000);
    }
    SECTION("money as a decimal, a string, an integer; fractions of a dong dropped") {
        // No discount, and a total that leaves room: only the reading of the number is tested.
        std::string paid = replaced(fixture("haravan/order_paid.json"), "\"total_discounts\": 300000.0000",
                                    "\"total_discounts\": 0");
        paid = replaced(paid, "\"total_price\": 3885000.0000", "\"total_price\": 99999999.0000");
        const std::string from = "\"subtotal_price\": 3850000.0000";
        CHECK(order_from("orders/paid", replaced(paid, from, "\"subtotal_price\": \"580000\"")).amount == 580000);
        CHECK(order_from("orders/paid", replaced(paid, from, "\"subtotal_price\": 580000")).amount == 580000);
        CHECK(order_from("orders/paid", replaced(paid, from, "\"subtotal_price\": 13200000.0000")).amount == 13200000);
        CHECK(order_from("orders/paid", replaced(paid, from, "\"subtotal_price\": \"409.94\"")).amount == 409);
        CHECK(order_from("orders/paid", replaced(paid, from, "\"subtotal_price\": 1.32E7")).amount == 13200000);
    }
}

TEST_CASE("haravan order: the discount codes it applied", "[haravan][order][codes]") {
    CHECK(order_from("orders/paid", fixture("haravan/order_paid.json")).discount_codes ==
          std::vector<std::string>{"TET2024"});
    SECTION("absent or null: none") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"discount_codes\": [", "\"discount_codes_x\": [");
        CHECK(order_from("orders/paid", body).discount_codes.empty());
    }
    SECTION("several, trimmed; an entry without a text code is passed over") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"code\": \"TET2024\",",
                             "\"code\": \" 7KQ2-M9XD-AB12-CD34 \",");
        body = replaced(body, "\"discount_codes\": [", "\"discount_codes\": [{\"code\": null}, \"VIP5\", ");
        CHECK(order_from("orders/paid", body).discount_codes ==
              std::vector<std::string>{"VIP5", "7KQ2-M9XD-AB12-CD34"});
    }
    SECTION("not an array: refused, naming the field") {
        auto body = replaced(fixture("haravan/order_paid.json"), "\"discount_codes\": [",
                             "\"discount_codes\": \"TET2024\", \"discount_codes_old\": [");
        CHECK(refusal("orders/paid", body).find("order.discount_codes must be an array") != std::string::npos);
    }
}
