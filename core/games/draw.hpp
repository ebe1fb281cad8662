#pragma once
// Which prizes a play can win now, and the draw among them.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/games.hpp"

namespace loyalty::core {

// The prizes of `game` that can still be won, with their weights, in the game's order: a prize out of
// stock, at its daily limit, or whose points would pass the day's budget takes no part, so the odds
// are those of what is left. `counts` are the game's, for the day of the play.
std::vector<Odds> winnable(const Game& game, const std::vector<PrizeCount>& counts);

// The prize `draw` lands on: each prize covers a run of numbers as long as its weight, in order.
std::size_t prize_at(const std::vector<Odds>& odds, int64_t draw);
int64_t total_weight(const std::vector<Odds>& odds);

struct Draw {
    std::size_t index = 0;  // into the odds
    int64_t number = 0;     // drawn uniformly in [0, total weight)
};
// Draws with the operating system's random source; `odds` must not be empty.
Draw draw_prize(const std::vector<Odds>& odds);

// "id=weight,id=weight": how the odds are kept with a play (prize ids hold no ',' or '=').
std::string odds_text(const std::vector<Odds>& odds);
std::vector<Odds> odds_from_text(const std::string& text);

}  // namespace loyalty::core
