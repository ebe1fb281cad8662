#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::core {

class Zone;

inline constexpr int64_t seconds_per_day = 86400;

// A proleptic Gregorian calendar date. `month` is 1-12 and `day` 1-31.
struct CivilDate {
    int year;
    unsigned month;
    unsigned day;
    bool operator==(const CivilDate&) const = default;
};

// Days since 1970-01-01 (negative before it), and back (Howard Hinnant's algorithms). Defined for
// every valid date with an `int` year; no validation: an impossible date such as Feb 30 counts on
// into the next month.
int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(int64_t days);

bool is_leap_year(int year);
// a / b rounded towards negative infinity (b > 0): the day of an instant before 1970 too.
int64_t floor_div(int64_t a, int64_t b);
unsigned days_in_month(int year, unsigned month);  // 0 for a month outside 1-12

// Parses an ISO 8601 / RFC 3339 style timestamp to unix seconds:
//   YYYY-MM-DD                       local midnight in `zone_for_local`
//   YYYY-MM-DD[T| ]HH:MM:SS[.fff…][zone]
// where a fraction of any length is truncated to whole seconds, and zone is `Z`, `z`, `+HH:MM`,
// `+HHMM`, `+HH` or `+HH:MM:SS` (the last so that format_timestamp's output for historical
// local-mean-time offsets reads back), each also with `-`. Without a zone the time is local in
// `zone_for_local` (see Zone::to_utc for wall times in DST gaps and overlaps). `t` is accepted for
// `T` as RFC 3339 allows. Years 1900-9999; dates, hours 0-23, minutes and seconds 0-59 (leap
// second 60 is refused) and offsets up to 23:59 are validated. Anything else, including trailing
// characters, gives nullopt.
std::optional<int64_t> parse_timestamp(std::string_view text, const Zone& zone_for_local);

// `2024-05-13T14:20:00+07:00`: the wall time in `zone` with that zone's offset at the instant
// (`+00:00` for UTC, never `Z`). An offset with a seconds part (local mean time before ~1900) is
// written `+HH:MM:SS` rather than rounded, so the text still denotes the same instant.
std::string format_timestamp(int64_t utc_seconds, const Zone& zone);

}  // namespace loyalty::core
