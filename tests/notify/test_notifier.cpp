// The notifier against a fake endpoint over verified TLS on loopback: every event delivered, signed,
// once by event id and in order per member, through 5xx answers, timeouts and cut connections.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <set>

#include "../apps/fake_platform.hpp"
#include "../core/program_fixture.hpp"
#include "common/crypto.hpp"
#include "notifier.hpp"
#include "util/encoding.hpp"

using namespace loyalty;
using namespace std::chrono_literals;
using test::FakePlatform;
using test::FakeReply;
using test::Fault;

namespace {

namespace json = boost::json;

const std::string secret = "endpoint-secret-0123456789";

struct Receiver {
    FakePlatform endpoint;
    Receiver() { endpoint.on("POST", "/hooks/loyalty", FakeReply{204, {}, ""}); }
    std::string url() const { return endpoint.url("/hooks/loyalty"); }

    // Event ids in the order each was first received, checking every request on the way.
    std::vector<int64_t> first_receipts(std::map<int64_t, std::string>* member_of = nullptr) const {
        std::vector<int64_t> out;
        std::set<int64_t> seen;
        for (const auto& r : endpoint.requests()) {
            CHECK(r.header("x-loyalty-signature") ==
                  "sha256=" + core::hex_encode(connectors::hmac_sha256(secret, r.body)));
            CHECK(r.header("content-type") == "application/json");
            auto event = json::parse(r.body).as_object();
            int64_t id = event.at("id").as_int64();
            CHECK(r.header("x-loyalty-event-id") == std::to_string(id));
            CHECK(r.header("x-loyalty-event") == event.at("type").as_string());
            if (member_of) (*member_of)[id] = std::string(event.at("member_id").as_string());
            if (seen.insert(id).second) out.push_back(id);
        }
        return out;
    }
};

struct Shop : test::ProgramEngine {
    explicit Shop(const std::string& url) {
        program.notifications.endpoints = {{url, secret, {"points.earned"}}};
        put();
    }
    std::set<int64_t> event_ids() {
        std::set<int64_t> out;
        for (const auto& j : engine->event_deliveries("shop", {.limit = 500}).jobs) out.insert(*j.event_id);
        return out;
    }
};

notify::NotifierOptions options(int64_t* clock) {
    notify::NotifierOptions o;
    o.ca_file = test::test_ca().ca_file;
    o.timeout = 300ms;
    if (clock) o.clock = [clock] { return *clock; };
    return o;
}

// Each member's events were first received in the order they were recorded.
void check_member_order(const std::vector<int64_t>& firsts, const std::map<int64_t, std::string>& member_of) {
    std::map<std::string, int64_t> last;
    for (int64_t id : firsts) {
        auto& previous = last[member_of.at(id)];
        CHECK(id > previous);
        previous = id;
    }
}

}  // namespace

TEST_CASE("events reach their endpoint signed, once each and in order per member, through failures",
          "[notify]") {
    Receiver receiver;
    Shop shop(receiver.url());
    for (int i = 0; i < 12; ++i) shop.pay("O-" + std::to_string(i), 1000000 + i * 10000, "C-" + std::to_string(i % 3));
    const auto expected = shop.event_ids();
    REQUIRE(expected.size() == 12);

    receiver.endpoint.fail_next(Fault::status(500), 2);
    receiver.endpoint.fail_next(Fault::stall());
    receiver.endpoint.fail_next(Fault::status(429));
    receiver.endpoint.fail_next(Fault::close_after_request());
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    for (int round = 0; round < 200 && shop.engine->event_backlog("shop").delivered < 12; ++round) {
        notifier.run_due();
        shop.clock += 10;  // past any backoff of the first failures
    }
    auto backlog = shop.engine->event_backlog("shop");
    CHECK(backlog.delivered == 12);
    CHECK(backlog.pending == 0);
    std::map<int64_t, std::string> member_of;
    auto firsts = receiver.first_receipts(&member_of);
    CHECK(std::set<int64_t>(firsts.begin(), firsts.end()) == expected);
    CHECK(firsts.size() == expected.size());
    check_member_order(firsts, member_of);
    // Failed attempts left their reason on the delivery before it went through.
    CHECK(notifier.failed_attempts() >= 3);
    CHECK(notifier.delivered() == 12);
}

TEST_CASE("an endpoint that keeps refusing leaves the event failed, and a replay delivers it", "[notify]") {
    Receiver receiver;
    Shop shop(receiver.url());
    shop.pay("O-1", 1000000);
    receiver.endpoint.fail_next(Fault::status(503), 1000);
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    for (int round = 0; round < 200 && shop.engine->event_backlog("shop").failed == 0; ++round) {
        notifier.run_due();
        shop.clock += 3600;
    }
    auto jobs = shop.engine->event_deliveries("shop", {.limit = 10}).jobs;
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].status == core::JobStatus::failed);
    CHECK(jobs[0].last_error.value_or("").find("503") != std::string::npos);

    FakePlatform healthy;
    healthy.on("POST", "/hooks/loyalty", FakeReply{200, {}, "ok"});
    shop.program.notifications.endpoints = {{healthy.url("/hooks/loyalty"), secret, {}}};
    shop.put();
    // The stored delivery names the old URL: replayed, it waits for that endpoint to come back
    // rather than going somewhere else.
    auto replayed = shop.engine->replay_events("shop", *jobs[0].event_id, *jobs[0].event_id, true);
    REQUIRE(replayed.size() == 1);
    notifier.run_due();
    auto after = shop.engine->event_deliveries("shop", {.limit = 10}).jobs.at(0);
    CHECK(after.status == core::JobStatus::pending);
    CHECK(after.last_error.value_or("").find("no endpoint") != std::string::npos);
    CHECK(healthy.requests().empty());
}

TEST_CASE("the notifier's own threads deliver as events appear, and stop cleanly", "[notify]") {
    Receiver receiver;
    Shop shop(receiver.url());
    notify::NotifierOptions o = options(nullptr);
    o.tick = 20ms;
    notify::Notifier notifier(*shop.engine, o);
    notifier.start();
    shop.clock = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                     .count();
    for (int i = 0; i < 40; ++i) shop.pay("O-" + std::to_string(i), 1000000, "C-" + std::to_string(i % 4));
    CHECK(receiver.endpoint.wait_for_requests(40, 20s));
    notifier.stop();
    std::map<int64_t, std::string> member_of;
    auto firsts = receiver.first_receipts(&member_of);
    CHECK(firsts.size() == 40);
    check_member_order(firsts, member_of);
    CHECK(shop.engine->event_backlog("shop").delivered == 40);
}
