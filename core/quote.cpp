// The checkout quote (docs/program.md, "Checkout quote"): the same earning and tier functions the
// ledger uses, over a read-only snapshot.
#include <algorithm>

#include "engine.hpp"
#include "member_resolution.hpp"
#include "rewards/checkout_payment.hpp"
#include "segments/targeting.hpp"
#include "util/amounts.hpp"
#include "util/arithmetic.hpp"
#include "util/error.hpp"

namespace loyalty::core {
Quote Engine::quote(const std::string& shop_id, const QuoteRequest& r) {
    auto program = shop(shop_id);
    const ShopProgram& p = *program;
    if (r.amount < 0) fail(Status::invalid_argument, "amount must not be negative");
    if (r.redeem_points < 0) fail(Status::invalid_argument, "redeem_points must not be negative");
    require_in_range(r.amount, "amount");
    require_in_range(r.redeem_points, "redeem_points");
    for (const auto& line : r.lines) {
        if (line.amount < 0 || line.quantity < 0)
            fail(Status::invalid_argument, "lines must not have negative amounts or quantities");
        require_in_range(line.amount, "lines[].amount");
        require_in_range(line.quantity, "lines[].quantity");
    }
    const int64_t at = r.at.value_or(now());
    Quote q;
    Member member;
    std::string segment;
    store_->read([&](Transaction& tx) {
        if (r.member_id.empty()) return;
        member = require_member(tx, shop_id, r.member_id);
        segment = segment_for_rules(tx, p, member.member_id);
    });
    q.member_id = member.member_id;
    q.available = std::max<int64_t>(0, member.balances.available);

    if (!r.tier.empty()) {
        if (!r.member_id.empty()) fail(Status::invalid_argument, "tier is for a guest: give member_id or tier, not both");
        if (!p.tiers || !p.tiers->index_of(r.tier))
            fail(Status::invalid_argument, "tier \"" + r.tier + "\" is not a level of shop \"" + shop_id + "\"");
        member.tier.name = r.tier;
    }
    const TierLevel* level = nullptr;
    if (p.tiers) {
        level = &p.tiers->levels[held_level(*p.tiers, member.tier)];
        q.tier = level->name;
        q.tier_pct = level->earn_multiplier_pct;
        if (r.amount >= level->min_order && level->discount_pct > 0) {
            q.discount_pct = level->discount_pct;
            q.discount = percent_of(r.amount, level->discount_pct);
            if (level->discount_cap > 0) q.discount = std::min(q.discount, level->discount_cap);
        }
    }
    const int64_t after_discount = r.amount - q.discount;
    if (p.redeem.point_value > 0) {
        q.redeem_max_points = std::min(q.available, payable_points(p.redeem, after_discount));
        q.redeem_max_amount = q.redeem_max_points * p.redeem.point_value;
        if (r.redeem_points > q.redeem_max_points)
            fail(Status::invalid_argument, "redeem_points " + std::to_string(r.redeem_points) + " is more than the " +
                                               std::to_string(q.redeem_max_points) + " this order can take");
        q.redeem_points = r.redeem_points;
        q.redeem_amount = r.redeem_points * p.redeem.point_value;
    } else if (r.redeem_points > 0) {
        fail(Status::invalid_argument, "shop \"" + shop_id + "\" does not take points at checkout (no redeem.point_value)");
    }
    EarnContext c;
    c.amount = after_discount - q.redeem_amount;
    c.lines = &r.lines;
    c.at = at;
    c.group = member.group;
    c.segment = segment;
    if (level) {
        c.tier = level->name;
        c.tier_pct = level->earn_multiplier_pct;
    }
    q.earn = compute_earning(p, c);
    return q;
}

}  // namespace loyalty::core
