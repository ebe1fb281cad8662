// Retries (Retry-After, backoff, bounds) and the per-key rate limiter, with a fake sleeper.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "fake_clock.hpp"
#include "apps_test_support.hpp"
#include "fake_platform.hpp"
#include "http/https_client.hpp"
#include "http/rate_limiter.hpp"
#include "http/retry.hpp"

using namespace loyalty::apps::http;
using loyalty::test::FakePlatform;
using loyalty::test::FakeReply;
using loyalty::test::FakeSleeper;
using loyalty::test::Fault;
using namespace std::chrono_literals;

using loyalty::test::quick_policy;
using loyalty::test::trusting_test_ca;

TEST_CASE("Retry-After as seconds or as an HTTP date", "[apps][retry]") {
    auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
    CHECK(parse_retry_after("120", now) == 120000ms);
    CHECK(parse_retry_after(" 0 ", now) == 0ms);
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now) == 30000ms);
    CHECK(parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", now) == 60000ms);
    CHECK(parse_retry_after("Wed Oct 21 07:28:05 2015", now) == 5000ms);
    CHECK(parse_retry_after("Tue, 20 Oct 2015 07:28:00 GMT", now) == 0ms);  // in the past
    CHECK_FALSE(parse_retry_after("soon", now));
    CHECK_FALSE(parse_retry_after("-5", now));
    CHECK_FALSE(parse_retry_after("", now));
}

TEST_CASE("429 then 200: the wait is the server's Retry-After", "[apps][retry]") {
    FakePlatform platform;
    platform.on("GET", "/com/customers.json", FakeReply{200, {}, R"({"customers":[]})"});
    FakeSleeper sleeper;
    HttpsClient client(trusting_test_ca());
    RetryingClient retrying(client, quick_policy(), sleeper);

    SECTION("in seconds") {
        platform.fail_next(Fault::status(429, {{"Retry-After", "3"}}), 2);
        int attempts = 0;
        Response r = retrying.send({"GET", platform.url("/com/customers.json")}, {}, &attempts);
        CHECK(r.status == 200);
        CHECK(attempts == 3);
        CHECK(sleeper.waits() == std::vector<std::chrono::milliseconds>{3000ms, 3000ms});
    }
    SECTION("as a date") {
        sleeper.set_wall(std::chrono::system_clock::from_time_t(1445412480));
        platform.fail_next(Fault::status(429, {{"Retry-After", "Wed, 21 Oct 2015 07:28:07 GMT"}}));
        CHECK(retrying.send({"GET", platform.url("/com/customers.json")}).status == 200);
        CHECK(sleeper.waits() == std::vector<std::chrono::milliseconds>{7000ms});
    }
    SECTION("a POST is repeated after a 429: the server did not act on it") {
        platform.on("POST", "/voucher", FakeReply{200, {}, "ok"});
        platform.fail_next(Fault::status(429, {{"Retry-After", "1"}}));
        CHECK(retrying.send({"POST", platform.url("/voucher"), {}, "{}"}).status == 200);
        CHECK(platform.requests().size() == 2);
    }
    SECTION("a Retry-After beyond the total wait bound gives up at once, carrying it") {
        platform.fail_next(Fault::status(429, {{"Retry-After", "3600"}}));
        try {
            retrying.send({"GET", platform.url("/com/customers.json")});
            FAIL("no error");
        } catch (const HttpError& e) {
            CHECK(e.kind() == ErrorKind::http_status);
            CHECK(e.status() == 429);
            CHECK(e.retry_after() == std::chrono::milliseconds(3600s));
        }
        CHECK(sleeper.waits().empty());
        CHECK(platform.requests().size() == 1);
    }
}

TEST_CASE("5xx is retried with exponential backoff, then given up with the last error", "[apps][retry]") {
    FakePlatform platform;
    platform.on("GET", "/invoices", FakeReply{200, {}, "[]"});
    FakeSleeper sleeper;
    HttpsClient client(trusting_test_ca());
    RetryingClient retrying(client, quick_policy(), sleeper);

    SECTION("recovers") {
        platform.fail_next(Fault::status(502), 2);
        CHECK(retrying.send({"GET", platform.url("/invoices")}).status == 200);
        auto waits = sleeper.waits();
        REQUIRE(waits.size() == 2);
        CHECK(waits[0] >= 50ms);
        CHECK(waits[0] <= 100ms);
        CHECK(waits[1] >= 100ms);
        CHECK(waits[1] <= 200ms);
    }
    SECTION("gives up after max_attempts") {
        platform.fail_next(Fault::status(500, {}, "boom 1"), 3);
        platform.fail_next(Fault::status(503, {}, "boom last"), 5);
        int attempts = 0;
        try {
            retrying.send({"GET", platform.url("/invoices")}, {}, &attempts);
            FAIL("no error");
        } catch (const HttpError& e) {
            CHECK(e.kind() == ErrorKind::http_status);
            CHECK(e.status() == 503);
            CHECK(e.body() == "boom last");
        }
        CHECK(attempts == 4);
        CHECK(platform.requests().size() == 4);
        auto waits = sleeper.waits();
        REQUIRE(waits.size() == 3);
        CHECK(waits[2] >= 200ms);
        CHECK(waits[2] <= 400ms);
    }
    SECTION("gives up when the next wait would pass the total bound") {
        RetryPolicy p = quick_policy();
        p.max_attempts = 100;
        p.max_total_wait = 350ms;
        RetryingClient bounded(client, p, sleeper);
        platform.fail_next(Fault::status(500), 100);
        CHECK_THROWS_AS(bounded.send({"GET", platform.url("/invoices")}), HttpError);
        std::chrono::milliseconds total{0};
        for (auto w : sleeper.waits()) total += w;
        CHECK(total <= 350ms);
        CHECK(platform.requests().size() < 6);
    }
    SECTION("a 500 to a POST is returned, not repeated") {
        platform.fail_next(Fault::status(500));
        CHECK(retrying.send({"POST", platform.url("/invoices"), {}, "{}"}).status == 500);
        CHECK(platform.requests().size() == 1);
    }
    SECTION("other 4xx are returned at once") {
        platform.fail_next(Fault::status(422, {}, R"({"errors":"bad"})"));
        Response r = retrying.send({"GET", platform.url("/invoices")});
        CHECK(r.status == 422);
        CHECK(sleeper.waits().empty());
    }
}

TEST_CASE("a read timeout is retried for an idempotent call", "[apps][retry]") {
    FakePlatform platform;
    platform.on("GET", "/customers", FakeReply{200, {}, "[]"});
    platform.fail_next(Fault::stall());
    ClientOptions o = trusting_test_ca();
    o.read_timeout = 150ms;
    HttpsClient client(o);
    FakeSleeper sleeper;
    RetryingClient retrying(client, quick_policy(), sleeper);
    CHECK(retrying.send({"GET", platform.url("/customers")}).status == 200);
    CHECK(sleeper.waits().size() == 1);

    platform.fail_next(Fault::stall());
    try {
        retrying.send({"POST", platform.url("/customers"), {}, "{}"});
        FAIL("a POST that timed out was repeated");
    } catch (const HttpError& e) {
        CHECK(e.kind() == ErrorKind::timeout);
    }
}

TEST_CASE("Haravan's call-limit header makes the limiter wait", "[apps][limits]") {
    FakeSleeper sleeper;
    RateLimiter limiter(sleeper);
    limiter.configure("haravan:a", Limit::haravan());
    CHECK(limiter.reserve("haravan:a") == 0ms);

    Response nearly_full;
    nearly_full.status = 200;
    nearly_full.headers = {{"X-Haravan-Api-Call-Limit", "78/80"}};
    limiter.observe("haravan:a", nearly_full);
    // 78 in the bucket, 76 allowed before slowing down, draining 4 a second: 79 needs 750 ms.
    CHECK(limiter.reserve("haravan:a") == 750ms);
    sleeper.advance(5s);  // drained by 20
    CHECK(limiter.reserve("haravan:a") == 0ms);

    Response empty;
    empty.headers = {{"x-haravan-api-call-limit", "10/80"}};
    limiter.observe("haravan:a", empty);
    CHECK(limiter.reserve("haravan:a") == 0ms);

    SECTION("end to end: a key never configured learns the bucket from the header") {
        FakePlatform platform;
        platform.on("GET", "/com/orders.json",
                    FakeReply{200, {{"X-Haravan-Api-Call-Limit", "79/80"}}, R"({"orders":[]})"});
        HttpsClient client(trusting_test_ca());
        RetryingClient retrying(client, quick_policy(), sleeper, &limiter);
        CHECK(retrying.send({"GET", platform.url("/com/orders.json")}, "haravan:b").status == 200);
        CHECK(sleeper.waits().empty());
        CHECK(retrying.send({"GET", platform.url("/com/orders.json")}, "haravan:b").status == 200);
        REQUIRE(sleeper.waits().size() == 1);
        CHECK(sleeper.waits()[0] == 1000ms);  // 80 in the bucket, 76 allowed: 4 calls drain in 1 s
    }
    SECTION("a 429's Retry-After holds the key") {
        Response limited;
        limited.status = 429;
        limited.headers = {{"Retry-After", "2"}};
        limiter.observe("haravan:a", limited);
        CHECK(limiter.reserve("haravan:a") == 2000ms);
        CHECK(limiter.reserve("haravan:other") == 0ms);
    }
}

TEST_CASE("token buckets are per key: one shop's wait never delays another", "[apps][limits]") {
    FakeSleeper sleeper;
    RateLimiter limiter(sleeper);
    limiter.configure("sapo:a", Limit::per_minute(2));
    limiter.configure("sapo:b", Limit::per_minute(2));
    CHECK(limiter.reserve("sapo:a") == 0ms);
    CHECK(limiter.reserve("sapo:a") == 0ms);
    CHECK(limiter.reserve("sapo:a") == 30000ms);
    CHECK(limiter.reserve("sapo:a") == 60000ms);  // reserved behind the previous one
    CHECK(limiter.reserve("sapo:b") == 0ms);
    sleeper.advance(60s);
    CHECK(limiter.reserve("sapo:a") == 30000ms);

    SECTION("configure_once keeps a key's limit and what it has counted") {
        limiter.configure_once("sapo:a", Limit::per_minute(1000));
        CHECK(limiter.reserve("sapo:a") == 60000ms);  // still 2 per minute, still behind the reservations
        limiter.configure_once("sapo:c", Limit::per_minute(1));
        CHECK(limiter.reserve("sapo:c") == 0ms);
        limiter.configure_once("sapo:c", Limit::per_minute(1000));
        CHECK(limiter.reserve("sapo:c") == 60000ms);
    }
    SECTION("KiotViet counts GET calls only") {
        limiter.configure("kiotviet:x", Limit::kiotviet());
        for (int i = 0; i < 5000; ++i) REQUIRE(limiter.reserve("kiotviet:x", "GET") == 0ms);
        CHECK(limiter.reserve("kiotviet:x", "PUT") == 0ms);
        CHECK(limiter.reserve("kiotviet:x", "GET") == 720ms);  // 3600 s / 5000
    }
    SECTION("a thread waiting on one key holds no lock another key needs") {
        loyalty::test::GateSleeper gate;
        RateLimiter shared(gate);
        shared.configure("sapo:a", Limit::per_minute(1));
        shared.configure("sapo:b", Limit::per_minute(1));
        shared.acquire("sapo:a");
        std::thread waiting([&] { shared.acquire("sapo:a"); });
        REQUIRE(gate.wait_for_sleepers(1, 10s));
        auto started = std::chrono::steady_clock::now();
        shared.acquire("sapo:b");  // returns at once while sapo:a is still asleep
        CHECK(std::chrono::steady_clock::now() - started < 1s);
        gate.open();
        waiting.join();
    }
}
