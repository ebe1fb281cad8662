#pragma once
// The months a report covers, in the shop's own calendar.
#include <cstdint>
#include <string>

#include "domain/analytics.hpp"

namespace loyalty::core {

class Zone;

inline constexpr int max_report_months = 36;
inline constexpr int max_reward_report_limit = 100;  // rewards listed by the reward report

std::string month_text(int year, unsigned month);  // "YYYY-MM"
std::string previous_month_text(int year, unsigned month);  // the month before, "YYYY-MM"
// The last `months` local months at `now`, the current one last; invalid_argument unless 1-36.
ReportWindow report_window(int64_t now, const Zone& zone, int months);

}  // namespace loyalty::core
