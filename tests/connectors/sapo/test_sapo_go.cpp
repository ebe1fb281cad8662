// Sapo GO (*.mysapogo.com, POS): every row of the order, customer and topic tables in connectors/README.md.
#include "connectors/sapo/sapo_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::sapo;
using core::OrderStatus;

namespace {

const std::string paid_file = "sapo/go_order_paid.json";

core::OrderInput go_order(const std::string& body, const std::string& object_id = "118693530",
                          const std::string& version = "7") {
    return order_of(go("orders/update", body, object_id, version));
}

}  // namespace

TEST_CASE("sapo go: a paid order", "[sapo][go][order]") {
    auto d = go("orders/paid", fixture(paid_file));
    CHECK(d.platform == "sapo");
    CHECK(d.topic == "orders/paid");
    CHECK(d.key == "sapo:go:cafe-caudat.mysapogo.com:orders/paid:118693530:7");
    const auto& o = order_of(d);
    CHECK(o.order_id == "sapo:go:118693530");
    CHECK(o.status == OrderStatus::paid);
    // total 1,218,000 = goods 1,100,000 + tax 88,000 + delivery 30,000.
    CHECK(o.amount == 1100000);
    CHECK(o.refunded_amount == 0);
    CHECK(o.occurred_at == 1715584800);  // created_on 2024-05-13T07:20:00Z
    CHECK(o.version == 7);               // x-event-version
    REQUIRE(o.lines.size() == 2);
    CHECK(o.lines[0].sku == "CF-ARABICA-500");
    CHECK(o.lines[0].quantity == 2);  // 2.0
    CHECK(o.lines[0].amount == 500000);
    CHECK(o.lines[1].sku == "TRA-OLONG-200");
    CHECK(o.lines[1].amount == 600000);

    CHECK(o.customer.platform == "sapo");
    CHECK(o.customer.customer_id == "go:54123987");
    CHECK(o.customer.name == "Trần Minh Khoa");
    CHECK(o.customer.phone == "+84912345678");
    CHECK(o.customer.email == "tran.minh.khoa@gmail.com");
    CHECK(o.customer.birthday == "1988-03-05");  // 1988-03-04T17:00:00Z is midnight on the 5th in Saigon
    CHECK(o.customer.group == "Khách VIP");
}

TEST_CASE("sapo go: order states map onto the core's", "[sapo][go][order][status]") {
    const std::string paid = fixture(paid_file);
    const std::string draft = fixture("sapo/go_order_draft.json");
    const std::string partial = fixture("sapo/go_order_partially_returned.json");

    SECTION("finalized + paid + unreturned -> paid") { CHECK(go_order(paid).status == OrderStatus::paid); }
    SECTION("completed + paid -> paid") {
        auto o = go_order(edit(paid, "\"status\": \"finalized\"", "\"status\": \"completed\""));
        CHECK(o.status == OrderStatus::paid);
    }
    SECTION("paid without return_status -> paid") {
        auto o = go_order(edit(paid, "\"return_status\": \"unreturned\",", ""));
        CHECK(o.status == OrderStatus::paid);
    }
    SECTION("draft -> pending") {
        auto o = go_order(draft, "118693771");
        CHECK(o.order_id == "sapo:go:118693771");
        CHECK(o.status == OrderStatus::pending);
        CHECK(o.amount == 450000);
    }
    SECTION("draft, even marked paid -> pending") {
        auto o = go_order(edit(draft, "\"payment_status\": \"unpaid\"", "\"payment_status\": \"paid\""), "118693771");
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("finalized + unpaid -> pending") {
        auto o = go_order(edit(paid, "\"payment_status\": \"paid\"", "\"payment_status\": \"unpaid\""));
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("finalized + partially_paid -> pending") {
        auto o = go_order(edit(paid, "\"payment_status\": \"paid\"", "\"payment_status\": \"partially_paid\""));
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("an unknown payment_status -> pending") {
        auto o = go_order(edit(paid, "\"payment_status\": \"paid\"", "\"payment_status\": \"refunding\""));
        CHECK(o.status == OrderStatus::pending);
    }
    SECTION("cancelled -> cancelled, even when it had been paid") {
        auto o = order_of(go("orders/cancelled", fixture("sapo/go_order_cancelled.json"), "118693530", "9"));
        CHECK(o.status == OrderStatus::cancelled);
        CHECK(o.amount == 1100000);
        CHECK(o.refunded_amount == 0);
        CHECK(o.version == 9);
    }
    SECTION("paid + partially_returned -> partially_refunded with the returned goods") {
        auto o = order_of(go("orders/receive_return", partial, "118693530", "12"));
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.amount == 1100000);
        // The received return's line (300,000 after its discount), not its 324,000 total with tax;
        // the cancelled return counts for nothing.
        CHECK(o.refunded_amount == 300000);
    }
    SECTION("paid + returned -> refunded, the whole amount") {
        auto o = go_order(fixture("sapo/go_order_returned.json"), "118694002");
        CHECK(o.status == OrderStatus::refunded);
        CHECK(o.amount == 450000);
        CHECK(o.refunded_amount == 450000);
        CHECK(o.customer.customer_id == "go:54124410");
    }
    SECTION("unpaid + returned -> pending") {
        auto o = go_order(edit(fixture("sapo/go_order_returned.json"), "\"payment_status\": \"paid\"",
                               "\"payment_status\": \"unpaid\""),
                          "118694002");
        CHECK(o.status == OrderStatus::pending);
        CHECK(o.refunded_amount == 0);
    }
}

TEST_CASE("sapo go: return amounts", "[sapo][go][order][refund]") {
    const std::string partial = fixture("sapo/go_order_partially_returned.json");

    SECTION("a return without line items counts its total_amount") {
        auto o = go_order(edit(partial, "\"order_return_line_items\": [", "\"ignored\": ["));
        CHECK(o.refunded_amount == 324000);
    }
    SECTION("line amounts fall back to price x quantity - discount_amount") {
        auto o = go_order(edit(partial, "\"discount_amount\": 20000.0000, \"line_amount\": 300000.0000",
                               "\"discount_amount\": 20000.0000"));
        CHECK(o.refunded_amount == 320000 - 20000);
    }
    SECTION("a return line under line_items is read too") {
        auto o = go_order(edit(partial, "\"order_return_line_items\": [", "\"line_items\": ["));
        CHECK(o.refunded_amount == 300000);
    }
    SECTION("returns beyond the amount are clamped to it") {
        auto o = go_order(edit(partial, "\"line_amount\": 300000.0000", "\"line_amount\": 3000000.0000"));
        CHECK(o.status == OrderStatus::partially_refunded);
        CHECK(o.refunded_amount == 1100000);
    }
    SECTION("partially_returned without order_returns is refused: the refund cannot be known") {
        auto body = edit(partial, "\"order_returns\": [", "\"order_returns_elsewhere\": [");
        CHECK(refusal([&] { go_order(body); }) ==
              "order.order_returns is required when order.return_status is partially_returned");
    }
    SECTION("a return with no amount field is refused naming it") {
        auto body = edit(partial, "\"order_return_line_items\": [", "\"ignored\": [");
        body = edit(body, "\"total_amount\": 324000.0000", "\"note\": \"\"");
        CHECK(refusal([&] { go_order(body); }) ==
              "order.order_returns[0] has no amount (line items, total_amount, total or amount)");
    }
    SECTION("a return line with no amount is refused naming it") {
        auto body = edit(
            partial,
            "\"price\": 320000.0000, \"quantity\": 1.0, \"discount_amount\": 20000.0000, \"line_amount\": 300000.0000",
            "\"quantity\": 1.0");
        CHECK_THAT(refusal([&] { go_order(body); }),
                   Catch::StartsWith("order.order_returns[0].order_return_line_items[0] has no amount"));
    }
}

TEST_CASE("sapo go: eligible amount is total without tax and delivery fee", "[sapo][go][order][amount]") {
    const std::string paid = fixture(paid_file);
    SECTION("no total_tax") { CHECK(go_order(edit(paid, "\"total_tax\": 88000.0000,", "")).amount == 1218000 - 30000); }
    SECTION("total_tax null") {
        CHECK(go_order(edit(paid, "\"total_tax\": 88000.0000", "\"total_tax\": null")).amount == 1218000 - 30000);
    }
    SECTION("delivery fee as a plain number") {
        auto body = edit(paid, "\"delivery_fee\": {", "\"delivery_fee\": 45000, \"old_fee\": {");
        CHECK(go_order(body).amount == 1218000 - 88000 - 45000);
    }
    SECTION("no delivery fee") {
        auto body = edit(paid, "\"delivery_fee\": {", "\"delivery_fee\": null, \"old_fee\": {");
        CHECK(go_order(body).amount == 1218000 - 88000);
    }
    SECTION("a discount covering every line: total is only the delivery fee, nothing earns") {
        auto body = edit(paid, "\"total\": 1218000.0000", "\"total\": 30000.0000");
        body = edit(body, "\"total_tax\": 88000.0000", "\"total_tax\": 0");
        CHECK(go_order(body).amount == 0);
    }
    SECTION("tax and fee above the total leave nothing, never a negative amount") {
        CHECK(go_order(edit(paid, "\"total\": 1218000.0000", "\"total\": 50000")).amount == 0);
    }
    SECTION("decimal quantities keep their whole units") {
        auto o = go_order(edit(paid, "\"quantity\": 2.0,\n      \"discount_amount\": 0.0000",
                               "\"quantity\": 1.5,\n      \"discount_amount\": 0.0000"));
        CHECK(o.lines[0].quantity == 1);
        CHECK(o.lines[0].amount == 500000);
    }
}

TEST_CASE("sapo go: the buyer", "[sapo][go][customer]") {
    const std::string paid = fixture(paid_file);

    SECTION("a walk-in sale (no customer_id, no customer_data) is skipped") {
        auto d = go("orders/finalized", fixture("sapo/go_order_walk_in.json"), "118694100", "2");
        const auto& s = only<core::Skipped>(d);
        CHECK(s.what == "order sapo:go:118694100");
        CHECK(s.reason == "no customer: walk-in sales earn nothing");
        CHECK(d.key == "sapo:go:cafe-caudat.mysapogo.com:orders/finalized:118694100:2");
    }
    SECTION("customer_id null but customer_data names the customer") {
        auto o = go_order(edit(paid, "\"customer_id\": 54123987,", "\"customer_id\": null,"));
        CHECK(o.customer.customer_id == "go:54123987");
        CHECK(o.customer.name == "Trần Minh Khoa");
    }
    SECTION("customer_id without customer_data: the reference alone") {
        auto body = edit(paid, "\"customer_data\": {", "\"customer_data\": null, \"old\": {");
        auto o = go_order(body);
        CHECK(o.customer.customer_id == "go:54123987");
        CHECK(o.customer.name.empty());
        CHECK(o.customer.phone.empty());
    }
    SECTION("zone-less timestamps are shop-local; several phones in one field: the first readable") {
        auto o = go_order(fixture("sapo/go_order_draft.json"), "118693771");
        CHECK(o.occurred_at == 1715652300);  // 2024-05-14T09:05:00 in Saigon
        CHECK(o.customer.customer_id == "go:54124410");
        CHECK(o.customer.phone == "+84868111222");
        CHECK(o.customer.birthday == "1995-12-24");
        CHECK(o.customer.email.empty());
        CHECK(o.customer.group.empty());
    }
    SECTION("an unreadable phone and birthday are dropped") {
        auto body = edit(paid, "\"phone_number\": \"0912 345 678\"", "\"phone_number\": \"chưa có\"");
        body = edit(body, "\"dob\": \"1988-03-04T17:00:00Z\"", "\"dob\": \"0001-01-01T00:00:00\"");
        auto o = go_order(body);
        CHECK(o.customer.phone.empty());
        CHECK(o.customer.birthday.empty());
        CHECK(o.customer.customer_id == "go:54123987");
    }
}

TEST_CASE("sapo go: customer topics", "[sapo][go][customer]") {
    const std::string body = fixture("sapo/go_customer.json");
    for (std::string topic : {"customers/create", "customers/update"}) {
        DYNAMIC_SECTION(topic << " -> customer upsert") {
            auto d = go(topic, body, "54124500", "3");
            const auto& c = only<core::CustomerUpsert>(d).customer;
            CHECK(c.platform == "sapo");
            CHECK(c.customer_id == "go:54124500");
            CHECK(c.name == "Đỗ Quang Huy");
            CHECK(c.phone == "+84326123456");  // 0162 612 3456 renumbered in 2018
            CHECK(c.email == "do.quang.huy@outlook.com");
            CHECK(c.birthday == "1990-11-02");
            CHECK(c.group == "Khách sỉ");
            CHECK(d.key == "sapo:go:cafe-caudat.mysapogo.com:" + topic + ":54124500:3");
        }
    }
    SECTION("group from customer_group when group_name is absent") {
        auto edited = edit(body, "\"group_name\": \"Khách sỉ\",", "");
        CHECK(only<core::CustomerUpsert>(go("customers/update", edited, "54124500", "4")).customer.group == "Khách sỉ");
    }
    SECTION("without x-event-version the key comes from the body's bytes") {
        auto h = headers({{"x-sapo-hmac-sha256", base64_signature(body, secret)},
                          {"x-sapo-topic", "customers/update"},
                          {"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"}});
        auto first = deliver(h, body);
        auto again = deliver(h, body);
        CHECK(first.key == again.key);
        CHECK(first.key.rfind("sapo:go:cafe-caudat.mysapogo.com:customers/update:54124500:", 0) == 0);
        CHECK(only<core::CustomerUpsert>(first).customer.customer_id == "go:54124500");
    }
    SECTION("customers/delete -> unlink") {
        auto d = go("customers/delete", fixture("sapo/go_customer_delete.json"), "54124500", "5");
        const auto& u = only<core::CustomerUnlink>(d);
        CHECK(u.ref.platform == "sapo");
        CHECK(u.ref.customer_id == "go:54124500");
        CHECK(d.key == "sapo:go:cafe-caudat.mysapogo.com:customers/delete:54124500:delete");
    }
    SECTION("customers/delete with an empty body object: the header names the customer") {
        auto d = go("customers/delete", "{}", "54124500", "5");
        CHECK(only<core::CustomerUnlink>(d).ref.customer_id == "go:54124500");
    }
}

TEST_CASE("sapo go: other topics are skipped, never refused", "[sapo][go][skip]") {
    SECTION("products/update") {
        auto d =
            go("products/update", "{\"id\": 21150011, \"name\": \"Cà phê Arabica Cầu Đất 500g\"}", "21150011", "4");
        const auto& s = only<core::Skipped>(d);
        CHECK(s.what == "products/update");
        CHECK(s.reason == "not a loyalty topic");
        CHECK(d.key.rfind("sapo:go:cafe-caudat.mysapogo.com:products/update:21150011:", 0) == 0);
    }
    SECTION("a skipped topic with a bad body and a bad version is still only skipped") {
        auto d = go("stock_transfers/create", "<html>", "1", "not-a-number");
        CHECK(only<core::Skipped>(d).what == "stock_transfers/create");
    }
    SECTION("app/uninstalled") {
        CHECK(only<core::Skipped>(go("app/uninstalled", "{}", "236118", "1")).what == "app/uninstalled");
    }
}

TEST_CASE("sapo go: dedup keys and versions", "[sapo][go][key]") {
    const std::string paid = fixture(paid_file);
    auto first = go("orders/paid", paid, "118693530", "7");
    auto retry = go("orders/paid", paid, "118693530", "7");
    CHECK(retry.key == first.key);

    auto next = go("orders/update", paid, "118693530", "8");
    CHECK(next.key == "sapo:go:cafe-caudat.mysapogo.com:orders/update:118693530:8");
    CHECK(next.key != first.key);
    CHECK(*order_of(next).version > *order_of(first).version);

    // One event announced under two topics with one version: two keys, one version.
    auto finalized = go("orders/finalized", paid, "118693530", "7");
    CHECK(finalized.key != first.key);
    CHECK(order_of(finalized).version == order_of(first).version);

    // The cancel's version orders it after the paid, whichever arrives first.
    auto cancelled = go("orders/cancelled", fixture("sapo/go_order_cancelled.json"), "118693530", "9");
    CHECK(order_of(cancelled).order_id == order_of(first).order_id);
    CHECK(*order_of(cancelled).version > *order_of(first).version);

    // Without the object-id header the body's id keys the delivery.
    auto h = headers({{"x-sapo-hmac-sha256", base64_signature(paid, secret)},
                      {"x-sapo-topic", "orders/paid"},
                      {"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"},
                      {"x-event-version", "7"}});
    CHECK(deliver(h, paid).key == first.key);
}

TEST_CASE("sapo go: deliveries that cannot be mapped are refused naming the field", "[sapo][go][invalid]") {
    const std::string paid = fixture(paid_file);
    auto refused = [&](const std::string& body, const std::string& version = "7") {
        return refusal([&] { go("orders/update", body, "118693530", version); });
    };

    SECTION("x-event-version is required for orders, and must be an integer") {
        auto h = headers({{"x-sapo-hmac-sha256", base64_signature(paid, secret)},
                          {"x-sapo-topic", "orders/update"},
                          {"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"},
                          {"x-sapo-object-id", "118693530"}});
        CHECK(refusal([&] { deliver(h, paid); }) == "header x-event-version is required for Sapo GO order deliveries");
        CHECK(refused(paid, "abc") == "header x-event-version \"abc\" is not an integer");
        CHECK(refused(paid, "-3") == "header x-event-version \"-3\" is not an integer");
        CHECK(refused(paid, "1.5") == "header x-event-version \"1.5\" is not an integer");
        CHECK(refused(paid, "") == "header x-event-version \"\" is not an integer");
        CHECK(refused(paid, "9999999999999999999") == "header x-event-version is larger than 2^63-1");
        CHECK(refused(paid, "99999999999999999999") ==
              "header x-event-version \"99999999999999999999\" is not an integer");
        CHECK(refusal([&] { go("customers/update", fixture("sapo/go_customer.json"), "54124500", "v2"); }) ==
              "header x-event-version \"v2\" is not an integer");
    }
    SECTION("required fields") {
        CHECK(refused(edit(paid, "\"total\": 1218000.0000,", "")) == "order.total is required");
        CHECK(refused(edit(paid, "\"status\": \"finalized\",", "")) == "order.status is required");
        CHECK(refused(edit(paid, "\"payment_status\": \"paid\",", "")) == "order.payment_status is required");
        CHECK(refused(edit(paid, "\"created_on\": \"2024-05-13T07:20:00Z\",", "")) == "order.created_on is required");
        CHECK(refused(edit(paid, "\"id\": 118693530,", "")) == "order.id is required");
    }
    SECTION("wrong types and impossible amounts") {
        CHECK_THAT(refused(edit(paid, "\"total\": 1218000.0000", "\"total\": \"một triệu\"")),
                   Catch::StartsWith("order.total \"một triệu\" is not an amount"));
        CHECK_THAT(refused(edit(paid, "\"total\": 1218000.0000", "\"total\": 92233720368547758070")),
                   Catch::StartsWith("order.total") && Catch::Contains("not an amount"));
        CHECK_THAT(refused(edit(paid, "\"total\": 1218000.0000", "\"total\": 18446744073709551615")),
                   Catch::StartsWith("order.total is above the largest amount accepted (10^15 VND)"));
        CHECK_THAT(refused(edit(paid, "\"total_tax\": 88000.0000", "\"total_tax\": -88000")),
                   Catch::StartsWith("order.total_tax must not be negative"));
        CHECK_THAT(refused(edit(paid, "\"fee\": 30000.0000", "\"fee\": {}")),
                   Catch::StartsWith("order.delivery_fee.fee must be a number"));
        CHECK_THAT(refused(edit(paid, "\"status\": \"finalized\"", "\"status\": [\"finalized\"]")),
                   Catch::StartsWith("order.status must be text"));
        CHECK_THAT(refused(edit(paid, "\"customer_data\": {", "\"customer_data\": \"Trần Minh Khoa\", \"x\": {")),
                   Catch::StartsWith("order.customer_data must be an object"));
        CHECK_THAT(refused(edit(paid, "\"customer_id\": 54123987", "\"customer_id\": 5.4e7")),
                   Catch::StartsWith("order.customer_id") && Catch::Contains("is not a Sapo id"));
        CHECK_THAT(refused(edit(paid, "\"order_line_items\": [", "\"order_line_items\": \"\", \"x\": [")),
                   Catch::StartsWith("order.order_line_items must be an array"));
        CHECK_THAT(refused(edit(paid, "\"line_amount\": 500000.0000", "\"line_amount\": -1")),
                   Catch::StartsWith("order.order_line_items[0].line_amount must not be negative"));
        CHECK_THAT(
            refused(edit(paid,
                         "\"price\": 250000.0000,\n      \"quantity\": 2.0,\n      \"discount_amount\": 0.0000,\n      "
                         "\"tax_rate\": 8.0,\n      \"tax_amount\": 40000.0000,\n      \"line_amount\": 500000.0000",
                         "\"price\": 9223372036854775807,\n      \"quantity\": 2.0")),
            Catch::StartsWith("order.order_line_items[0].price is 9223372036854775807, above the largest amount"));
    }
    SECTION("not JSON, truncated, invalid UTF-8, nested too deep") {
        CHECK_THAT(refused(paid.substr(0, 700)), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused("{\"id\": 118693530"), Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused("\"an order\""), Catch::StartsWith("order must be a JSON object"));
        CHECK_THAT(refused(edit(paid, "Trần Minh Khoa", "Tr\xE1\xBA n Minh Khoa")),
                   Catch::StartsWith("body is not valid JSON"));
        CHECK_THAT(refused(std::string(10000, '{')), Catch::StartsWith("body is not valid JSON"));
        CHECK(refusal([&] { go("customers/update", "{\"name\": \"Đỗ Quang Huy\"}", "54124500", "3"); }) ==
              "customer.id is required");
    }
}
