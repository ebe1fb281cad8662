// KiotViet invoices: one test or section per row of connectors/README.md's invoice table.
#include "kiotviet_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::kv;

TEST_CASE("kiotviet: invoice Status 1 (Hoàn thành) is paid on Total", "[kiotviet][invoice]") {
    auto d = deliver("invoice_completed.json");
    REQUIRE(d.events.size() == 1);
    const auto& o = order_at(d, 0);
    CHECK(o.order_id == "kiotviet:107382911");
    CHECK(o.status == core::OrderStatus::paid);
    CHECK(o.amount == 1250000);
    CHECK(o.refunded_amount == 0);
    CHECK(o.occurred_at == 1715584800);  // PurchaseDate 2024-05-13T14:20:00.123 in Saigon
    CHECK(o.version == 1715585131457000);
    CHECK(o.customer.platform == "kiotviet");
    CHECK(o.customer.customer_id == "30451278");
    CHECK(o.customer.name == "Nguyễn Thị Lan");
    CHECK(o.customer.phone == "");
    REQUIRE(o.lines.size() == 2);
    CHECK(o.lines[0].sku == "SP000101");
    CHECK(o.lines[0].quantity == 2);
    CHECK(o.lines[0].amount == 900000);
    CHECK(o.lines[1].sku == "SP000118");
    CHECK(o.lines[1].quantity == 1);
    CHECK(o.lines[1].amount == 400000);
}

TEST_CASE("kiotviet: invoice Status 2 (Đã hủy) is cancelled", "[kiotviet][invoice]") {
    const auto& o = order_at(deliver("invoice_cancelled.json"), 0);
    CHECK(o.order_id == "kiotviet:107382911");
    CHECK(o.status == core::OrderStatus::cancelled);
    CHECK(o.amount == 1250000);
    CHECK(o.refunded_amount == 0);
    CHECK(o.occurred_at == 1715584800);
}

TEST_CASE("kiotviet: invoice Status 3 (Đang xử lý) is pending, the carrier's fee is not deducted",
          "[kiotviet][invoice]") {
    const auto& o = order_at(deliver("invoice_processing.json"), 0);
    CHECK(o.order_id == "kiotviet:107390455");
    CHECK(o.status == core::OrderStatus::pending);
    CHECK(o.amount == 890000);  // Total 890000.0000; InvoiceDelivery.Price 30000 is not in Total
    CHECK(o.refunded_amount == 0);
    CHECK(o.occurred_at == 1717332310);
    CHECK(o.customer.customer_id == "30452001");
    REQUIRE(o.lines.size() == 1);
    CHECK(o.lines[0].amount == 890000);
}

TEST_CASE("kiotviet: invoice Status 5 (Không giao được) is pending, not cancelled", "[kiotviet][invoice]") {
    const auto& o = order_at(deliver("invoice_not_delivered.json"), 0);
    CHECK(o.order_id == "kiotviet:107390455");
    CHECK(o.status == core::OrderStatus::pending);
    CHECK(o.amount == 890000);
    CHECK(o.version == 1717473807210000);
}

TEST_CASE("kiotviet: invoice statuses KiotViet does not document are refused", "[kiotviet][invoice][errors]") {
    auto body = kv_fixture("invoice_completed.json");
    CHECK(refusal(replaced(body, R"("Status":1,)", R"("Status":4,)")) ==
          "Notifications[0].Data[0].Status 4 is not an invoice status KiotViet documents (1, 2, 3, 5)");
    CHECK(refusal(replaced(body, R"("Status":1,)", R"("Status":0,)")) ==
          "Notifications[0].Data[0].Status 0 is not an invoice status KiotViet documents (1, 2, 3, 5)");
    CHECK(refusal(replaced(body, R"("Status":1,)", "")) == "Notifications[0].Data[0].Status is required");
    CHECK(refusal(replaced(body, R"("Status":1,)", R"("Status":"Hoàn thành",)")) ==
          "Notifications[0].Data[0].Status \"Hoàn thành\" is not a status code");
    CHECK(refusal(replaced(body, R"("Status":1,)", R"("Status":1.5,)")) ==
          "Notifications[0].Data[0].Status \"1.5\" is not a status code");
    CHECK(refusal(replaced(body, R"("Status":1,)", R"("Status":true,)")) ==
          "Notifications[0].Data[0].Status must be an integer");
    // A status sent as text digits means the same.
    CHECK(order_at(connector().map({}, replaced(body, R"("Status":1,)", R"("Status":"1",)"), saigon()), 0).status ==
          core::OrderStatus::paid);
}

TEST_CASE("kiotviet: surcharges (Thu khác) are deducted from Total", "[kiotviet][invoice][amount]") {
    SECTION("shipping and VAT surcharges") {
        const auto& o = order_at(deliver("invoice_surcharge.json"), 0);
        CHECK(o.status == core::OrderStatus::paid);
        CHECK(o.amount == 1100000);  // 1,213,000 - 25,000 shipping - 88,000 VAT
        CHECK(o.occurred_at == 1721444744);
    }
    auto body = kv_fixture("invoice_surcharge.json");
    SECTION("a surcharge without Price deducts nothing") {
        auto o = order_at(connector().map({}, replaced(body, R"("Price":25000,)", ""), saigon()), 0);
        CHECK(o.amount == 1125000);
    }
    SECTION("surcharges above Total leave nothing to earn on, never a negative amount") {
        auto o = order_at(connector().map({}, replaced(body, R"("Price":25000,)", R"("Price":5000000,)"), saigon()), 0);
        CHECK(o.amount == 0);
    }
    SECTION("a surcharge Price that is not an amount is refused by name") {
        CHECK(refusal(replaced(body, R"("Price":25000,)", R"("Price":"25.000đ",)")) ==
              "Notifications[0].Data[0].InvoiceOrderSurcharges[0].Price \"25.000đ\" is not an amount of VND "
              "(a non-negative number up to 10^15)");
    }
    SECTION("an InvoiceOrderSurcharges that is not a list is refused by name") {
        auto bad = replaced(kv_fixture("invoice_completed.json"), R"("Discount":50000,)",
                            R"("Discount":50000,"InvoiceOrderSurcharges":{"Price":1},)");
        CHECK(refusal(bad) == "Notifications[0].Data[0].InvoiceOrderSurcharges must be an array");
    }
}

TEST_CASE("kiotviet: Total is read exactly in every form", "[kiotviet][invoice][amount]") {
    auto d = deliver("invoice_batch.json");
    REQUIRE(d.events.size() == 5);
    CHECK(order_at(d, 0).amount == 580000);    // "580000"
    CHECK(order_at(d, 4).amount == 13200000);  // 13200000.0000
    auto body = kv_fixture("invoice_completed.json");
    auto amount = [&](const std::string& total) {
        return order_at(connector().map({}, replaced(body, R"("Total":1250000,)", R"("Total":)" + total + ","), saigon()),
                        0).amount;
    };
    CHECK(amount("1250000.9999") == 1250000);  // a fraction of a dong is dropped, never rounded up
    CHECK(amount("\"1250000.50\"") == 1250000);
    CHECK(amount("1.25E6") == 1250000);
    CHECK(amount("0") == 0);
    CHECK(amount("1000000000000000") == 1000000000000000);  // the top of the range of money
}

TEST_CASE("kiotviet: Total missing, of the wrong type, negative or beyond int64 is refused by name",
          "[kiotviet][invoice][errors]") {
    auto body = kv_fixture("invoice_completed.json");
    auto with_total = [&](const std::string& total) {
        return refusal(replaced(body, R"("Total":1250000,)", total));
    };
    CHECK(with_total("") == "Notifications[0].Data[0].Total is required");
    CHECK(with_total(R"("Total":null,)") == "Notifications[0].Data[0].Total is required");
    CHECK(with_total(R"("Total":true,)") == "Notifications[0].Data[0].Total must be a number of VND");
    CHECK(with_total(R"("Total":-1250000,)") == "Notifications[0].Data[0].Total must not be negative");
    CHECK(with_total(R"("Total":"-5",)") ==
          "Notifications[0].Data[0].Total \"-5\" is not an amount of VND (a non-negative number up to 10^15)");
    CHECK(with_total(R"("Total":9223372036854775808,)") ==
          "Notifications[0].Data[0].Total is above the largest amount accepted (10^15 VND)");
    CHECK(with_total(R"("Total":123456789012345678901234567890,)") ==
          "Notifications[0].Data[0].Total \"123456789012345678901234567890\" is not an amount of VND (a non-negative "
          "number up to 10^15)");
    CHECK(with_total(R"("Total":"1.250.000",)") ==
          "Notifications[0].Data[0].Total \"1.250.000\" is not an amount of VND (a non-negative number up to 10^15)");
}

TEST_CASE("kiotviet: TotalPayment does not change the amount", "[kiotviet][invoice][amount]") {
    // A sale on credit (công nợ) is still a completed sale at its full Total, as KiotViet's own points count it.
    auto body = replaced(kv_fixture("invoice_completed.json"), R"("TotalPayment":1250000,)", R"("TotalPayment":200000,)");
    const auto& o = order_at(connector().map({}, body, saigon()), 0);
    CHECK(o.status == core::OrderStatus::paid);
    CHECK(o.amount == 1250000);
}

TEST_CASE("kiotviet: refunds never come by webhook: refunded_amount is 0 in every state", "[kiotviet][invoice][refund]") {
    for (const char* name : {"invoice_completed.json", "invoice_cancelled.json", "invoice_processing.json",
                             "invoice_not_delivered.json", "invoice_surcharge.json"}) {
        INFO(name);
        CHECK(order_at(deliver(name), 0).refunded_amount == 0);
    }
    // Returned quantities on the lines do not make a refund either: the return document holds the money.
    auto body = replaced(kv_fixture("invoice_completed.json"), R"("SubTotal":400000,)",
                         R"("SubTotal":400000,"ReturnQuantity":1,)");
    CHECK(order_at(connector().map({}, body, saigon()), 0).refunded_amount == 0);
}

TEST_CASE("kiotviet: invoices without a customer are walk-ins and skipped", "[kiotviet][invoice][walkin]") {
    auto d = deliver("invoice_batch.json");
    REQUIRE(d.events.size() == 5);
    CHECK(order_at(d, 0).customer.customer_id == "30452001");
    CHECK(skipped_at(d, 1).what == "order kiotviet:107410002");  // CustomerId null
    CHECK(skipped_at(d, 1).reason == "no customer: walk-in sales earn nothing");
    CHECK(skipped_at(d, 2).what == "order kiotviet:107410003");  // CustomerId 0
    CHECK(skipped_at(d, 3).what == "order kiotviet:107410004");  // no CustomerId at all
    CHECK(order_at(d, 4).customer.customer_id == "30452077");

    auto body = kv_fixture("invoice_completed.json");
    auto walk_in = [&](const std::string& id) {
        auto mapped = connector().map({}, replaced(body, R"("CustomerId":30451278,)", id), saigon());
        return skipped_at(mapped, 0).what;
    };
    CHECK(walk_in(R"("CustomerId":"",)") == "order kiotviet:107382911");
    CHECK(walk_in(R"("CustomerId":"0",)") == "order kiotviet:107382911");
    CHECK(refusal(replaced(body, R"("CustomerId":30451278,)", R"("CustomerId":-3,)")) ==
          "Notifications[0].Data[0].CustomerId must not be negative");
    CHECK(refusal(replaced(body, R"("CustomerId":30451278,)", R"("CustomerId":{"Id":1},)")) ==
          "Notifications[0].Data[0].CustomerId must be an id (an integer)");
    CHECK(refusal(replaced(body, R"("CustomerId":30451278,)", R"("CustomerId":"KH000045",)")) ==
          "Notifications[0].Data[0].CustomerId \"KH000045\" is not an id (digits)");
}

TEST_CASE("kiotviet: large ids are kept as their exact text", "[kiotviet][invoice]") {
    const auto& o = order_at(deliver("invoice_big_ids.json"), 0);
    CHECK(o.order_id == "kiotviet:98765432109876543210");  // beyond 64 bits
    CHECK(o.customer.customer_id == "18446744073709551615");
    CHECK(o.customer.name == "Võ Thị Ngọc Ánh");
    CHECK(o.occurred_at == 1735664399);
    auto body = replaced(kv_fixture("invoice_completed.json"), R"("CustomerId":30451278,)",
                         R"("CustomerId":"9007199254740993",)");
    CHECK(order_at(connector().map({}, body, saigon()), 0).customer.customer_id == "9007199254740993");
}

TEST_CASE("kiotviet: invoice fields missing or of the wrong type are refused by name", "[kiotviet][invoice][errors]") {
    auto body = kv_fixture("invoice_completed.json");
    CHECK(refusal(replaced(body, R"("Id":107382911,)", "")) == "Notifications[0].Data[0].Id is required");
    CHECK(refusal(replaced(body, R"("Id":107382911,)", R"("Id":0,)")) ==
          "Notifications[0].Data[0].Id must be a positive id");
    CHECK(refusal(replaced(body, R"("Id":107382911,)", R"("Id":"HD012345",)")) ==
          "Notifications[0].Data[0].Id \"HD012345\" is not an id (digits)");
    CHECK(refusal(replaced(body, R"("Id":107382911,)", R"("Id":1.5,)")) ==
          "Notifications[0].Data[0].Id \"1.5\" is not an id (digits)");
    CHECK(refusal(replaced(body, R"("PurchaseDate":"2024-05-13T14:20:00.1230000",)", "")) ==
          "Notifications[0].Data[0].PurchaseDate is required");
    CHECK(refusal(replaced(body, R"("PurchaseDate":"2024-05-13T14:20:00.1230000",)", R"("PurchaseDate":20240513,)")) ==
          "Notifications[0].Data[0].PurchaseDate must be a date-time string");
    CHECK(refusal(replaced(body, R"("PurchaseDate":"2024-05-13T14:20:00.1230000",)",
                           R"("PurchaseDate":"13/05/2024 14:20",)")) ==
          "Notifications[0].Data[0].PurchaseDate \"13/05/2024 14:20\" is not a date-time");
    CHECK(refusal(replaced(body, R"("ModifiedDate":"2024-05-13T14:25:31.4570000",)", R"("ModifiedDate":"hôm qua",)")) ==
          "Notifications[0].Data[0].ModifiedDate \"hôm qua\" is not a date-time");
    CHECK(refusal(replaced(body, R"("ModifiedDate":"2024-05-13T14:25:31.4570000",)", R"("ModifiedDate":17,)")) ==
          "Notifications[0].Data[0].ModifiedDate must be a date-time string");
    CHECK(refusal(replaced(body, R"("CustomerName":"Nguyễn Thị Lan",)", R"("CustomerName":["Lan"],)")) ==
          "Notifications[0].Data[0].CustomerName must be a string");
}

TEST_CASE("kiotviet: lines are all or nothing", "[kiotviet][invoice][lines]") {
    auto body = kv_fixture("invoice_completed.json");
    SECTION("weighed goods: a fractional quantity counts its whole units") {
        auto o = order_at(connector().map({}, replaced(body, R"("Quantity":2,)", R"("Quantity":2.5,)"), saigon()), 0);
        REQUIRE(o.lines.size() == 2);
        CHECK(o.lines[0].quantity == 2);
    }
    SECTION("a line without SubTotal leaves the lines out, not the invoice") {
        auto o = order_at(connector().map({}, replaced(body, R"("SubTotal":400000,)", ""), saigon()), 0);
        CHECK(o.lines.empty());
        CHECK(o.amount == 1250000);
    }
    SECTION("a negative quantity leaves the lines out") {
        auto o = order_at(connector().map({}, replaced(body, R"("Quantity":1,)", R"("Quantity":-1,)"), saigon()), 0);
        CHECK(o.lines.empty());
    }
}

TEST_CASE("kiotviet: field names match in the REST API's camelCase too", "[kiotviet][invoice]") {
    std::string body = R"({"Id":"c1","Attempt":1,"Notifications":[{"Action":"invoice.update","Data":[{"id":55,)"
                       R"("purchaseDate":"2024-05-13T14:20:00","customerId":77,"customerName":"Lý Thu Hà",)"
                       R"("total":580000,"status":1,"modifiedDate":"2024-05-13T14:20:00"}]}]})";
    const auto& o = order_at(connector().map({}, body, saigon()), 0);
    CHECK(o.order_id == "kiotviet:55");
    CHECK(o.customer.customer_id == "77");
    CHECK(o.customer.name == "Lý Thu Hà");
    CHECK(o.amount == 580000);
    CHECK(o.status == core::OrderStatus::paid);
    CHECK(o.version == 1715584800000000);
}

TEST_CASE("kiotviet: invoice.delete changes nothing and is shown to the operator", "[kiotviet][invoice][skip]") {
    auto d = deliver("invoice_delete.json");
    CHECK(d.topic == "invoice.delete");
    REQUIRE(d.events.size() == 1);
    CHECK(skipped_at(d, 0).what == "order kiotviet:107382911");
    CHECK_THAT(skipped_at(d, 0).reason, Catch::Contains("Status 2") && Catch::Contains("changes no points"));
    auto odd = connector().map({}, R"({"Id":"z","Notifications":[{"Action":"invoice.delete","Data":"?"}]})", saigon());
    REQUIRE(odd.events.size() == 1);
    CHECK(skipped_at(odd, 0).what == "invoice.delete");
}
