// Messages to members against fake providers over verified TLS on loopback, built from their
// documented shapes (docs/notifications.md): an eSMS-shaped SMS gateway and Zalo's ZNS with its
// single-use refresh tokens. The right template, phone and parameters; quiet hours held until the
// morning; opt-out honoured when the message's turn comes; a rotated link never sent.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <atomic>

#include "../apps/fake_platform.hpp"
#include "../core/program_fixture.hpp"
#include "notifier.hpp"

using namespace loyalty;
using namespace std::chrono_literals;
using test::FakePlatform;
using test::FakeReply;
using test::Fault;
using test::vn;

namespace {

namespace json = boost::json;

struct Gateway {
    FakePlatform sms;
    Gateway() {
        sms.on("POST", "/MainService.svc/json/SendMultipleMessage_V4_post_json/",
               FakeReply{200, {{"Content-Type", "application/json"}}, R"({"CodeResult":"100","SMSID":"s-1"})"});
    }
    core::SmsChannel channel() const {
        core::SmsChannel s;
        s.url = sms.url("/MainService.svc/json/SendMultipleMessage_V4_post_json/");
        s.body = R"({"ApiKey":"{secret.api_key}","SecretKey":"{secret.secret_key}","Phone":"{phone}",)"
                 R"("Content":"{message}","SmsType":"2","Brandname":"TRASEN"})";
        s.secrets = {{"api_key", "K-1"}, {"secret_key", "S-1"}};
        s.success_field = "CodeResult";
        s.success_value = "100";
        return s;
    }
    std::vector<json::object> sent() const {
        std::vector<json::object> out;
        for (const auto& r : sms.requests()) out.push_back(json::parse(r.body).as_object());
        return out;
    }
};

struct Shop : test::ProgramEngine {
    Shop(const core::SmsChannel& sms, const std::string& text) {
        program.name = "Trà Sen";
        program.notifications.sms = sms;
        core::MessageRule m;
        m.event = "points.earned";
        m.channel = "sms";
        m.text = text;
        program.notifications.messages = {m};
        clock = vn("2027-03-01T10:00:00");
        put();
    }
    core::JobCounts counts() {
        core::JobCounts out;
        for (const auto& j : engine->messages("shop", {.limit = 500}).jobs)
            ++(j.status == core::JobStatus::done ? out.done : j.status == core::JobStatus::failed ? out.failed : out.pending);
        return out;
    }
};

notify::NotifierOptions options(int64_t* clock) {
    notify::NotifierOptions o;
    o.ca_file = test::test_ca().ca_file;
    o.timeout = 300ms;
    o.clock = [clock] { return *clock; };
    o.public_url = "https://diem.example.vn";
    return o;
}

std::string phone84(const std::string& customer) { return "84" + test::ProgramEngine::phone_of(customer).substr(1); }

}  // namespace

TEST_CASE("an SMS goes through the gateway's template with the phone, the text and the secrets", "[messages]") {
    Gateway g;
    Shop shop(g.channel(), "Bạn vừa nhận {points} điểm tại {shop}. Số dư: {balance} điểm. \"Cảm ơn\"");
    shop.pay("O-1", 11300000);
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    CHECK(notifier.run_due() == 1);
    auto sent = g.sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].at("Phone").as_string() == phone84("C-1"));
    CHECK(sent[0].at("Content").as_string() == "Bạn vừa nhận 1.130 điểm tại Trà Sen. Số dư: 1.130 điểm. \"Cảm ơn\"");
    CHECK(sent[0].at("ApiKey").as_string() == "K-1");
    CHECK(sent[0].at("SecretKey").as_string() == "S-1");
    CHECK(g.sms.requests()[0].header("content-type") == "application/json");
    CHECK(shop.counts().done == 1);
    CHECK(notifier.run_due() == 0);  // sent once
}

TEST_CASE("a gateway that answers 200 with an error code, or 5xx, is retried until it takes the message",
          "[messages]") {
    Gateway g;
    Shop shop(g.channel(), "{points} điểm");
    shop.pay("O-1", 1000000);
    g.sms.fail_next(Fault::status(200, {}, R"({"CodeResult":"99","ErrorMessage":"Unknown error"})"));
    g.sms.fail_next(Fault::status(503));
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    for (int round = 0; round < 10 && shop.counts().done == 0; ++round) {
        notifier.run_due();
        shop.clock += 60;
    }
    CHECK(shop.counts().done == 1);
    CHECK(g.sms.requests().size() == 3);
    auto job = shop.engine->messages("shop", {.limit = 5}).jobs.at(0);
    CHECK(job.attempts == 2);
    CHECK(job.last_error->find("503") != std::string::npos);
}

TEST_CASE("quiet hours hold a message until the morning, and opting out meanwhile skips it", "[messages]") {
    Gateway g;
    Shop shop(g.channel(), "{points} điểm");
    shop.clock = vn("2027-03-01T22:15:00");
    std::string m = shop.pay("O-1", 1000000).member_id;
    shop.pay("O-2", 1000000, "C-2");
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    notifier.run_due();
    CHECK(g.sms.requests().empty());
    for (const auto& j : shop.engine->messages("shop", {.limit = 5}).jobs) {
        CHECK(j.next_attempt_at == vn("2027-03-02T08:00:00"));
        CHECK(j.attempts == 0);
    }
    shop.engine->set_opted_out("shop", m, true);
    shop.clock = vn("2027-03-02T07:59:00");
    CHECK(notifier.run_due() == 0);
    shop.clock = vn("2027-03-02T08:00:00");
    CHECK(notifier.run_due() == 2);
    REQUIRE(g.sent().size() == 1);
    CHECK(g.sent()[0].at("Phone").as_string() == phone84("C-2"));
    auto done = shop.engine->messages("shop", {.status = core::JobStatus::done, .limit = 5}).jobs;
    REQUIRE(done.size() == 2);
    CHECK(done[0].result == std::string(core::skipped_prefix) + "the member opted out");
}

TEST_CASE("{link} is the member's page as it is when the message goes, never a rotated one", "[messages]") {
    Gateway g;
    Shop shop(g.channel(), "Xem điểm: {link}");
    std::string m = shop.pay("O-1", 1000000).member_id;
    std::string old = shop.engine->member_page_token("shop", m, false);
    std::string fresh = shop.engine->member_page_token("shop", m, true);
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    notifier.run_due();
    REQUIRE(g.sent().size() == 1);
    CHECK(g.sent()[0].at("Content").as_string() == "Xem điểm: https://diem.example.vn/c/" + fresh);
    CHECK(old != fresh);
}

TEST_CASE("Zalo ZNS: the template with its parameters, the access token refreshed once and kept", "[messages]") {
    FakePlatform zalo;
    std::atomic<int> refreshes{0};
    zalo.on("POST", "/v4/oa/access_token", [&](const test::ReceivedRequest& r) {
        int n = ++refreshes;
        CHECK(r.header("secret_key") == "app-secret");
        CHECK(r.header("content-type") == "application/x-www-form-urlencoded");
        // Each refresh token is good once: the first is the shop's, the next the one we were given.
        std::string expected = n == 1 ? "refresh-from-shop" : "R-" + std::to_string(n - 1);
        CHECK(r.body.find("refresh_token=" + expected) != std::string::npos);
        CHECK(r.body.find("grant_type=refresh_token") != std::string::npos);
        CHECK(r.body.find("app_id=4412") != std::string::npos);
        return FakeReply{200, {}, R"({"access_token":"A-)" + std::to_string(n) + R"(","refresh_token":"R-)" +
                                      std::to_string(n) + R"(","expires_in":"90000"})"};
    });
    std::atomic<int> sends{0};
    zalo.on("POST", "/message/template", [&](const test::ReceivedRequest&) {
        // The first token is refused as expired once: refreshed, then sent again.
        if (++sends == 2) return FakeReply{200, {}, R"({"error":-124,"message":"Access token is invalid"})"};
        return FakeReply{200, {}, R"({"error":0,"message":"Success","data":{"msg_id":"z-)" + std::to_string(sends.load()) +
                                      R"(","sent_time":"1700000000000"}})"};
    });
    test::ProgramEngine shop;
    shop.program.name = "Trà Sen";
    shop.program.notifications.zalo =
        core::ZaloChannel{"4412", "app-secret", "refresh-from-shop", zalo.url("/v4/oa/access_token"),
                          zalo.url("/message/template")};
    core::MessageRule m;
    m.event = "points.earned";
    m.channel = "zalo";
    m.template_id = "291830";
    m.params = {{"customer_name", "{name}"}, {"points", "{points}"}, {"shop", "{shop}"}};
    shop.program.notifications.messages = {m};
    shop.program.notifications.quiet_hours = {0, 0};
    shop.put();
    shop.pay("O-1", 2000000);
    shop.pay("O-2", 3000000);
    notify::Notifier notifier(*shop.engine, options(&shop.clock));
    for (int round = 0; round < 5; ++round) notifier.run_due();
    CHECK(shop.engine->messages("shop", {.status = core::JobStatus::done, .limit = 5}).jobs.size() == 2);
    CHECK(refreshes == 2);  // once at first, once after the -124
    std::vector<json::object> bodies;
    std::vector<std::string> tokens;
    for (const auto& r : zalo.requests())
        if (r.path == "/message/template") {
            bodies.push_back(json::parse(r.body).as_object());
            tokens.push_back(r.header("access_token"));
        }
    CHECK(tokens == std::vector<std::string>{"A-1", "A-1", "A-2"});
    REQUIRE(bodies.size() == 3);
    CHECK(bodies[0].at("phone").as_string() == phone84("C-1"));
    CHECK(bodies[0].at("template_id").as_string() == "291830");
    CHECK(bodies[0].at("template_data").as_object().at("points").as_string() == "200");
    CHECK(bodies[0].at("template_data").as_object().at("shop").as_string() == "Trà Sen");
    CHECK(bodies[1].at("tracking_id") == bodies[2].at("tracking_id"));  // the same message, sent again
    auto token = shop.engine->channel_token("shop", "zalo");
    REQUIRE(token);
    CHECK(token->access_token == "A-2");
    CHECK(token->refresh_token == "R-2");
    CHECK(token->seed == "refresh-from-shop");
    CHECK(token->expires_at == shop.clock + 90000);
}
