// The outbound HTTPS client against a fake platform over verified TLS on loopback.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "apps_test_support.hpp"
#include "fake_platform.hpp"
#include "http/https_client.hpp"
#include "http/json_body.hpp"

using namespace loyalty::apps::http;
using loyalty::test::FakePlatform;
using loyalty::test::FakeReply;
using loyalty::test::Fault;
using namespace std::chrono_literals;

using loyalty::test::trusting_test_ca;

namespace {

ErrorKind kind_of(HttpsClient& client, const Request& request, std::string* message = nullptr) {
    try {
        client.send(request);
    } catch (const HttpError& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    FAIL("the call succeeded");
    return ErrorKind::protocol;
}

}  // namespace

TEST_CASE("verified TLS to a server whose certificate the test CA signed", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/com/orders.json", FakeReply{200, {{"Content-Type", "application/json"}}, R"({"orders":[]})"});
    platform.on("POST", "/admin/webhooks.json", [](const loyalty::test::ReceivedRequest& r) {
        return FakeReply{201, {}, "echo:" + r.body};
    });
    HttpsClient client(trusting_test_ca());

    Response r = client.send({"GET", platform.url("/com/orders.json?status=any&page=2"), {{"Authorization", "Bearer t"}}});
    CHECK(r.status == 200);
    CHECK(r.body == R"({"orders":[]})");
    CHECK(r.header("content-type") == "application/json");

    Response posted = client.send({"POST", platform.url("/admin/webhooks.json"), {{"Content-Type", "application/json"}},
                                   R"({"webhook":{}})"});
    CHECK(posted.status == 201);
    CHECK(posted.body == R"(echo:{"webhook":{}})");

    // By IP address too: the leaf's SAN has IP:127.0.0.1.
    CHECK(client.send({"GET", platform.url("/nothing", "127.0.0.1")}).status == 404);

    auto seen = platform.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].path == "/com/orders.json");
    CHECK(seen[0].query == "status=any&page=2");
    CHECK(seen[0].header("authorization") == "Bearer t");
    CHECK(seen[0].header("host") == "localhost:" + std::to_string(platform.port()));
    CHECK(seen[1].method == "POST");
    CHECK(seen[1].body == R"({"webhook":{}})");
    CHECK(seen[1].header("content-length") == "14");
}

TEST_CASE("a server certificate from an unknown CA is refused", "[apps][http]") {
    FakePlatform platform(loyalty::test::unknown_ca());
    platform.on("GET", "/", FakeReply{200, {}, "should not be read"});
    HttpsClient client(trusting_test_ca());
    std::string message;
    CHECK(kind_of(client, {"GET", platform.url("/")}, &message) == ErrorKind::tls);
    CHECK(message.find("local issuer") != std::string::npos);
    CHECK(platform.requests().empty());
}

TEST_CASE("a certificate for another host name is refused", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/", FakeReply{200, {}, "should not be read"});
    ClientOptions o = trusting_test_ca();
    o.connect_to["apis.haravan.test"] = "127.0.0.1";  // the right server, the wrong name
    HttpsClient client(o);
    std::string message;
    CHECK(kind_of(client, {"GET", platform.url("/", "apis.haravan.test")}, &message) == ErrorKind::tls);
    CHECK(message.find("hostname mismatch") != std::string::npos);
    CHECK(platform.requests().empty());
}

TEST_CASE("only https URLs are called", "[apps][http]") {
    HttpsClient client(trusting_test_ca());
    CHECK(kind_of(client, {"GET", "http://localhost/"}) == ErrorKind::bad_url);
    CHECK(kind_of(client, {"GET", "not a url"}) == ErrorKind::bad_url);
}

TEST_CASE("the read timeout ends a call the server never answers", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/slow", FakeReply{200, {}, "late"});
    platform.fail_next(Fault::stall());
    ClientOptions o = trusting_test_ca();
    o.read_timeout = 200ms;
    HttpsClient client(o);
    auto started = std::chrono::steady_clock::now();
    try {
        client.send({"GET", platform.url("/slow")});
        FAIL("no timeout");
    } catch (const HttpError& e) {
        CHECK(e.kind() == ErrorKind::timeout);
        CHECK(e.request_sent());
    }
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 150ms);
    CHECK(took < 5s);
    // The next call answers normally (on a new connection: the timed-out one is never reused).
    CHECK(client.send({"GET", platform.url("/slow")}).body == "late");
    CHECK(platform.connections_accepted() == 2);
}

TEST_CASE("a response body over the limit is refused", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/big", FakeReply{200, {}, std::string(4096, 'x')});
    platform.on("GET", "/fits", FakeReply{200, {}, std::string(1024, 'y')});
    ClientOptions o = trusting_test_ca();
    o.max_body = 1024;
    HttpsClient client(o);
    std::string message;
    CHECK(kind_of(client, {"GET", platform.url("/big")}, &message) == ErrorKind::too_large);
    CHECK(message.find("1024 bytes") != std::string::npos);
    CHECK(client.send({"GET", platform.url("/fits")}).body.size() == 1024);
}

TEST_CASE("keep-alive: sequential calls share one connection", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/ping", FakeReply{200, {}, "pong"});
    platform.on("POST", "/write", FakeReply{200, {}, "written"});
    HttpsClient client(trusting_test_ca());
    for (int i = 0; i < 3; ++i) CHECK(client.send({"GET", platform.url("/ping")}).body == "pong");
    CHECK(platform.connections_accepted() == 1);
    CHECK(client.connections_opened() == 1);

    SECTION("a connection the server closed while idle is replaced without an error") {
        platform.drop_connections();
        CHECK(client.send({"POST", platform.url("/write"), {}, "x"}).body == "written");
        CHECK(platform.connections_accepted() == 2);
    }
    SECTION("closed after an idempotent request: made again on a new connection") {
        platform.fail_next(Fault::close_after_request());
        CHECK(client.send({"GET", platform.url("/ping")}).body == "pong");
        CHECK(platform.requests().size() == 5);
        CHECK(platform.connections_accepted() == 2);
    }
    SECTION("closed after a POST: not repeated, the caller is told it was sent") {
        platform.fail_next(Fault::close_after_request());
        try {
            client.send({"POST", platform.url("/write"), {}, "x"});
            FAIL("no error");
        } catch (const HttpError& e) {
            CHECK(e.kind() == ErrorKind::closed);
            CHECK(e.request_sent());
        }
        CHECK(platform.requests().size() == 4);
    }
}

TEST_CASE("connections to different ports are pooled apart", "[apps][http]") {
    FakePlatform a, b;
    a.on("GET", "/", FakeReply{200, {}, "a"});
    b.on("GET", "/", FakeReply{200, {}, "b"});
    HttpsClient client(trusting_test_ca());
    for (int i = 0; i < 2; ++i) {
        CHECK(client.send({"GET", a.url("/")}).body == "a");
        CHECK(client.send({"GET", b.url("/")}).body == "b");
    }
    CHECK(a.connections_accepted() == 1);
    CHECK(b.connections_accepted() == 1);
}

TEST_CASE("a JSON answer is read with exact money", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/com/orders/1.json",
                FakeReply{200, {}, R"({"order":{"id":1001,"total_price":13200000.0000,"tags":"vip"}})"});
    platform.on("GET", "/twice", FakeReply{200, {}, R"({"order":{"total_price":1,"total_price":2}})"});
    HttpsClient client(trusting_test_ca());
    auto doc = parse_json_body(client.send({"GET", platform.url("/com/orders/1.json")}));
    const auto& order = doc.at("order").as_object();
    CHECK(order.at("id").as_int64() == 1001);
    REQUIRE(order.at("total_price").is_string());
    CHECK(order.at("total_price").as_string() == "13200000.0000");

    try {
        parse_json_body(client.send({"GET", platform.url("/twice")}));
        FAIL("a duplicate key was accepted");
    } catch (const HttpError& e) {
        CHECK(e.kind() == ErrorKind::bad_body);
        CHECK(std::string(e.what()).find("total_price") != std::string::npos);
    }
}

TEST_CASE("one client serves several worker threads", "[apps][http]") {
    FakePlatform platform;
    platform.on("GET", "/ping", [](const loyalty::test::ReceivedRequest& r) { return FakeReply{200, {}, r.query}; });
    HttpsClient client(trusting_test_ca());
    std::atomic<int> good{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t)
        workers.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                std::string q = std::to_string(t) + "-" + std::to_string(i);
                if (client.send({"GET", platform.url("/ping?" + q)}).body == q) ++good;
            }
        });
    for (auto& w : workers) w.join();
    CHECK(good == 20);
    CHECK(platform.requests().size() == 20);
    CHECK(platform.connections_accepted() <= 4);
}
