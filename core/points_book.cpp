#include "points_book.hpp"

#include <algorithm>

#include "notify/events.hpp"
#include "program/calendar.hpp"
#include "util/amounts.hpp"

namespace loyalty::core {
namespace {

int64_t positive(int64_t v) { return std::max<int64_t>(0, v); }

Entry post(Book& b, const EntryNote& note, int64_t available_delta, int64_t pending_delta) {
    Entry e;
    e.member_id = b.member.member_id;
    e.kind = note.kind;
    e.available_delta = available_delta;
    e.pending_delta = pending_delta;
    if (note.counts_as_earned) e.earned_delta = available_delta + pending_delta;
    e.reason = note.reason;
    e.ref_type = note.ref_type;
    e.ref_id = note.ref_id;
    e.detail = note.detail;
    e.occurred_at = note.occurred_at ? note.occurred_at : b.now;
    e.created_at = b.now;
    Balances& bal = b.member.balances;
    // Checked before anything is written: a refusal leaves the transaction as it was.
    Balances next = bal;
    const std::string who = "member " + b.member.member_id + "'s ";
    next.available = add_in_range(bal.available, available_delta, who + "available points");
    next.pending = add_in_range(bal.pending, pending_delta, who + "pending points");
    next.lifetime_earned = add_in_range(bal.lifetime_earned, e.earned_delta, who + "lifetime earned points");
    bal = next;
    e.available_after = bal.available;
    e.pending_after = bal.pending;
    // An event names the entry by its id; without one, an id nobody reads is not waited for.
    if (note.id_unread && !entry_event_wanted(b.program, e)) b.tx.append_entry_later(b.shop(), e);
    else e.entry_id = b.tx.append_entry(b.shop(), e);
    b.tx.set_balances(b.shop(), b.member.member_id, bal);
    record_entry_event(b.tx, b.program, e, b.now);
    return e;
}

// Takes `amount` of lot points in debit order, `first` before the rest.
void consume(Transaction& tx, const std::string& shop_id, const std::string& member_id, int64_t amount,
             std::optional<Lot> first) {
    if (amount <= 0) return;
    if (first && !first->pending() && first->remaining > 0) {
        int64_t take = std::min(amount, first->remaining);
        first->remaining -= take;
        amount -= take;
        tx.update_lot(shop_id, *first);
    }
    if (amount <= 0) return;
    for (Lot& lot : tx.open_lots(shop_id, member_id)) {
        if (lot.pending() || lot.remaining <= 0 || (first && lot.lot_id == first->lot_id)) continue;
        int64_t take = std::min(amount, lot.remaining);
        lot.remaining -= take;
        amount -= take;
        tx.update_lot(shop_id, lot);
        if (amount <= 0) return;
    }
}

Entry take_available(Book& b, int64_t points, const EntryNote& note, std::optional<Lot> first,
                     int64_t pending_part) {
    int64_t before = b.member.balances.available;
    int64_t after = before - points;
    consume(b.tx, b.shop(), b.member.member_id, positive(before) - positive(after), std::move(first));
    return post(b, note, -points, -pending_part);
}

}  // namespace

std::optional<int64_t> expiry_for(const ShopProgram& program, int64_t earned_at) {
    switch (program.expiry.kind) {
        case ExpiryKind::never: return std::nullopt;
        case ExpiryKind::months: return add_months(earned_at, program.expiry.months, *program.zone);
        case ExpiryKind::end_of_year: return start_of_year(local_date(earned_at, *program.zone).year + 1, *program.zone);
    }
    return std::nullopt;
}

Entry change_source(Book& b, const LotSource& source, int64_t delta, const EntryNote& note, bool source_is_new) {
    if (delta == 0) return {};
    auto lot = source_is_new ? std::nullopt : b.tx.lot_by_source(b.shop(), b.member.member_id, source.type, source.id);
    if (delta > 0) {
        Lot l = lot.value_or(Lot{});
        if (!lot) {
            l.member_id = b.member.member_id;
            l.source_type = source.type;
            l.source_id = source.id;
            l.earned_at = source.earned_at;
            l.release_at = source.release_at;
            l.expires_at = expiry_for(b.program, source.earned_at);
        }
        l.points += delta;
        int64_t available_delta = 0, pending_delta = 0;
        if (l.pending()) {
            l.remaining += delta;
            pending_delta = delta;
        } else {
            int64_t before = b.member.balances.available;
            l.remaining += positive(before + delta) - positive(before);  // a debt is paid off first
            available_delta = delta;
        }
        if (lot) b.tx.update_lot(b.shop(), l);
        else b.tx.insert_lot(b.shop(), l);
        return post(b, note, available_delta, pending_delta);
    }
    int64_t take = -delta;
    if (lot && lot->pending()) {
        int64_t from_pending = std::min(take, lot->remaining);
        lot->remaining -= from_pending;
        b.tx.update_lot(b.shop(), *lot);
        if (from_pending == take) return post(b, note, 0, -from_pending);
        return take_available(b, take - from_pending, note, std::nullopt, from_pending);
    }
    return take_available(b, take, note, lot, 0);
}

Entry debit(Book& b, int64_t points, const EntryNote& note) { return take_available(b, points, note, std::nullopt, 0); }

void release_lot(Book& b, Lot lot) {
    int64_t r = lot.remaining;
    int64_t before = b.member.balances.available;
    lot.release_at.reset();
    lot.remaining = positive(before + r) - positive(before);
    b.tx.update_lot(b.shop(), lot);
    if (r == 0) return;
    EntryNote note{EntryKind::release, "pending points released", "lot", std::to_string(lot.lot_id),
                   "source=" + lot.source_type + ":" + lot.source_id, b.now, false};
    post(b, note, r, -r);
}

void expire_lot(Book& b, Lot lot) {
    int64_t r = lot.remaining;
    if (r <= 0) return;
    lot.remaining = 0;
    b.tx.update_lot(b.shop(), lot);
    EntryNote note{EntryKind::expire, "points expired", "lot", std::to_string(lot.lot_id),
                   "source=" + lot.source_type + ":" + lot.source_id + " earned_at=" + std::to_string(lot.earned_at),
                   lot.expires_at.value_or(b.now), false};
    post(b, note, -r, 0);
}

void settle_lots(Transaction& tx, const std::string& shop_id, const Member& member) {
    int64_t held = 0;
    for (const Lot& l : tx.open_lots(shop_id, member.member_id))
        if (!l.pending()) held += l.remaining;
    consume(tx, shop_id, member.member_id, held - positive(member.balances.available), std::nullopt);
}

}  // namespace loyalty::core
