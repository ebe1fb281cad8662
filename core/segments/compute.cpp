// RFM scores (docs/program.md, "Segments"). Two passes over the shop's members by member id, each
// page its own transaction, so no transaction grows with the shop: the first reads what the
// quintiles need (the only thing held in memory for every member: three integers each), the second
// writes scores. Orders paid between the passes score by where they fall against the thresholds.
#include "program/calendar.hpp"
#include "reports/window.hpp"
#include "segments/compute.hpp"
#include "segments/rfm.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

int64_t local_day(int64_t t, const Zone& zone) { return days_from_civil(local_date(t, zone)); }

struct Scale {
    Quintiles recency;  // over the day of the last paid order: later is better
    Quintiles frequency;
    Quintiles monetary;
};

Scale read_scale(Store& store, const ShopProgram& p, int page_size) {
    std::vector<int64_t> days, orders, spend;
    std::string after;
    for (;;) {
        auto page = store.read([&](Transaction& tx) { return tx.rfm_inputs(p.shop_id, after, page_size); });
        for (const RfmInput& in : page) {
            if (in.orders <= 0) continue;
            days.push_back(local_day(in.last_paid_at, *p.zone));
            orders.push_back(in.orders);
            spend.push_back(in.spend);
        }
        if (static_cast<int>(page.size()) < page_size) break;
        after = page.back().member_id;
    }
    return {Quintiles(std::move(days)), Quintiles(std::move(orders)), Quintiles(std::move(spend))};
}

struct PageDone {
    std::string last;  // the page's last member id
    int64_t scored = 0;
    bool more = false;
};

}  // namespace

std::optional<int64_t> compute_segments(Store& store, const ShopProgram& p, int64_t now, int page_size) {
    const int64_t today = local_day(now, *p.zone);
    auto done = store.read([&](Transaction& tx) { return tx.rfm_run(p.shop_id); });
    if (done && done->day == today) return std::nullopt;
    const CivilDate date = civil_from_days(today);
    const std::string month = month_text(date.year, date.month);
    const Scale scale = read_scale(store, p, page_size);
    int64_t scored = 0;
    std::string after;
    for (bool more = true; more;) {
        PageDone page = store.write([&](Transaction& tx) {
            auto inputs = tx.rfm_inputs(p.shop_id, after, page_size);
            PageDone out;
            out.more = static_cast<int>(inputs.size()) >= page_size;
            out.last = inputs.empty() ? after : inputs.back().member_id;
            std::vector<MemberRfm> rows;
            for (const RfmInput& in : inputs) {
                if (in.orders <= 0) continue;
                const int64_t day = local_day(in.last_paid_at, *p.zone);
                MemberRfm r;
                r.member_id = in.member_id;
                r.recency_days = day < today ? today - day : 0;
                r.orders = in.orders;
                r.spend = in.spend;
                r.recency = scale.recency.score(day);
                r.frequency = scale.frequency.score(in.orders);
                r.monetary = scale.monetary.score(in.spend);
                r.segment = std::string(segment_of(r.recency, r.frequency, r.monetary));
                r.computed_at = now;
                rows.push_back(std::move(r));
            }
            // The last page also clears whatever lies after it: members merged away since.
            tx.replace_rfm(p.shop_id, month, after, out.more ? std::optional(out.last) : std::nullopt, rows);
            out.scored = static_cast<int64_t>(rows.size());
            return out;
        });
        scored += page.scored;
        more = page.more;
        after = page.last;
    }
    store.write([&](Transaction& tx) { tx.put_rfm_run({p.shop_id, now, today, month, scored}); });
    // The segment report shows this month beside the one before; older months go, a page per transaction.
    const std::string previous = previous_month_text(date.year, date.month);
    while (store.write([&](Transaction& tx) { return tx.prune_segment_months(p.shop_id, previous, page_size); }) > 0) {
    }
    return scored;
}

}  // namespace loyalty::core
