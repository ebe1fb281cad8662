#pragma once
// The shop's reports (docs/program.md, "Reports"), each as a document and as CSV, found by the
// name their route ends in: /api/v1/shops/{shop}/reports/<name>.
#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "engine.hpp"

namespace loyalty::documents {

namespace json = boost::json;

struct ReportCall {
    std::string_view name;
    // Reads "months" (1-36, default 12) and, for rewards, "limit" (1-100, default 10), already
    // whole numbers; both are ignored by the segment report, which has no window.
    json::object (*document)(core::Engine& engine, const std::string& shop_id, const json::object& query);
    std::string (*csv)(core::Engine& engine, const std::string& shop_id, const json::object& query);
    bool windowed;  // takes months (and limit)
};

const ReportCall* find_report(std::string_view name);  // null for a name that is no report

// loyalty_report: {"report": a ReportCall's name, "months"?, "limit"?} -> the report's document, as its
// route returns it. Refuses an unknown report or field, a field of the wrong type, months for the
// segment report and a limit for any report but rewards; the engine refuses months or limit out of range.
json::object report(core::Engine& engine, const std::string& shop_id, const json::object& request);

// The reports over a window of months.
json::object cohort_report(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object repeat_purchase_report(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object liability_report(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object reward_report(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object tier_report(core::Engine& engine, const std::string& shop_id, const json::object& query);
std::string cohort_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);
std::string repeat_purchase_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);
std::string liability_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);
std::string reward_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);
std::string tier_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);

// The window's query fields as the engine takes them.
int report_months(const json::object& query);
int report_limit(const json::object& query);

}  // namespace loyalty::documents
