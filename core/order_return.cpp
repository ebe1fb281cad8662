#include "order_return.hpp"

#include <algorithm>

#include "order_ledger.hpp"

namespace loyalty::core {

EventResult apply_return(Transaction& tx, const ShopProgram& program, const OrderReturn& r, int64_t now,
                         bool history) {
    const std::string& shop_id = program.shop_id;
    EventResult e;
    e.type = "return";
    e.ref = r.order_id;
    const std::string named = "return " + r.return_id + " (" + std::to_string(r.amount) + " VND)";
    auto stored = tx.order(shop_id, r.order_id);
    if (!stored) {
        e.type = "skipped";
        e.note = named + " skipped: order not known yet (it applies when pulled again after the order)";
        return e;
    }
    e.member_id = stored->member_id;
    e.status = std::string(to_string(stored->status));
    if (stored->status == OrderStatus::cancelled) {
        e.type = "skipped";
        e.note = named + " skipped: the order was cancelled, nothing to refund";
        return e;
    }
    if (!tx.add_order_return(shop_id, r.order_id, r.return_id, r.amount, now)) {
        e.note = named + " was already applied";
        return e;
    }
    // The order's refunds without its returns: what the platform's own state of it says.
    const int64_t platform_refunded = std::max<int64_t>(0, stored->refunded_amount - stored->returned_amount);
    OrderState marked = *stored;
    marked.returned_amount = std::min(stored->amount, stored->returned_amount + r.amount);
    marked.updated_at = now;
    tx.put_order(shop_id, marked);
    e.applied = true;
    if (stored->status == OrderStatus::pending) {
        e.note = named + " kept: the order is not paid yet, so it refunds when the order is";
        return e;
    }
    // The order's state as the platform has it, carried forward: apply_order adds the returns.
    OrderInput in;
    in.order_id = r.order_id;
    in.amount = stored->amount;
    in.refunded_amount = platform_refunded;
    in.status = platform_refunded == 0 ? OrderStatus::paid
                : platform_refunded >= stored->amount ? OrderStatus::refunded
                                                      : OrderStatus::partially_refunded;
    in.occurred_at = stored->occurred_at;
    OrderResult applied = apply_order(tx, program, in, CustomerPhone{}, now, history);
    e.member_id = applied.member_id;
    e.points_delta = applied.points_delta;
    auto after = tx.order(shop_id, r.order_id);
    e.status = std::string(to_string(after->status));
    e.note = named + ": refunded " + std::to_string(after->refunded_amount) + " of " + std::to_string(after->amount);
    if (!applied.applied) e.note += " (the order was refunded in full already)";
    return e;
}

}  // namespace loyalty::core
