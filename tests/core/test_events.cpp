// Events to the shops' endpoints (docs/notifications.md): recorded in the transaction of their
// cause and only for types an endpoint wants, never twice for one cause; one delivery job per
// endpoint, a member's deliveries in order, their backoff, failure after 72 hours, and replay. On
// whichever backend LOYALTY_TEST_STORAGE names.
#include <boost/json.hpp>

#include <set>

#include "program_fixture.hpp"

using namespace loyalty;
using core::JobLane;
using core::JobStatus;
using test::ProgramEngine;
using test::status_of;

namespace {

namespace json = boost::json;

core::Endpoint endpoint(const std::string& url, std::vector<std::string> events = {}) {
    return {url, "a-secret-of-sixteen+", std::move(events)};
}

struct Events : ProgramEngine {
    explicit Events(std::vector<core::Endpoint> endpoints = {endpoint("https://hooks.example/a")}) {
        program.notifications.endpoints = std::move(endpoints);
        put();
    }
    std::vector<core::OutboxJob> deliveries(std::optional<JobStatus> status = std::nullopt) {
        core::JobQuery q;
        q.status = status;
        q.limit = 500;
        return engine->event_deliveries("shop", q).jobs;
    }
    std::vector<core::OutboxJob> claim(int limit = 100) {
        return engine->claim_jobs(clock, 60, limit, std::nullopt, JobLane::notification);
    }
    static json::object event_of(const core::OutboxJob& j) {
        return json::parse(j.payload).as_object().at("event").as_object();
    }
    std::vector<std::string> types() {
        std::vector<std::string> out;
        for (const auto& j : deliveries()) out.push_back(j.kind);
        return out;
    }
};

}  // namespace

TEST_CASE("a paid order makes one points.earned event per endpoint, and its retry none", "[events]") {
    Events t({endpoint("https://hooks.example/a"), endpoint("https://hooks.example/b", {"points.earned"}),
              endpoint("https://hooks.example/c", {"tier.changed"})});
    auto r = t.pay("O-1", 1130000);
    auto jobs = t.deliveries();
    REQUIRE(jobs.size() == 2);  // a and b; c wants tier changes only
    std::set<std::string> urls;
    for (const auto& j : jobs) {
        CHECK(j.platform == "webhook");
        CHECK(j.kind == "points.earned");
        CHECK(j.status == JobStatus::pending);
        urls.insert(std::string(json::parse(j.payload).as_object().at("url").as_string()));
        auto e = Events::event_of(j);
        CHECK(e.at("id").as_int64() == *j.event_id);
        CHECK(e.at("type").as_string() == "points.earned");
        CHECK(e.at("shop_id").as_string() == "shop");
        CHECK(e.at("member_id").as_string() == r.member_id);
        const auto& data = e.at("data").as_object();
        CHECK(data.at("points").as_int64() == 113);
        CHECK(data.at("available").as_int64() == 113);
        CHECK(data.at("ref_type").as_string() == "order");
        CHECK(data.at("ref_id").as_string() == "O-1");
        CHECK(e.at("created_at").as_string() == "2027-03-01T10:00:00+07:00");
        // The event names the ledger entry: an order's entry is written without waiting for its id only when no
        // event needs it.
        int64_t earned = 0;
        for (const auto& entry : t.engine->transactions("shop", r.member_id, 10, std::nullopt).entries)
            if (entry.ref_id == "O-1") earned = entry.entry_id;
        CHECK(earned > 0);
        CHECK(data.at("entry_id").as_int64() == earned);
    }
    CHECK(jobs[0].event_id == jobs[1].event_id);  // one event, two deliveries
    CHECK(urls == std::set<std::string>{"https://hooks.example/a", "https://hooks.example/b"});

    t.pay("O-1", 1130000);  // the platform retries the same order
    CHECK(t.deliveries().size() == 2);
    // The platforms' writers never see an event delivery.
    CHECK(t.engine->claim_jobs(t.clock, 60, 100).empty());
}

TEST_CASE("a shop without endpoints records no events", "[events]") {
    Events t(std::vector<core::Endpoint>{});
    t.pay("O-1", 1130000);
    CHECK(t.deliveries().empty());
    auto backlog = t.engine->event_backlog("shop");
    CHECK(backlog.pending + backlog.delivered + backlog.failed == 0);
    CHECK_FALSE(backlog.oldest_pending_at);
    // An endpoint added later hears of what happens from then on, not of the past.
    t.program.notifications.endpoints = {endpoint("https://hooks.example/a")};
    t.put();
    t.pay("O-2", 1130000);
    REQUIRE(t.deliveries().size() == 1);
    CHECK(Events::event_of(t.deliveries()[0]).at("data").at("ref_id").as_string() == "O-2");
}

TEST_CASE("redemptions, reversals, tiers and grants make their events", "[events]") {
    Events t;
    t.program.tiers = test::gold_tiers(core::TierWindow::lifetime, core::TierReview::monthly);
    core::Reward tea;
    tea.reward_id = "tea";
    tea.name = "Trà sữa";
    tea.kind = core::RewardKind::gift;
    tea.cost_points = 100;
    t.program.rewards = {tea};
    t.put();
    std::string m = t.pay("O-1", 25000000).member_id;
    t.engine->redeem_points("shop", {m, 50, "r-1", "quà"});
    auto claim = t.engine->claim_reward("shop", {m, "tea", "c-1"});
    t.engine->use_grant("shop", {{0, claim.grant.code}, "O-9"});
    t.change("O-1", core::OrderStatus::cancelled, 25000000);
    auto types = t.types();
    std::multiset<std::string> got(types.begin(), types.end());
    CHECK(got.count("points.earned") >= 1);
    CHECK(got.count("tier.changed") == 1);
    CHECK(got.count("points.redeemed") == 2);  // the redemption and the claim's debit
    CHECK(got.count("reward.granted") == 1);
    CHECK(got.count("grant.used") == 1);
    CHECK(got.count("order.reversed") >= 1);
    for (const auto& j : t.deliveries()) {
        if (j.kind == "tier.changed") CHECK(Events::event_of(j).at("data").at("tier").as_string() == "Gold");
        if (j.kind == "grant.used") CHECK(Events::event_of(j).at("data").at("order_id").as_string() == "O-9");
    }
    // Using the grant again for the same order is the same use: no second event.
    t.engine->use_grant("shop", {{0, claim.grant.code}, "O-9"});
    CHECK(t.types().size() == types.size());
}

TEST_CASE("a refused change records no event", "[events]") {
    Events t;
    std::string m = t.pay("O-1", 1000000).member_id;
    auto before = t.deliveries().size();
    CHECK(status_of([&] { t.engine->redeem_points("shop", {m, 5000, "r-1", "too much"}); }) ==
          core::Status::insufficient_points);
    CHECK(t.deliveries().size() == before);
}

TEST_CASE("a member's deliveries to one endpoint go one at a time and in order, while others go on", "[events]") {
    Events t;
    std::string a = t.pay("O-1", 1000000, "C-1").member_id;
    t.pay("O-2", 2000000, "C-1");
    std::string b = t.pay("O-3", 3000000, "C-2").member_id;
    auto first = t.claim();
    REQUIRE(first.size() == 2);  // C-1's first and C-2's only
    CHECK(Events::event_of(first[0]).at("data").at("ref_id").as_string() == "O-1");
    CHECK(Events::event_of(first[1]).at("data").at("ref_id").as_string() == "O-3");
    // C-1's second waits while the first is leased, and while it backs off after a failure.
    t.clock += 120;
    auto again = t.claim();
    REQUIRE(again.size() == 2);  // the leases ran out: the same two
    t.engine->fail_job(again[0].job_id, "the endpoint answered 500", t.clock);
    t.engine->complete_job(again[1].job_id, "delivered");
    CHECK(t.claim().empty());
    t.clock += 10;
    auto retried = t.claim();
    REQUIRE(retried.size() == 1);
    CHECK(retried[0].job_id == again[0].job_id);
    t.engine->complete_job(retried[0].job_id, "delivered");
    auto second = t.claim();
    REQUIRE(second.size() == 1);
    CHECK(Events::event_of(second[0]).at("data").at("ref_id").as_string() == "O-2");
    CHECK(Events::event_of(second[0]).at("member_id").as_string() == a);
    (void)b;
}

TEST_CASE("a failing delivery backs off 5 s doubling to an hour, jittered, and fails after 72 hours", "[events]") {
    Events t;
    t.pay("O-1", 1000000);
    auto job = t.claim().at(0);
    int64_t waited = 0;
    int attempts = 0;
    for (;;) {
        auto failed = t.engine->fail_job(job.job_id, "timeout", t.clock);
        ++attempts;
        if (failed.status == JobStatus::failed) break;
        int64_t wait = failed.next_attempt_at - t.clock;
        int64_t nominal = std::min<int64_t>(int64_t{5} << std::min(attempts - 1, 20), 3600);
        CHECK(wait >= nominal * 8 / 10);
        CHECK(wait <= nominal * 12 / 10);
        waited += nominal;
        t.clock = failed.next_attempt_at;
        auto claimed = t.claim();
        REQUIRE(claimed.size() == 1);
        job = claimed[0];
        REQUIRE(attempts < 200);
    }
    CHECK(waited <= 72 * 3600);
    CHECK(waited + 3600 > 72 * 3600);  // one more wait would have passed 72 h
    CHECK(t.deliveries(JobStatus::failed).size() == 1);
    CHECK(t.engine->event_backlog("shop").failed == 1);
}

TEST_CASE("replay sends failed and delivered events again, by id or by range", "[events]") {
    Events t;
    t.pay("O-1", 1000000, "C-1");
    t.pay("O-2", 1000000, "C-2");
    t.pay("O-3", 1000000, "C-3");
    auto jobs = t.claim();
    REQUIRE(jobs.size() == 3);
    t.engine->complete_job(jobs[0].job_id, "delivered");
    for (int i = 0; i < 200; ++i)
        if (t.engine->fail_job(jobs[1].job_id, "down", t.clock).status == JobStatus::failed) break;
    CHECK(t.engine->event_backlog("shop").failed == 1);

    auto failed_only = t.engine->replay_events("shop", *jobs[0].event_id, *jobs[2].event_id, true);
    REQUIRE(failed_only.size() == 1);
    CHECK(failed_only[0].job_id == jobs[1].job_id);
    CHECK(failed_only[0].status == JobStatus::pending);
    CHECK(failed_only[0].attempts == 0);
    CHECK(failed_only[0].next_attempt_at == t.clock);

    auto delivered = t.engine->replay_events("shop", *jobs[0].event_id, *jobs[0].event_id, false);
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].status == JobStatus::pending);
    CHECK_FALSE(delivered[0].done_at);
    // Pending ones (the third, still leased) are not touched.
    CHECK(t.engine->replay_events("shop", *jobs[2].event_id, *jobs[2].event_id, false).empty());
    CHECK(status_of([&] { t.engine->replay_events("shop", 5, 4, false); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { t.engine->replay_events("nope", 1, 1, false); }) == core::Status::not_found);
    auto backlog = t.engine->event_backlog("shop");
    CHECK(backlog.pending == 3);
    CHECK(backlog.oldest_pending_at == test::vn("2027-03-01T10:00:00"));
}

TEST_CASE("birthdays and points about to expire are announced once", "[events]") {
    Events t;
    t.program.expiry = {core::ExpiryKind::months, 12};
    t.program.notifications.expiring_days = 7;
    t.put();
    t.clock = test::vn("2027-03-01T10:00:00");
    auto born = t.engine->upsert_customer("shop", {"pos", "C-9", "", "B", "", "1990-03-08", ""}).member_id;
    std::string m = t.pay("O-1", 1000000).member_id;  // 100 points, expiring 2028-03-01
    t.maintain();
    auto none = t.types();
    CHECK(std::count(none.begin(), none.end(), "birthday") == 0);
    CHECK(std::count(none.begin(), none.end(), "points.expiring") == 0);

    t.clock = test::vn("2027-03-08T06:00:00");
    t.maintain();
    t.maintain();
    auto types = t.types();
    CHECK(std::count(types.begin(), types.end(), "birthday") == 1);

    t.clock = test::vn("2028-02-24T06:00:00");  // six days before the points expire
    t.maintain();
    t.maintain();
    int expiring = 0;
    for (const auto& j : t.deliveries()) {
        if (j.kind != "points.expiring") continue;
        ++expiring;
        auto e = Events::event_of(j);
        CHECK(e.at("member_id").as_string() == m);
        CHECK(e.at("data").at("points").as_int64() == 100);
    }
    CHECK(expiring == 1);
    (void)born;
}
