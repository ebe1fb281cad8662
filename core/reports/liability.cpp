// Points liability at each month's end (docs/program.md, "Reports"): the ledger's balance before
// the window, carried forward by each month's flows.
#include "engine.hpp"
#include "reports/window.hpp"

namespace loyalty::core {

LiabilityReport Engine::liability_report(const std::string& shop_id, int months) {
    auto program = shop(shop_id);
    const ReportWindow w = report_window(now(), *program->zone, months);
    PointsBalance outstanding;
    std::vector<PointsFlowMonth> flows;
    store_->read([&](Transaction& tx) {
        outstanding = tx.points_before(shop_id, w.start());
        flows = tx.points_flows(shop_id, w.bounds);
        return 0;
    });
    LiabilityReport r{w.months.front(), w.months.back(), {}};
    auto flow = flows.begin();
    for (std::size_t i = 0; i < w.months.size(); ++i) {
        LiabilityMonth m{w.months[i], 0, 0, 0, 0, 0, 0};
        if (flow != flows.end() && flow->month == static_cast<int64_t>(i)) {
            m.earned = flow->earned;
            m.redeemed = flow->redeemed;
            m.expired = flow->expired;
            m.adjusted = flow->adjusted;
            outstanding.available += flow->moved.available;
            outstanding.pending += flow->moved.pending;
            ++flow;
        }
        m.outstanding_available = outstanding.available;
        m.outstanding_pending = outstanding.pending;
        r.months.push_back(std::move(m));
    }
    return r;
}

}  // namespace loyalty::core
