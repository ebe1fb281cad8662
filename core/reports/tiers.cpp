// Redemption by members' current tier over the window (docs/program.md, "Reports").
#include <map>

#include "engine.hpp"
#include "reports/window.hpp"

namespace loyalty::core {

TierReport Engine::tier_report(const std::string& shop_id, int months) {
    auto program = shop(shop_id);
    const ReportWindow w = report_window(now(), *program->zone, months);
    TierReport r{w.months.front(), w.months.back(), {}};
    if (!program->tiers) return r;
    auto stored = store_->read([&](Transaction& tx) { return tx.tier_points(shop_id, w.start(), w.end()); });
    // Every level listed; the first holds members stored without a tier and those on a level the
    // programme no longer has, as the overview counts them.
    const auto& levels = program->tiers->levels;
    std::map<std::string, TierRedemption> rows;
    for (const auto& level : levels) rows[level.name] = {level.name, 0, 0, 0, 0};
    for (const TierPoints& s : stored) {
        const bool known = !s.tier.empty() && program->tiers->index_of(s.tier);
        TierRedemption& row = rows[known ? s.tier : levels.front().name];
        row.members += s.members;
        row.earned += s.earned;
        row.redeemed += s.redeemed;
        row.redeeming_members += s.redeeming_members;
    }
    for (const auto& level : levels) r.tiers.push_back(rows[level.name]);
    return r;
}

}  // namespace loyalty::core
