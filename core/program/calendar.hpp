#pragma once
// The shop's calendar: tier windows, reviews, expiry dates, pending periods and birthdays are all
// counted in local dates, not in UTC seconds.
#include <cstdint>

#include "util/timestamp.hpp"

namespace loyalty::core {

class Zone;

CivilDate local_date(int64_t t, const Zone& zone);
// `t` moved by whole local months, keeping the wall time; the day is clamped to the month's length.
int64_t add_months(int64_t t, int64_t months, const Zone& zone);
int64_t add_days(int64_t t, int64_t days, const Zone& zone);
int64_t start_of_year(int year, const Zone& zone);
int64_t start_of_month(int year, unsigned month, const Zone& zone);

}  // namespace loyalty::core
