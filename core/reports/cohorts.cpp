// Retention by cohort of first paid order (docs/program.md, "Reports"). The store counts members
// per cohort and month; only the window's grid, at most 36 × 36, is held here.
#include "engine.hpp"
#include "reports/window.hpp"

namespace loyalty::core {

CohortReport Engine::cohort_report(const std::string& shop_id, int months) {
    auto program = shop(shop_id);
    const ReportWindow w = report_window(now(), *program->zone, months);
    std::vector<CohortSize> sizes;
    std::vector<CohortActivity> activity;
    store_->read([&](Transaction& tx) {
        sizes = tx.cohort_sizes(shop_id, w.bounds);
        activity = tx.cohort_activity(shop_id, w.bounds);
        return 0;
    });
    CohortReport r{w.months.front(), w.months.back(), {}};
    const auto count = static_cast<int64_t>(w.months.size());
    for (int64_t i = 0; i < count; ++i) {
        const auto at = static_cast<std::size_t>(i);
        // A cohort is followed up to the current month: the later the cohort, the shorter its row.
        r.cohorts.push_back({w.months[at], 0, std::vector<int64_t>(static_cast<std::size_t>(count - i), 0), 0});
    }
    for (const CohortSize& s : sizes) {
        Cohort& c = r.cohorts.at(static_cast<std::size_t>(s.cohort));
        c.members = s.members;
        c.repeat_members = s.repeat_members;
    }
    for (const CohortActivity& a : activity)
        r.cohorts.at(static_cast<std::size_t>(a.cohort)).retained.at(static_cast<std::size_t>(a.month - a.cohort)) =
            a.members;
    return r;
}

}  // namespace loyalty::core
