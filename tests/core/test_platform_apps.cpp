// Platform apps in the core: each shop's link to a platform (state, credentials, backfill
// progress), the outbox and its leases, and the write-back jobs enqueued in the transaction of the
// change that causes them. On whichever backend LOYALTY_TEST_STORAGE names.
#include <catch2/catch.hpp>

#include <set>

#include "points_book.hpp"
#include "program/tier_status.hpp"
#include "program_fixture.hpp"
#include "sqlite_exec.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "together.hpp"

using namespace loyalty;
using core::JobStatus;
using core::LinkState;
using core::Status;
using test::status_of;

namespace {

core::PlatformLink link(const std::string& platform = "haravan", LinkState state = LinkState::live) {
    core::PlatformLink l;
    l.shop_id = "shop";
    l.platform = platform;
    l.state = state;
    l.credentials = std::string("\x00\x01secret\xff", 9);  // bytes, a NUL among them
    l.account = "org-1001";
    return l;
}

core::NewJob new_job(const std::string& key, const std::string& shop = "shop") {
    return {shop, "haravan", "customer_tier", key, "{\"n\":1}"};
}

std::vector<core::OutboxJob> all_jobs(core::Engine& e, const std::string& shop = "shop") {
    return e.jobs(shop, {.limit = 500}).jobs;
}

std::vector<core::OutboxJob> jobs_of_kind(core::Engine& e, const std::string& kind) {
    std::vector<core::OutboxJob> out;
    for (auto& j : all_jobs(e))
        if (j.kind == kind) out.push_back(j);
    return out;
}

core::OrderInput haravan_order(const std::string& id, int64_t amount, int64_t at, const std::string& customer = "H-1") {
    auto o = test::order(id, core::OrderStatus::paid, amount);
    o.occurred_at = at;
    o.customer.platform = "haravan";
    o.customer.customer_id = customer;
    o.customer.phone = test::ProgramEngine::phone_of(customer);
    return o;
}

core::Delivery delivery(const std::string& key, std::vector<core::DeliveryEvent> events) {
    return {"haravan", key, "orders/paid", std::move(events)};
}

core::Reward voucher(const std::string& id = "v50", core::RewardKind kind = core::RewardKind::voucher_amount) {
    core::Reward r;
    r.reward_id = id;
    r.name = "Phiếu 50.000đ";
    r.kind = kind;
    r.cost_points = 100;
    r.value = kind == core::RewardKind::voucher_pct ? 10 : 50000;
    r.valid_days = 30;
    return r;
}

}  // namespace

TEST_CASE("a platform link round trips, and a bad one is refused without changing anything", "[apps]") {
    int64_t clock = 1000;
    auto e = test::memory_engine(&clock);
    CHECK_FALSE(e->platform_link("shop", "haravan"));

    auto l = link();
    l.state = LinkState::backfilling;
    l.history = core::HistoryMode::spend_only;
    l.cursors = {"c-cursor", "o-cursor", ""};
    l.counts = {10, 100, 0, std::nullopt};
    l.last_reconciled_at = 900;
    l.last_error = "token expired";
    auto stored = e->put_platform_link(l);
    CHECK(stored.updated_at == 1000);
    auto read = e->platform_link("shop", "haravan");
    REQUIRE(read);
    CHECK(*read == stored);
    CHECK(read->credentials == std::string("\x00\x01secret\xff", 9));
    CHECK(read->counts.orders_total == std::nullopt);

    // Replacing it; a second platform and a second shop.
    clock = 2000;
    l.state = LinkState::live;
    l.last_error.reset();
    e->put_platform_link(l);
    e->put_platform_link(link("kiotviet", LinkState::connecting));
    auto other = link("sapo", LinkState::error);
    other.shop_id = "other";
    e->put_platform_link(other);
    auto mine = e->platform_links("shop");
    REQUIRE(mine.size() == 2);
    CHECK((mine[0].platform == "haravan" && mine[0].state == LinkState::live && !mine[0].last_error &&
           mine[0].updated_at == 2000));
    CHECK(mine[1].platform == "kiotviet");
    auto all = e->all_platform_links();
    REQUIRE(all.size() == 3);
    CHECK(all[0].shop_id == "other");

    auto state = e->set_link_state("shop", "kiotviet", LinkState::error, std::string("401 from id.kiotviet.vn"));
    CHECK((state.state == LinkState::error && state.last_error == "401 from id.kiotviet.vn"));
    CHECK(e->platform_link("shop", "kiotviet")->state == LinkState::error);
    CHECK(status_of([&] { e->set_link_state("shop", "sapo", LinkState::live); }) == Status::not_found);

    // Refused: unknown platform, unknown state or mode, negative counts, done above total.
    const auto before = e->all_platform_links();
    auto refused = [&](core::PlatformLink bad) { return status_of([&] { e->put_platform_link(bad); }); };
    auto bad = link();
    bad.platform = "shopee";
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.state = static_cast<LinkState>(42);
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.history = static_cast<core::HistoryMode>(7);
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.counts.customers_done = -1;
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.counts.orders_done = 5;
    bad.counts.orders_total = 4;
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.counts.customers_total = -1;
    CHECK(refused(bad) == Status::invalid_argument);
    bad = link();
    bad.shop_id = "";
    CHECK(refused(bad) == Status::invalid_argument);
    CHECK(status_of([&] { e->platform_link("shop", "lazada"); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->set_link_state("shop", "haravan", static_cast<LinkState>(9)); }) ==
          Status::invalid_argument);
    CHECK(e->all_platform_links() == before);
}

TEST_CASE("sync progress writes cursors and counts together, or nothing", "[apps]") {
    int64_t clock = 1000;
    auto e = test::memory_engine(&clock);
    core::SyncProgress p{{"c1", "o1", "r1"}, {50, 200, 10, std::nullopt}};
    CHECK(status_of([&] { e->update_sync_progress("shop", "haravan", p); }) == Status::not_found);
    e->put_platform_link(link("haravan", LinkState::backfilling));

    clock = 1100;
    auto after = e->update_sync_progress("shop", "haravan", p);
    CHECK(after.cursors == p.cursors);
    CHECK(after.counts == p.counts);
    CHECK(after.updated_at == 1100);
    CHECK_FALSE(after.last_reconciled_at);
    CHECK(after.credentials == link().credentials);  // the rest of the link is left alone
    CHECK(*e->platform_link("shop", "haravan") == after);

    // A bad count refuses the whole update: the cursors that came with it are not written either.
    const auto kept = *e->platform_link("shop", "haravan");
    core::SyncProgress bad{{"c2", "o2", "r2"}, {250, 200, 20, 30}};
    CHECK(status_of([&] { e->update_sync_progress("shop", "haravan", bad); }) == Status::invalid_argument);
    bad.counts = {60, 200, -1, std::nullopt};
    CHECK(status_of([&] { e->update_sync_progress("shop", "haravan", bad); }) == Status::invalid_argument);
    bad.counts = {60, 200, 40, 30};
    CHECK(status_of([&] { e->update_sync_progress("shop", "haravan", bad); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->update_sync_progress("shop", "shopee", p); }) == Status::invalid_argument);
    CHECK(*e->platform_link("shop", "haravan") == kept);

    // The database refuses done above total as well, whoever writes it.
    CHECK(status_of([&] {
              e->store().write([](core::Transaction& tx) {
                  tx.set_sync_progress("shop", "haravan", {{"x", "y", "z"}, {300, 200, 0, std::nullopt}}, std::nullopt,
                                       5);
              });
          }) != Status::ok);
    CHECK(*e->platform_link("shop", "haravan") == kept);

    clock = 1200;
    core::SyncProgress done{{"c9", "o9", "r9"}, {200, 200, 30, 30}};
    auto finished = e->update_sync_progress("shop", "haravan", done, 1150);
    CHECK(finished.cursors == done.cursors);
    CHECK(finished.counts == done.counts);
    CHECK(finished.last_reconciled_at == 1150);
    // Without a reconciliation time the last one stays.
    CHECK(e->update_sync_progress("shop", "haravan", done).last_reconciled_at == 1150);
}

TEST_CASE("enqueuing a dedup key the shop has already changes nothing", "[apps]") {
    int64_t clock = 500;
    auto e = test::memory_engine(&clock);
    auto first = e->enqueue_job(new_job("k1"));
    CHECK(first.job_id > 0);
    CHECK(first.status == JobStatus::pending);
    CHECK(first.attempts == 0);
    CHECK(first.next_attempt_at == 500);
    CHECK(first.created_at == 500);
    CHECK(first.payload == "{\"n\":1}");

    clock = 600;
    auto again = new_job("k1");
    again.payload = "{\"n\":2}";
    CHECK(e->enqueue_job(again) == first);
    // The key is unique per shop: another shop may use it.
    auto other = e->enqueue_job(new_job("k1", "other"));
    CHECK(other.job_id != first.job_id);
    CHECK(all_jobs(*e).size() == 1);
    CHECK(e->job_counts("shop") == core::JobCounts{1, 0, 0});

    CHECK(status_of([&] { e->enqueue_job({"shop", "tiki", "x", "k2", "{}"}); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->enqueue_job({"shop", "haravan", "x", "", "{}"}); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->enqueue_job({"shop", "haravan", "", "k3", "{}"}); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->enqueue_job({"shop", "haravan", "x", "k4", ""}); }) == Status::invalid_argument);
    CHECK(all_jobs(*e).size() == 1);
}

TEST_CASE("a claim leases due jobs: claimed again only once the lease runs out", "[apps]") {
    int64_t clock = 100;
    auto e = test::memory_engine(&clock);
    auto a = e->enqueue_job(new_job("a")).job_id;
    clock = 110;
    auto b = e->enqueue_job(new_job("b")).job_id;
    clock = 120;
    e->enqueue_job(new_job("c", "other"));

    // Not due before it was enqueued.
    CHECK(e->claim_jobs(99, 60, 10).empty());
    auto first = e->claim_jobs(105, 60, 10, std::string("shop"));
    REQUIRE(first.size() == 1);
    CHECK(first[0].job_id == a);
    CHECK(first[0].leased_until == 165);

    auto second = e->claim_jobs(130, 60, 10);
    REQUIRE(second.size() == 2);  // b, and the other shop's; a is leased
    CHECK(second[0].job_id == b);
    CHECK(second[1].shop_id == "other");
    CHECK(e->claim_jobs(164, 60, 10).empty());

    // a's lease ran out at 165, before b's and c's (190).
    auto third = e->claim_jobs(165, 60, 10);
    REQUIRE(third.size() == 1);
    CHECK(third[0].job_id == a);
    CHECK(third[0].leased_until == 225);
    CHECK(e->claim_jobs(190, 60, 1).size() == 1);  // at most `limit`

    CHECK(status_of([&] { e->claim_jobs(100, 0, 10); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->claim_jobs(100, 60, 0); }) == Status::invalid_argument);
}

TEST_CASE("workers claiming at once never hold the same job", "[apps]") {
    auto url = test::durable_url("outbox-claims");
    auto a = test::engine_on(url);
    auto b = test::engine_on(url);
    constexpr int count = 60;
    for (int i = 0; i < count; ++i) a->enqueue_job(new_job("k" + std::to_string(i)));
    std::vector<int64_t> claimed[4];
    test::together(4, [&](int w) {
        auto& e = w % 2 ? *a : *b;
        for (int round = 0; round < 20; ++round)
            for (auto& j : e.claim_jobs(1LL << 40, 3600, 3)) claimed[w].push_back(j.job_id);
    });
    std::set<int64_t> seen;
    std::size_t total = 0;
    for (auto& ids : claimed) {
        total += ids.size();
        seen.insert(ids.begin(), ids.end());
    }
    CHECK(total == count);
    CHECK(seen.size() == count);
}

TEST_CASE("a job completes once, fails with backoff, gives up after 12 attempts and can be retried", "[apps]") {
    int64_t clock = 1000;
    auto e = test::memory_engine(&clock);
    auto done = e->enqueue_job(new_job("done")).job_id;
    auto flaky = e->enqueue_job(new_job("flaky")).job_id;

    clock = 1010;
    auto completed = e->complete_job(done, "discount-987");
    CHECK(completed.status == JobStatus::done);
    CHECK(completed.result == "discount-987");
    CHECK(completed.done_at == 1010);
    CHECK_FALSE(completed.leased_until);
    clock = 1020;
    CHECK(e->complete_job(done, "other") == completed);  // done already: left as it was
    CHECK(status_of([&] { e->fail_job(done, "late", 1020); }) == Status::conflict);

    // 30 s, 60 s, 120 s, … doubling, at most 6 h; the lease goes with each failure.
    int64_t now = 1000;
    const int64_t expected[] = {30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600};
    for (int64_t delay : expected) {
        auto claimed = e->claim_jobs(now, 60, 10);
        REQUIRE(claimed.size() == 1);
        CHECK(claimed[0].job_id == flaky);
        auto failed = e->fail_job(flaky, "HTTP 429", now);
        CHECK(failed.status == JobStatus::pending);
        CHECK(failed.next_attempt_at == now + delay);
        CHECK_FALSE(failed.leased_until);
        CHECK(failed.last_error == "HTTP 429");
        CHECK(e->claim_jobs(now + delay - 1, 60, 10).empty());
        now += delay;
    }
    CHECK(e->job(flaky).attempts == 11);
    auto gave_up = e->fail_job(flaky, "HTTP 500", now);
    CHECK(gave_up.status == JobStatus::failed);
    CHECK(gave_up.attempts == 12);
    CHECK(e->claim_jobs(now + 365 * 86400, 60, 10).empty());
    CHECK(e->job_counts("shop") == core::JobCounts{0, 1, 1});
    // Kept, and listed by status.
    auto failed = e->jobs("shop", {.status = JobStatus::failed});
    REQUIRE(failed.jobs.size() == 1);
    CHECK(failed.jobs[0].last_error == "HTTP 500");

    auto retried = e->retry_job(flaky, now + 10);
    CHECK((retried.status == JobStatus::pending && retried.attempts == 0 && retried.next_attempt_at == now + 10));
    CHECK(e->claim_jobs(now + 10, 60, 10).size() == 1);
    CHECK(status_of([&] { e->retry_job(flaky, now); }) == Status::conflict);
    CHECK(status_of([&] { e->complete_job(424242, "x"); }) == Status::not_found);
    CHECK(status_of([&] { e->job(424242); }) == Status::not_found);
}

TEST_CASE("job listings page by id and filter by status", "[apps]") {
    auto e = test::memory_engine();
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(e->enqueue_job(new_job("k" + std::to_string(i))).job_id);
    e->complete_job(ids[1], "ok");
    auto page = e->jobs("shop", {.limit = 2});
    REQUIRE(page.jobs.size() == 2);
    CHECK(page.jobs[0].job_id == ids[0]);
    REQUIRE(page.next_after);
    auto next = e->jobs("shop", {.limit = 2, .after = page.next_after});
    REQUIRE(next.jobs.size() == 2);
    CHECK(next.jobs[0].job_id == ids[2]);
    auto pending = e->jobs("shop", {.status = JobStatus::pending, .limit = 10});
    CHECK(pending.jobs.size() == 4);
    CHECK_FALSE(pending.next_after);
    CHECK(e->job_counts("shop") == core::JobCounts{4, 1, 0});
    CHECK(e->job_counts("nobody") == core::JobCounts{});

    // One platform's jobs alone: what a shop's sync status shows per platform.
    core::NewJob sapo = new_job("sapo-1");
    sapo.platform = "sapo";
    int64_t sapo_id = e->enqueue_job(sapo).job_id;
    CHECK(e->job_counts("shop") == core::JobCounts{5, 1, 0});
    CHECK(e->job_counts("shop", "haravan") == core::JobCounts{4, 1, 0});
    CHECK(e->job_counts("shop", "sapo") == core::JobCounts{1, 0, 0});
    CHECK(e->job_counts("shop", "kiotviet") == core::JobCounts{});
    auto only_sapo = e->jobs("shop", {.limit = 10, .platform = "sapo"});
    REQUIRE(only_sapo.jobs.size() == 1);
    CHECK(only_sapo.jobs[0].job_id == sapo_id);
    CHECK(status_of([&] { e->job_counts("shop", "shopee"); }) == Status::invalid_argument);
    CHECK(status_of([&] { e->jobs("shop", {.platform = "shopee"}); }) == Status::invalid_argument);
}

TEST_CASE("a tier change on a linked shop enqueues one customer_tier job with it", "[apps]") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::monthly);
    t.put();
    t.engine->put_platform_link(link("haravan", LinkState::live));
    t.engine->put_platform_link(link("sapo", LinkState::backfilling));  // the member has no sapo reference

    auto d = delivery("d-1", {core::OrderUpdate{haravan_order("haravan:1", 25000000, t.clock)}});
    auto r = t.engine->ingest("shop", d);
    REQUIRE(r.outcome == core::IngestOutcome::applied);
    std::string m = r.events[0].member_id;
    REQUIRE(t.tier(m) == "Gold");
    auto jobs = all_jobs(*t.engine);
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].kind == "customer_tier");
    CHECK(jobs[0].platform == "haravan");
    CHECK(jobs[0].payload == R"({"member_id":")" + m +
                                 R"(","platform":"haravan","customer_id":"H-1","tier":"Gold","previous":null})");

    // The job is written by the transaction that changes the tier: undone with it.
    auto program = t.engine->shop("shop");
    CHECK_THROWS_WITH(t.engine->store().write([&](core::Transaction& tx) {
        core::Member held = *tx.member("shop", m);
        core::Book book{tx, *program, held, t.clock};
        core::set_manual_tier(book, 0, t.clock + 86400);
        CHECK(tx.jobs("shop", {.limit = 10}).size() == 2);
        throw std::runtime_error("rolled back");
    }), "rolled back");
    CHECK(t.tier(m) == "Gold");
    CHECK(all_jobs(*t.engine).size() == 1);

    // The same delivery again, the same order state again, another order: no tier change, no job.
    CHECK(t.engine->ingest("shop", d).outcome == core::IngestOutcome::duplicate);
    t.engine->record_order("shop", haravan_order("haravan:1", 25000000, t.clock));
    t.clock += 60;
    t.engine->record_order("shop", haravan_order("haravan:3", 1000000, t.clock));
    CHECK(all_jobs(*t.engine).size() == 1);

    // A manual tier, down to the first level: previous Gold, tier null.
    t.clock += 60;
    t.engine->set_tier("shop", {m, "Member", t.clock + 86400});
    jobs = jobs_of_kind(*t.engine, "customer_tier");
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[1].payload == R"({"member_id":")" + m +
                                 R"(","platform":"haravan","customer_id":"H-1","tier":null,"previous":"Gold"})");
    // Setting the level it holds already moves nothing.
    t.engine->set_tier("shop", {m, "Member", t.clock + 2 * 86400});
    CHECK(jobs_of_kind(*t.engine, "customer_tier").size() == 2);

    // The manual tier runs out: maintenance gives back what the orders support, Gold.
    t.clock += 3 * 86400;
    t.maintain();
    REQUIRE(t.tier(m) == "Gold");
    jobs = jobs_of_kind(*t.engine, "customer_tier");
    REQUIRE(jobs.size() == 3);
    CHECK(jobs[2].payload.find(R"("tier":"Gold","previous":null)") != std::string::npos);
    // A review a year on demotes: one more job.
    t.clock = test::vn("2028-05-02T10:00:00");
    t.maintain();
    REQUIRE(t.tier(m) == "Member");
    CHECK(jobs_of_kind(*t.engine, "customer_tier").size() == 4);
}

TEST_CASE("a shop without a live link gets no jobs: unlinked, disconnected, or another platform", "[apps]") {
    test::ProgramEngine t;
    t.program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::monthly);
    t.program.rewards = {voucher()};
    t.put();
    SECTION("no link") {}
    SECTION("disconnected") { t.engine->put_platform_link(link("haravan", LinkState::disconnected)); }
    SECTION("linked to another platform") { t.engine->put_platform_link(link("kiotviet", LinkState::live)); }
    SECTION("linked, but the customer is from the till") {
        t.engine->put_platform_link(link("haravan", LinkState::live));
        auto m = t.pay("pos-1", 25000000).member_id;  // a "pos" reference
        CHECK(t.tier(m) == "Gold");
        t.engine->claim_reward("shop", {m, "v50", "k"});
        CHECK(all_jobs(*t.engine).empty());
        return;
    }
    auto r = t.engine->record_order("shop", haravan_order("haravan:1", 25000000, t.clock));
    CHECK(t.tier(r.member_id) == "Gold");
    auto c = t.engine->claim_reward("shop", {r.member_id, "v50", "k"});
    t.engine->void_grant("shop", {{c.grant.grant_id, ""}, "test"});
    CHECK(all_jobs(*t.engine).empty());
    CHECK(t.engine->job_counts("shop") == core::JobCounts{});
}

TEST_CASE("a voucher claim enqueues discount_create and its void discount_disable", "[apps]") {
    test::ProgramEngine t;
    auto gift = voucher("tote", core::RewardKind::gift);
    t.program.rewards = {voucher(), voucher("pct", core::RewardKind::voucher_pct), gift};
    t.put();
    t.engine->put_platform_link(link("haravan", LinkState::live));
    std::string m = t.engine->record_order("shop", haravan_order("haravan:1", 10000000, t.clock)).member_id;

    auto claim = t.engine->claim_reward("shop", {m, "v50", "k1"});
    auto creates = jobs_of_kind(*t.engine, "discount_create");
    REQUIRE(creates.size() == 1);
    const auto& g = claim.grant;
    CHECK(creates[0].platform == "haravan");
    CHECK(creates[0].payload == "{\"grant_id\":" + std::to_string(g.grant_id) + ",\"code\":\"" + g.code +
                                    "\",\"kind\":\"voucher_amount\",\"value\":50000,\"expires_at\":" +
                                    std::to_string(*g.expires_at) + ",\"member_id\":\"" + m +
                                    "\",\"platform\":\"haravan\",\"customer_id\":\"H-1\"}");
    // A replayed claim issues nothing new.
    CHECK(t.engine->claim_reward("shop", {m, "v50", "k1"}).replayed);
    CHECK(jobs_of_kind(*t.engine, "discount_create").size() == 1);
    // A percentage voucher as well; a gift is no discount code.
    t.engine->claim_reward("shop", {m, "pct", "k2"});
    t.engine->claim_reward("shop", {m, "tote", "k3"});
    creates = jobs_of_kind(*t.engine, "discount_create");
    REQUIRE(creates.size() == 2);
    CHECK(creates[1].payload.find("\"kind\":\"voucher_pct\",\"value\":10,") != std::string::npos);

    t.engine->void_grant("shop", {{g.grant_id, ""}, "changed my mind"});
    auto disables = jobs_of_kind(*t.engine, "discount_disable");
    REQUIRE(disables.size() == 1);
    CHECK(disables[0].payload.find("\"grant_id\":" + std::to_string(g.grant_id) + ",") != std::string::npos);
    CHECK(disables[0].dedup_key != creates[0].dedup_key);
    CHECK(all_jobs(*t.engine).size() == 3);

    // A claim refused for want of points enqueues nothing.
    auto poor = t.engine->record_order("shop", haravan_order("haravan:9", 10000, t.clock, "H-2")).member_id;
    CHECK(status_of([&] { t.engine->claim_reward("shop", {poor, "v50", "k9"}); }) == Status::insufficient_points);
    CHECK(all_jobs(*t.engine).size() == 3);
}

namespace {

// A database from before the apps migration: a member and a shop, readable after it, and the new
// tables working.
void check_apps_migrated(const std::string& url) {
    auto e = test::engine_on(url);
    auto m = e->member("shop", {.platform = "haravan", .customer_id = "H-1"});
    CHECK(m.balances.available == 100);
    CHECK(e->platform_links("shop").empty());
    e->put_platform_link(link());
    CHECK(e->platform_link("shop", "haravan")->account == "org-1001");
    CHECK(e->enqueue_job(new_job("k")).job_id > 0);
    CHECK(e->claim_jobs(1LL << 40, 60, 10).size() == 1);
}

void write_before_apps(const std::string& url) {
    auto e = test::engine_on(url);
    e->record_order("shop", haravan_order("haravan:1", 1000000, 1715584800));
}

}  // namespace

TEST_CASE("a SQLite database from before platform apps opens and gains them", "[sqlite]") {
    auto path = test::temp_db("apps-migration");
    write_before_apps("sqlite:" + path);
    test::sqlite_exec(path, "DROP TABLE platform_links; DROP TABLE outbox; DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX entries_by_time; ALTER TABLE orders DROP COLUMN history; ALTER TABLE orders DROP COLUMN returned_amount; PRAGMA user_version = 5;");
    check_apps_migrated("sqlite:" + path);
}

TEST_CASE("a PostgreSQL schema from before platform apps opens and gains them", "[.][postgresql]") {
    auto schema = test::unique_schema("apps");
    auto url = test::fresh_postgres_url(schema);
    write_before_apps(url);
    test::admin_sql("SET search_path = " + schema +
                    "; DROP TABLE platform_links; DROP TABLE outbox;"
                    " DROP TABLE order_returns; DROP TABLE staff; DROP TABLE staff_sessions; DROP TABLE audit; DROP TABLE events; DROP TABLE member_contact; DROP TABLE channel_tokens; DROP TABLE campaigns; DROP TABLE game_prize_counts; DROP TABLE game_plays; DROP TABLE game_order_plays; DROP TABLE member_rfm; DROP TABLE member_segment_months; DROP TABLE rfm_runs; DROP INDEX entries_by_time; ALTER TABLE orders DROP COLUMN history; ALTER TABLE orders DROP COLUMN returned_amount; DELETE FROM schema_migrations WHERE version >= 5;");
    check_apps_migrated(url);
    CHECK(test::admin_sql("SELECT max(version) FROM " + schema + ".schema_migrations") ==
          std::to_string(core::postgres::schema_version()));
}
