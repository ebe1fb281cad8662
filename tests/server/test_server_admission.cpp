// Which connections the server takes and gives up, end to end: clients on several loopback addresses,
// some of them holding connections open without a request or a handshake.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;

namespace {

// A counter of /metrics, read by its whole name and labels (0 when absent).
long long admission_counter(int port, const std::string& series) {
    auto body = Https(port).get("/metrics").body;
    auto at = body.find("\n" + series + " ");
    return at == std::string::npos ? 0 : std::stoll(body.substr(at + series.size() + 2));
}

// A TCP connection that sends a TLS record header and never the ClientHello it announces.
struct StalledHandshake {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket{io};
    bool connected = false;

    StalledHandshake(int port, const char* from) {
        using boost::asio::ip::make_address;
        boost::system::error_code ec;
        socket.open(boost::asio::ip::tcp::v4(), ec);
        if (!ec) socket.bind({make_address(from), 0}, ec);
        if (!ec) socket.connect({make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
        static const unsigned char header[] = {0x16, 0x03, 0x01, 0x02, 0x00};
        if (!ec) boost::asio::write(socket, boost::asio::buffer(header), ec);
        connected = !ec;
    }
};

}  // namespace

TEST_CASE("a full server gives up the longest-waiting connection for a new one", "[server]") {
    Served s(R"("limits": {"max_connections": 2})");
    REQUIRE(s.ok());
    Https first(s.port);  // handshake done, never a request
    REQUIRE(first.connected());
    Https second(s.port);
    REQUIRE(second.get("/healthz").status == 200);  // waiting for its next request since after first
    Https third(s.port);
    CHECK(third.get("/healthz").status == 200);
    CHECK(first.closed_by_server_after("", std::chrono::seconds(10)));
    CHECK(second.get("/healthz").status == 200);
    CHECK(admission_counter(s.port, R"(loyalty_connections_given_up_total{reason="full"})") >= 1);
}

TEST_CASE("one address holding its limit gives up its own connections, never another's", "[server]") {
    Served s(R"("limits": {"max_connections_per_address": 3})");
    REQUIRE(s.ok());
    Https other(s.port, 0, "127.0.0.5");
    REQUIRE(other.get("/healthz").status == 200);
    std::vector<std::unique_ptr<Https>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<Https>(s.port, 0, "127.0.0.4"));
        REQUIRE(held.back()->connected());
    }
    Https newcomer(s.port, 0, "127.0.0.4");
    CHECK(newcomer.get("/healthz").status == 200);
    CHECK(held.front()->closed_by_server_after("", std::chrono::seconds(10)));  // its oldest
    CHECK(held.back()->get("/healthz").status == 200);
    CHECK(other.get("/healthz").status == 200);
    CHECK(admission_counter(s.port, R"(loyalty_connections_given_up_total{reason="address_full"})") == 1);
}

TEST_CASE("stalled TLS handshakes from one address leave the others served", "[server]") {
    Served s(R"("limits": {"max_handshakes_per_address": 2})");
    REQUIRE(s.ok());
    StalledHandshake a(s.port, "127.0.0.6"), b(s.port, "127.0.0.6");
    REQUIRE(a.connected);
    REQUIRE(b.connected);
    // The server sees both before the next: wait for it, with a bound.
    Https probe(s.port);
    REQUIRE(probe.get("/healthz").status == 200);
    Https third(s.port, 0, "127.0.0.6");
    CHECK_FALSE(third.connected());  // closed before any TLS work
    CHECK(Https(s.port, 0, "127.0.0.7").get("/healthz").status == 200);
    CHECK(admission_counter(s.port, R"(loyalty_connections_refused_total{reason="handshakes"})") >= 1);
}

TEST_CASE("one address starts no more TLS handshakes than its rate", "[server]") {
    Served s(R"("limits": {"handshakes_per_second_per_address": 1})");
    REQUIRE(s.ok());
    const auto start = std::chrono::steady_clock::now();
    int connected = 0;
    for (int i = 0; i < 4; ++i) connected += Https(s.port, 0, "127.0.0.8").connected() ? 1 : 0;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    // One at once, then one a second: however slow this machine, never more.
    CHECK(connected >= 1);
    CHECK(connected <= 1 + seconds.count());
    CHECK(admission_counter(s.port, R"(loyalty_connections_refused_total{reason="handshake_rate"})") ==
          4 - connected);
    CHECK(Https(s.port, 0, "127.0.0.9").get("/healthz").status == 200);
}

TEST_CASE("the per-address limits are read and checked", "[server]") {
    Served s(R"("limits": {"max_connections_per_address": 0})");
    CHECK_FALSE(s.ok());
    CHECK(s.error.find("limits.max_connections_per_address") != std::string::npos);
    Served rate(R"("limits": {"handshakes_per_second_per_address": "fast"})");
    CHECK_FALSE(rate.ok());
    CHECK(rate.error.find("handshakes_per_second_per_address") != std::string::npos);
}
