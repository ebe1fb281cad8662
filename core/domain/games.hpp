#pragma once
// Instant-win games (lucky wheel, scratch card): plays paid with points or earned by paid orders, and
// prizes drawn with the operating system's random source from what can still be won. docs/games.md is
// the user-facing description.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ledger.hpp"
#include "domain/rewards.hpp"

namespace loyalty::core {

enum class GameKind { wheel, scratch };

std::string_view to_string(GameKind k);
std::optional<GameKind> game_kind_from(std::string_view s);

// One slot of the wheel or card. A prize with neither points nor a reward is "no prize": it still
// takes its share of the odds.
struct GamePrize {
    std::string prize_id;
    std::string name;
    int64_t weight = 0;
    int64_t points = 0;
    std::string reward_id;
    std::optional<int64_t> stock;        // how many the game gives in all; absent: unlimited
    std::optional<int64_t> daily_limit;  // how many a shop day; absent: unlimited
    bool empty() const { return points == 0 && reward_id.empty(); }
};

struct Game {
    std::string game_id;
    std::string name;
    GameKind kind = GameKind::wheel;
    std::optional<int64_t> from;  // plays and plays earned from this instant; absent: always
    std::optional<int64_t> to;    // until this instant (excluded); absent: for good
    int64_t cost_points = 0;      // 0: plays cannot be bought with points
    // A paid order of at least this (net of refunds) earns `plays_per_order` plays; absent: orders earn none.
    std::optional<int64_t> min_order_amount;
    int64_t plays_per_order = 1;
    std::vector<GamePrize> prizes;
    std::optional<int64_t> points_per_day;  // the most the points prizes give a shop day
    std::vector<std::string> tiers;         // empty: every tier
    std::vector<std::string> groups;        // empty: every customer group
    std::vector<std::string> segments;      // empty: every member; else members last scored into one

    bool open_at(int64_t t) const { return (!from || t >= *from) && (!to || t < *to); }
    const GamePrize* prize(const std::string& prize_id) const {
        for (const auto& p : prizes)
            if (p.prize_id == prize_id) return &p;
        return nullptr;
    }
};

// A prize's share of the draw when a play was made: only prizes that could still be won take part.
struct Odds {
    std::string prize_id;
    int64_t weight = 0;
};

// What a game's prizes have given so far: in all, and on the shop day asked for.
struct PrizeCount {
    std::string prize_id;
    int64_t won = 0;
    int64_t won_today = 0;
    int64_t points_today = 0;
};

struct PlayRequest {
    std::string member_id;
    std::string game_id;
    std::string idempotency_key;
};

struct GamePlay {
    int64_t play_id = 0;  // assigned by the store
    std::string game_id;
    std::string member_id;
    std::string idempotency_key;
    int64_t day = 0;          // the shop day it was played on (days since 1970-01-01, local)
    std::string order_id;     // the order whose earned play it used; empty when paid with points
    int64_t points_spent = 0;
    std::string prize_id;     // the prize drawn
    std::string prize_name;
    int64_t prize_points = 0;
    std::string reward_id;    // the prize's reward, granted as `grant_id`
    int64_t grant_id = 0;
    std::vector<Odds> odds;   // every prize that could be won, as they stood
    int64_t draw = 0;         // the number drawn in [0, sum of the odds' weights)
    int64_t debit_entry_id = 0;
    int64_t credit_entry_id = 0;
    int64_t played_at = 0;
};

struct PlayResult {
    GamePlay play;
    std::optional<Grant> grant;
    Balances balances;
    int64_t plays_left = 0;  // plays earned by orders and not used yet
    bool replayed = false;
};

struct PlayQuery {
    std::string game_id;    // empty: every game
    std::string member_id;  // empty: every member
    int limit = 50;
    std::optional<int64_t> after;  // play id cursor
};

struct PlayPage {
    std::vector<GamePlay> plays;
    std::optional<int64_t> next_after;
};

// Plays an order earned in one game: `earned` follows the order's net amount but never drops below
// `used`, so a refund takes back only the plays that were not played.
struct OrderPlays {
    std::string game_id;
    std::string order_id;
    std::string member_id;
    int64_t earned = 0;
    int64_t used = 0;
    int64_t earned_at = 0;
};

// Why a member cannot play now, in the order a play checks: the window, the audience, what is left to win,
// then a play to use. A code the pages can put in the shop's language; `refusal` is the engine's message.
enum class PlayRefusal { none, closed, not_in_audience, nothing_to_win, no_plays, insufficient_points };
std::string_view to_string(PlayRefusal r);

// A member's standing in a game now: what it costs them, what they have, and the odds in force.
struct GameStatus {
    std::string game_id;
    bool open = false;
    PlayRefusal reason = PlayRefusal::none;
    std::string refusal;  // why the member cannot play now, "" when they can
    int64_t plays_left = 0;
    std::vector<Odds> odds;
};

}  // namespace loyalty::core
