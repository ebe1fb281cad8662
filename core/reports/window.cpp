#include "reports/window.hpp"

#include <cstdio>

#include "program/calendar.hpp"
#include "util/error.hpp"

namespace loyalty::core {

std::string previous_month_text(int year, unsigned month) {
    return month == 1 ? month_text(year - 1, 12) : month_text(year, month - 1);
}

std::string month_text(int year, unsigned month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", year, month);
    return text;
}

ReportWindow report_window(int64_t now, const Zone& zone, int months) {
    if (months < 1 || months > max_report_months)
        fail(Status::invalid_argument, "months must be between 1 and " + std::to_string(max_report_months));
    const CivilDate today = local_date(now, zone);
    // Counted in months since year 0 so that stepping over a new year is plain arithmetic.
    const int64_t last = int64_t{today.year} * 12 + (today.month - 1);
    ReportWindow w;
    for (int64_t m = last - months + 1; m <= last + 1; ++m) {
        const int year = static_cast<int>(m / 12);
        const unsigned month = static_cast<unsigned>(m % 12) + 1;
        // Each start taken from the zone itself, so a month begins at local midnight across DST.
        w.bounds.push_back(start_of_month(year, month, zone));
        if (m <= last) w.months.push_back(month_text(year, month));
    }
    return w;
}

}  // namespace loyalty::core
