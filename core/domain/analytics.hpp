#pragma once
// The shop's analytics reports (docs/program.md, "Reports"): cohorts, repeat purchases, points
// liability, the rewards most claimed and redemption by tier, over the shop's last local months.
// Every figure is a whole number: rates are left to the reader.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

// The window a report covers: whole local months, the last of them the current one.
struct ReportWindow {
    std::vector<std::string> months;  // "YYYY-MM", oldest first
    // When each month starts (unix seconds), then when the last one ends: one more than months.
    std::vector<int64_t> bounds;
    int64_t start() const { return bounds.front(); }
    int64_t end() const { return bounds.back(); }
};

// Members whose first paid order fell in `month`; retained[k]: of them, those with a paid order
// in the k-th month after it (retained[0] == members).
struct Cohort {
    std::string month;
    int64_t members = 0;
    std::vector<int64_t> retained;
    int64_t repeat_members = 0;  // with two paid orders or more, so far
};

struct CohortReport {
    std::string from;
    std::string to;
    std::vector<Cohort> cohorts;  // one a month of the window, oldest first
};

struct RepeatMonth {
    std::string month;
    int64_t customers = 0;            // members with a paid order in the month
    int64_t returning_customers = 0;  // of them, those with a paid order before the month
    int64_t orders = 0;
};

struct RepeatPurchaseReport {
    std::string from;
    std::string to;
    int64_t customers = 0;         // members with a paid order in the window
    int64_t repeat_customers = 0;  // with two or more in the window
    int64_t orders = 0;
    std::vector<RepeatMonth> by_month;
};

// A month's points moved by kind, and the points outstanding once it ended.
struct LiabilityMonth {
    std::string month;
    int64_t earned = 0;
    int64_t redeemed = 0;  // positive: points taken out
    int64_t expired = 0;   // positive
    int64_t adjusted = 0;  // signed
    int64_t outstanding_available = 0;
    int64_t outstanding_pending = 0;
};

struct LiabilityReport {
    std::string from;
    std::string to;
    std::vector<LiabilityMonth> months;
};

struct RewardClaims {
    std::string reward_id;
    std::optional<std::string> name;  // absent once the reward left the catalogue
    int64_t claims = 0;
    int64_t used = 0;
    int64_t points_spent = 0;
};

struct RewardReport {
    std::string from;
    std::string to;
    std::vector<RewardClaims> rewards;  // most claimed first, then by reward id
};

struct TierRedemption {
    std::string tier;
    int64_t members = 0;  // live members on the tier now
    int64_t earned = 0;
    int64_t redeemed = 0;
    int64_t redeeming_members = 0;  // members who redeemed more than they got back
};

struct TierReport {
    std::string from;
    std::string to;
    std::vector<TierRedemption> tiers;  // every level, in the programme's order
};

// What the store aggregates for them, months named by their index in the window.
struct CohortSize {
    int64_t cohort = 0;
    int64_t members = 0;
    int64_t repeat_members = 0;
};

struct CohortActivity {
    int64_t cohort = 0;
    int64_t month = 0;
    int64_t members = 0;
};

struct PaidOrderTotals {
    int64_t customers = 0;
    int64_t repeat_customers = 0;
    int64_t orders = 0;
};

struct PaidOrderMonth {
    int64_t month = 0;
    int64_t customers = 0;
    int64_t returning_customers = 0;
    int64_t orders = 0;
};

struct PointsBalance {
    int64_t available = 0;
    int64_t pending = 0;
};

struct PointsFlowMonth {
    int64_t month = 0;
    int64_t earned = 0;
    int64_t redeemed = 0;
    int64_t expired = 0;
    int64_t adjusted = 0;
    PointsBalance moved;  // every entry of the month, whatever its kind
};

struct TierPoints {
    std::string tier;  // as stored: "" for the first level
    int64_t members = 0;
    int64_t earned = 0;
    int64_t redeemed = 0;
    int64_t redeeming_members = 0;
};

}  // namespace loyalty::core
