// loyalty_report (docs/program.md, "Reports"): each report by name through the C ABI, and bad requests
// refused naming the field. That it gives the document the HTTP route gives is checked in
// tests/server/test_server_dashboard.cpp.
#include <catch2/catch.hpp>

#include <utility>

#include "abi_client.hpp"

using namespace loyalty::test;

namespace {

Call report(Client& c, const char* shop, const std::string& request) {
    return call([&](char** out) { return loyalty_report(c.engine, shop, request.c_str(), out); });
}

}  // namespace

TEST_CASE("loyalty_report gives each report by name, over the window asked for") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    // Two paid orders now (occurred_at defaults to now) by one customer: a repeat customer.
    for (const char* id : {"R-1", "R-2"}) {
        auto o = c.order("demo", R"({"order_id": ")" + std::string(id) + R"(", "status": "paid", "amount": 500000,
            "customer": {"customer_id": "C-1", "platform": "pos", "phone": "0912345678"}})");
        REQUIRE(o.status == LOYALTY_OK);
    }

    auto repeat = report(c, "demo", R"({"report": "repeat-purchase", "months": 3})");
    INFO(repeat.error << repeat.text);
    REQUIRE(repeat.status == LOYALTY_OK);
    auto doc = repeat.json().as_object();
    CHECK(doc.at("by_month").as_array().size() == 3);
    CHECK(doc.at("customers") == 1);
    CHECK(doc.at("repeat_customers") == 1);
    CHECK(doc.at("orders") == 2);

    auto liability = report(c, "demo", R"({"report": "liability"})");  // 12 months by default
    REQUIRE(liability.status == LOYALTY_OK);
    CHECK(liability.json().at("months").as_array().size() == 12);
    auto cohorts = report(c, "demo", R"({"report": "cohorts", "months": 1, "limit": null})");
    REQUIRE(cohorts.status == LOYALTY_OK);
    CHECK(cohorts.json().at("cohorts").as_array().size() == 1);
    auto rewards = report(c, "demo", R"({"report": "rewards", "months": 36, "limit": 100})");
    REQUIRE(rewards.status == LOYALTY_OK);
    CHECK(rewards.json().at("rewards").as_array().empty());
    auto tiers = report(c, "demo", R"({"report": "tiers"})");
    REQUIRE(tiers.status == LOYALTY_OK);
    CHECK(tiers.json().at("tiers").as_array().empty());  // the shop has no tiers
    auto segments = report(c, "demo", R"({"report": "segments"})");
    REQUIRE(segments.status == LOYALTY_OK);
    CHECK(segments.json().as_object().contains("computed_at"));
}

TEST_CASE("loyalty_report refuses a bad request naming the field, and an unknown shop as not found") {
    Client c;
    REQUIRE(c.put_shop(demo_shop) == LOYALTY_OK);
    // Each request, and what the message must say.
    const std::pair<const char*, const char*> cases[] = {
        {R"({})", "request.report is required"},
        {R"({"report": 5})", "request.report must be a string"},
        {R"({"report": "sales"})",
         "request.report: there is no report \"sales\" (expected segments, cohorts, repeat-purchase, liability, "
         "rewards, tiers)"},
        {R"({"report": "cohorts", "month": 3})", "unknown field request.month"},
        {R"({"report": "cohorts", "months": 0})", "months must be between 1 and 36"},
        {R"({"report": "cohorts", "months": 37})", "months must be between 1 and 36"},
        {R"({"report": "liability", "months": 99999999999})", "months must be between 1 and 36"},
        {R"({"report": "cohorts", "months": "3"})", "request.months must be a number, not a string"},
        {R"({"report": "cohorts", "months": 2.5})", "request.months must be a whole number"},
        {R"({"report": "rewards", "limit": 0})", "limit must be between 1 and 100"},
        {R"({"report": "rewards", "limit": 101})", "limit must be between 1 and 100"},
        {R"({"report": "tiers", "limit": 5})", "request.limit: only the rewards report takes a limit"},
        {R"({"report": "segments", "months": 3})", "request.months: the segments report"},
        {"[]", "request must be a JSON object"},
    };
    for (const auto& [request, message] : cases) {
        INFO(request);
        auto r = report(c, "demo", request);
        CHECK(r.status == LOYALTY_INVALID_ARGUMENT);
        CHECK(r.error.find(message) != std::string::npos);
        CHECK(r.text.empty());
    }
    auto unknown = report(c, "nope", R"({"report": "liability"})");
    CHECK(unknown.status == LOYALTY_NOT_FOUND);
    CHECK(report(c, "nope", R"({"report": "segments"})").status == LOYALTY_NOT_FOUND);

    char* out = reinterpret_cast<char*>(1);
    CHECK(loyalty_report(c.engine, "demo", nullptr, &out) == LOYALTY_INVALID_ARGUMENT);
    CHECK(out == nullptr);
    CHECK(std::string(loyalty_last_error()).find("request") != std::string::npos);
    CHECK(loyalty_report(c.engine, nullptr, R"({"report": "tiers"})", &out) == LOYALTY_INVALID_ARGUMENT);
    CHECK(loyalty_report(c.engine, "demo", R"({"report": "tiers"})", nullptr) == LOYALTY_INVALID_ARGUMENT);
    CHECK(std::string(loyalty_last_error()).find("report_json") != std::string::npos);
}
