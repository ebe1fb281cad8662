// return.update: returns the apps pulled from GET /returns, handed over in an envelope of our own.
#include "kiotviet_test.hpp"
#include "util/timestamp.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::kv;

namespace {

const core::OrderReturn& return_at(const core::Delivery& d, std::size_t i) {
    REQUIRE(i < d.events.size());
    REQUIRE(std::holds_alternative<core::OrderReturn>(d.events[i]));
    return std::get<core::OrderReturn>(d.events[i]);
}

// One return object (API camelCase) in a return.update envelope.
std::string envelope(const std::string& object) {
    return R"({"Id":"r-1","Attempt":1,"Notifications":[{"Action":"return.update","Data":[)" + object + "]}]}";
}

}  // namespace

TEST_CASE("kiotviet return.update: each pulled return refunds its invoice", "[kiotviet][return]") {
    auto d = deliver("return_update.json");
    CHECK(d.key == "kiotviet:return:5201001:2024-05-20T10:16:02.1200000");
    CHECK(d.topic == "return.update");
    REQUIRE(d.events.size() == 3);
    const auto& r = return_at(d, 0);
    CHECK(r.order_id == "kiotviet:107382911");
    CHECK(r.return_id == "5201001");
    CHECK(r.amount == 450000);
    auto at = core::parse_timestamp("2024-05-20T10:15:00", saigon());
    REQUIRE(at);
    CHECK(r.occurred_at == *at);
    CHECK(r.version);
    // A cancelled return, and one made without an invoice, change nothing.
    CHECK(skipped_at(d, 1).reason.find("cancelled") != std::string::npos);
    CHECK(skipped_at(d, 2).reason.find("without an invoice") != std::string::npos);
}

TEST_CASE("kiotviet return amount: the goods returned less the return's discount", "[kiotviet][return]") {
    const std::string base = R"({"id":7,"invoiceId":9,"returnDate":"2024-05-20T10:15:00","status":1,)";
    SECTION("returnTotal less returnDiscount, exact from decimal text") {
        auto d = deliver_body(envelope(base + R"("returnTotal":"450000.0000","returnDiscount":50000,"totalPayment":380000})"));
        CHECK(return_at(d, 0).amount == 400000);
    }
    SECTION("without returnTotal: the money paid back") {
        auto d = deliver_body(envelope(base + R"("totalPayment":380000})"));
        CHECK(return_at(d, 0).amount == 380000);
    }
    SECTION("PascalCase names read as well") {
        auto d = deliver_body(envelope(
            R"({"Id":7,"InvoiceId":9,"ReturnDate":"2024-05-20T10:15:00","Status":1,"ReturnTotal":120000})"));
        CHECK(return_at(d, 0).order_id == "kiotviet:9");
        CHECK(return_at(d, 0).amount == 120000);
    }
    SECTION("neither amount, a negative one, or an unknown status: refused") {
        CHECK(refusal(envelope(base + R"("code":"TH1"})")).find("neither returnTotal nor totalPayment") !=
              std::string::npos);
        CHECK_FALSE(refusal(envelope(base + R"("returnTotal":-5})")).empty());
        CHECK(refusal(envelope(R"({"id":7,"invoiceId":9,"returnDate":"2024-05-20T10:15:00","status":4,"returnTotal":1})"))
                  .find("not a return status") != std::string::npos);
    }
}
