// Instant-win games: plays bought with points or earned by orders, prizes drawn from what can still be
// won (stock, daily limits, the day's points budget), idempotent plays, and refunds taking back plays
// not played (docs/games.md).
#include <atomic>
#include <cmath>
#include <map>

#include "games/draw.hpp"
#include "program_fixture.hpp"
#include "together.hpp"

using namespace loyalty;
using test::ProgramEngine;
using test::status_of;
using test::vn;

namespace {

core::GamePrize prize(const std::string& id, int64_t weight, int64_t points = 0, std::optional<int64_t> stock = {},
                      std::optional<int64_t> daily = {}) {
    core::GamePrize p;
    p.prize_id = id;
    p.name = id;
    p.weight = weight;
    p.points = points;
    p.stock = stock;
    p.daily_limit = daily;
    return p;
}

core::Game wheel(std::vector<core::GamePrize> prizes, int64_t cost = 10) {
    core::Game g;
    g.game_id = "wheel";
    g.name = "Vòng quay may mắn";
    g.kind = core::GameKind::wheel;
    g.cost_points = cost;
    g.prizes = std::move(prizes);
    return g;
}

core::PlayRequest play(const std::string& member, const std::string& key, const std::string& game = "wheel") {
    return {member, game, key};
}

std::map<std::string, int64_t> won_by_prize(core::Engine& e) {
    core::PlayQuery q;
    q.limit = 500;
    std::map<std::string, int64_t> out;
    for (;;) {
        auto page = e.game_plays("shop", q);
        for (const auto& p : page.plays) ++out[p.prize_id];
        if (!page.next_after) return out;
        q.after = page.next_after;
    }
}

}  // namespace

TEST_CASE("a play bought with points debits the cost, credits the prize and is kept with its odds", "[games]") {
    ProgramEngine t;
    t.program.games = {wheel({prize("p50", 1, 50)}, 20)};
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;  // 100 points

    auto r = t.engine->play_game("shop", play(m, "k1"));
    CHECK_FALSE(r.replayed);
    CHECK(r.play.points_spent == 20);
    CHECK(r.play.prize_id == "p50");
    CHECK(r.play.prize_points == 50);
    CHECK(r.play.order_id.empty());
    CHECK(r.balances.available == 130);
    CHECK(r.plays_left == 0);
    REQUIRE(r.play.odds.size() == 1);
    CHECK(r.play.odds[0].prize_id == "p50");
    CHECK(r.play.odds[0].weight == 1);
    CHECK(r.play.draw == 0);
    CHECK(r.play.debit_entry_id > 0);
    CHECK(r.play.credit_entry_id > 0);
    CHECK(t.balances(m).available == 130);
    t.check_books(m);

    auto tx = t.engine->transactions("shop", m, 10, std::nullopt);
    REQUIRE(tx.entries.size() >= 3);
    CHECK(tx.entries[0].kind == core::EntryKind::bonus);
    CHECK(tx.entries[0].available_delta == 50);
    CHECK(tx.entries[1].kind == core::EntryKind::redeem);
    CHECK(tx.entries[1].available_delta == -20);

    SECTION("the same key returns the same play and changes nothing") {
        auto again = t.engine->play_game("shop", play(m, "k1"));
        CHECK(again.replayed);
        CHECK(again.play.play_id == r.play.play_id);
        CHECK(again.play.draw == r.play.draw);
        CHECK(t.balances(m).available == 130);
        CHECK(won_by_prize(*t.engine)["p50"] == 1);
    }
    SECTION("the key with another game is refused") {
        t.program.games.push_back(wheel({prize("x", 1)}));
        t.program.games.back().game_id = "other";
        t.put();
        CHECK(status_of([&] { t.engine->play_game("shop", play(m, "k1", "other")); }) == core::Status::conflict);
    }
}

TEST_CASE("a play is refused, changing nothing, without points, outside the window or for another tier", "[games]") {
    ProgramEngine t;
    auto g = wheel({prize("p", 1, 5)}, 200);
    g.from = vn("2027-03-01");
    g.to = vn("2027-04-01");
    t.program.games = {g};
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;  // 100 points

    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "a")); }) == core::Status::insufficient_points);
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "a", "nope")); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->play_game("shop", play("nobody", "a")); }) == core::Status::not_found);
    t.program.games[0].cost_points = 10;
    t.put();
    t.clock = vn("2027-04-01T00:00:00");
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "a")); }) == core::Status::conflict);
    t.clock = vn("2027-02-28T23:59:59");
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "a")); }) == core::Status::conflict);
    t.clock = vn("2027-03-31T23:59:59");
    t.program.games[0].groups = {"Đại lý"};
    t.put();
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "a")); }) == core::Status::conflict);
    auto s = t.engine->game_status("shop", "wheel", m);
    CHECK(s.open);
    CHECK(s.refusal == "game \"wheel\" is not for customer group \"\"");
    CHECK(t.balances(m).available == 100);
    CHECK(won_by_prize(*t.engine).empty());

    t.engine->set_group("shop", m, std::string("Đại lý"));
    CHECK(t.engine->game_status("shop", "wheel", m).refusal.empty());
    CHECK(t.engine->play_game("shop", play(m, "a")).balances.available == 95);
}

TEST_CASE("a prize out of stock, at its daily limit or over the day's budget cannot be won", "[games]") {
    ProgramEngine t;
    // "big" is likelier than "none" but runs out: after that every play lands on what is left.
    auto g = wheel({prize("big", 1000000, 100, 2), prize("daily", 1000000, 0, std::nullopt, 1),
                    prize("none", 1)},
                   1);
    g.points_per_day = 250;
    t.program.games = {g};
    t.put();
    std::string m = t.pay("O-1", 10000000).member_id;  // 1000 points

    int n = 0;
    auto next = [&] { return t.engine->play_game("shop", play(m, "k" + std::to_string(n++))); };
    std::map<std::string, int> got;
    for (int i = 0; i < 40; ++i) ++got[next().play.prize_id];
    CHECK(got["big"] == 2);
    CHECK(got["daily"] == 1);
    CHECK(got["none"] == 37);
    auto last = t.engine->game_plays("shop", {"wheel", m, 1, n - 2}).plays;
    REQUIRE(last.size() == 1);
    REQUIRE(last[0].odds.size() == 1);
    CHECK(last[0].odds[0].prize_id == "none");

    SECTION("the daily limit and the budget start again the next shop day; stock does not") {
        t.program.games[0].prizes[0].stock = 4;
        t.put();
        t.clock = vn("2027-03-02T00:00:01");
        std::map<std::string, int> day2;
        for (int i = 0; i < 40; ++i) ++day2[next().play.prize_id];
        CHECK(day2["big"] == 2);
        CHECK(day2["daily"] == 1);
    }
    SECTION("the budget holds back points prizes that would pass it") {
        t.program.games[0].prizes[0].stock = 10;  // 2 more of 100 each would pass 250 today: 2 given, 1 more fits
        t.put();
        std::map<std::string, int> more;
        for (int i = 0; i < 40; ++i) ++more[next().play.prize_id];
        CHECK(more["big"] == 0);  // 200 given today; 100 more would make 300 > 250
    }
}

TEST_CASE("when nothing can be won the play is refused and costs nothing", "[games]") {
    ProgramEngine t;
    t.program.games = {wheel({prize("only", 1, 5, 1)}, 1)};
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;
    t.engine->play_game("shop", play(m, "a"));
    auto before = t.balances(m).available;
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "b")); }) == core::Status::conflict);
    CHECK(t.balances(m).available == before);
    CHECK(t.engine->game_status("shop", "wheel", m).refusal == "game \"wheel\" has no prize left to win today");
}

TEST_CASE("paid orders earn plays, used before points, and a refund takes back the plays not played", "[games]") {
    ProgramEngine t;
    auto g = wheel({prize("p", 1, 1)}, 0);
    g.min_order_amount = 500000;
    g.plays_per_order = 2;
    t.program.games = {g};
    t.put();
    std::string m = t.pay("O-1", 600000).member_id;
    t.pay("O-small", 100000);  // under min_amount: nothing
    CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 2);

    auto first = t.engine->play_game("shop", play(m, "a"));
    CHECK(first.play.order_id == "O-1");
    CHECK(first.play.points_spent == 0);
    CHECK(first.plays_left == 1);

    t.pay("O-2", 700000);
    CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 3);
    // O-1 is fully refunded: its one play not played goes; the one played stays played.
    t.change("O-1", core::OrderStatus::refunded, 600000, 600000);
    CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 2);
    // O-2 partly refunded but still at least min_amount: keeps its plays; below it: loses them.
    t.change("O-2", core::OrderStatus::partially_refunded, 700000, 100000);
    CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 2);
    auto second = t.engine->play_game("shop", play(m, "b"));
    CHECK(second.play.order_id == "O-2");
    t.change("O-2", core::OrderStatus::partially_refunded, 700000, 300000);
    CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 0);
    CHECK(status_of([&] { t.engine->play_game("shop", play(m, "c")); }) == core::Status::conflict);
    CHECK(t.engine->game_status("shop", "wheel", m).refusal ==
          "member \"" + m + "\" has no plays left in game \"wheel\": a paid order earns more");
    t.check_books(m);

    SECTION("orders paid outside the window earn nothing") {
        t.program.games[0].to = t.clock;
        t.put();
        t.pay("O-3", 900000);
        CHECK(t.engine->game_status("shop", "wheel", m).plays_left == 0);
    }
}

TEST_CASE("a reward prize is granted with the play", "[games]") {
    ProgramEngine t;
    core::Reward cup;
    cup.reward_id = "cup";
    cup.name = "Ly sứ";
    cup.kind = core::RewardKind::gift;
    cup.cost_points = 500;
    t.program.rewards = {cup};
    auto p = prize("cup-prize", 1);
    p.reward_id = "cup";
    t.program.games = {wheel({p}, 5)};
    t.put();
    std::string m = t.pay("O-1", 1000000).member_id;
    auto r = t.engine->play_game("shop", play(m, "a"));
    REQUIRE(r.grant);
    CHECK(r.grant->reward_id == "cup");
    CHECK(r.grant->cost_points == 0);
    CHECK(r.grant->source == "game wheel play " + std::to_string(r.play.play_id));
    CHECK(r.play.grant_id == r.grant->grant_id);
    CHECK(r.balances.available == 95);
    auto again = t.engine->play_game("shop", play(m, "a"));
    REQUIRE(again.grant);
    CHECK(again.grant->grant_id == r.grant->grant_id);
}

TEST_CASE("concurrent plays never exceed a stock, a daily limit or the day's budget", "[games]") {
    ProgramEngine t;
    t.program.games = {wheel({prize("stock", 1000, 1, 5), prize("daily", 1000, 1, std::nullopt, 4),
                              prize("budget", 1000, 30), prize("none", 1)},
                             1)};
    t.program.games[0].points_per_day = 100;  // three "budget" prizes fit, with a little of the others
    t.put();
    std::vector<std::string> members;
    for (int i = 0; i < 8; ++i)
        members.push_back(t.pay("O-" + std::to_string(i), 2000000, "C-" + std::to_string(i)).member_id);
    std::atomic<int> ok{0}, other{0};
    test::together(8, [&](int i) {
        for (int k = 0; k < 6; ++k) {
            auto s = status_of([&] {
                t.engine->play_game("shop", play(members[static_cast<std::size_t>(i)],
                                                 std::to_string(i) + "-" + std::to_string(k)));
            });
            (s == core::Status::ok ? ok : other)++;
        }
    });
    CHECK(ok == 48);
    CHECK(other == 0);
    auto won = won_by_prize(*t.engine);
    CHECK(won["stock"] <= 5);
    CHECK(won["daily"] <= 4);
    CHECK(won["stock"] + won["daily"] + 30 * won["budget"] <= 100);
    for (const auto& m : members) t.check_books(m);
}

TEST_CASE("a merged member keeps the plays and earned plays of both", "[games]") {
    ProgramEngine t;
    auto g = wheel({prize("p", 1, 1)}, 0);
    g.min_order_amount = 100000;
    t.program.games = {g};
    t.put();
    // Two platform customers, then the second takes the first's phone: the newer merges into the older.
    auto o1 = test::order("O-1", core::OrderStatus::paid, 200000);
    o1.occurred_at = t.clock;
    std::string a = t.engine->record_order("shop", o1).member_id;
    t.clock += 60;  // the older member survives
    auto o2 = test::order("O-2", core::OrderStatus::paid, 200000);
    o2.occurred_at = t.clock;
    o2.customer.customer_id = "C-2";
    o2.customer.phone = "0938123457";
    std::string b = t.engine->record_order("shop", o2).member_id;
    t.engine->play_game("shop", play(b, "b1"));
    core::CustomerInput c;
    c.platform = "pos";
    c.customer_id = "C-2";
    c.phone = "0912345678";
    CHECK(t.engine->upsert_customer("shop", c).member_id == a);
    CHECK(t.engine->game_status("shop", "wheel", a).plays_left == 1);
    core::PlayQuery q;
    q.member_id = a;
    CHECK(t.engine->game_plays("shop", q).plays.size() == 1);
}

TEST_CASE("draws follow the weights over 100,000 draws from the system's random source", "[games]") {
    std::vector<core::Odds> odds{{"a", 1}, {"b", 2}, {"c", 7}, {"d", 90}};
    constexpr int n = 100000;
    std::map<std::size_t, int> seen;
    for (int i = 0; i < n; ++i) ++seen[core::draw_prize(odds).index];
    // Chi-square with 3 degrees of freedom: above 16.27 one time in a thousand for a fair draw.
    double chi2 = 0;
    for (std::size_t i = 0; i < odds.size(); ++i) {
        double expected = n * static_cast<double>(odds[i].weight) / 100.0;
        double d = seen[i] - expected;
        chi2 += d * d / expected;
    }
    INFO("chi-square " << chi2);
    CHECK(chi2 < 16.27);
    // Each number of the total lands on the prize whose run covers it.
    CHECK(core::prize_at(odds, 0) == 0);
    CHECK(core::prize_at(odds, 1) == 1);
    CHECK(core::prize_at(odds, 2) == 1);
    CHECK(core::prize_at(odds, 3) == 2);
    CHECK(core::prize_at(odds, 9) == 2);
    CHECK(core::prize_at(odds, 10) == 3);
    CHECK(core::prize_at(odds, 99) == 3);
    CHECK(core::odds_from_text(core::odds_text(odds)).size() == 4);
    CHECK(core::odds_text(odds) == "a=1,b=2,c=7,d=90");
}
