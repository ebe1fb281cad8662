// The server's admission policy on its own: which connections it takes and which it gives up, with the
// clock in the test's hands.
#include <catch2/catch.hpp>

#include "admission.hpp"

using loyalty::server::Admission;
using loyalty::server::AdmissionLimits;
using loyalty::server::client_key;
using loyalty::server::Phase;
using loyalty::server::Refusal;
using namespace std::chrono_literals;

namespace {

struct Table {
    Admission admission;
    AdmissionLimits limits;
    Admission::Clock::time_point now = Admission::Clock::time_point{} + 1h;
    uint64_t next = 0;

    Admission::Decision connect(const std::string& key, bool tls = false) {
        return admission.admit(++next, key, tls, now, limits);
    }
};

}  // namespace

TEST_CASE("admission: a client at its limit gives up its own longest-waiting connection", "[admission]") {
    Table t;
    t.limits.per_address = 3;
    REQUIRE(t.connect("10.0.0.1").admitted);  // 1
    t.now += 1s;
    REQUIRE(t.connect("10.0.0.1").admitted);  // 2
    REQUIRE(t.connect("10.0.0.2").admitted);  // 3, another client
    t.now += 1s;
    REQUIRE(t.connect("10.0.0.1").admitted);  // 4
    t.admission.phase(1, Phase::busy, t.now);  // answering a request: never given up
    auto d = t.connect("10.0.0.1");           // 5
    CHECK(d.admitted);
    CHECK(d.victim == 2);
    CHECK(d.reason == Refusal::address_full);
    CHECK(t.admission.from("10.0.0.1") == 3);
    CHECK(t.admission.open() == 4);

    // When every connection it holds is busy, the newcomer is turned away and nothing changes.
    for (uint64_t id : {4, 5}) t.admission.phase(id, Phase::busy, t.now);
    d = t.connect("10.0.0.1");
    CHECK_FALSE(d.admitted);
    CHECK(d.victim == 0);
    CHECK(d.reason == Refusal::address_full);
    CHECK(t.admission.from("10.0.0.1") == 3);
    CHECK(t.admission.open() == 4);
    // The other client is untouched throughout.
    CHECK(t.admission.from("10.0.0.2") == 1);
}

TEST_CASE("admission: a full server makes room from the client holding the most", "[admission]") {
    Table t;
    t.limits.max_connections = 5;
    REQUIRE(t.connect("10.0.0.9").admitted);  // 1: the oldest of all, but its client holds one
    t.now += 1s;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(t.connect("10.0.0.66").admitted);  // 2, 3, 4
        t.now += 1s;
    }
    REQUIRE(t.connect("10.0.0.7").admitted);  // 5
    t.admission.phase(3, Phase::waiting, t.now);  // 3 starts waiting for its next request now
    auto d = t.connect("10.0.0.8");
    CHECK(d.admitted);
    CHECK(d.reason == Refusal::full);
    CHECK(d.victim == 2);  // the heaviest client's longest waiting, not the oldest connection overall
    CHECK(t.admission.open() == 5);
    CHECK(t.admission.from("10.0.0.66") == 2);

    // The heaviest client's connections all busy: the next heaviest with a waiting one gives it up.
    t.admission.phase(3, Phase::busy, t.now);
    t.admission.phase(4, Phase::busy, t.now);
    d = t.connect("10.0.0.10");
    CHECK(d.admitted);
    CHECK(d.victim == 1);

    // Every connection busy: turned away.
    for (uint64_t id : {5, 6, 7}) t.admission.phase(id, Phase::busy, t.now);
    d = t.connect("10.0.0.11");
    CHECK_FALSE(d.admitted);
    CHECK(d.reason == Refusal::full);
    CHECK(t.admission.open() == 5);
}

TEST_CASE("admission: handshakes in progress and their rate are limited per client", "[admission]") {
    Table t;
    t.limits.handshakes_per_address = 2;
    t.limits.handshake_rate = 4;
    REQUIRE(t.connect("10.0.0.1", true).admitted);
    REQUIRE(t.connect("10.0.0.1", true).admitted);
    auto d = t.connect("10.0.0.1", true);
    CHECK_FALSE(d.admitted);
    CHECK(d.reason == Refusal::handshakes);
    CHECK(t.connect("10.0.0.2", true).admitted);  // another client is not held back

    // A finished handshake frees its place; the bucket still holds two of the four.
    t.admission.phase(1, Phase::waiting, t.now);
    REQUIRE(t.connect("10.0.0.1", true).admitted);
    t.admission.phase(2, Phase::waiting, t.now);
    t.admission.phase(4, Phase::waiting, t.now);
    REQUIRE(t.connect("10.0.0.1", true).admitted);
    t.admission.phase(6, Phase::waiting, t.now);
    d = t.connect("10.0.0.1", true);
    CHECK_FALSE(d.admitted);
    CHECK(d.reason == Refusal::handshake_rate);
    CHECK(t.connect("10.0.0.1").admitted);  // plain connections do no handshake

    // Closing all its connections does not refill the bucket; time does, at the rate.
    for (uint64_t id : {1, 2, 4, 5, 6, 8}) t.admission.remove(id, t.now);
    CHECK(t.admission.from("10.0.0.1") == 0);
    CHECK(t.connect("10.0.0.1", true).reason == Refusal::handshake_rate);
    t.now += 250ms;
    CHECK(t.connect("10.0.0.1", true).admitted);
    CHECK(t.connect("10.0.0.1", true).reason == Refusal::handshake_rate);
}

TEST_CASE("admission: a connection given up or closed counts no more, once", "[admission]") {
    Table t;
    t.limits.per_address = 1;
    REQUIRE(t.connect("10.0.0.1", true).admitted);  // 1, in its handshake
    auto d = t.connect("10.0.0.1", true);           // 2 takes 1's place
    REQUIRE(d.admitted);
    REQUIRE(d.victim == 1);
    t.admission.phase(1, Phase::waiting, t.now);  // the victim finishing its handshake changes no count
    t.admission.remove(1, t.now);
    CHECK(t.admission.open() == 1);
    CHECK(t.admission.from("10.0.0.1") == 1);
    t.admission.remove(2, t.now);
    t.admission.remove(2, t.now);  // twice is harmless
    CHECK(t.admission.open() == 0);
    CHECK(t.admission.from("10.0.0.1") == 0);
    t.limits.handshakes_per_address = 1;
    CHECK(t.connect("10.0.0.1", true).admitted);  // no handshake left counted
}

TEST_CASE("admission: lowered limits take effect at the next accept", "[admission]") {
    Table t;
    for (int i = 0; i < 4; ++i) REQUIRE(t.connect("10.0.0." + std::to_string(i)).admitted);
    t.limits.max_connections = 2;
    auto d = t.connect("10.0.0.9");
    CHECK(d.admitted);
    CHECK(d.victim != 0);
    CHECK(t.admission.open() == 4);  // over the new limit until connections close: one in, one out
}

TEST_CASE("admission: addresses are grouped by host", "[admission]") {
    using boost::asio::ip::make_address;
    CHECK(client_key(make_address("192.0.2.7")) == "192.0.2.7");
    CHECK(client_key(make_address("::ffff:192.0.2.7")) == "192.0.2.7");
    CHECK(client_key(make_address("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64");
    CHECK(client_key(make_address("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64");
    CHECK(client_key(make_address("2001:db8:1:3::1")) == "2001:db8:1:3::/64");
}

TEST_CASE("admission: clients that come and go are not kept for ever", "[admission]") {
    Table t;
    t.limits.handshake_rate = 10;
    for (int i = 0; i < 20000; ++i) {
        const std::string key = "10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) + "." +
                                std::to_string(i % 256);
        REQUIRE(t.connect(key, true).admitted);
        t.admission.remove(t.next, t.now);
        t.now += 1ms;
    }
    // Each left one token short; those a second old are full again and swept.
    CHECK(t.admission.clients_tracked() <= 2 * 4096);
    CHECK(t.admission.open() == 0);
}
