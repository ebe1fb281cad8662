#pragma once
// Plays that paid orders earn in the shop's games (docs/games.md, "Plays earned by orders").
#include "domain/order.hpp"
#include "points_book.hpp"

namespace loyalty::core {

// Brings the plays `order` earned in each game up to date with its latest state: a paid order of at
// least the game's min_amount (net of refunds), paid while the game was open, by a member the game is
// for, earns the game's plays; a refund or cancellation takes back those not played yet.
void update_order_plays(Book& book, const OrderState& order);

}  // namespace loyalty::core
