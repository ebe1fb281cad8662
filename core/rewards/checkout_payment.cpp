// Points paying for an order at checkout (docs/rewards.md, "Paying with points").
#include "rewards/checkout_payment.hpp"

#include "engine.hpp"
#include "idempotency.hpp"
#include "member_resolution.hpp"
#include "util/arithmetic.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

std::string fingerprint(const PaymentRequest& r) {
    return "pay\n" + r.member_id + '\n' + r.order_id + '\n' + std::to_string(r.order_amount) + '\n' +
           std::to_string(r.points);
}

bool kept(OrderStatus s) { return s != OrderStatus::cancelled && s != OrderStatus::refunded; }

void give_back(Book& book, OrderPayment& pay) {
    int64_t back = pay.points - pay.returned_points;
    EntryNote note{EntryKind::returned, "points paid for order returned: order not kept", "order", pay.order_id,
                   "points=" + std::to_string(back), book.now, false};
    change_source(book, {"order_payment", pay.order_id, pay.created_at, std::nullopt}, back, note);
    pay.returned_points = pay.points;
    pay.updated_at = book.now;
    book.tx.put_order_payment(book.shop(), pay);
}

}  // namespace

int64_t payable_points(const RedeemPolicy& policy, int64_t amount) {
    return percent_of(amount, policy.max_order_pct) / policy.point_value;
}

bool return_order_payment(Book& order_book, const std::string& order_id) {
    auto pay = order_book.tx.order_payment(order_book.shop(), order_id);
    if (!pay || pay->returned_points >= pay->points) return false;
    Member payer = require_member(order_book.tx, order_book.shop(), pay->member_id);
    if (payer.member_id == order_book.member.member_id) {
        give_back(order_book, *pay);
        return true;
    }
    Book book{order_book.tx, order_book.program, payer, order_book.now};
    give_back(book, *pay);
    return false;
}

PaymentResult Engine::pay_with_points(const std::string& shop_id, const PaymentRequest& r) {
    auto program = shop(shop_id);
    const RedeemPolicy& policy = program->redeem;
    require_text(r.member_id, "member_id");
    require_text(r.order_id, "order_id");
    require_text(r.idempotency_key, "idempotency_key");
    if (r.points <= 0) fail(Status::invalid_argument, "points must be positive");
    if (r.order_amount <= 0) fail(Status::invalid_argument, "order_amount must be positive");
    if (policy.point_value <= 0)
        fail(Status::invalid_argument, "shop \"" + shop_id + "\" does not take points at checkout (no redeem.point_value)");
    std::string print = fingerprint(r);
    PaymentResult result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        result = {};
        if (auto seen = replay_of(tx, shop_id, r.idempotency_key, print)) {
            auto entry = tx.entry(shop_id, seen->entry_id);
            auto pay = tx.order_payment(shop_id, r.order_id);
            if (!entry || !pay) fail(Status::internal, "idempotency record of a payment without its entry");
            result = {*pay, *entry, true};
            return;
        }
        if (auto order = tx.order(shop_id, r.order_id); order && !kept(order->status))
            fail(Status::conflict, "order \"" + r.order_id + "\" is " + std::string(to_string(order->status)) +
                                       "; points cannot pay for it");
        Member m = require_member(tx, shop_id, r.member_id);
        OrderPayment pay = tx.order_payment(shop_id, r.order_id).value_or(OrderPayment{r.order_id, m.member_id, 0, 0, 0, t, t});
        if (pay.returned_points > 0)
            fail(Status::conflict, "points paid for order \"" + r.order_id + "\" were returned; it is not kept");
        if (require_member(tx, shop_id, pay.member_id).member_id != m.member_id)
            fail(Status::conflict, "order \"" + r.order_id + "\" was paid with another member's points");
        int64_t payable = payable_points(policy, r.order_amount);
        if (r.points > payable - pay.points)
            fail(Status::invalid_argument, "points " + std::to_string(r.points) + " are more than the " +
                                               std::to_string(payable - pay.points) + " this order can still take");
        if (m.balances.available < r.points)
            fail(Status::insufficient_points, "member \"" + r.member_id + "\" has " +
                                                  std::to_string(m.balances.available) + " points available, " +
                                                  std::to_string(r.points) + " requested",
                 ErrorDetails::shortfall(m.balances.available, r.points));
        Book book{tx, *program, m, t};
        int64_t amount = r.points * policy.point_value;
        EntryNote note{EntryKind::redeem, "paid order " + r.order_id + " with points", "order", r.order_id,
                       "point_value=" + std::to_string(policy.point_value) + " amount=" + std::to_string(amount), t,
                       false};
        Entry e = debit(book, r.points, note);
        pay.member_id = m.member_id;
        pay.points += r.points;
        pay.amount += amount;
        pay.updated_at = t;
        tx.put_order_payment(shop_id, pay);
        tx.put_idempotency(shop_id, {r.idempotency_key, print, e.entry_id});
        result = {pay, e, false};
    });
    return result;
}

}  // namespace loyalty::core
