#include "distributor/standings.hpp"

#include <algorithm>
#include <map>

#include "distributor/anniversaries.hpp"
#include "program/volume.hpp"
#include "util/arithmetic.hpp"

namespace loyalty::core {
namespace {

struct Tally {
    int64_t units = 0;
    int64_t spend = 0;
    int64_t reached = 0;
    std::string name;
    std::string group;
};

std::map<std::string, Tally> tally(Transaction& tx, const ShopProgram& p, const ProgramRef& ref, const Period& period,
                                   const std::string& member_id) {
    std::map<std::string, Tally> out;
    if (ref.volume) {
        for (const PeriodLine& l : tx.period_lines(p.shop_id, member_id, period.from, period.to)) {
            int64_t u = counted_units(*ref.volume, l.sku, l.category, l.quantity, l.spend, l.locked_amount);
            if (u <= 0) continue;
            Tally& t = out[l.member_id];
            t.name = l.name;
            t.group = l.group;
            t.units += u;
            t.reached = std::max(t.reached, l.paid_at);
        }
    } else {
        for (const MemberSpend& s : tx.period_spend(p.shop_id, member_id, period.from, period.to))
            out[s.member_id] = {0, s.spend, s.reached_at, s.name, s.group};
    }
    if (ref.appreciation) {
        // Only partners of long standing are on the list at all: years count like a group.
        std::map<std::string, Tally> kept;
        for (const MemberStart& m : tx.member_starts(p.shop_id, member_id)) {
            auto it = out.find(m.member_id);
            if (it != out.end() && has_years(m, ref.appreciation->min_years, period.to, *p.zone))
                kept.insert(std::move(*it));
        }
        out = std::move(kept);
    }
    return out;
}

}  // namespace

const Award* award_of(const ProgramRef& ref, const Standing& s);

namespace {

void award(const ProgramRef& ref, Standing& s, const Standing* above) {
    if (ref.volume) {
        s.times = times_earned(*ref.volume, s.units);
        s.points = s.times * ref.volume->award.points;
        s.next_threshold = next_volume_threshold(*ref.volume, s.units);
    } else if (ref.target) {
        const auto& bands = ref.target->bands;
        for (std::size_t i = 0; i < bands.size(); ++i)
            if (s.spend >= bands[i].spend) s.band = static_cast<int64_t>(i);
        if (s.band >= 0) {
            const TargetBand& b = bands[static_cast<std::size_t>(s.band)];
            s.points = b.points;
            s.rebate = percent_of(s.spend, b.rebate_pct);
        }
        auto next = static_cast<std::size_t>(s.band + 1);
        if (next < bands.size()) s.next_threshold = bands[next].spend;
    } else if (ref.appreciation) {
        if (s.spend >= ref.appreciation->min_spend) {
            s.times = 1;
            s.points = ref.appreciation->award.points;
        } else {
            s.next_threshold = ref.appreciation->min_spend;
        }
    } else {
        if (const Award* a = award_of(ref, s)) s.points = a->points;
        // Passing the member above takes one dong more: a tie goes to whoever reached it first.
        if (above) s.next_threshold = above->spend + 1;
    }
}

int64_t measure(const ProgramRef& ref, const Standing& s) { return ref.volume ? s.units : s.spend; }

}  // namespace

const Award* award_of(const ProgramRef& ref, const Standing& s) {
    if (ref.volume) return s.times > 0 ? &ref.volume->award : nullptr;
    if (ref.appreciation) return s.times > 0 ? &ref.appreciation->award : nullptr;
    if (ref.ranking)
        for (const RankPrize& prize : ref.ranking->prizes)
            if (s.rank > 0 && s.rank <= prize.up_to) return &prize.award;
    return nullptr;
}

std::vector<Standing> compute_standings(Transaction& tx, const ShopProgram& p, const ProgramRef& ref,
                                        const Period& period, const std::string& member_id) {
    if (ref.anniversary) return anniversary_standings(tx, p, *ref.anniversary, period, member_id);
    std::vector<Standing> out;
    for (const auto& [id, t] : tally(tx, p, ref, period, member_id)) {
        // Orders move to the survivor of a merge, so every member counted here is live.
        if (!ref.open_to(t.group)) continue;
        Standing s;
        s.member_id = id;
        s.name = t.name;
        s.units = t.units;
        s.spend = t.spend;
        s.reached_at = t.reached;
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [&](const Standing& a, const Standing& b) {
        if (measure(ref, a) != measure(ref, b)) return measure(ref, a) > measure(ref, b);
        if (a.reached_at != b.reached_at) return a.reached_at < b.reached_at;
        return a.member_id < b.member_id;
    });
    bool ranked = member_id.empty();
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].rank = ranked ? static_cast<int64_t>(i) + 1 : 0;
        award(ref, out[i], i > 0 ? &out[i - 1] : nullptr);
    }
    return out;
}

}  // namespace loyalty::core
