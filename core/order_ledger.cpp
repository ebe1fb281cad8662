#include "order_ledger.hpp"

#include <algorithm>

#include "distributor/order_grants.hpp"
#include "games/order_plays.hpp"
#include "member_resolution.hpp"
#include "points_book.hpp"
#include "util/amounts.hpp"
#include "rewards/checkout_payment.hpp"
#include "program/bonuses.hpp"
#include "program/calendar.hpp"
#include "program/earning.hpp"
#include "program/tier_status.hpp"
#include "segments/targeting.hpp"
#include "util/arithmetic.hpp"
#include "util/zone.hpp"

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

// What the order holds in a state: a share of the points locked when it first earned.
int64_t target_points(OrderStatus status, int64_t amount, int64_t refunded, const OrderState& locked) {
    if (!earns(status) || locked.earn_rate <= 0 || locked.history) return 0;
    return scaled(locked.full_points, amount - refunded, locked.locked_amount);
}

int64_t target_spend(OrderStatus status, int64_t amount, int64_t refunded) {
    if (!earns(status)) return 0;
    return amount - refunded;
}

// The platform's state with the returns already applied to the order added to its refunds (a
// platform that records returns apart, as KiotViet does, sends the order itself unrefunded).
OrderInput with_returns(OrderInput in, int64_t returned) {
    if (!earns(in.status) || returned <= 0) return in;
    in.refunded_amount = std::min(in.amount, in.refunded_amount + returned);
    if (in.refunded_amount == in.amount && in.amount > 0) in.status = OrderStatus::refunded;
    else if (in.refunded_amount > 0) in.status = OrderStatus::partially_refunded;
    return in;
}

bool counts_as_history(OrderStatus s) { return earns(s) || s == OrderStatus::refunded; }

// Not applied because something newer is in: an older version, an earlier state, or anything
// after a cancel. A replay of the very state held is not stale, only unchanged.
bool is_stale(const OrderState& stored, const OrderInput& in) {
    bool older_version = stored.version && in.version && *in.version < *stored.version;
    return !same_state(stored, in) || older_version;
}

// The first time the order earns, its points for the full amount are computed under the tier and
// rules in force and kept with it: later program changes never rewrite what it earned.
void lock_earning(Book& b, const OrderInput& in, bool order_is_new, OrderState& next, std::string& detail) {
    const ShopProgram& p = b.program;
    EarnContext c;
    c.amount = in.amount;
    c.lines = &in.lines;
    c.at = in.occurred_at;
    c.group = b.member.group;
    c.segment = segment_for_rules(b.tx, p, b.member.member_id);
    if (p.tiers) {
        const TierLevel& level = p.tiers->levels[held_level(*p.tiers, b.member.tier)];
        c.tier = level.name;
        c.tier_pct = level.earn_multiplier_pct;
    }
    Earning e = compute_earning(p, c);
    next.earn_rate = p.spend_per_point;
    next.full_points = e.points;
    next.locked_amount = in.amount;
    next.tier = c.tier;
    next.paid_at = in.occurred_at;
    detail = e.detail;
    // Volume bonuses count units over periods from the lines as first paid.
    if (!in.lines.empty()) b.tx.put_order_lines(p.shop_id, in.order_id, in.lines, !order_is_new);
}

}  // namespace

OrderResult apply_order(Transaction& tx, const ShopProgram& program, const OrderInput& given, const CustomerPhone& phone,
                        int64_t now, bool history) {
    const std::string& shop_id = program.shop_id;
    OrderResult result;
    auto stored = tx.order(shop_id, given.order_id);
    const OrderInput in = stored ? with_returns(given, stored->returned_amount) : given;
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
        // History brings customers the shop already had: no welcome bonus.
        member = history ? resolve_member(tx, shop_id, in.customer, phone, now).member
                         : admit_member(tx, program, in.customer, phone, now).member;
        next.order_id = in.order_id;
        next.member_id = member.member_id;
    }
    Book book{tx, program, member, now};
    bool changed = !stored || !same_state(*stored, in);
    std::string earn_detail;
    // An order first counted from history holds no points, now or in any later state.
    if (history && next.earn_rate == 0 && !next.history && counts_as_history(in.status)) next.history = true;
    bool first_earning = next.earn_rate == 0 && earns(in.status);
    if (first_earning) lock_earning(book, in, !stored, next, earn_detail);
    if (first_earning && next.history) {
        next.full_points = 0;
        mark_first_order_past(book);
    }
    int64_t points = target_points(in.status, in.amount, in.refunded_amount, next);
    int64_t spend = target_spend(in.status, in.amount, in.refunded_amount);
    int64_t delta = points - next.points;
    // Carried by the balances every posting below writes; written alone only if nothing posts.
    int64_t spend_delta = spend - next.spend;
    member.balances.lifetime_spend =
        add_in_range(member.balances.lifetime_spend, spend_delta, "member " + member.member_id + "'s lifetime spend");
    bool posted = delta != 0;

    LotSource source{"order", in.order_id, next.paid_at, std::nullopt};
    if (program.pending_days > 0) source.release_at = add_days(next.paid_at, program.pending_days, *program.zone);
    if (delta != 0) {
        EntryNote note;
        note.kind = delta > 0 ? EntryKind::earn : EntryKind::reverse;
        note.reason = "order " + std::string(to_string(in.status));
        note.ref_type = "order";
        note.ref_id = in.order_id;
        note.detail = (earn_detail.empty() ? "full=" + std::to_string(next.full_points) +
                                                 " locked_amount=" + std::to_string(next.locked_amount)
                                           : earn_detail) +
                      " amount=" + std::to_string(in.amount) + " refunded=" + std::to_string(in.refunded_amount);
        note.occurred_at = in.occurred_at;
        note.counts_as_earned = true;
        note.id_unread = true;
        change_source(book, source, delta, note, !stored);
    }
    if (first_earning && next.full_points > 0) {
        next.bonus_points =
            grant_first_order(book, in.order_id, {"order_bonus", in.order_id, next.paid_at, source.release_at});
        posted = posted || next.bonus_points > 0;
    }
    if (!earns(in.status) && next.bonus_points > 0) {
        take_back_first_order(book, in.order_id, next.bonus_points);
        next.bonus_points = 0;
        posted = true;
    }
    if (first_earning && !next.history) grant_order_volume(book, in.order_id, in.lines);
    if (in.status == OrderStatus::cancelled || in.status == OrderStatus::refunded) {
        void_order_volume(book, in.order_id);
        posted = return_order_payment(book, in.order_id) || posted;
    }
    if (spend_delta != 0 && !posted) tx.set_balances(shop_id, member.member_id, member.balances);
    next.member_id = member.member_id;
    next.status = in.status;
    next.amount = in.amount;
    next.refunded_amount = in.refunded_amount;
    if (in.version) next.version = in.version;
    next.points = points;
    next.spend = spend;
    next.occurred_at = in.occurred_at;
    next.updated_at = now;
    if (!program.games.empty()) update_order_plays(book, next);
    tx.put_order(shop_id, next);
    // The order counts towards qualification once it is stored; the tier it earned under is locked.
    if (spend_delta > 0 || delta > 0) upgrade_if_qualified(book, !history && !next.history);

    result.member_id = member.member_id;
    result.applied = changed;
    result.points_delta = delta;
    result.available = member.balances.available;
    result.pending = member.balances.pending;
    return result;
}

}  // namespace loyalty::core
