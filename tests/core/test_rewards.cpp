// Rewards: claims against balance, tier, group and stock; grants used and voided; points paying
// for an order and coming back when it is not kept (docs/rewards.md).
#include <atomic>
#include <cctype>
#include <set>
#include <thread>

#include "program_fixture.hpp"
#include "util/grant_code.hpp"

using namespace loyalty;
using test::ProgramEngine;
using test::status_of;
using test::vn;

namespace {

core::Reward tea(std::optional<int64_t> stock = std::nullopt) {
    core::Reward r;
    r.reward_id = "tea";
    r.name = "Trà sữa";
    r.kind = core::RewardKind::gift;
    r.cost_points = 100;
    r.stock = stock;
    r.valid_days = 30;
    return r;
}

core::ClaimRequest claim(const std::string& member, const std::string& key, const std::string& reward = "tea") {
    return {member, reward, key};
}

core::GrantRef by_code(const std::string& code) { return {0, code}; }

int64_t claimed(core::Engine& e, const std::string& reward) {
    int64_t n = 0;
    e.store().read([&](core::Transaction& tx) { n = tx.reward_claimed("shop", reward); });
    return n;
}

}  // namespace

TEST_CASE("a claim debits the cost and issues a grant with a code, once per idempotency key", "[rewards]") {
    ProgramEngine t;
    t.program.rewards = {tea(3)};
    t.put();
    std::string m = t.pay("O-1", 5000000).member_id;  // 500 points

    auto first = t.engine->claim_reward("shop", claim(m, "k1"));
    CHECK_FALSE(first.replayed);
    CHECK(first.balances.available == 400);
    CHECK(first.grant.status == core::GrantStatus::issued);
    CHECK(first.grant.cost_points == 100);
    CHECK(first.grant.source == "claim");
    CHECK(first.grant.code.size() == 19);
    CHECK(core::normal_grant_code(first.grant.code) == first.grant.code);
    REQUIRE(first.grant.expires_at);
    CHECK(*first.grant.expires_at == vn("2027-03-31T10:00:00"));
    CHECK(claimed(*t.engine, "tea") == 1);

    auto again = t.engine->claim_reward("shop", claim(m, "k1"));
    CHECK(again.replayed);
    CHECK(again.grant.grant_id == first.grant.grant_id);
    CHECK(again.grant.code == first.grant.code);
    CHECK(t.balances(m).available == 400);
    CHECK(claimed(*t.engine, "tea") == 1);

    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "k1", "other")); }) == core::Status::not_found);
    t.program.rewards.push_back(tea());
    t.program.rewards.back().reward_id = "tea2";
    t.put();
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "k1", "tea2")); }) == core::Status::conflict);
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim("nobody", "k9")); }) == core::Status::not_found);

    // Two more claims reach the stock of 3; the fourth is refused and changes nothing.
    t.engine->claim_reward("shop", claim(m, "k2"));
    t.engine->claim_reward("shop", claim(m, "k3"));
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "k4")); }) == core::Status::conflict);
    CHECK(t.balances(m).available == 200);
    CHECK(claimed(*t.engine, "tea") == 3);
    t.check_books(m);
}

TEST_CASE("a claim needs the points, the tier and the group the reward is for", "[rewards]") {
    ProgramEngine t;
    t.program.tiers = test::gold_tiers(core::TierWindow::rolling_12_months, core::TierReview::yearly);
    core::Reward gold = tea();
    gold.reward_id = "gold-only";
    gold.tiers = {"Gold"};
    core::Reward agents = tea();
    agents.reward_id = "agents";
    agents.groups = {"Đại lý"};
    t.program.rewards = {gold, agents, tea()};
    t.put();
    std::string m = t.pay("O-1", 500000).member_id;  // 50 points, level Member
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "a")); }) == core::Status::insufficient_points);
    t.pay("O-2", 1000000);
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "b", "gold-only")); }) == core::Status::conflict);
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "c", "agents")); }) == core::Status::conflict);
    // A member in several groups (as KiotViet sends them) is in each.
    t.engine->set_group("shop", m, std::string("Khách sỉ|Đại lý"));
    CHECK(t.engine->claim_reward("shop", claim(m, "d", "agents")).balances.available == 50);
    CHECK(t.balances(m).available == 50);
    t.check_books(m);
}

TEST_CASE("concurrent claims never take stock below zero", "[rewards]") {
    ProgramEngine t;
    t.program.rewards = {tea(5)};
    t.put();
    std::vector<std::string> members;
    for (int i = 0; i < 12; ++i)
        members.push_back(t.pay("O-" + std::to_string(i), 2000000, "C-" + std::to_string(i)).member_id);

    std::atomic<int> granted{0}, out_of_stock{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i) {
        threads.emplace_back([&, i] {
            // Each member tries twice with different keys: 24 claims race for 5 units.
            for (int k = 0; k < 2; ++k) {
                auto s = status_of([&] {
                    t.engine->claim_reward("shop", claim(members[static_cast<std::size_t>(i)],
                                                         "k" + std::to_string(i) + "-" + std::to_string(k)));
                });
                if (s == core::Status::ok) ++granted;
                else if (s == core::Status::conflict) ++out_of_stock;
                else ++other;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(granted == 5);
    CHECK(out_of_stock == 19);
    CHECK(other == 0);
    CHECK(claimed(*t.engine, "tea") == 5);
    core::GrantQuery q;
    q.limit = 100;
    CHECK(t.engine->grants("shop", q).grants.size() == 5);
    int64_t spent = 0;
    for (const auto& m : members) {
        spent += 200 - t.balances(m).available;
        t.check_books(m);
    }
    CHECK(spent == 5 * 100);
}

TEST_CASE("grants are used by an order once, voided with points and stock returned, and expire", "[rewards]") {
    ProgramEngine t;
    t.program.rewards = {tea(1)};
    t.put();
    std::string m = t.pay("O-1", 5000000).member_id;
    auto g = t.engine->claim_reward("shop", claim(m, "k1")).grant;

    // Staff may type the code in lower case without dashes.
    std::string typed;
    for (char c : g.code)
        if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto used = t.engine->use_grant("shop", {by_code(typed), "POS-7"});
    CHECK(used.status == core::GrantStatus::used);
    CHECK(used.used_order == "POS-7");
    CHECK(used.used_at == t.clock);
    CHECK(t.engine->use_grant("shop", {{g.grant_id, ""}, "POS-7"}).status == core::GrantStatus::used);
    CHECK(status_of([&] { t.engine->use_grant("shop", {{g.grant_id, ""}, "POS-8"}); }) == core::Status::conflict);
    CHECK(status_of([&] { t.engine->void_grant("shop", {{g.grant_id, ""}, "mistake"}); }) == core::Status::conflict);
    CHECK(status_of([&] { t.engine->use_grant("shop", {by_code("0000-0000-0000-0000"), "X"}); }) ==
          core::Status::not_found);

    // Stock 1 is taken; voiding an unused grant gives the points and the unit back.
    CHECK(status_of([&] { t.engine->claim_reward("shop", claim(m, "k2")); }) == core::Status::conflict);
    t.program.rewards[0].stock = 2;
    t.put();
    auto second = t.engine->claim_reward("shop", claim(m, "k2")).grant;
    CHECK(t.balances(m).available == 300);
    auto voided = t.engine->void_grant("shop", {by_code(second.code), "customer changed mind"});
    CHECK(voided.status == core::GrantStatus::voided);
    CHECK(voided.void_reason == "customer changed mind");
    CHECK(voided.return_entry_id > 0);
    CHECK(t.balances(m).available == 400);
    CHECK(claimed(*t.engine, "tea") == 1);
    auto twice = t.engine->void_grant("shop", {by_code(second.code), "again"});
    CHECK(twice.void_reason == "customer changed mind");
    CHECK(t.balances(m).available == 400);
    CHECK(status_of([&] { t.engine->use_grant("shop", {by_code(second.code), "POS-9"}); }) == core::Status::conflict);

    // A grant past its validity cannot be used, and lists as expired.
    auto third = t.engine->claim_reward("shop", claim(m, "k3")).grant;
    t.clock = *third.expires_at;
    CHECK(status_of([&] { t.engine->use_grant("shop", {{third.grant_id, ""}, "POS-10"}); }) == core::Status::conflict);
    core::GrantQuery q;
    q.member_id = m;
    q.status = core::GrantStatus::issued;
    q.expired = true;
    auto expired = t.engine->grants("shop", q).grants;
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].grant_id == third.grant_id);
    q.expired = false;
    CHECK(t.engine->grants("shop", q).grants.empty());

    // Listing pages by grant id.
    core::GrantQuery page;
    page.member_id = m;
    page.limit = 2;
    auto p1 = t.engine->grants("shop", page);
    REQUIRE(p1.grants.size() == 2);
    REQUIRE(p1.next_after);
    page.after = p1.next_after;
    auto p2 = t.engine->grants("shop", page);
    REQUIRE(p2.grants.size() == 1);
    CHECK(p2.grants[0].grant_id == third.grant_id);
    CHECK_FALSE(p2.next_after);
    t.check_books(m);
}

TEST_CASE("points pay for an order within max_order_pct and come back when it is cancelled", "[rewards]") {
    ProgramEngine t;
    t.program.redeem = {100, 50};  // a point pays 100 VND, for at most half an order
    t.put();
    std::string m = t.pay("O-1", 5000000).member_id;  // 500 points

    auto pay = [&](const std::string& order, int64_t amount, int64_t points, const std::string& key) {
        return t.engine->pay_with_points("shop", {m, order, amount, points, key});
    };
    // 60,000 VND: up to 30,000 VND, 300 points.
    auto first = pay("O-9", 60000, 200, "p1");
    CHECK(first.payment.points == 200);
    CHECK(first.payment.amount == 20000);
    CHECK(first.entry.kind == core::EntryKind::redeem);
    CHECK(first.entry.available_after == 300);
    CHECK(status_of([&] { pay("O-9", 60000, 150, "p2"); }) == core::Status::invalid_argument);
    CHECK(pay("O-9", 60000, 100, "p2").payment.points == 300);
    auto replay = pay("O-9", 60000, 100, "p2");
    CHECK(replay.replayed);
    CHECK(t.balances(m).available == 200);
    CHECK(status_of([&] { pay("O-9", 60000, 50, "p1"); }) == core::Status::conflict);
    CHECK(status_of([&] { pay("O-10", 60000, 0, "p3"); }) == core::Status::invalid_argument);
    CHECK(status_of([&] { pay("O-10", 2000000, 201, "p3"); }) == core::Status::insufficient_points);

    // The order arrives paid for what is left (30,000 VND earns 3 points), then is cancelled.
    t.pay("O-9", 30000);
    CHECK(t.balances(m).available == 203);
    t.change("O-9", core::OrderStatus::cancelled, 30000);
    CHECK(t.balances(m).available == 500);
    auto entries = t.engine->transactions("shop", m, 5, std::nullopt).entries;
    bool returned = false;
    for (const auto& e : entries)
        if (e.kind == core::EntryKind::returned && e.ref_id == "O-9" && e.available_delta == 300) returned = true;
    CHECK(returned);
    // Once: replaying the cancel changes nothing, and the cancelled order takes no more points.
    t.change("O-9", core::OrderStatus::cancelled, 30000);
    CHECK(t.balances(m).available == 500);
    CHECK(status_of([&] { pay("O-9", 60000, 10, "p4"); }) == core::Status::conflict);

    // A partial refund keeps the payment; a full refund returns it.
    pay("O-11", 100000, 100, "p5");
    t.pay("O-11", 90000);
    t.change("O-11", core::OrderStatus::partially_refunded, 90000, 30000);
    int64_t before_full_refund = t.balances(m).available;
    t.change("O-11", core::OrderStatus::refunded, 90000, 90000);
    CHECK(t.balances(m).available == before_full_refund + 100 - 6);  // its points back, its 6 earned ones gone
    t.check_books(m);
}

TEST_CASE("a payment with no redeem policy is refused", "[rewards]") {
    ProgramEngine t;
    t.put();
    std::string m = t.pay("O-1", 5000000).member_id;
    CHECK(status_of([&] { t.engine->pay_with_points("shop", {m, "O-2", 100000, 10, "k"}); }) ==
          core::Status::invalid_argument);
    CHECK(t.balances(m).available == 500);
}

TEST_CASE("grant codes are random and read back from what staff type", "[rewards]") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) seen.insert(core::new_grant_code());
    CHECK(seen.size() == 2000);
    CHECK(core::normal_grant_code("abcd-efgh-jkmn-pqrs") == "ABCD-EFGH-JKMN-PQRS");
    CHECK(core::normal_grant_code("ABCDEFGHJKMNPQRO") == "ABCD-EFGH-JKMN-PQR0");
    CHECK(core::normal_grant_code("il00 0000 0000 0000") == "1100-0000-0000-0000");
    CHECK(core::normal_grant_code("ABCD-EFGH-JKMN-PQR").empty());
    CHECK(core::normal_grant_code("ABCD-EFGH-JKMN-PQRU").empty());  // U is not in the alphabet
    CHECK(core::normal_grant_code("").empty());
}
