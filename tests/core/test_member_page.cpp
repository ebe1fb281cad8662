// The member's own points page: a link token made once and kept, rotated on demand (the old one then
// finds nothing), what the page holds, and the member's choice about messages. On whichever backend
// LOYALTY_TEST_STORAGE names.
#include "program_fixture.hpp"

using namespace loyalty;
using test::ProgramEngine;
using test::status_of;

namespace {

core::Reward reward(const std::string& id, int64_t cost, std::vector<std::string> tiers = {}) {
    core::Reward r;
    r.reward_id = id;
    r.name = "Quà " + id;
    r.kind = core::RewardKind::gift;
    r.cost_points = cost;
    r.tiers = std::move(tiers);
    return r;
}

}  // namespace

TEST_CASE("a member's page link is made once, kept, and rotated away on demand", "[member_page]") {
    ProgramEngine t;
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;
    std::string token = t.engine->member_page_token("shop", m, false);
    CHECK(token.size() == 32);
    CHECK(t.engine->member_page_token("shop", m, false) == token);
    REQUIRE(t.engine->member_page(token));
    CHECK(t.engine->member_page(token)->details.member.member_id == m);

    std::string other = t.pay("O-2", 1000000, "C-2").member_id;
    CHECK(t.engine->member_page_token("shop", other, false) != token);

    std::string rotated = t.engine->member_page_token("shop", m, true);
    CHECK(rotated != token);
    CHECK_FALSE(t.engine->member_page(token));
    CHECK(t.engine->member_page(rotated)->details.member.member_id == m);
    CHECK(t.engine->member_page_token("shop", m, false) == rotated);

    CHECK_FALSE(t.engine->member_page(""));
    CHECK_FALSE(t.engine->member_page("not-a-token"));
    CHECK_FALSE(t.engine->member_page(std::string(32, 'z')));
    CHECK_FALSE(t.engine->member_page(std::string(32, '0')));
    CHECK(status_of([&] { t.engine->member_page_token("shop", "m_nobody", false); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->member_page_token("nope", m, false); }) == core::Status::not_found);
}

TEST_CASE("the page holds the balance, the last 20 entries and the rewards claimable now", "[member_page]") {
    ProgramEngine t;
    t.program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::monthly);
    t.program.rewards = {reward("cheap", 100), reward("dear", 100000), reward("gold-only", 10, {"Gold"})};
    t.put();
    std::string m;
    for (int i = 0; i < 25; ++i) m = t.pay("O-" + std::to_string(i), 100000).member_id;  // 10 points each
    auto page = t.engine->member_page(t.engine->member_page_token("shop", m, false));
    REQUIRE(page);
    CHECK(page->details.member.balances.available == 250);
    CHECK(page->entries.size() == 20);
    CHECK(page->entries.front().ref_id == "O-24");  // newest first
    REQUIRE(page->claimable.size() == 1);
    CHECK(page->claimable[0].reward_id == "cheap");
    REQUIRE(page->details.tier);
    CHECK(page->details.tier->next == "Gold");
}

TEST_CASE("a member's choice about messages is kept and shown on the member", "[member_page]") {
    ProgramEngine t;
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;
    CHECK_FALSE(t.details(m).opted_out);
    CHECK(t.engine->set_opted_out("shop", m, true).opted_out);
    CHECK(t.details(m).opted_out);
    // The page link and the choice live together: making a link keeps the choice.
    t.engine->member_page_token("shop", m, true);
    CHECK(t.details(m).opted_out);
    CHECK_FALSE(t.engine->set_opted_out("shop", m, false).opted_out);
    CHECK_FALSE(t.details(m).opted_out);
    CHECK(status_of([&] { t.engine->set_opted_out("shop", "m_nobody", true); }) == core::Status::not_found);
}
