// Members per segment, this local month beside the one before (docs/program.md, "Segments").
#include <map>

#include "engine.hpp"
#include "program/calendar.hpp"
#include "reports/window.hpp"
#include "segments/rfm.hpp"
#include "util/zone.hpp"

namespace loyalty::core {

SegmentReport Engine::segment_report(const std::string& shop_id) {
    auto program = shop(shop_id);
    const CivilDate today = local_date(now(), *program->zone);
    SegmentReport report;
    report.month = month_text(today.year, today.month);
    report.previous_month = previous_month_text(today.year, today.month);
    std::vector<SegmentCount> current, previous;
    store_->read([&](Transaction& tx) {
        current = tx.segment_counts(shop_id, report.month);
        previous = tx.segment_counts(shop_id, report.previous_month);
        if (auto run = tx.rfm_run(shop_id)) report.computed_at = run->computed_at;
        return 0;
    });
    std::map<std::string, SegmentRow, std::less<>> rows;
    for (const auto& c : current) rows[c.segment].members = c.members;
    for (const auto& c : previous) rows[c.segment].previous_month_members = c.members;
    for (std::string_view id : segment_ids()) {
        auto it = rows.find(id);
        SegmentRow row = it == rows.end() ? SegmentRow{} : it->second;
        row.segment = std::string(id);
        report.segments.push_back(std::move(row));
    }
    return report;
}

}  // namespace loyalty::core
