// Messages to members (docs/notifications.md): queued with their event, filled in Vietnamese, never
// for a member who opted out or has had the day's number; quiet hours; campaigns to tiers and groups
// at a bounded rate. On whichever backend LOYALTY_TEST_STORAGE names.
#include <boost/json.hpp>

#include "notify/messages.hpp"
#include "program_fixture.hpp"

using namespace loyalty;
using core::JobStatus;
using test::ProgramEngine;
using test::vn;

namespace {

namespace json = boost::json;

core::SmsChannel gateway() {
    core::SmsChannel s;
    s.url = "https://sms.example/send";
    s.body = R"({"Phone":"{phone}","Content":"{message}"})";
    return s;
}

core::MessageRule sms(std::string event, std::string text) {
    core::MessageRule m;
    m.event = std::move(event);
    m.channel = "sms";
    m.text = std::move(text);
    return m;
}

struct Messages : ProgramEngine {
    explicit Messages(std::vector<core::MessageRule> rules = {
                          sms("points.earned", "Bạn vừa nhận {points} điểm tại {shop}. Số dư: {balance} điểm.")}) {
        program.name = "Trà Sen";
        program.notifications.sms = gateway();
        program.notifications.messages = std::move(rules);
        put();
    }
    std::vector<core::OutboxJob> messages(std::optional<JobStatus> status = std::nullopt) {
        core::JobQuery q;
        q.status = status;
        q.limit = 500;
        return engine->messages("shop", q).jobs;
    }
    static json::object payload(const core::OutboxJob& j) { return json::parse(j.payload).as_object(); }
    static std::string text(const core::OutboxJob& j) { return std::string(payload(j).at("text").as_string()); }
    core::Campaign campaign(const std::string& id, std::vector<std::string> tiers = {},
                            std::vector<std::string> groups = {}, int64_t per_minute = 60) {
        core::Campaign c;
        c.shop_id = "shop";
        c.campaign_id = id;
        c.name = "Khuyến mãi tháng 3";
        c.tiers = std::move(tiers);
        c.groups = std::move(groups);
        c.message = sms("campaign", "{name} ơi, {shop} giảm 20% cho bạn! Bạn có {balance} điểm.");
        c.per_minute = per_minute;
        c.created_by = "staff:chu";
        return engine->create_campaign(c);
    }
};

}  // namespace

TEST_CASE("a paid order queues the shop's SMS, filled in Vietnamese, and its retry none", "[messages]") {
    Messages t;
    auto r = t.pay("O-1", 11300000);  // 1,130 points
    auto jobs = t.messages();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].platform == "sms");
    CHECK(jobs[0].kind == "points.earned");
    CHECK(jobs[0].status == JobStatus::pending);
    CHECK(jobs[0].event_id.has_value());
    CHECK(Messages::text(jobs[0]) == "Bạn vừa nhận 1.130 điểm tại Trà Sen. Số dư: 1.130 điểm.");
    CHECK(Messages::payload(jobs[0]).at("phone").as_string() ==
          "+84" + ProgramEngine::phone_of("C-1").substr(1));
    CHECK(Messages::payload(jobs[0]).at("member_id").as_string() == r.member_id);
    t.pay("O-1", 11300000);  // the same order delivered again
    CHECK(t.messages().size() == 1);
    // The event is recorded for the message even though no endpoint listens.
    CHECK(t.engine->event_deliveries("shop", {.limit = 10}).jobs.empty());
}

TEST_CASE("a member who opted out gets no message, and the event still goes to the endpoints", "[messages]") {
    Messages t;
    t.program.notifications.endpoints = {{"https://hooks.example/a", "a-secret-of-sixteen+", {}}};
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;
    REQUIRE(t.messages().size() == 1);
    t.engine->set_opted_out("shop", m, true);
    t.pay("O-2", 1000000);
    CHECK(t.messages().size() == 1);
    CHECK(t.engine->event_deliveries("shop", {.limit = 10}).jobs.size() == 2);
    t.engine->set_opted_out("shop", m, false);
    t.pay("O-3", 1000000);
    CHECK(t.messages().size() == 2);
}

TEST_CASE("at most max_per_member_per_day messages a member a shop day", "[messages]") {
    Messages t;
    t.program.notifications.max_per_member_per_day = 2;
    t.put();
    for (int i = 0; i < 4; ++i) t.pay("O-" + std::to_string(i), 1000000);
    CHECK(t.messages().size() == 2);
    t.pay("P-1", 1000000, "C-2");  // another member has their own count
    CHECK(t.messages().size() == 3);
    t.clock = vn("2027-03-02T00:00:01");  // the shop's next day
    t.pay("O-9", 1000000);
    CHECK(t.messages().size() == 4);
}

TEST_CASE("each event fills its own placeholders: tiers, grants, Zalo parameters", "[messages]") {
    core::MessageRule zalo;
    zalo.event = "tier.changed";
    zalo.channel = "zalo";
    zalo.template_id = "231456";
    zalo.params = {{"customer_name", "{name}"}, {"tier", "{tier}"}, {"previous", "{previous}"}};
    Messages t({zalo});
    t.program.notifications.zalo = core::ZaloChannel{"app", "secret", "refresh"};
    t.program.tiers = test::gold_tiers(core::TierWindow::lifetime, core::TierReview::yearly);
    t.put();
    t.pay("O-1", 25000000);  // over Gold's 20,000,000
    auto jobs = t.messages();
    REQUIRE(!jobs.empty());
    auto gold = Messages::payload(jobs.back());
    CHECK(jobs.back().platform == "zalo");
    CHECK(gold.at("template_id").as_string() == "231456");
    CHECK(gold.at("params").as_object().at("tier").as_string() == "Gold");
    CHECK(gold.at("params").as_object().contains("customer_name"));
    CHECK(gold.at("params").as_object().contains("previous"));
}

TEST_CASE("quiet hours end at the shop's morning, across midnight or within a day", "[messages]") {
    Messages t;
    const auto& p = *t.engine->shop("shop");
    CHECK(core::quiet_until(p, vn("2027-03-01T22:30:00")) == vn("2027-03-02T08:00:00"));
    CHECK(core::quiet_until(p, vn("2027-03-02T07:59:00")) == vn("2027-03-02T08:00:00"));
    CHECK(core::quiet_until(p, vn("2027-03-02T21:00:00")) == vn("2027-03-03T08:00:00"));
    CHECK_FALSE(core::quiet_until(p, vn("2027-03-02T08:00:00")));
    CHECK_FALSE(core::quiet_until(p, vn("2027-03-02T20:59:59")));
    t.program.notifications.quiet_hours = {12 * 60, 13 * 60 + 30};
    t.put();
    const auto& lunch = *t.engine->shop("shop");
    CHECK(core::quiet_until(lunch, vn("2027-03-02T12:10:00")) == vn("2027-03-02T13:30:00"));
    CHECK_FALSE(core::quiet_until(lunch, vn("2027-03-02T22:00:00")));
    t.program.notifications.quiet_hours = {0, 0};
    t.put();
    CHECK_FALSE(core::quiet_until(*t.engine->shop("shop"), vn("2027-03-02T03:00:00")));
}

TEST_CASE("placeholders and numbers are written for a Vietnamese reader", "[messages]") {
    CHECK(core::format_points(0) == "0");
    CHECK(core::format_points(999) == "999");
    CHECK(core::format_points(1000) == "1.000");
    CHECK(core::format_points(-1250000) == "-1.250.000");
    CHECK(core::format_points(INT64_MIN) == "-9.223.372.036.854.775.808");
    CHECK(core::render_message("{a} và {b} {c", {{"a", "1"}, {"b", "{a}"}}) == "1 và {a} {c");
    CHECK(core::placeholders_in("x {a} {b}} {") == std::vector<std::string>{"a", "b"});
    // A JSON body's own braces open no placeholder.
    CHECK(core::placeholders_in(R"({"P":"{phone}","M":"{message}"})") == std::vector<std::string>{"phone", "message"});
    CHECK(core::render_message(R"({"P":"{phone}"})", {{"phone", "84"}}) == R"({"P":"84"})");
    CHECK(core::format_date(vn("2027-03-05T23:59:00"), *core::Zone::load("Asia/Ho_Chi_Minh")) == "05/03/2027");
}

TEST_CASE("a campaign reaches its tiers at a bounded rate, counting who opted out or has no phone",
          "[messages][campaigns]") {
    Messages t(std::vector<core::MessageRule>{});
    t.program.tiers = test::gold_tiers(core::TierWindow::lifetime, core::TierReview::yearly);
    t.put();
    std::string a = t.pay("O-1", 25000000, "C-1").member_id;  // Gold
    std::string b = t.pay("O-2", 21000000, "C-2").member_id;  // Gold
    t.pay("O-3", 25000000, "C-3");                            // Gold, opts out below
    t.pay("O-4", 1000000, "C-4");                             // Member
    t.engine->set_opted_out("shop", t.pay("O-5", 22000000, "C-5").member_id, true);
    auto c = t.campaign("vip-3", {"Gold"}, {}, 2);
    CHECK(c.audience == 4);
    CHECK(c.queued == 3);
    CHECK(c.opted_out == 1);
    CHECK(c.no_phone == 0);
    auto jobs = t.messages();
    REQUIRE(jobs.size() == 3);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        CHECK(jobs[i].kind == "campaign:vip-3");
        CHECK(jobs[i].next_attempt_at == t.clock + static_cast<int64_t>(i) * 30);  // 2 a minute
    }
    CHECK(Messages::text(jobs[0]).find("Trà Sen giảm 20%") != std::string::npos);
    // The same id again is the stored campaign: nothing more queued.
    auto again = t.campaign("vip-3", {"Member"});
    CHECK(again.tiers == std::vector<std::string>{"Gold"});
    CHECK(t.messages().size() == 3);
    auto stored = t.engine->campaign("shop", "vip-3");
    REQUIRE(stored);
    CHECK(stored->second.pending == 3);
    CHECK(stored->first.created_by == "staff:chu");
    CHECK(t.engine->campaigns("shop").size() == 1);
    (void)a;
    (void)b;
}

TEST_CASE("a campaign to a group, or to everyone, and refusals that change nothing", "[messages][campaigns]") {
    Messages t(std::vector<core::MessageRule>{});
    std::string a = t.pay("O-1", 1000000, "C-1").member_id;
    t.pay("O-2", 1000000, "C-2");
    t.engine->set_group("shop", a, "Sỉ");
    CHECK(t.campaign("si", {}, {"Sỉ"}).queued == 1);
    CHECK(t.campaign("all").queued == 2);
    core::Campaign bad;
    bad.shop_id = "shop";
    bad.campaign_id = "zalo";
    bad.message = sms("campaign", "x");
    bad.message.channel = "zalo";  // the shop has no Zalo channel
    CHECK(test::status_of([&] { t.engine->create_campaign(bad); }) == core::Status::invalid_argument);
    bad.message.channel = "sms";
    bad.tiers = {"Vàng"};  // the shop has no tiers at all
    CHECK(test::status_of([&] { t.engine->create_campaign(bad); }) == core::Status::invalid_argument);
    bad.tiers.clear();
    bad.per_minute = 0;
    CHECK(test::status_of([&] { t.engine->create_campaign(bad); }) == core::Status::invalid_argument);
    CHECK_FALSE(t.engine->campaign("shop", "zalo"));
    CHECK(t.messages().size() == 3);
}

TEST_CASE("replaying events leaves the messages alone", "[messages]") {
    Messages t;
    t.program.notifications.endpoints = {{"https://hooks.example/a", "a-secret-of-sixteen+", {}}};
    t.put();
    t.pay("O-1", 1000000);
    auto claimed = t.engine->claim_jobs(t.clock, 60, 10, std::nullopt, core::JobLane::notification);
    CHECK(claimed.size() == 2);  // the delivery and the message share the notifier's lane
    std::vector<core::JobOutcome> done;
    for (const auto& j : claimed) done.push_back({j.job_id, true, "ok", std::nullopt});
    t.engine->finish_jobs(done, t.clock);
    auto replayed = t.engine->replay_events("shop", 1, 1000, false);
    REQUIRE(replayed.size() == 1);
    CHECK(replayed[0].platform == "webhook");
    CHECK(t.messages(JobStatus::done).size() == 1);
}

TEST_CASE("a message held for quiet hours keeps its attempts and is due at the end", "[messages]") {
    Messages t;
    t.pay("O-1", 1000000);
    auto claimed = t.engine->claim_jobs(t.clock, 60, 10, std::nullopt, core::JobLane::notification);
    REQUIRE(claimed.size() == 1);
    t.engine->finish_jobs({{claimed[0].job_id, false, "quiet hours", vn("2027-03-02T08:00:00")}}, t.clock);
    auto held = t.messages().at(0);
    CHECK(held.status == JobStatus::pending);
    CHECK(held.attempts == 0);
    CHECK(held.next_attempt_at == vn("2027-03-02T08:00:00"));
    CHECK(t.engine->claim_jobs(t.clock + 3600, 60, 10, std::nullopt, core::JobLane::notification).empty());
}
