// Repeat purchases over the window and month by month (docs/program.md, "Reports").
#include "engine.hpp"
#include "reports/window.hpp"

namespace loyalty::core {

RepeatPurchaseReport Engine::repeat_purchase_report(const std::string& shop_id, int months) {
    auto program = shop(shop_id);
    const ReportWindow w = report_window(now(), *program->zone, months);
    PaidOrderTotals totals;
    std::vector<PaidOrderMonth> rows;
    store_->read([&](Transaction& tx) {
        totals = tx.paid_order_totals(shop_id, w.start(), w.end());
        rows = tx.paid_order_months(shop_id, w.bounds);
        return 0;
    });
    RepeatPurchaseReport r{w.months.front(), w.months.back(), totals.customers, totals.repeat_customers,
                           totals.orders, {}};
    for (const std::string& month : w.months) r.by_month.push_back({month, 0, 0, 0});
    for (const PaidOrderMonth& row : rows) {
        RepeatMonth& m = r.by_month.at(static_cast<std::size_t>(row.month));
        m.customers = row.customers;
        m.returning_customers = row.returning_customers;
        m.orders = row.orders;
    }
    return r;
}

}  // namespace loyalty::core
