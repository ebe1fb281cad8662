// Many connections, slow clients, capacity, TLS versions, and stopping with requests in flight.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;

namespace {

int64_t available(loyalty_engine* e, const std::string& query) {
    char* out = nullptr;
    REQUIRE(loyalty_get_member(e, "demo", query.c_str(), &out) == LOYALTY_OK);
    auto v = boost::json::parse(out);
    loyalty_free(out);
    return v.at("points").at("available").as_int64();
}

}  // namespace

TEST_CASE("concurrent webhooks for one member from many connections give the exact balance", "[server]") {
    Served s;
    REQUIRE(s.ok());
    constexpr int connections = 16, per_connection = 10;
    std::atomic<int> applied{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < connections; ++t) {
        threads.emplace_back([&, t] {
            Https c(s.port);
            for (int i = 0; i < per_connection; ++i) {
                std::string body = haravan_order(std::to_string(10000 + t * 100 + i), "120000");
                auto r = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
                if (r.status == 200 && r.body.find(R"("outcome":"applied")") != std::string::npos) ++applied;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(applied == connections * per_connection);
    CHECK(available(s.engine, R"({"platform": "haravan", "customer_id": "501"})") == 12 * connections * per_connection);
}

TEST_CASE("stopping drains requests in flight, and a restart keeps everything acknowledged", "[server]") {
    Served s(R"("limits": {"drain_timeout_ms": 5000})");
    REQUIRE(s.ok());
    std::atomic<int> acknowledged{0};
    std::atomic<bool> go_on{true};
    std::mutex m;
    std::condition_variable progress;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            Https c(s.port);
            for (int i = 0; go_on && c.connected(); ++i) {
                std::string body = haravan_order(std::to_string(50000 + t * 10000 + i), "100000");
                auto r = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
                if (r.status == 200 && r.body.find(R"("outcome":"applied")") != std::string::npos) {
                    ++acknowledged;
                    progress.notify_all();
                }
            }
        });
    }
    {
        std::unique_lock lock(m);
        REQUIRE(progress.wait_for(lock, std::chrono::seconds(30), [&] { return acknowledged >= 40; }));
    }
    s.stop();  // while the clients are still sending
    go_on = false;
    for (auto& t : threads) t.join();
    int acked = acknowledged;
    s.restart();
    REQUIRE(s.ok());
    // Every acknowledged delivery is in the ledger after the restart (10 points each); nothing more
    // may be, beyond requests applied whose answer was cut off by the stop.
    int64_t points = available(s.engine, R"({"platform": "haravan", "customer_id": "501"})");
    CHECK(points >= 10 * acked);
    char* report = nullptr;
    REQUIRE(loyalty_run_maintenance(s.engine, 1735689600, &report) == LOYALTY_OK);
    CHECK(std::string(report).find(R"("ledger_consistent":true)") != std::string::npos);
    loyalty_free(report);
    Https after(s.port);
    CHECK(after.get("/healthz").status == 200);
}

TEST_CASE("a client trickling a request is cut off while others are served", "[server]") {
    Served s(R"("limits": {"read_timeout_ms": 300})");
    REQUIRE(s.ok());
    Https slow(s.port);
    REQUIRE(slow.connected());
    Https other(s.port);
    CHECK(other.get("/healthz").status == 200);
    CHECK(slow.closed_by_server_after("POST /webhooks/haravan/demo HTTP/1.1\r\nHost: localhost\r\nContent-Le",
                                      std::chrono::seconds(10)));
    CHECK(other.get("/healthz").status == 200);
}

TEST_CASE("a reload applies new limits to new connections, and to open ones after the request they await", "[server]") {
    Served s(R"("limits": {"max_connections": 1})");
    REQUIRE(s.ok());
    Https open(s.port);
    const std::string big(4096, 'x');
    REQUIRE(open.send(verb::post, "/healthz", big).status != 413);

    std::string fresh = s.config();
    const std::string limits = R"("max_connections": 1})";
    REQUIRE(fresh.find(limits) != std::string::npos);
    fresh.replace(fresh.find(limits), limits.size(), R"("max_connections": 2, "body_bytes": 1024})");
    REQUIRE(loyalty_server_reconfigure(s.server, fresh.c_str()) == LOYALTY_OK);
    // Room for a second: under the old limit the newcomer would have taken the open connection's place.
    CHECK(Https(s.port).get("/healthz").status == 200);
    // The open connection was already waiting for its next request under the old limits; the one after
    // it reads under the new.
    CHECK(open.get("/healthz").status == 200);
    CHECK(open.send(verb::post, "/healthz", big).status == 413);

    // A document the library refuses, or TLS switched off, changes nothing.
    std::string bad = fresh;
    bad.replace(bad.find("\"body_bytes\": 1024"), 18, "\"body_bytes\": -10");
    CHECK(loyalty_server_reconfigure(s.server, bad.c_str()) == LOYALTY_INVALID_ARGUMENT);
    CHECK(std::string(loyalty_last_error()).find("body_bytes") != std::string::npos);
    std::string plain = s.config();
    const auto tls = plain.find(R"(, "tls": {)");
    plain.replace(tls, plain.find("}}", tls) + 2 - tls, R"(}, "insecure_http": true)");
    CHECK(loyalty_server_reconfigure(s.server, plain.c_str()) == LOYALTY_INVALID_ARGUMENT);
    CHECK(std::string(loyalty_last_error()).find("needs a restart") != std::string::npos);
    CHECK(loyalty_server_reconfigure(nullptr, fresh.c_str()) == LOYALTY_INVALID_ARGUMENT);
    Https later(s.port);
    CHECK(later.send(verb::post, "/healthz", big).status == 413);
    CHECK(later.send(verb::post, "/healthz", std::string(100, 'x')).status != 413);
}

TEST_CASE("TLS below 1.2 is refused", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https old(s.port, TLS1_1_VERSION);
    CHECK_FALSE(old.connected());
    Https current(s.port, TLS1_2_VERSION);
    CHECK(current.connected());
    CHECK(current.get("/healthz").status == 200);
}

TEST_CASE("the server will not start without TLS unless told it is behind a proxy", "[server]") {
    loyalty_engine* e = nullptr;
    REQUIRE(loyalty_open(R"({"storage": "sqlite::memory:"})", &e) == LOYALTY_OK);
    loyalty_server* server = nullptr;
    const char* plain = R"({"listen": {"address": "127.0.0.1", "port": 0}, "admin_token": "0123456789abcdef"})";
    CHECK(loyalty_server_start(e, plain, &server) == LOYALTY_INVALID_ARGUMENT);
    CHECK(std::string(loyalty_last_error()).find("insecure_http") != std::string::npos);
    CHECK(server == nullptr);
    const char* short_token = R"({"listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": true, "admin_token": "short"})";
    CHECK(loyalty_server_start(e, short_token, &server) == LOYALTY_INVALID_ARGUMENT);
    const char* bad_cert = R"({"listen": {"port": 0, "tls": {"cert": "/nonexistent.pem", "key": "/nonexistent.pem"}},
                               "admin_token": "0123456789abcdef"})";
    CHECK(loyalty_server_start(e, bad_cert, &server) == LOYALTY_INVALID_ARGUMENT);
    const char* proxied = R"({"listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": true,
                              "admin_token": "0123456789abcdef", "access_log": false})";
    REQUIRE(loyalty_server_start(e, proxied, &server) == LOYALTY_OK);
    CHECK(loyalty_server_port(server) > 0);
    loyalty_server_stop(server);
    loyalty_close(e);
}

TEST_CASE("closing the engine stops its servers, their handles stay valid until stopped", "[server]") {
    loyalty_engine* e = nullptr;
    REQUIRE(loyalty_open(R"({"storage": "sqlite::memory:"})", &e) == LOYALTY_OK);
    const char* config = R"({"listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": true,
                             "admin_token": "0123456789abcdef", "access_log": false})";
    loyalty_server* first = nullptr;
    loyalty_server* second = nullptr;
    REQUIRE(loyalty_server_start(e, config, &first) == LOYALTY_OK);
    REQUIRE(loyalty_server_start(e, config, &second) == LOYALTY_OK);
    int port = loyalty_server_port(first);
    loyalty_server_stop(second);  // stopped in the right order: the engine forgets it
    loyalty_close(e);             // the wrong order for `first`: the engine stops it
    CHECK(loyalty_server_port(first) == port);
    namespace net = boost::asio;
    net::io_context io;
    net::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
    CHECK(ec);  // nobody listens any more
    loyalty_server_stop(first);
}
