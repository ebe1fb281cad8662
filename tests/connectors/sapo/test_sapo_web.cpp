// Sapo Web (*.mysapo.net): every row of the order, customer and topic tables in connectors/README.md.
#include "connectors/sapo/sapo_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::sapo;
using core::OrderStatus;

namespace {

const std::string paid_file = "sapo/web_order_paid.json";

core::OrderInput web_order(const std::string& body, const std::string& topic = "orders/updated") {
    return order_of(web(topic, body));
}

}  // namespace

TEST_CASE("sapo web: a paid order", "[sapo][web][order]") {
    auto d = web("orders/paid", fixture(paid_file));
    CHECK(d.platform == "sapo");
    CHECK(d.topic == "orders/paid");
    const auto& o = order_of(d);
    CHECK(o.order_id == "sapo:20391847");
    CHECK(o.status == OrderStatus::paid);
    CHECK(o.amount == 1250000);  // subtotal_price: after the 100,000 discount, without the 30,000 shipping
    CHECK(o.refunded_amount == 0);
    CHECK(o.occurred_at == 1715584805);    // created_on 2024-05-13T14:20:05+07:00
    CHECK(o.version == 1715585141512000);  // modified_on, with its milliseconds
    REQUIRE(o.lines.size() == 2);
    CHECK(o.lines[0].sku == "AO-THUN-TRANG-M");
    CHECK(o.lines[0].quantity == 2);
    CHECK(o.lines[0].amount == 850000);
    CHECK(o.lines[1].sku == "QUAN-JEAN-32");
    CHECK(o.lines[1].amount == 400000);

    CHECK(o.customer.platform == "sapo");
    CHECK(o.customer.customer_id == "5123401");
    CHECK(o.customer.phone == "+84345678900");
    CHECK(o.customer.name == "Nguyễn Thu Hà");
    CHECK(o.customer.email == "nguyen.thu.ha@gmail.com");
    CHECK(o.customer.birthday == "1992-08-17");
    CHECK(o.customer.group.empty());
}

TEST_CASE("sapo web: order states map onto the core's", "[sapo][web][order][status]") {
    const std::string paid = fixture(paid_file);
    const std::string pending = fixture("sapo/web_order_pending.json");
    const std::string partial = fixture("sapo/web_order_partially_refunded.json");

    SECTION("financial_status paid -> paid") { CHECK(web_order(paid).status == OrderStatus::paid); }
    SECTION("financial_status pending -> pending, nothing refunded") {
        auto o = web_order(pending, "orders/create");
        CHECK(o.status == OrderStatus::pending);
        CHECK(o.amount == 590000);  // plain JSON integers
        CHECK(o.refunded_amount == 0);
    }
    SECTION("financial_status authorized -> pending") {
        auto o = web_order(edit(pending, "\"financial_status\": \"pending\"", "\"financial_status\": \"authorized\""));
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("financial_status partially_paid -> pending") {
        auto o =
            web_order(edit(pending, "\"financial_status\": \"pending\"", "\"financial_status\": \"partially_paid\""));
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("financial_status partially_refunded -> partially_refunded with the refunded goods") {
        auto o = web_order(partial);
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.amount == 1250000);
        // 400,000 from the first refund's line subtotal (its 430,000 transaction includes 30,000
        // shipping); 50,000 from the second refund's successful transaction; the failed one ignored.
        CHECK(o.refunded_amount == 450000);
        CHECK(o.version == 1716170537004000);
    }
    SECTION("financial_status paid but refunds[] holds a refund -> partially_refunded") {
        auto o =
            web_order(edit(partial, "\"financial_status\": \"partially_refunded\"", "\"financial_status\": \"paid\""));
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 450000);
    }
    SECTION("financial_status partially_refunded without a readable refund -> partially_refunded, 0") {
        auto body = edit(paid, "\"financial_status\": \"paid\"", "\"financial_status\": \"partially_refunded\"");
        auto o = web_order(body);
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("financial_status refunded -> refunded, the whole amount") {
        auto o = web_order(fixture("sapo/web_order_refunded.json"));
        CHECK(o.order_id == "sapo:20392005");
        CHECK(o.status == OrderStatus::refunded);
        CHECK(o.amount == 320000);
        CHECK(o.refunded_amount == 320000);
        CHECK(o.customer.phone == "+84903123456");
        CHECK(o.customer.name == "Phạm Quốc Bảo");
    }
    SECTION("financial_status voided -> cancelled") {
        auto o = web_order(edit(paid, "\"financial_status\": \"paid\"", "\"financial_status\": \"voided\""));
        CHECK(o.status == OrderStatus::cancelled);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("status cancelled -> cancelled") {
        auto o = web_order(fixture("sapo/web_order_cancelled.json"), "orders/cancelled");
        CHECK(o.order_id == "sapo:20391990");
        CHECK(o.status == OrderStatus::cancelled);
        CHECK(o.amount == 590000);
        CHECK(o.refunded_amount == 0);
    }
    SECTION("status cancelled with cancelled_on null -> cancelled") {
        auto body = edit(paid, "\"status\": \"open\"", "\"status\": \"cancelled\"");
        CHECK(web_order(body).status == OrderStatus::cancelled);
    }
    SECTION("cancelled_on set while status still says open -> cancelled, whatever financial_status says") {
        auto body = edit(paid, "\"cancelled_on\": null", "\"cancelled_on\": \"2024-05-14T10:00:00+07:00\"");
        CHECK(web_order(body).status == OrderStatus::cancelled);
    }
    SECTION("a cancelled order needs no financial_status") {
        auto body = edit(fixture("sapo/web_order_cancelled.json"), "\"financial_status\": \"pending\",", "");
        CHECK(web_order(body).status == OrderStatus::cancelled);
    }
    SECTION("an unknown financial_status -> pending (earns nothing until Sapo says paid)") {
        auto o = web_order(edit(paid, "\"financial_status\": \"paid\"", "\"financial_status\": \"chargeback\""));
        CHECK(o.status == OrderStatus::pending);
    }
}

TEST_CASE("sapo web: eligible spend is the goods after every discount", "[sapo][web][order][amount]") {
    const std::string paid = fixture(paid_file);
    // As Sapo sends it: 1,350,000 of lines, 100,000 off, subtotal after it, 30,000 delivery.
    CHECK(web_order(paid).amount == 1250000);
    // Haravan-style totals (subtotal before the order's discount) earn on the same goods.
    auto before = edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": \"1350000.0000\"");
    CHECK(web_order(before).amount == 1250000);
    // A code covering the whole order: nothing was paid for goods.
    auto whole = edit(edit(before, "\"total_discounts\": \"100000.0000\"", "\"total_discounts\": \"1350000.0000\""),
                      "\"total_price\": \"1280000.0000\"", "\"total_price\": \"30000.0000\"");
    CHECK(web_order(whole).amount == 0);
}

TEST_CASE("sapo web: amounts and refunds", "[sapo][web][order][amount]") {
    // No discount, and a total that leaves room: the sections read numbers and refunds.
    const std::string paid = edit(edit(fixture(paid_file), "\"total_discounts\": \"100000.0000\"", "\"total_discounts\": \"0\""),
                                  "\"total_price\": \"1280000.0000\"", "\"total_price\": \"99999999\"");
    const std::string partial = fixture("sapo/web_order_partially_refunded.json");

    SECTION("decimal text with a fraction of a dong is rounded down") {
        auto o = web_order(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": \"409.94\""));
        CHECK(o.amount == 409);
    }
    SECTION("a JSON decimal number is read exactly") {
        auto o = web_order(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": 13200000.0000"));
        CHECK(o.amount == 13200000);
    }
    SECTION("refunds beyond the amount are clamped to it") {
        auto body = edit(partial, "\"subtotal\": \"400000.0000\"", "\"subtotal\": \"5000000.0000\"");
        auto o = web_order(body);
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 1250000);
    }
    SECTION("a refund line without its subtotal: the refund's transactions count instead") {
        auto body = edit(partial, "\"subtotal\": \"400000.0000\",", "");
        auto o = web_order(body);
        CHECK(o.refunded_amount == 430000 + 50000);
    }
    SECTION("refund transactions that are not refunds, or did not succeed, do not count") {
        auto body = edit(partial, "\"kind\": \"refund\", \"status\": \"success\", \"amount\": \"50000.0000\"",
                         "\"kind\": \"sale\", \"status\": \"success\", \"amount\": \"50000.0000\"");
        CHECK(web_order(body).refunded_amount == 400000);
    }
    SECTION("an order without refunds[] has refunded nothing") {
        auto body = edit(paid, "\"refunds\": [],", "");
        CHECK(web_order(body).refunded_amount == 0);
    }
    SECTION("lines without price or quantity are left out; the amount stands alone") {
        auto body = edit(paid, "\"quantity\": 1,", "");
        auto o = web_order(body);
        CHECK(o.amount == 1250000);
        REQUIRE(o.lines.size() == 1);
        CHECK(o.lines[0].sku == "AO-THUN-TRANG-M");
    }
}

TEST_CASE("sapo web: the buyer", "[sapo][web][customer]") {
    const std::string paid = fixture(paid_file);

    SECTION("a walk-in order (customer null) is skipped") {
        auto d = web("orders/paid", fixture("sapo/web_order_walk_in.json"));
        const auto& s = only<core::Skipped>(d);
        CHECK(s.what == "order sapo:20392100");
        CHECK(s.reason == "no customer: walk-in sales earn nothing");
        CHECK(d.key == "sapo:web:orders/paid:20392100:2024-06-07T10:12:03+07:00");
    }
    SECTION("a customer object without an id is a walk-in too") {
        auto body = edit(paid, "\"id\": 5123401,", "");
        CHECK(only<core::Skipped>(web("orders/paid", body)).reason == "no customer: walk-in sales earn nothing");
    }
    SECTION("spaces in the phone are fine") {
        auto o = web_order(fixture("sapo/web_order_pending.json"));
        CHECK(o.customer.customer_id == "5123777");
        CHECK(o.customer.phone == "+84987654312");
        CHECK(o.customer.name == "Lê Văn Tám");
        CHECK(o.customer.email.empty());     // null
        CHECK(o.customer.birthday.empty());  // null
    }
    SECTION("an unreadable phone is dropped, the order kept") {
        auto body = edit(paid, "\"phone\": \"+84345678900\",\n    \"first_name\"",
                         "\"phone\": \"gọi Zalo\",\n    \"first_name\"");
        auto o = web_order(body);
        CHECK(o.customer.phone.empty());
        CHECK(o.customer.customer_id == "5123401");
    }
    SECTION("an unreadable birthday is dropped") {
        auto o = web_order(edit(paid, "\"dob\": \"1992-08-17\"", "\"dob\": \"1992-02-30\""));
        CHECK(o.customer.birthday.empty());
    }
    SECTION("a birthday sent as a date-time is the shop's calendar day") {
        auto o = web_order(edit(paid, "\"dob\": \"1992-08-17\"", "\"dob\": \"1992-08-16T17:00:00Z\""));
        CHECK(o.customer.birthday == "1992-08-17");
    }
    SECTION("only a first name") {
        auto o = web_order(edit(paid, "\"last_name\": \"Nguyễn\",\n    \"dob\"", "\"last_name\": null,\n    \"dob\""));
        CHECK(o.customer.name == "Thu Hà");
    }
}

TEST_CASE("sapo web: customer topics", "[sapo][web][customer]") {
    const std::string body = fixture("sapo/web_customer.json");
    for (std::string topic : {"customers/create", "customers/update", "customers/enable", "customers/disable"}) {
        DYNAMIC_SECTION(topic << " -> customer upsert") {
            auto d = web(topic, body);
            const auto& c = only<core::CustomerUpsert>(d).customer;
            CHECK(c.platform == "sapo");
            CHECK(c.customer_id == "5123401");
            CHECK(c.phone == "+84345678900");
            CHECK(c.name == "Nguyễn Thu Hà");
            CHECK(c.email == "nguyen.thu.ha@gmail.com");
            CHECK(c.birthday == "1992-08-17");
            CHECK(c.group == "Khách hàng thân thiết");
            CHECK(d.key == "sapo:web:" + topic + ":5123401:2024-05-13T14:25:41+07:00");
        }
    }
    SECTION("customer group as an object") {
        auto edited = edit(body, "\"group_name\": \"Khách hàng thân thiết\",",
                           "\"customer_group\": {\"id\": 7, \"name\": \"Khách sỉ\"},");
        CHECK(only<core::CustomerUpsert>(web("customers/update", edited)).customer.group == "Khách sỉ");
    }
    SECTION("customers/delete -> unlink") {
        auto d = web("customers/delete", fixture("sapo/web_customer_delete.json"));
        const auto& u = only<core::CustomerUnlink>(d);
        CHECK(u.ref.platform == "sapo");
        CHECK(u.ref.customer_id == "5123401");
        CHECK(d.key == "sapo:web:customers/delete:5123401");
    }
    SECTION("a customer body without modified_on gets a key from its bytes") {
        auto edited = edit(body, "\"modified_on\": \"2024-05-13T14:25:41+07:00\",", "");
        auto first = web("customers/update", edited);
        auto again = web("customers/update", edited);
        CHECK(first.key == again.key);
        CHECK(first.key.rfind("sapo:web:customers/update:5123401:", 0) == 0);
        auto changed = web("customers/update", edit(edited, "Thích màu pastel", "Thích màu xanh"));
        CHECK(changed.key != first.key);
    }
}

TEST_CASE("sapo web: topics that are not order or customer states are skipped", "[sapo][web][skip]") {
    SECTION("orders/delete") {
        auto d = web("orders/delete", "{\"id\":20391847}");
        const auto& s = only<core::Skipped>(d);
        CHECK(s.what == "orders/delete");
        CHECK_THAT(s.reason, Catch::Contains("orders/cancelled"));
    }
    SECTION("refunds/create: the body is the refund, orders/updated carries it") {
        auto d = web("refunds/create", fixture("sapo/web_refund.json"));
        CHECK_THAT(only<core::Skipped>(d).reason, Catch::Contains("orders/updated"));
    }
    SECTION("products/update") {
        auto d = web("products/update", fixture("sapo/web_product.json"));
        const auto& s = only<core::Skipped>(d);
        CHECK(s.what == "products/update");
        CHECK(s.reason == "not a loyalty topic");
        CHECK(d.key.rfind("sapo:web:products/update:", 0) == 0);
    }
    SECTION("app/uninstalled, even with a body that is not JSON") {
        auto d = web("app/uninstalled", "not json {");
        CHECK(only<core::Skipped>(d).what == "app/uninstalled");
    }
    SECTION("skipped deliveries have stable keys too") {
        CHECK(web("products/update", fixture("sapo/web_product.json")).key ==
              web("products/update", fixture("sapo/web_product.json")).key);
    }
}

TEST_CASE("sapo web: dedup keys and versions", "[sapo][web][key]") {
    const std::string paid = fixture(paid_file);
    auto first = web("orders/paid", paid);
    auto retry = web("orders/paid", paid);
    CHECK(first.key == "sapo:web:orders/paid:20391847:2024-05-13T14:25:41.512+07:00");
    CHECK(retry.key == first.key);

    // The same state announced under two topics is two deliveries; the engine's version check
    // makes the second a no-op.
    auto updated = web("orders/updated", paid);
    CHECK(updated.key != first.key);
    CHECK(order_of(updated).version == order_of(first).version);

    auto refunded = web("orders/updated", fixture("sapo/web_order_partially_refunded.json"));
    CHECK(refunded.key == "sapo:web:orders/updated:20391847:2024-05-20T09:02:17.004+07:00");
    CHECK(*order_of(refunded).version > *order_of(first).version);

    // Cancelled after it was created, so the cancel is newer whichever arrives first.
    auto created = order_of(web("orders/create", fixture("sapo/web_order_pending.json")));
    auto cancelled = order_of(web("orders/cancelled", fixture("sapo/web_order_cancelled.json")));
    CHECK(created.order_id == cancelled.order_id);
    CHECK(created.version == 1717247113000000);
    CHECK(cancelled.version == 1717290930000000);
    CHECK(*cancelled.version > *created.version);
    CHECK(cancelled.occurred_at == created.occurred_at);

    // Two updates within one second are still ordered.
    auto a = order_of(web("orders/updated", edit(paid, ".512+07:00", ".100+07:00")));
    auto b = order_of(web("orders/updated", edit(paid, ".512+07:00", ".900+07:00")));
    CHECK(*b.version - *a.version == 800000);
}

TEST_CASE("sapo web: bodies that cannot be mapped are refused naming the field", "[sapo][web][invalid]") {
    const std::string paid = fixture(paid_file);
    auto refused = [&](const std::string& body, const std::string& topic = "orders/paid") {
        return refusal([&] { web(topic, body); });
    };

    CHECK(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\",", "")) == "order.subtotal_price is required");
    CHECK(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": null")) ==
          "order.subtotal_price is required");
    CHECK_THAT(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": true")),
               Catch::StartsWith("order.subtotal_price must be a number"));
    CHECK_THAT(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": \"1.250.000\"")),
               Catch::StartsWith("order.subtotal_price \"1.250.000\" is not an amount"));
    CHECK_THAT(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": 99999999999999999999")),
               Catch::StartsWith("order.subtotal_price") && Catch::Contains("not an amount"));
    CHECK_THAT(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": 9223372036854775808")),
               Catch::StartsWith("order.subtotal_price is above the largest amount accepted (10^15 VND)"));
    CHECK_THAT(refused(edit(paid, "\"subtotal_price\": \"1250000.0000\"", "\"subtotal_price\": -5")),
               Catch::StartsWith("order.subtotal_price must not be negative"));
    CHECK(refused(edit(paid, "\"id\": 20391847,", "")) == "order.id is required");
    CHECK_THAT(refused(edit(paid, "\"id\": 20391847,", "\"id\": \"#1024\",")),
               Catch::StartsWith("order.id \"#1024\" is not a Sapo id"));
    CHECK(refused(edit(paid, "\"created_on\": \"2024-05-13T14:20:05+07:00\",", "")) == "order.created_on is required");
    CHECK_THAT(refused(edit(paid, "\"created_on\": \"2024-05-13T14:20:05+07:00\"", "\"created_on\": \"13/05/2024\"")),
               Catch::StartsWith("order.created_on \"13/05/2024\" is not a timestamp"));
    CHECK(refused(edit(paid, "\"modified_on\": \"2024-05-13T14:25:41.512+07:00\",", "")) ==
          "order.modified_on is required");
    CHECK(refused(edit(paid, "\"financial_status\": \"paid\",", "")) == "order.financial_status is required");
    CHECK_THAT(refused(edit(paid, "\"financial_status\": \"paid\"", "\"financial_status\": 1")),
               Catch::StartsWith("order.financial_status must be text"));
    CHECK_THAT(refused(edit(paid, "\"refunds\": []", "\"refunds\": {}")),
               Catch::StartsWith("order.refunds must be an array"));
    CHECK_THAT(refused(edit(paid, "\"line_items\": [", "\"line_items\": [7, ")),
               Catch::StartsWith("order.line_items[0] must be an object"));
    CHECK_THAT(refused(edit(paid, "\"customer\": {\n    \"id\": 5123401", "\"customer\": {\n    \"id\": [5123401]")),
               Catch::StartsWith("order.customer.id must be an id"));
    CHECK_THAT(refused(edit(paid, "\"customer\": {", "\"customer\": \"Nguyễn Thu Hà\", \"x\": {")),
               Catch::StartsWith("order.customer must be an object"));

    const std::string partial = fixture("sapo/web_order_partially_refunded.json");
    CHECK_THAT(refused(edit(partial, "\"subtotal\": \"400000.0000\"", "\"subtotal\": \"-400000\""), "orders/updated"),
               Catch::StartsWith("order.refunds[0].refund_line_items[0].subtotal"));
    CHECK_THAT(refused(edit(partial, "\"status\": \"success\", \"amount\": \"50000.0000\"",
                            "\"status\": \"success\", \"amount\": \"năm mươi nghìn\""),
                       "orders/updated"),
               Catch::StartsWith("order.refunds[1].transactions[1].amount"));
    CHECK_THAT(refused(edit(partial, "\"subtotal\": \"400000.0000\"", "\"subtotal\": \"9223372036854775807\""),
                       "orders/updated"),
               Catch::StartsWith("order.refunds") && Catch::Contains("above the largest amount accepted"));

    SECTION("not JSON, truncated, not an object, invalid UTF-8, nested too deep") {
        CHECK_THAT(refused(paid.substr(0, paid.size() / 2)), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused("{\"id\": 1,, }"), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused("[1, 2]"), Catch::StartsWith("order must be a JSON object"));
        CHECK_THAT(refused(""), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused(edit(paid, "Áo thun", "\xC3\x28o thun")), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused(std::string(10000, '[') + std::string(10000, ']')),
                   Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused("not json {", "customers/update"), Catch::StartsWith("body is not valid JSON"));
        CHECK(refused("{\"email\": \"a@b.vn\"}", "customers/update") == "customer.id is required");
        CHECK(refused("{}", "customers/delete") == "customer.id is required");
    }
}

TEST_CASE("sapo web: the discount codes an order applied", "[sapo][web][order][codes]") {
    CHECK(web_order(fixture(paid_file)).discount_codes == std::vector<std::string>{"HE2024"});
}
