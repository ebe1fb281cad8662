// The reports as CSV: one row a month, cohort, reward or tier, the columns named as the document's
// fields. Months and numbers need no quoting; reward and tier names may.
#include "calls_reports.hpp"
#include "csv.hpp"

namespace loyalty::documents {
namespace {

using std::to_string;

}  // namespace

std::string cohort_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.cohort_report(shop_id, report_months(query));
    // retained[k] under month_k; a later cohort's row is shorter, its cells past today left empty
    // so every line has the header's columns.
    std::string out = std::string(csv_bom) + "month,members,repeat_members";
    for (std::size_t k = 0; k < r.cohorts.size(); ++k) out += ",month_" + to_string(k);
    out += "\r\n";
    for (const auto& c : r.cohorts) {
        out += c.month + "," + to_string(c.members) + "," + to_string(c.repeat_members);
        for (std::size_t k = 0; k < r.cohorts.size(); ++k) out += "," + (k < c.retained.size() ? to_string(c.retained[k]) : "");
        out += "\r\n";
    }
    return out;
}

std::string repeat_purchase_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    // The window's totals count each member once however many months they paid in, so they are
    // no sum of these rows: they are in the document only.
    auto r = engine.repeat_purchase_report(shop_id, report_months(query));
    std::string out = std::string(csv_bom) + "month,customers,returning_customers,orders\r\n";
    for (const auto& m : r.by_month)
        out += csv_line({m.month, to_string(m.customers), to_string(m.returning_customers), to_string(m.orders)});
    return out;
}

std::string liability_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.liability_report(shop_id, report_months(query));
    std::string out = std::string(csv_bom) +
                      "month,earned,redeemed,expired,adjusted,outstanding_available,outstanding_pending\r\n";
    for (const auto& m : r.months)
        out += csv_line({m.month, to_string(m.earned), to_string(m.redeemed), to_string(m.expired), to_string(m.adjusted),
                    to_string(m.outstanding_available), to_string(m.outstanding_pending)});
    return out;
}

std::string reward_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.reward_report(shop_id, report_months(query), report_limit(query));
    std::string out = std::string(csv_bom) + "reward_id,name,claims,used,points_spent\r\n";
    for (const auto& c : r.rewards)
        out += csv_line({csv_cell(c.reward_id), csv_cell(c.name.value_or("")), to_string(c.claims), to_string(c.used),
                    to_string(c.points_spent)});
    return out;
}

std::string tier_report_csv(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.tier_report(shop_id, report_months(query));
    std::string out = std::string(csv_bom) + "tier,members,earned,redeemed,redeeming_members\r\n";
    for (const auto& t : r.tiers)
        out += csv_line({csv_cell(t.tier), to_string(t.members), to_string(t.earned), to_string(t.redeemed),
                    to_string(t.redeeming_members)});
    return out;
}

}  // namespace loyalty::documents
