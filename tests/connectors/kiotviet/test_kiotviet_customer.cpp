// KiotViet customers: customer.update upserts, customer.delete unlinks.
#include "kiotviet_test.hpp"

using namespace loyalty;
using namespace loyalty::test;
using namespace loyalty::test::kv;

TEST_CASE("kiotviet: customer.update upserts every customer in the batch", "[kiotviet][customer]") {
    auto d = deliver("customer_update.json");
    CHECK(d.key == "kiotviet:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    REQUIRE(d.events.size() == 2);

    const auto& lan = customer_at(d, 0);
    CHECK(lan.platform == "kiotviet");
    CHECK(lan.customer_id == "30451278");
    CHECK(lan.name == "Nguyễn Thị Lan");
    CHECK(lan.phone == "+84326123456");  // 0162 612 3456: pre-2018 11-digit number, now 032…
    CHECK(lan.email == "lan.nguyen@example.vn");
    CHECK(lan.birthday == "1990-08-15");
    CHECK(lan.group == "Khách VIP");

    const auto& hung = customer_at(d, 1);
    CHECK(hung.customer_id == "30452001");
    CHECK(hung.name == "Trần Văn Hùng");  // trimmed
    CHECK(hung.phone == "+84903456789");  // the first of two numbers typed into one field
    CHECK(hung.email == "");              // null
    CHECK(hung.birthday == "");           // null
    CHECK(hung.group == "");
}

TEST_CASE("kiotviet: customer fields in other shapes", "[kiotviet][customer]") {
    auto body = kv_fixture("customer_update.json");
    auto first = [&](const std::string& from, const std::string& to) {
        return customer_at(connector().map({}, replaced(body, from, to), saigon()), 0);
    };
    const std::string birth = R"("BirthDate":"1990-08-15T00:00:00",)";
    const std::string phone = R"("ContactNumber":"0162 612 3456",)";
    const std::string groups = R"("Groups":"Khách VIP",)";

    SECTION("birthdays") {
        CHECK(first(birth, R"("BirthDate":"1990-08-15",)").birthday == "1990-08-15");
        CHECK(first(birth, R"("BirthDate":"1990-08-15T00:00:00.0000000",)").birthday == "1990-08-15");
        // An instant with a zone is the shop's calendar day: 17:00Z is midnight in Saigon.
        CHECK(first(birth, R"("BirthDate":"1990-08-14T17:00:00Z",)").birthday == "1990-08-15");
        CHECK(first(birth, R"("BirthDate":"15/08/1990",)").birthday == "");
        CHECK(first(birth, R"("BirthDate":"1990-02-30T00:00:00",)").birthday == "");
        CHECK(first(birth, R"("BirthDate":"0001-01-01T00:00:00",)").birthday == "");
        CHECK(first(birth, R"("BirthDate":19900815,)").birthday == "");
        CHECK(first(birth, "").birthday == "");
    }
    SECTION("phones canonical_phone cannot read are dropped, never refused") {
        CHECK(first(phone, R"("ContactNumber":"+84 912 345 678",)").phone == "+84912345678");
        CHECK(first(phone, R"("ContactNumber":"84912345678",)").phone == "+84912345678");
        CHECK(first(phone, R"("ContactNumber":"không có",)").phone == "");
        CHECK(first(phone, R"("ContactNumber":"",)").phone == "");
        CHECK(first(phone, R"("ContactNumber":"abc; 0988.123.456",)").phone == "+84988123456");
        CHECK(first(phone, "").phone == "");
    }
    SECTION("groups") {
        CHECK(first(groups, R"("Groups":"Khách sỉ|Đà Nẵng",)").group == "Khách sỉ|Đà Nẵng");
        CHECK(first(groups, R"("Groups":["Khách sỉ"," Đà Nẵng "],)").group == "Khách sỉ|Đà Nẵng");
        CHECK(first(groups, R"("Groups":[{"Id":3,"Name":"Thân thiết"}],)").group == "Thân thiết");
        CHECK(first(groups, R"("GroupName":"Khách VIP Vàng",)").group == "Khách VIP Vàng");
        CHECK(first(groups, R"("Groups":12,)").group == "");
        CHECK(first(groups, R"("Groups":null,)").group == "");
    }
    SECTION("a single customer object rather than a list") {
        auto one = R"({"Id":"s1","Notifications":[{"Action":"customer.update","Data":{"Id":77,"Name":"Lý Thu Hà"}}]})";
        auto d = connector().map({}, one, saigon());
        REQUIRE(d.events.size() == 1);
        CHECK(customer_at(d, 0).customer_id == "77");
        CHECK(customer_at(d, 0).name == "Lý Thu Hà");
    }
}

TEST_CASE("kiotviet: customer fields missing or of the wrong type are refused by name", "[kiotviet][customer][errors]") {
    auto body = kv_fixture("customer_update.json");
    CHECK(refusal(replaced(body, R"("Id":30452001,)", "")) == "Notifications[0].Data[1].Id is required");
    CHECK(refusal(replaced(body, R"("Id":30452001,)", R"("Id":"KH000112",)")) ==
          "Notifications[0].Data[1].Id \"KH000112\" is not an id (digits)");
    CHECK(refusal(replaced(body, R"("Id":30452001,)", R"("Id":0,)")) == "Notifications[0].Data[1].Id must be a positive id");
    CHECK(refusal(replaced(body, R"("Email":"lan.nguyen@example.vn",)", R"("Email":42,)")) ==
          "Notifications[0].Data[0].Email must be a string");
    CHECK(refusal(replaced(body, R"("Name":"Nguyễn Thị Lan",)", R"("Name":{"First":"Lan"},)")) ==
          "Notifications[0].Data[0].Name must be a string");
    CHECK(refusal(replaced(body, R"("ContactNumber":"0162 612 3456",)", R"("ContactNumber":1626123456,)")) ==
          "Notifications[0].Data[0].ContactNumber must be a string");
    CHECK(refusal(R"({"Id":"a","Notifications":[{"Action":"customer.update"}]})") == "Notifications[0].Data is required");
}

TEST_CASE("kiotviet: customer.delete unlinks each RemoveId", "[kiotviet][customer][delete]") {
    SECTION("Data as an array of bare ids: what the webhook sends (retailer id after the action)") {
        auto d = deliver("customer_delete_ids.json");
        REQUIRE(d.events.size() == 2);
        CHECK(unlinked_at(d, 0) == core::PlatformRef{"kiotviet", "3001"});
        CHECK(unlinked_at(d, 1) == core::PlatformRef{"kiotviet", "3002"});
    }
    SECTION("Data as an object") {
        auto d = deliver("customer_delete.json");
        CHECK(d.topic == "customer.delete");
        CHECK(d.key == "kiotviet:f0e1d2c3-b4a5-4968-8776-655443322110");
        REQUIRE(d.events.size() == 2);
        CHECK(unlinked_at(d, 0) == core::PlatformRef{"kiotviet", "30451999"});
        CHECK(unlinked_at(d, 1) == core::PlatformRef{"kiotviet", "30452000"});
    }
    SECTION("Data as an array of objects") {
        auto d = deliver("customer_delete_list.json");
        REQUIRE(d.events.size() == 3);
        CHECK(unlinked_at(d, 0).customer_id == "30452100");
        CHECK(unlinked_at(d, 1).customer_id == "30452101");
        CHECK(unlinked_at(d, 2).customer_id == "30452102");
    }
    SECTION("a single id instead of a list, and ids as text") {
        auto d = connector().map(
            {}, R"({"Id":"d","Notifications":[{"Action":"customer.delete","Data":{"RemoveId":"123456789012345678901"}}]})",
            saigon());
        REQUIRE(d.events.size() == 1);
        CHECK(unlinked_at(d, 0).customer_id == "123456789012345678901");
    }
    SECTION("an empty RemoveId unlinks nothing") {
        auto d = connector().map({}, R"({"Id":"d","Notifications":[{"Action":"customer.delete","Data":{"RemoveId":[]}}]})",
                                 saigon());
        REQUIRE(d.events.size() == 1);
        CHECK(skipped_at(d, 0).what == "delivery kiotviet:d");
    }
}

TEST_CASE("kiotviet: customer.delete without usable ids is refused by name", "[kiotviet][customer][errors]") {
    auto wrap = [](const std::string& data) {
        return R"({"Id":"d","Notifications":[{"Action":"customer.delete","Data":)" + data + "}]}";
    };
    CHECK(refusal(wrap(R"({"Ids":[1]})")) == "Notifications[0].Data.RemoveId is required");
    CHECK(refusal(wrap(R"([{"RemoveId":[1]},{"RemoveId":null}])")) == "Notifications[0].Data[1].RemoveId is required");
    CHECK(refusal(wrap(R"({"RemoveId":[1,"x"]})")) == "Notifications[0].Data.RemoveId[1] \"x\" is not an id (digits)");
    CHECK(refusal(wrap(R"({"RemoveId":[0]})")) == "Notifications[0].Data.RemoveId[0] must be a positive id");
    CHECK(refusal(wrap(R"({"RemoveId":[-4]})")) == "Notifications[0].Data.RemoveId[0] must not be negative");
    CHECK(refusal(wrap("12")) == "Notifications[0].Data must be an array of ids or objects");
    CHECK(refusal(wrap(R"([3001, "x"])")) == "Notifications[0].Data[1] \"x\" is not an id (digits)");
    CHECK(refusal(wrap("[0]")) == "Notifications[0].Data[0] must be a positive id");
    CHECK(refusal(R"({"Id":"d","Notifications":[{"Action":"customer.delete"}]})") == "Notifications[0].Data is required");
}
