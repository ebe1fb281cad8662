#include "order_ledger.hpp"

#include "member_resolution.hpp"

namespace loyalty::core {
namespace {

// Order states only move forward when the platform gives no version: a replayed older state must
// not undo a newer one. Cancelled is last because a cancelled order is finished.
int progress_rank(OrderStatus s) {
    switch (s) {
        case OrderStatus::pending: return 0;
        case OrderStatus::paid: return 1;
        case OrderStatus::partially_refunded: return 2;
        case OrderStatus::refunded: return 3;
        case OrderStatus::cancelled: return 4;
    }
    return 0;
}

bool same_state(const OrderState& stored, const OrderInput& in) {
    return stored.status == in.status && stored.amount == in.amount && stored.refunded_amount == in.refunded_amount;
}

bool supersedes(const OrderState& stored, const OrderInput& in) {
    if (stored.status == OrderStatus::cancelled) return false;
    if (stored.version && in.version) return *in.version > *stored.version;
    if (same_state(stored, in)) return false;
    int from = progress_rank(stored.status), to = progress_rank(in.status);
    if (to != from) return to > from;
    return in.status == OrderStatus::partially_refunded && in.refunded_amount > stored.refunded_amount;
}

bool earns(OrderStatus s) { return s == OrderStatus::paid || s == OrderStatus::partially_refunded; }

__extension__ typedef __int128 wide_int;  // GCC and Clang both have it; -Wpedantic needs telling

// floor(earned * kept / amount) without overflow: both factors can approach 2^63.
int64_t scaled(int64_t earned, int64_t kept, int64_t amount) {
    if (amount <= 0) return 0;
    return static_cast<int64_t>(static_cast<wide_int>(earned) * kept / amount);
}

int64_t target_points(OrderStatus status, int64_t amount, int64_t refunded, int64_t rate) {
    if (!earns(status) || rate <= 0) return 0;
    int64_t earned = amount / rate;
    if (status == OrderStatus::paid) return earned;
    return scaled(earned, amount - refunded, amount);
}

int64_t target_spend(OrderStatus status, int64_t amount, int64_t refunded) {
    if (!earns(status)) return 0;
    return amount - refunded;
}

// Not applied because something newer is in: an older version, an earlier state, or anything
// after a cancel. A replay of the very state held is not stale, only unchanged.
bool is_stale(const OrderState& stored, const OrderInput& in) {
    bool older_version = stored.version && in.version && *in.version < *stored.version;
    return !same_state(stored, in) || older_version;
}

}  // namespace

OrderResult apply_order(Transaction& tx, const ShopProgram& program, const OrderInput& in, const std::string& phone,
                        int64_t now) {
    const std::string& shop_id = program.shop_id;
    OrderResult result;
    auto stored = tx.order(shop_id, in.order_id);
    Member member;
    OrderState next;
    if (stored) {
        member = require_member(tx, shop_id, stored->member_id);
        next = *stored;
        if (!supersedes(*stored, in)) {
            // A newer version of the same state moves the version on, so an older one in between stays out.
            if (stored->version && in.version && *in.version > *stored->version && same_state(*stored, in)) {
                next.version = in.version;
                next.updated_at = now;
                tx.put_order(shop_id, next);
            } else {
                result.stale = is_stale(*stored, in);
            }
            result.member_id = member.member_id;
            result.available = member.balances.available;
            result.pending = member.balances.pending;
            return result;
        }
    } else {
        member = resolve_member(tx, shop_id, in.customer, phone, now).member;
        next.order_id = in.order_id;
        next.member_id = member.member_id;
    }
    bool changed = !stored || !same_state(*stored, in);
    if (next.earn_rate == 0 && earns(in.status)) next.earn_rate = program.spend_per_point;
    int64_t points = target_points(in.status, in.amount, in.refunded_amount, next.earn_rate);
    int64_t spend = target_spend(in.status, in.amount, in.refunded_amount);
    int64_t delta = points - next.points;
    int64_t spend_delta = spend - next.spend;

    Balances after = member.balances;
    after.available += delta;
    after.lifetime_earned += delta;
    after.lifetime_spend += spend_delta;
    if (delta != 0) {
        Entry e;
        e.member_id = member.member_id;
        e.kind = delta > 0 ? EntryKind::earn : EntryKind::reverse;
        e.available_delta = delta;
        e.earned_delta = delta;
        e.reason = "order " + std::string(to_string(in.status));
        e.ref_type = "order";
        e.ref_id = in.order_id;
        e.detail = "rate=" + std::to_string(next.earn_rate) + " amount=" + std::to_string(in.amount) +
                   " refunded=" + std::to_string(in.refunded_amount);
        e.occurred_at = in.occurred_at;
        e.created_at = now;
        e.available_after = after.available;
        e.pending_after = after.pending;
        tx.append_entry(shop_id, e);
    }
    if (after != member.balances) tx.set_balances(shop_id, member.member_id, after);
    next.member_id = member.member_id;
    next.status = in.status;
    next.amount = in.amount;
    next.refunded_amount = in.refunded_amount;
    if (in.version) next.version = in.version;
    next.points = points;
    next.spend = spend;
    next.occurred_at = in.occurred_at;
    next.updated_at = now;
    tx.put_order(shop_id, next);

    result.member_id = member.member_id;
    result.applied = changed;
    result.points_delta = delta;
    result.available = after.available;
    result.pending = after.pending;
    return result;
}

}  // namespace loyalty::core
