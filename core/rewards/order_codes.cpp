#include "rewards/order_codes.hpp"

#include <set>

#include "util/grant_code.hpp"

namespace loyalty::core {
namespace {

bool paid_or_later(OrderStatus s) {
    return s == OrderStatus::paid || s == OrderStatus::partially_refunded || s == OrderStatus::refunded;
}

void add(std::string& note, const std::string& part) { note += (note.empty() ? "" : "; ") + part; }

}  // namespace

std::string use_order_codes(Transaction& tx, const ShopProgram& program, const OrderInput& order, int64_t now) {
    std::string note;
    if (order.discount_codes.empty() || !paid_or_later(order.status)) return note;
    std::set<std::string> seen;
    for (const std::string& typed : order.discount_codes) {
        std::string code = normal_grant_code(typed);
        if (!code.empty() && !seen.insert(code).second) continue;
        std::optional<Grant> g = code.empty() ? std::nullopt : tx.grant_by_code(program.shop_id, code);
        if (!g) {
            add(note, "discount code \"" + typed + "\" matches no grant");
            continue;
        }
        if (g->status == GrantStatus::used) {
            if (g->used_order != order.order_id)
                add(note, "grant " + g->code + " was already used by order \"" + g->used_order + "\"");
            continue;
        }
        if (g->status == GrantStatus::voided) {
            add(note, "grant " + g->code + " was voided; left as it is");
            continue;
        }
        // The till took the code when the order was placed: expiry is judged at that time.
        if (g->expired(order.occurred_at)) {
            add(note, "grant " + g->code + " had expired when the order was placed; left as it is");
            continue;
        }
        g->status = GrantStatus::used;
        g->used_at = now;
        g->used_order = order.order_id;
        tx.update_grant(program.shop_id, *g);
        add(note, "grant " + g->code + " used by this order");
    }
    return note;
}

}  // namespace loyalty::core
