// RFM scores and segments (docs/program.md, "Segments"): quintiles within the shop with ties sharing
// their mean rank, the R×FM grid, the daily computation in pages, the monthly report, and rewards,
// campaigns and earning rules that list segments. On whichever backend LOYALTY_TEST_STORAGE names.
#include <catch2/catch.hpp>

#include "program_fixture.hpp"
#include "segments/compute.hpp"
#include "segments/rfm.hpp"

using namespace loyalty;
using core::OrderStatus;
using test::ProgramEngine;
using test::status_of;
using test::vn;

namespace {

std::vector<int64_t> scores(const std::vector<int64_t>& values) {
    core::Quintiles q(values);
    std::vector<int64_t> out;
    for (int64_t v : values) out.push_back(q.score(v));
    return out;
}

// Five members whose last order, order count and spend all rank alike, so each scores its rank:
// C-k has k orders of 500,000 VND, the last of them on the day given.
struct RfmShop : ProgramEngine {
    std::map<std::string, std::string> ids;  // customer → member id

    RfmShop() {
        put();
        const char* last[] = {"2027-01-01", "2027-01-20", "2027-02-10", "2027-02-25", "2027-03-01"};
        for (int k = 1; k <= 5; ++k) {
            const std::string customer = "C-" + std::to_string(k);
            for (int n = 1; n <= k; ++n) {
                clock = vn(std::string(last[k - 1]) + "T08:00:00") - (k - n) * 3600;
                ids[customer] = pay(customer + "/" + std::to_string(n), 500000, customer).member_id;
            }
        }
        clock = vn("2027-03-01T10:00:00");
    }
    std::optional<core::MemberRfm> rfm(const std::string& customer) { return details(ids.at(customer)).rfm; }
    std::string segment(const std::string& customer) {
        auto r = rfm(customer);
        return r ? r->segment : "";
    }
};

}  // namespace

TEST_CASE("quintiles score each fifth of the shop, ties sharing the mean of their ranks", "[segments]") {
    CHECK(scores({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) == std::vector<int64_t>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
    CHECK(scores({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}) == std::vector<int64_t>{5, 5, 4, 4, 3, 3, 2, 2, 1, 1});
    // Six members at 1 share ranks 1-6, mean 3.5: ⌈5 · 3.5 / 10⌉ = 2.
    CHECK(scores({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}) == std::vector<int64_t>{2, 2, 2, 2, 2, 2, 4, 4, 5, 5});
    CHECK(scores({7}) == std::vector<int64_t>{5});
    CHECK(scores({3, 3, 3}) == std::vector<int64_t>{4, 4, 4});
    // A value the shop did not have when the thresholds were taken scores where it falls.
    core::Quintiles q({10, 20, 30, 40, 50});
    CHECK(q.score(5) == 1);
    CHECK(q.score(25) == 2);
    CHECK(q.score(45) == 4);
    CHECK(q.score(1000) == 5);
}

TEST_CASE("the R×FM grid names eleven segments, fm rounded down", "[segments]") {
    CHECK(core::segment_ids().size() == 11);
    CHECK(core::segment_of(5, 5, 5) == "champions");
    CHECK(core::segment_of(5, 4, 3) == "potential_loyalist");  // fm ⌊7 / 2⌋ = 3
    CHECK(core::segment_of(4, 5, 4) == "loyal");
    CHECK(core::segment_of(3, 5, 5) == "loyal");
    CHECK(core::segment_of(5, 1, 1) == "new_customers");
    CHECK(core::segment_of(4, 1, 2) == "promising");
    CHECK(core::segment_of(3, 3, 3) == "need_attention");
    CHECK(core::segment_of(3, 2, 1) == "about_to_sleep");
    CHECK(core::segment_of(2, 3, 4) == "at_risk");
    CHECK(core::segment_of(1, 4, 3) == "at_risk");
    CHECK(core::segment_of(1, 5, 5) == "cant_lose");
    CHECK(core::segment_of(2, 1, 2) == "hibernating");
    CHECK(core::segment_of(1, 2, 2) == "lost");
    for (auto id : core::segment_ids()) CHECK(core::is_segment(id));
    CHECK_FALSE(core::is_segment("Champions"));
    CHECK(status_of([] { core::segment_of(0, 1, 1); }) == core::Status::internal);
}

TEST_CASE("maintenance scores members by their paid orders, once a local day", "[segments]") {
    RfmShop t;
    t.pay("P-1", 900000, "C-6");  // later cancelled: counts for nothing
    t.change("P-1", OrderStatus::cancelled, 900000, 0, "C-6");
    core::CustomerInput none;  // a member without any order
    none.platform = "pos";
    none.customer_id = "C-7";
    none.phone = ProgramEngine::phone_of("C-7");
    t.engine->upsert_customer("shop", none);

    auto report = t.maintain();
    CHECK(report.members_segmented == 5);
    CHECK(report.failures.empty());
    auto lost = t.rfm("C-1");
    REQUIRE(lost);
    CHECK(lost->recency_days == 59);
    CHECK(lost->orders == 1);
    CHECK(lost->spend == 500000);
    CHECK((lost->recency == 1 && lost->frequency == 1 && lost->monetary == 1));
    CHECK(lost->segment == "lost");
    CHECK(lost->computed_at == t.clock);
    CHECK(t.segment("C-2") == "hibernating");
    CHECK(t.segment("C-3") == "need_attention");
    CHECK(t.segment("C-4") == "loyal");
    auto best = t.rfm("C-5");
    REQUIRE(best);
    CHECK(best->recency_days == 0);
    CHECK((best->recency == 5 && best->frequency == 5 && best->monetary == 5));
    CHECK(best->segment == "champions");
    core::MemberQuery q;
    q.platform = "pos";
    q.customer_id = "C-6";
    CHECK_FALSE(t.engine->member_details("shop", q).rfm);
    q.customer_id = "C-7";
    CHECK_FALSE(t.engine->member_details("shop", q).rfm);

    // An order later the same day waits for the next day's computation.
    t.clock = vn("2027-03-01T15:00:00");
    t.pay("C-1/2", 500000, "C-1");
    CHECK(t.maintain().members_segmented == 0);
    CHECK(t.segment("C-1") == "lost");

    t.clock = vn("2027-03-02T10:00:00");
    CHECK(t.maintain().members_segmented == 5);
    auto back = t.rfm("C-1");
    REQUIRE(back);
    CHECK(back->recency_days == 1);
    // Tied with C-5 on the last day (ranks 4 and 5: R 5) and with C-2 on orders and spend (F, M 2).
    CHECK((back->recency == 5 && back->frequency == 2 && back->monetary == 2));
    CHECK(back->segment == "potential_loyalist");
    CHECK(t.segment("C-2") == "lost");
}

TEST_CASE("scores computed page by page equal one page's, and a member who stops counting loses them",
          "[segments]") {
    RfmShop t;
    auto p = t.engine->shop("shop");
    CHECK(core::compute_segments(t.engine->store(), *p, t.clock) == 5);
    CHECK(t.segment("C-3") == "need_attention");
    // With C-3's orders refunded, four members count: ranks 1-4 score ⌈5k / 4⌉ = 2, 3, 4, 5.
    for (int n = 1; n <= 3; ++n) t.change("C-3/" + std::to_string(n), OrderStatus::refunded, 500000, 500000, "C-3");
    t.clock = vn("2027-03-02T10:00:00");
    CHECK(core::compute_segments(t.engine->store(), *p, t.clock, 2) == 4);
    CHECK_FALSE(t.rfm("C-3"));
    std::map<std::string, core::MemberRfm> paged;
    for (const char* c : {"C-1", "C-2", "C-4", "C-5"}) paged[c] = *t.rfm(c);
    CHECK(paged["C-1"].segment == "hibernating");
    CHECK(paged["C-2"].segment == "need_attention");
    CHECK(paged["C-4"].segment == "loyal");
    CHECK(paged["C-5"].segment == "champions");
    int64_t counted = 0;
    for (const auto& row : t.engine->segment_report("shop").segments) counted += row.members;
    CHECK(counted == 4);
    // The same day again: nothing to do.
    CHECK_FALSE(core::compute_segments(t.engine->store(), *p, t.clock, 2));

    t.clock = vn("2027-03-03T10:00:00");
    for (int size : {1, 3, 1000}) {
        t.clock += 86400;
        CHECK(core::compute_segments(t.engine->store(), *p, t.clock, size) == 4);
        for (const auto& [customer, before] : paged) {
            auto now = t.rfm(customer);
            REQUIRE(now);
            CHECK(now->segment == before.segment);
            CHECK((now->recency == before.recency && now->frequency == before.frequency &&
                   now->monetary == before.monetary));
            CHECK(now->recency_days > before.recency_days);
        }
    }
}

TEST_CASE("the segment report counts members this month beside the month before", "[segments]") {
    ProgramEngine t;
    t.put();
    t.clock = vn("2027-02-01T09:00:00");
    t.pay("A-1", 1000000, "C-1");
    t.clock = vn("2027-02-28T09:00:00");
    t.pay("A-2", 2000000, "C-2");
    auto empty = t.engine->segment_report("shop");
    CHECK(empty.month == "2027-02");
    CHECK(empty.previous_month == "2027-01");
    CHECK_FALSE(empty.computed_at);
    REQUIRE(empty.segments.size() == 11);
    for (const auto& row : empty.segments) CHECK((row.members == 0 && row.previous_month_members == 0));

    t.maintain();  // C-1: R 3, F 4, M 3 → need_attention; C-2: R 5, F 4, M 5 → champions
    t.clock = vn("2027-03-01T09:00:00");
    t.pay("A-3", 1000000, "C-3");
    t.maintain();  // C-1 at_risk, C-2 loyal, C-3 potential_loyalist
    auto r = t.engine->segment_report("shop");
    CHECK(r.month == "2027-03");
    CHECK(r.previous_month == "2027-02");
    CHECK(r.computed_at == t.clock);
    std::map<std::string, std::pair<int64_t, int64_t>> rows;
    for (const auto& row : r.segments) rows[row.segment] = {row.members, row.previous_month_members};
    CHECK(r.segments.front().segment == "champions");
    CHECK(r.segments.back().segment == "lost");
    CHECK(rows["champions"] == std::pair<int64_t, int64_t>{0, 1});
    CHECK(rows["need_attention"] == std::pair<int64_t, int64_t>{0, 1});
    CHECK(rows["at_risk"] == std::pair<int64_t, int64_t>{1, 0});
    CHECK(rows["loyal"] == std::pair<int64_t, int64_t>{1, 0});
    CHECK(rows["potential_loyalist"] == std::pair<int64_t, int64_t>{1, 0});
    CHECK(rows["lost"] == std::pair<int64_t, int64_t>{0, 0});
    // January wraps to December of the year before.
    t.clock = vn("2028-01-05T09:00:00");
    CHECK(t.engine->segment_report("shop").previous_month == "2027-12");
}

TEST_CASE("maintenance keeps the members' segments of this month and the one before, no older", "[segments]") {
    ProgramEngine t;
    t.put();
    auto months = [&] {
        std::map<std::string, int64_t> kept;
        t.engine->store().read([&](core::Transaction& tx) {
            for (const char* m : {"2027-01", "2027-02", "2027-03", "2027-04"}) {
                int64_t n = 0;
                for (const auto& c : tx.segment_counts("shop", m)) n += c.members;
                if (n > 0) kept[m] = n;
            }
        });
        return kept;
    };
    t.clock = vn("2027-01-10T09:00:00");
    for (int i = 0; i < 5; ++i) t.pay("A-" + std::to_string(i), 1000000, "C-" + std::to_string(i));
    t.maintain();
    t.clock = vn("2027-02-10T09:00:00");
    t.maintain();
    CHECK(months() == std::map<std::string, int64_t>{{"2027-01", 5}, {"2027-02", 5}});
    // Pages of two members: January's five go in three transactions.
    t.clock = vn("2027-03-10T09:00:00");
    REQUIRE(core::compute_segments(t.engine->store(), *t.engine->shop("shop"), t.clock, 2) == 5);
    CHECK(months() == std::map<std::string, int64_t>{{"2027-02", 5}, {"2027-03", 5}});
    // A gap of a month: both older months go, the report's month before is simply empty.
    t.clock = vn("2027-05-02T09:00:00");
    REQUIRE(core::compute_segments(t.engine->store(), *t.engine->shop("shop"), t.clock, 2) == 5);
    CHECK(months().empty());
    auto r = t.engine->segment_report("shop");
    int64_t now = 0, before = 0;
    for (const auto& row : r.segments) now += row.members, before += row.previous_month_members;
    CHECK(now == 5);
    CHECK(before == 0);
}

TEST_CASE("a reward listing segments is for members scored into one of them", "[segments][rewards]") {
    RfmShop t;
    core::Reward gift;
    gift.reward_id = "vip";
    gift.name = "Quà VIP";
    gift.cost_points = 10;
    gift.segments = {"champions", "loyal"};
    t.program.rewards = {gift};
    t.put();
    // Before any computation no member is in a segment.
    CHECK(status_of([&] { t.engine->claim_reward("shop", {t.ids["C-5"], "vip", "k0"}); }) == core::Status::conflict);
    t.maintain();
    CHECK(t.engine->claim_reward("shop", {t.ids["C-5"], "vip", "k1"}).grant.reward_id == "vip");
    CHECK(t.engine->claim_reward("shop", {t.ids["C-4"], "vip", "k2"}).grant.reward_id == "vip");
    CHECK(status_of([&] { t.engine->claim_reward("shop", {t.ids["C-1"], "vip", "k3"}); }) == core::Status::conflict);

    t.program.rewards[0].segments = {"champions", "vip"};
    CHECK(status_of([&] { t.put(); }) == core::Status::invalid_argument);
}

TEST_CASE("a game listing segments is played only by members scored into one of them", "[segments][games]") {
    RfmShop t;
    core::Game g;
    g.game_id = "vip-wheel";
    g.name = "Vòng quay VIP";
    g.cost_points = 10;
    g.segments = {"champions"};
    core::GamePrize p;
    p.prize_id = "p";
    p.weight = 1;
    p.points = 1;
    g.prizes = {p};
    t.program.games = {g};
    t.put();
    const core::PlayRequest champion{t.ids["C-5"], "vip-wheel", "g1"};
    CHECK(status_of([&] { t.engine->play_game("shop", champion); }) == core::Status::conflict);
    t.maintain();
    CHECK(t.engine->play_game("shop", champion).play.points_spent == 10);
    CHECK(t.engine->game_status("shop", "vip-wheel", t.ids["C-1"]).refusal.find("is not for segment") !=
          std::string::npos);
    CHECK(status_of([&] { t.engine->play_game("shop", {t.ids["C-1"], "vip-wheel", "g2"}); }) ==
          core::Status::conflict);
    t.program.games[0].segments = {"winners"};
    CHECK(status_of([&] { t.put(); }) == core::Status::invalid_argument);
}

TEST_CASE("an earning rule listing segments adds points for their members only", "[segments]") {
    RfmShop t;
    core::EarnRule champ;
    champ.rule_id = "champ";
    champ.kind = core::RuleKind::per_order;
    champ.value = 50;
    champ.segments = {"champions"};
    t.program.rules = {champ};
    t.put();
    t.maintain();
    CHECK(t.pay("X-5", 500000, "C-5").points_delta == 50 + 50);
    CHECK(t.pay("X-1", 500000, "C-1").points_delta == 50);
    core::QuoteRequest q;
    q.member_id = t.ids["C-5"];
    q.amount = 500000;
    CHECK(t.engine->quote("shop", q).earn.points == 100);

    t.program.rules[0].segments = {"Champions"};
    CHECK(status_of([&] { t.put(); }) == core::Status::invalid_argument);
}

TEST_CASE("a campaign listing segments reaches their members, and names no segment that is not one",
          "[segments][messages]") {
    RfmShop t;
    core::SmsChannel gateway;
    gateway.url = "https://sms.example/send";
    gateway.body = R"({"Phone":"{phone}","Content":"{message}"})";
    t.program.notifications.sms = gateway;
    t.put();
    t.maintain();
    core::Campaign c;
    c.shop_id = "shop";
    c.campaign_id = "win-back";
    c.name = "Quay lại nhé";
    c.segments = {"lost", "hibernating"};
    c.message.event = "campaign";
    c.message.channel = "sms";
    c.message.text = "{name} ơi, lâu rồi không gặp!";
    c.created_by = "staff:chu";
    auto made = t.engine->create_campaign(c);
    CHECK(made.audience == 2);
    CHECK(made.queued == 2);
    CHECK(made.segments == std::vector<std::string>{"lost", "hibernating"});
    CHECK(t.engine->campaigns("shop").at(0).first.segments == made.segments);

    c.campaign_id = "typo";
    c.segments = {"lost", "sleeping"};
    CHECK(status_of([&] { t.engine->create_campaign(c); }) == core::Status::invalid_argument);
}
