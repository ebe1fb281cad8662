#include "program/tier_status.hpp"

#include <limits>
#include <vector>

#include "notify/events.hpp"
#include "platform_writes.hpp"
#include "program/calendar.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

constexpr int max_missed_reviews = 36;

struct Window {
    int64_t from;
    std::optional<int64_t> previous_from;  // calendar year: the year before, [previous_from, from)
};

Window window_for(const ShopProgram& p, int64_t at) {
    const Zone& zone = *p.zone;
    switch (p.tiers->window) {
        case TierWindow::lifetime: return {std::numeric_limits<int64_t>::min(), std::nullopt};
        case TierWindow::rolling_12_months: return {add_months(at, -12, zone) + 1, std::nullopt};
        case TierWindow::calendar_year: {
            int year = local_date(at, zone).year;
            return {start_of_year(year, zone), start_of_year(year - 1, zone)};
        }
    }
    return {0, std::nullopt};
}

int64_t value_of(TierBasis basis, const OrderTotals& t) { return basis == TierBasis::spend ? t.spend : t.points; }

void store_tier(Book& b) { b.tx.set_tier(b.shop(), b.member.member_id, b.member.tier); }

// Moves the member to `level`, paying the upgrade bonus of every level reached for the first time
// (or, without `pay_bonuses`, only marking those levels reached).
void move_to(Book& b, std::size_t level, int64_t since, bool pay_bonuses = true) {
    const TierProgram& tiers = *b.program.tiers;
    std::size_t from = held_level(tiers, b.member.tier);
    const std::string previous = b.member.tier.name;
    b.member.tier.name = level == 0 ? "" : tiers.levels[level].name;
    b.member.tier.since = since;
    b.member.tier.grace_used = 0;
    store_tier(b);
    // Every change of tier name passes here: the write-back to linked platforms goes with it.
    enqueue_tier_change(b.tx, b.shop(), b.member.member_id, previous, b.member.tier.name, since, b.now);
    record_tier_event(b.tx, b.program, b.member.member_id, previous, b.member.tier.name, since, b.now);
    for (std::size_t i = from + 1; i <= level; ++i) {
        const TierLevel& l = tiers.levels[i];
        if (l.upgrade_bonus <= 0 || !b.tx.add_marker(b.shop(), b.member.member_id, "upgrade:" + l.name, b.now) ||
            !pay_bonuses)
            continue;
        EntryNote note{EntryKind::bonus, "upgrade bonus: " + l.name, "tier", l.name, "", b.now, false};
        change_source(b, {"bonus", "upgrade:" + l.name, b.now, std::nullopt}, l.upgrade_bonus, note);
    }
}

// The level every order so far supports at the book's time.
std::size_t level_supported_now(Book& b) {
    return b.program.tiers->level_for(supported_value(b.tx, b.program, b.member.member_id, b.now, std::nullopt));
}

int64_t next_boundary(const ShopProgram& p, int64_t boundary) {
    CivilDate d = local_date(boundary, *p.zone);
    if (p.tiers->review == TierReview::yearly) return start_of_year(d.year + 1, *p.zone);
    return d.month == 12 ? start_of_month(d.year + 1, 1, *p.zone) : start_of_month(d.year, d.month + 1, *p.zone);
}

}  // namespace

bool manual_active(const TierState& t, int64_t now) { return t.manual_until && *t.manual_until > now; }

std::size_t held_level(const TierProgram& tiers, const TierState& t) {
    if (t.name.empty()) return 0;
    return tiers.index_of(t.name).value_or(0);
}

int64_t supported_value(Transaction& tx, const ShopProgram& p, const std::string& member_id, int64_t at,
                        std::optional<int64_t> end) {
    Window w = window_for(p, at);
    int64_t value = value_of(p.tiers->basis, tx.order_totals(p.shop_id, member_id, w.from, end));
    if (w.previous_from)
        value = std::max(value, value_of(p.tiers->basis, tx.order_totals(p.shop_id, member_id, *w.previous_from, w.from)));
    return value;
}

int64_t review_boundary(const ShopProgram& p, int64_t t) {
    CivilDate d = local_date(t, *p.zone);
    if (p.tiers->review == TierReview::yearly) return start_of_year(d.year, *p.zone);
    return start_of_month(d.year, d.month, *p.zone);
}

void upgrade_if_qualified(Book& b, bool pay_bonuses) {
    if (!b.program.tiers || manual_active(b.member.tier, b.now)) return;
    const TierProgram& tiers = *b.program.tiers;
    std::size_t supported = level_supported_now(b);
    if (supported > held_level(tiers, b.member.tier)) move_to(b, supported, b.now, pay_bonuses);
}

void review_tier(Book& b) {
    if (!b.program.tiers) return;
    const TierProgram& tiers = *b.program.tiers;
    TierState& t = b.member.tier;
    const int64_t latest = review_boundary(b.program, b.now);
    if (t.manual_until) {
        if (*t.manual_until > b.now) return;
        // A manual tier that ran out gives way to what the window supports, without grace.
        t.manual_until.reset();
        t.reviewed_at = latest;
        std::size_t supported = level_supported_now(b);
        if (supported != held_level(tiers, t)) move_to(b, supported, b.now);
        else store_tier(b);
        return;
    }
    std::vector<int64_t> boundaries;
    for (int64_t bnd = next_boundary(b.program, review_boundary(b.program, std::max(t.reviewed_at, t.since)));
         bnd <= latest; bnd = next_boundary(b.program, bnd))
        boundaries.push_back(bnd);
    if (boundaries.size() > max_missed_reviews)
        boundaries.erase(boundaries.begin(), boundaries.end() - max_missed_reviews);
    for (int64_t bnd : boundaries) {
        std::size_t held = held_level(tiers, t);
        std::size_t supported = tiers.level_for(supported_value(b.tx, b.program, b.member.member_id, bnd, bnd));
        if (supported < held && t.grace_used < tiers.grace_reviews) {
            ++t.grace_used;
        } else if (supported != held) {
            move_to(b, supported, bnd);
        } else {
            t.grace_used = 0;
        }
        t.reviewed_at = bnd;
    }
    t.reviewed_at = std::max(t.reviewed_at, latest);
    store_tier(b);
    upgrade_if_qualified(b);
}

void set_manual_tier(Book& b, std::size_t level, int64_t until) {
    b.member.tier.manual_until = until;
    move_to(b, level, b.now);  // stores the tier, the end date with it
}

TierView view_tier(Transaction& tx, const ShopProgram& p, const Member& m, int64_t now) {
    TierView v;
    const TierProgram& tiers = *p.tiers;
    std::size_t held = held_level(tiers, m.tier);
    v.name = tiers.levels[held].name;
    v.since = m.tier.since ? m.tier.since : m.created_at;
    if (manual_active(m.tier, now)) v.until = m.tier.manual_until;
    Window w = window_for(p, now);
    v.qualifying_spend = tx.order_totals(p.shop_id, m.member_id, w.from, std::nullopt).spend;
    if (held + 1 < tiers.levels.size()) {
        v.next = tiers.levels[held + 1].name;
        v.remaining = std::max<int64_t>(0, tiers.levels[held + 1].threshold -
                                               supported_value(tx, p, m.member_id, now, std::nullopt));
    }
    return v;
}

}  // namespace loyalty::core
