#pragma once
// RFM scores and segments (docs/program.md, "Segments"): what maintenance computes for each member
// from the orders they paid, and what the shop's reports count.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

// A live member and the paid orders that still count for them (first paid, net spend above 0).
struct RfmInput {
    std::string member_id;
    int64_t orders = 0;        // 0: nothing paid that counts, so no scores
    int64_t spend = 0;         // net VND over those orders
    int64_t last_paid_at = 0;  // when the latest of them was first paid
};

// A member's scores as the last computation left them.
struct MemberRfm {
    std::string member_id;
    int64_t recency_days = 0;  // local days from the last paid order to the day computed
    int64_t orders = 0;
    int64_t spend = 0;
    int64_t recency = 0;  // 1-5 each, 5 the best fifth of the shop
    int64_t frequency = 0;
    int64_t monetary = 0;
    std::string segment;  // one of segment_ids()
    int64_t computed_at = 0;
};

// A shop's last complete computation: at most one a local day.
struct RfmRun {
    std::string shop_id;
    int64_t computed_at = 0;
    int64_t day = 0;      // local days since 1970-01-01
    std::string month;    // "YYYY-MM", local: the month its scores are kept under
    int64_t members = 0;  // members scored
};

struct SegmentCount {
    std::string segment;
    int64_t members = 0;
};

// Members per segment as last computed this local month, beside the last computation of the month
// before; every segment is listed, in the grid's order.
struct SegmentRow {
    std::string segment;
    int64_t members = 0;
    int64_t previous_month_members = 0;
};

struct SegmentReport {
    std::vector<SegmentRow> segments;
    std::string month;           // "YYYY-MM", local, today
    std::string previous_month;  // the month before it
    std::optional<int64_t> computed_at;  // the last complete computation; absent before the first
};

}  // namespace loyalty::core
