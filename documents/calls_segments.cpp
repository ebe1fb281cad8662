#include "calls_segments.hpp"

#include "csv.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

json::object segment_report(core::Engine& engine, const std::string& shop_id) {
    auto program = engine.shop(shop_id);
    core::SegmentReport r = engine.segment_report(shop_id);
    json::array rows;
    for (const auto& row : r.segments)
        rows.push_back(json::object{{"segment", row.segment},
                                    {"members", row.members},
                                    {"previous_month_members", row.previous_month_members}});
    json::value computed_at = nullptr;
    if (r.computed_at) computed_at = core::format_timestamp(*r.computed_at, *program->zone);
    return {{"segments", std::move(rows)},
            {"month", r.month},
            {"previous_month", r.previous_month},
            {"computed_at", std::move(computed_at)}};
}

std::string segment_report_csv(core::Engine& engine, const std::string& shop_id) {
    core::SegmentReport r = engine.segment_report(shop_id);
    // Segment ids and months need no quoting.
    std::string out = std::string(csv_bom) + "segment,month,members,previous_month,previous_month_members\r\n";
    for (const auto& row : r.segments)
        out += csv_line({row.segment, r.month, std::to_string(row.members), r.previous_month,
                         std::to_string(row.previous_month_members)});
    return out;
}

}  // namespace loyalty::documents
