// The engine's distributor calls: settlement on request, leaderboards, and member progress.
#include "distributor/settlement.hpp"
#include "distributor/standings.hpp"
#include "engine.hpp"
#include "program/periods.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"
#include "validation.hpp"

namespace loyalty::core {

SettlementReport Engine::settle_period(const std::string& shop_id, const SettleRequest& r) {
    auto program = shop(shop_id);
    const ShopProgram& p = *program;
    require_text(r.program_id, "program_id", false);
    auto period = parse_period(r.period, *p.zone);
    if (!period) fail(Status::invalid_argument, "period must be \"2026\", \"2026-Q4\" or \"2026-11\"");
    const int64_t t = now();
    // `at` may only look back: a period settles once it has ended, and never ahead of the clock.
    const int64_t as_of = r.at.value_or(t);
    if (as_of > t) fail(Status::invalid_argument, "at must not be in the future");
    if (period->to > as_of)
        fail(Status::invalid_argument, "period " + period->key + " is not over until " +
                                           format_timestamp(period->to, *p.zone) + "; only a closed period settles");
    std::vector<ProgramRef> chosen;
    if (!r.program_id.empty()) {
        auto ref = find_program(p, r.program_id);
        if (!ref) fail(Status::not_found, "program \"" + r.program_id + "\" is not in shop \"" + shop_id + "\"");
        if (!ref->settles())
            fail(Status::invalid_argument, "program \"" + r.program_id +
                                               "\" is granted on each member's anniversary by maintenance; it has "
                                               "no period to settle");
        if (ref->period() != period->kind)
            fail(Status::invalid_argument, "program \"" + r.program_id + "\" settles by " +
                                               std::string(to_string(ref->period())) + ", not by " +
                                               std::string(to_string(period->kind)));
        chosen.push_back(*ref);
    } else {
        for (const auto& ref : programs_of(p))
            if (ref.settles() && ref.period() == period->kind) chosen.push_back(ref);
        if (chosen.empty())
            fail(Status::not_found, "shop \"" + shop_id + "\" has no program settled by " +
                                        std::string(to_string(period->kind)));
    }
    SettlementReport report;
    // One instance settles a shop at a time; the settlement record keeps it once even without that.
    bool ran = store_->exclusive("settle:" + shop_id, [&] {
        for (const auto& ref : chosen) {
            report.programs.push_back(
                store_->write([&](Transaction& tx) { return settle_program(tx, p, ref, *period, t); }));
        }
    });
    if (!ran) fail(Status::conflict, "another instance is settling shop \"" + shop_id + "\" now; try again");
    return report;
}

ProgramSettlement Engine::leaderboard(const std::string& shop_id, const LeaderboardRequest& r) {
    auto program = shop(shop_id);
    const ShopProgram& p = *program;
    require_text(r.program_id, "program_id");
    if (r.limit < 1 || r.limit > 1000) fail(Status::invalid_argument, "limit must be between 1 and 1000");
    auto ref = find_program(p, r.program_id);
    if (!ref) fail(Status::not_found, "program \"" + r.program_id + "\" is not in shop \"" + shop_id + "\"");
    if (ref->period() == PeriodKind::order)
        fail(Status::invalid_argument, "program \"" + r.program_id + "\" counts each order alone; it has no leaderboard");
    ProgramSettlement out;
    out.program_id = ref->id();
    out.kind = ref->kind();
    out.period = period_at(ref->period(), r.at.value_or(now()), *p.zone);
    store_->read([&](Transaction& tx) {
        out.settled_at = tx.settled_at(shop_id, ref->id(), out.period.key).value_or(0);
        out.standings = compute_standings(tx, p, *ref, out.period, "");
    });
    if (static_cast<int>(out.standings.size()) > r.limit) out.standings.resize(static_cast<std::size_t>(r.limit));
    return out;
}

std::vector<ProgramProgress> program_progress(Transaction& tx, const ShopProgram& p, const Member& m, int64_t now) {
    std::vector<ProgramProgress> out;
    for (const auto& ref : programs_of(p)) {
        if (ref.period() == PeriodKind::order || !ref.open_to(m.group)) continue;
        ProgramProgress progress;
        progress.program_id = ref.id();
        progress.kind = ref.kind();
        progress.period = period_at(ref.period(), now, *p.zone);
        auto standings = compute_standings(tx, p, ref, progress.period, m.member_id);
        if (ref.anniversary && standings.empty()) continue;  // no listed anniversary this year
        if (!standings.empty()) {
            progress.standing = standings.front();
        } else {
            progress.standing.member_id = m.member_id;
            progress.standing.name = m.name;
            if (ref.volume) progress.standing.next_threshold = ref.volume->units;
            if (ref.target) progress.standing.next_threshold = ref.target->bands.front().spend;
            if (ref.appreciation) progress.standing.next_threshold = ref.appreciation->min_spend;
        }
        out.push_back(std::move(progress));
    }
    return out;
}

}  // namespace loyalty::core
