#include "program/earning.hpp"

#include <algorithm>
#include <optional>

#include "program/eligibility.hpp"
#include "program/volume.hpp"
#include "util/amounts.hpp"
#include "util/arithmetic.hpp"

namespace loyalty::core {
namespace {

bool applies(const EarnRule& r, const EarnContext& c) {
    if (r.from && c.at < *r.from) return false;
    if (r.to && c.at >= *r.to) return false;
    return listed(r.tiers, c.tier) && in_groups(r.groups, c.group) && listed(r.segments, c.segment) &&
           c.amount >= r.min_order;
}

bool matches_line(const EarnRule& r, const OrderLine& line) {
    return r.whole_order() || names_line(r.skus, r.categories, line.sku, line.category);
}

// Each line's part of the order amount: as given while the lines fit in it, scaled down when they
// add up to more (an order-level discount the lines do not show).
std::vector<int64_t> line_shares(const std::vector<OrderLine>& lines, int64_t amount) {
    wide_int total = 0;
    for (const auto& l : lines) total += std::max<int64_t>(0, l.amount);
    std::vector<int64_t> shares;
    shares.reserve(lines.size());
    for (const auto& l : lines) {
        int64_t a = std::max<int64_t>(0, l.amount);
        shares.push_back(total > amount ? static_cast<int64_t>(wide_int{a} * amount / total) : a);
    }
    return shares;
}

// Points past the one range of money and points are refused, never cut silently: an order that
// would earn them is a mistake in the program or in the order.
int64_t in_range(wide_int v, const std::string& what) {
    if (v > max_amount)
        fail(Status::invalid_argument, what + " would earn more than 10^15 points");
    return static_cast<int64_t>(v);
}

wide_int capped(const EarnRule& r, wide_int points) {
    return r.max_points && points > *r.max_points ? wide_int{*r.max_points} : points;
}

}  // namespace

Earning compute_earning(const ShopProgram& program, const EarnContext& c) {
    const int64_t rate = program.spend_per_point;
    Earning out;
    out.base = in_range(wide_int{c.amount} * c.tier_pct / (wide_int{100} * rate), "the order's base rate");

    static const std::vector<OrderLine> no_lines;
    const auto& lines = c.lines ? *c.lines : no_lines;
    std::vector<int64_t> shares = line_shares(lines, c.amount);
    int64_t covered = 0;
    for (int64_t s : shares) covered += s;
    const int64_t rest = c.amount - covered;

    std::vector<const EarnRule*> active;
    for (const auto& r : program.rules)
        if (applies(r, c)) active.push_back(&r);

    // Multipliers never stack: each line (and the rest of the amount) goes to the one highest
    // multiplier that covers it, the earlier rule winning a tie.
    auto best_multiplier = [&](const OrderLine* line) -> std::optional<std::size_t> {
        std::optional<std::size_t> best;
        for (std::size_t k = 0; k < active.size(); ++k) {
            const EarnRule& r = *active[k];
            if (r.kind != RuleKind::multiplier) continue;
            if (line ? !matches_line(r, *line) : !r.whole_order()) continue;
            if (!best || r.value > active[*best]->value) best = k;
        }
        return best;
    };
    std::vector<wide_int> won(active.size(), 0);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (auto k = best_multiplier(&lines[i])) won[*k] += shares[i];
    if (rest > 0)
        if (auto k = best_multiplier(nullptr)) won[*k] += rest;

    wide_int total = out.base;
    for (std::size_t k = 0; k < active.size(); ++k) {
        const EarnRule& r = *active[k];
        wide_int points = 0;
        switch (r.kind) {
            case RuleKind::multiplier:
                points = won[k] * (r.value - 100) * c.tier_pct / (wide_int{10000} * rate);
                break;
            case RuleKind::per_unit:
                for (const auto& line : lines)
                    if (matches_line(r, line) && line.quantity > 0) points += wide_int{line.quantity} * r.value;
                break;
            case RuleKind::per_order: points = r.value; break;
        }
        int64_t p = in_range(capped(r, points), "rule " + r.rule_id);
        if (p <= 0) continue;
        out.rules.push_back({r.rule_id, p});
        total += p;
    }
    bool capped_order = program.max_points_per_order && total > *program.max_points_per_order;
    out.points = capped_order ? *program.max_points_per_order : in_range(total, "the order");
    // Volume bonuses of one order are the shop's own offer on top of the earning, so the order's
    // cap does not cut them.
    for (const auto& v : program.distributor.volume) {
        if (v.period != PeriodKind::order || !in_groups(v.groups, c.group) || v.award.points <= 0) continue;
        int64_t times = times_earned(v, basket_units(v, lines));
        if (times <= 0) continue;
        int64_t p = in_range(wide_int{times} * v.award.points, "volume bonus " + v.program_id);
        out.volume.push_back({v.program_id, p});
        out.points = in_range(wide_int{out.points} + p, "the order");
    }

    out.detail = "rate=" + std::to_string(rate);
    if (!c.tier.empty()) out.detail += " tier=" + c.tier + " tier_pct=" + std::to_string(c.tier_pct);
    out.detail += " base=" + std::to_string(out.base);
    // " rules=a:+5,b:+7": what each rule (or volume bonus) added, as the ledger entry shows it.
    auto name_points = [&](const char* label, const std::vector<RulePoints>& list) {
        if (list.empty()) return;
        out.detail += label;
        for (std::size_t i = 0; i < list.size(); ++i)
            out.detail += (i ? "," : "") + list[i].rule_id + ":+" + std::to_string(list[i].points);
    };
    name_points(" rules=", out.rules);
    if (capped_order) out.detail += " capped=" + std::to_string(*program.max_points_per_order);
    name_points(" volume=", out.volume);
    return out;
}

}  // namespace loyalty::core
