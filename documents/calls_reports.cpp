#include "calls_reports.hpp"

#include <algorithm>
#include <array>

#include "calls_segments.hpp"
#include "json_fields.hpp"
#include "reports/window.hpp"

namespace loyalty::documents {
namespace {

// A number far out of range is passed on as one just out of it, for the engine to refuse with
// its own message: the cast to int must not wrap it into range.
int bounded(int64_t value, int64_t max) { return static_cast<int>(std::clamp<int64_t>(value, 0, max + 1)); }

// {"from", "to", <key>: [a row each]}: the shape every windowed report shares.
template <class Report, class Row, class Encode>
json::object window_rows(const Report& r, std::string_view key, const std::vector<Row>& rows, Encode encode) {
    json::array out_rows;
    for (const Row& row : rows) out_rows.push_back(encode(row));
    json::object out{{"from", r.from}, {"to", r.to}};
    out[key] = std::move(out_rows);
    return out;
}

}  // namespace

int report_months(const json::object& query) {
    return bounded(get_integer(query, "months", "query").value_or(12), core::max_report_months);
}

int report_limit(const json::object& query) {
    return bounded(get_integer(query, "limit", "query").value_or(10), core::max_reward_report_limit);
}

json::object cohort_report(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.cohort_report(shop_id, report_months(query));
    return window_rows(r, "cohorts", r.cohorts, [](const core::Cohort& c) {
        json::array retained;
        for (int64_t members : c.retained) retained.push_back(members);
        return json::object{{"month", c.month},
                            {"members", c.members},
                            {"retained", std::move(retained)},
                            {"repeat_members", c.repeat_members}};
    });
}

json::object repeat_purchase_report(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.repeat_purchase_report(shop_id, report_months(query));
    json::object out = window_rows(r, "by_month", r.by_month, [](const core::RepeatMonth& m) {
        return json::object{{"month", m.month},
                            {"customers", m.customers},
                            {"returning_customers", m.returning_customers},
                            {"orders", m.orders}};
    });
    out["customers"] = r.customers;
    out["repeat_customers"] = r.repeat_customers;
    out["orders"] = r.orders;
    return out;
}

json::object liability_report(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.liability_report(shop_id, report_months(query));
    return window_rows(r, "months", r.months, [](const core::LiabilityMonth& m) {
        return json::object{{"month", m.month},
                            {"earned", m.earned},
                            {"redeemed", m.redeemed},
                            {"expired", m.expired},
                            {"adjusted", m.adjusted},
                            {"outstanding_available", m.outstanding_available},
                            {"outstanding_pending", m.outstanding_pending}};
    });
}

json::object reward_report(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.reward_report(shop_id, report_months(query), report_limit(query));
    return window_rows(r, "rewards", r.rewards, [](const core::RewardClaims& c) {
        return json::object{{"reward_id", c.reward_id},
                            {"name", c.name ? json::value(*c.name) : json::value(nullptr)},
                            {"claims", c.claims},
                            {"used", c.used},
                            {"points_spent", c.points_spent}};
    });
}

json::object tier_report(core::Engine& engine, const std::string& shop_id, const json::object& query) {
    auto r = engine.tier_report(shop_id, report_months(query));
    return window_rows(r, "tiers", r.tiers, [](const core::TierRedemption& t) {
        return json::object{{"tier", t.tier},
                            {"members", t.members},
                            {"earned", t.earned},
                            {"redeemed", t.redeemed},
                            {"redeeming_members", t.redeeming_members}};
    });
}

namespace {

constexpr std::array<ReportCall, 6> report_calls{{
    {"segments", [](core::Engine& e, const std::string& shop, const json::object&) { return segment_report(e, shop); },
     [](core::Engine& e, const std::string& shop, const json::object&) { return segment_report_csv(e, shop); }, false},
    {"cohorts", cohort_report, cohort_report_csv, true},
    {"repeat-purchase", repeat_purchase_report, repeat_purchase_report_csv, true},
    {"liability", liability_report, liability_report_csv, true},
    {"rewards", reward_report, reward_report_csv, true},
    {"tiers", tier_report, tier_report_csv, true},
}};

}  // namespace

const ReportCall* find_report(std::string_view name) {
    auto it = std::find_if(report_calls.begin(), report_calls.end(),
                           [&](const ReportCall& c) { return c.name == name; });
    return it == report_calls.end() ? nullptr : &*it;
}

json::object report(core::Engine& engine, const std::string& shop_id, const json::object& request) {
    reject_unknown(request, {"report", "months", "limit"}, "request");
    const std::string name = require_string(request, "report", "request");
    const ReportCall* call = find_report(name);
    if (!call) {
        std::string names;
        for (const ReportCall& c : report_calls) names += (names.empty() ? "" : ", ") + std::string(c.name);
        bad("request.report: there is no report \"" + name + "\" (expected " + names + ")");
    }
    // Read here, with the request's path, so that a value of the wrong type is refused as such;
    // the range is the engine's to check.
    const bool months = get_integer(request, "months", "request").has_value();
    const bool limit = get_integer(request, "limit", "request").has_value();
    if (months && !call->windowed)
        bad("request.months: the " + name + " report covers this month and the one before, and takes no months");
    if (limit && call->name != "rewards") bad("request.limit: only the rewards report takes a limit");
    return call->document(engine, shop_id, request);
}

}  // namespace loyalty::documents
