#include "games/order_plays.hpp"

#include <algorithm>

#include "games/game_audience.hpp"

namespace loyalty::core {

void update_order_plays(Book& book, const OrderState& order) {
    for (const Game& game : book.program.games) {
        if (!game.min_order_amount) continue;
        bool earns = order.paid_at > 0 && !order.history && order.spend >= *game.min_order_amount &&
                     game.open_at(order.paid_at) && game_refusal(book.tx, book.program, game, book.member).empty();
        int64_t target = earns ? game.plays_per_order : 0;
        auto stored = book.tx.order_plays(book.shop(), game.game_id, order.order_id);
        if (!stored && target == 0) continue;
        OrderPlays next = stored.value_or(OrderPlays{game.game_id, order.order_id, book.member.member_id, 0, 0,
                                                     order.paid_at});
        // Plays already played stay earned: the prize they drew is the member's.
        int64_t earned = std::max(target, next.used);
        if (stored && earned == stored->earned) continue;
        next.earned = earned;
        next.member_id = book.member.member_id;
        book.tx.put_order_plays(book.shop(), next);
    }
}

}  // namespace loyalty::core
