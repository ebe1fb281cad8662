#include <catch2/catch.hpp>

#include "abi_client.hpp"

using namespace loyalty::test;

namespace {
// Everything a caller can observe of the shop's state, to prove a refused call changed nothing.
std::string snapshot(Client& c) {
    auto m = c.member("demo", R"({"phone": "0912345678"})");
    auto id = std::string(m.json().at("member_id").as_string());
    auto t = c.transactions("demo", R"({"member_id": ")" + id + R"("})");
    return m.text + "\n" + t.text;
}

struct Case {
    const char* name;
    const char* shop;
    std::string order;
    int status;
    const char* message;
};
}  // namespace

TEST_CASE("bad orders get a clear error and change nothing") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    REQUIRE(c.order("demo", paid_order("A-1", "1130000")).status == LOYALTY_OK);
    const std::string before = snapshot(c);

    const Case cases[] = {
        {"malformed JSON", "demo", R"({"order_id": "A-2", )", LOYALTY_INVALID_ARGUMENT, "not valid JSON"},
        {"not an object", "demo", "[1, 2]", LOYALTY_INVALID_ARGUMENT, "must be a JSON object"},
        {"missing order_id", "demo", R"({"status": "paid", "amount": 1, "customer": {"phone": "0912345678"}})",
         LOYALTY_INVALID_ARGUMENT, "order.order_id is required"},
        {"missing amount", "demo", R"({"order_id": "A-2", "status": "paid", "customer": {"phone": "0912345678"}})",
         LOYALTY_INVALID_ARGUMENT, "order.amount is required"},
        {"missing customer", "demo", R"({"order_id": "A-2", "status": "paid", "amount": 5})", LOYALTY_INVALID_ARGUMENT,
         "order.customer is required"},
        {"unknown status", "demo", R"({"order_id": "A-2", "status": "shipped", "amount": 5, "customer": {"phone": "0912345678"}})",
         LOYALTY_INVALID_ARGUMENT, "order.status \"shipped\""},
        {"negative amount", "demo", paid_order("A-2", "-1130000"), LOYALTY_INVALID_ARGUMENT, "amount must not be negative"},
        {"fractional amount", "demo", paid_order("A-2", "1130000.5"), LOYALTY_INVALID_ARGUMENT, "order.amount must be a whole number"},
        {"amount as a string", "demo", paid_order("A-2", "\"1130000\""), LOYALTY_INVALID_ARGUMENT, "order.amount must be a number, not a string"},
        {"amount beyond int64", "demo", paid_order("A-2", "99999999999999999999"), LOYALTY_INVALID_ARGUMENT, "order.amount must be a whole number"},
        {"amount just beyond int64", "demo", paid_order("A-2", "9223372036854775808"), LOYALTY_INVALID_ARGUMENT, "order.amount must be a whole number"},
        {"refund above amount", "demo",
         R"({"order_id": "A-2", "status": "partially_refunded", "amount": 5, "refunded_amount": 6, "customer": {"phone": "0912345678"}})",
         LOYALTY_INVALID_ARGUMENT, "refunded_amount is larger than amount"},
        {"bad timestamp", "demo",
         R"({"order_id": "A-2", "status": "paid", "amount": 5, "occurred_at": "2024-02-30T10:00:00+07:00", "customer": {"phone": "0912345678"}})",
         LOYALTY_INVALID_ARGUMENT, "order.occurred_at"},
        {"a key twice (the last would have won)", "demo", paid_order("A-2", "5", R"(, "amount": 900000000)"),
         LOYALTY_INVALID_ARGUMENT, "order.amount is given twice"},
        {"bad phone", "demo", R"({"order_id": "A-2", "status": "paid", "amount": 5, "customer": {"phone": "12ab"}})",
         LOYALTY_INVALID_ARGUMENT, "is not a valid Vietnamese phone number"},
        {"invalid UTF-8", "demo", "{\"order_id\": \"A-\xff\", \"status\": \"paid\", \"amount\": 5, \"customer\": {\"phone\": \"0912345678\"}}",
         LOYALTY_INVALID_ARGUMENT, "not valid JSON"},
        {"deep nesting", "demo", std::string(10000, '[') + std::string(10000, ']'), LOYALTY_INVALID_ARGUMENT, "not valid JSON"},
        {"unknown shop", "nope", paid_order("A-2", "5"), LOYALTY_NOT_FOUND, "shop \"nope\" not found"},
    };
    for (const auto& k : cases) {
        SECTION(k.name) {
            auto r = c.order(k.shop, k.order);
            CHECK(r.status == k.status);
            CHECK_THAT(r.error, Catch::Contains(k.message));
            CHECK(r.text.empty());
            CHECK(snapshot(c) == before);
        }
    }
}

TEST_CASE("bad shops, queries and points requests are refused") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    CHECK(c.put_shop(R"({"shop_id": "x", "earn": {"spend_per_point": 0}})") == LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("spend_per_point must be a positive"));
    CHECK(c.put_shop(R"({"shop_id": "x", "timezone": "Mars/Olympus", "earn": {"spend_per_point": 1}})") ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("Mars/Olympus"));
    CHECK(c.put_shop(R"({"shop_id": "x", "earn": {"spend_per_pont": 1}})") == LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("unknown field shop.earn.spend_per_pont"));
    CHECK(c.put_shop(R"({"shop_id": "x"})") == LOYALTY_INVALID_ARGUMENT);
    CHECK(call([&](char** out) { return loyalty_get_shop(c.engine, "x", out); }).status == LOYALTY_NOT_FOUND);

    auto m = c.order("demo", paid_order("A-1", "1000000"));
    std::string id(m.json().at("member_id").as_string());
    CHECK(c.member("demo", R"({"phone": "0912345678", "member_id": "x"})").status == LOYALTY_INVALID_ARGUMENT);
    CHECK(c.member("demo", R"({})").status == LOYALTY_INVALID_ARGUMENT);
    CHECK(c.member("demo", R"({"platform": "pos"})").status == LOYALTY_INVALID_ARGUMENT);
    CHECK(c.member("demo", R"({"member_id": "m_nobody"})").status == LOYALTY_NOT_FOUND);

    auto r = c.redeem("demo", R"({"member_id": ")" + id + R"(", "points": 10})");
    CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(r.error, Catch::Contains("request.idempotency_key is required"));
    r = c.redeem("demo", R"({"member_id": ")" + id + R"(", "points": 1.5, "idempotency_key": "k"})");
    CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
    r = c.redeem("demo", R"({"member_id": ")" + id + R"(", "points": -10, "idempotency_key": "k"})");
    CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
    CHECK(c.transactions("demo", R"({"member_id": ")" + id + R"(", "limit": 0})").status == LOYALTY_INVALID_ARGUMENT);
    int64_t available = -1, pending = -1;
    CHECK(loyalty_get_balance(c.engine, "demo", id.c_str(), &available, &pending) == LOYALTY_OK);
    CHECK(available == 100);
    CHECK(loyalty_get_balance(c.engine, "demo", "m_nobody", &available, &pending) == LOYALTY_NOT_FOUND);
    CHECK(available == 0);
}

TEST_CASE("bad configurations are refused and leave no engine") {
    loyalty_engine* e = reinterpret_cast<loyalty_engine*>(1);
    CHECK(loyalty_open(R"({"storage": "mysql://x"})", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK(e == nullptr);
    CHECK(loyalty_open(R"({"storage": "sqlite::memory:", "sqlite": {"synchronous": "off"}})", &e) ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK(loyalty_open(R"({"storage": "sqlite:/nonexistent-dir/x/y.db"})", &e) == LOYALTY_STORAGE);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("cannot open"));
    CHECK(loyalty_open(R"({"storage": "sqlite::memory:", "shops": [{"shop_id": "a"}]})", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK(e == nullptr);
}

TEST_CASE("the postgresql settings are checked as strictly as the sqlite ones") {
    loyalty_engine* e = nullptr;
    CHECK(loyalty_open(R"({"storage": "sqlite::memory:", "postgresql": {"pool": 4}})", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("pool"));
    CHECK(loyalty_open(R"({"storage": "sqlite::memory:", "postgresql": {"pool_size": 0}})", &e) ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK(loyalty_open(R"({"storage": "sqlite::memory:", "postgresql": {"connect_timeout_s": "5"}})", &e) ==
          LOYALTY_INVALID_ARGUMENT);
    CHECK(e == nullptr);
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    CHECK(loyalty_open(R"({"storage": "postgresql://loyalty:secret-pw@127.0.0.1:1/x",
                           "postgresql": {"pool_size": 2, "connect_timeout_s": 2}})",
                       &e) == LOYALTY_STORAGE);
    CHECK_THAT(loyalty_last_error(), Catch::Contains("cannot connect"));
    CHECK_THAT(loyalty_last_error(), !Catch::Contains("secret-pw"));
    CHECK(e == nullptr);
    CHECK(loyalty_open(R"({"storage": "postgres-ish://loyalty:secret-pw@x"})", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK_THAT(loyalty_last_error(), !Catch::Contains("secret-pw"));
    CHECK(e == nullptr);
}

TEST_CASE("a working store passes the storage check") {
    Client c;
    REQUIRE(c.status == LOYALTY_OK);
    CHECK(loyalty_check_storage(c.engine) == LOYALTY_OK);
    CHECK(std::string(loyalty_last_error()).empty());
    CHECK(loyalty_check_storage(nullptr) == LOYALTY_INVALID_ARGUMENT);
}
