#include "program/calendar.hpp"

#include <algorithm>

#include "util/zone.hpp"
#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

int64_t local_seconds(int64_t t, const Zone& zone) { return t + zone.offset_at(t); }

}  // namespace

CivilDate local_date(int64_t t, const Zone& zone) {
    return civil_from_days(floor_div(local_seconds(t, zone), seconds_per_day));
}

int64_t add_months(int64_t t, int64_t months, const Zone& zone) {
    int64_t local = local_seconds(t, zone);
    int64_t days = floor_div(local, seconds_per_day);
    int64_t second_of_day = local - days * seconds_per_day;
    CivilDate d = civil_from_days(days);
    int64_t index = int64_t{d.year} * 12 + (d.month - 1) + months;
    int year = static_cast<int>(floor_div(index, 12));
    unsigned month = static_cast<unsigned>(index - int64_t{year} * 12) + 1;
    unsigned day = std::min(d.day, days_in_month(year, month));
    return zone.to_utc(days_from_civil({year, month, day}) * seconds_per_day + second_of_day);
}

int64_t add_days(int64_t t, int64_t days, const Zone& zone) {
    return zone.to_utc(local_seconds(t, zone) + days * seconds_per_day);
}

int64_t start_of_year(int year, const Zone& zone) { return start_of_month(year, 1, zone); }

int64_t start_of_month(int year, unsigned month, const Zone& zone) {
    return zone.to_utc(days_from_civil({year, month, 1}) * seconds_per_day);
}

}  // namespace loyalty::core
