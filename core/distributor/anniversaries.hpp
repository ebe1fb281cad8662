#pragma once
// Anniversary programs (docs/distributor.md, "Anniversaries"): which anniversary a member has
// reached, whether it is due for an award, granting it once, and the year's anniversaries as standings.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

class Zone;

// Local midnight starting the day of the `n`-th anniversary of `start`: the same local date `n`
// years later, where a 29 February falls on 28 February in a year that has none.
int64_t anniversary_day(int64_t start, int64_t n, const Zone& zone);
// How many anniversaries of `start` have been reached by `t`; 0 before the first.
int64_t anniversaries_reached(int64_t start, int64_t t, const Zone& zone);
// Whether `min_years` anniversaries of the member's first paid order fall before `until`.
bool has_years(const MemberStart& m, int64_t min_years, int64_t until, const Zone& zone);

struct AnniversaryDue {
    std::string member_id;
    int64_t number = 0;  // the anniversary: 1, 2, …
    int64_t day = 0;     // local midnight starting its day
    int64_t spend = 0;   // net spend in the 12 months before the day
};

// The member's anniversary due for an award at `now`, if any: the last one reached, listed by the
// program, open to the member's group, with the past year's spend, not yet granted (`granted`
// holds the program's markers, or the member's).
std::optional<AnniversaryDue> anniversary_due(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a,
                                              const MemberStart& m, int64_t now,
                                              const std::vector<MemberMarker>& granted);
// The once-only marker of one anniversary of one program.
std::string anniversary_marker(const AnniversaryProgram& a, int64_t number);
// Pays the award in `tx` unless its marker is there already; returns whether it paid.
bool grant_anniversary(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a, const AnniversaryDue& d,
                       int64_t now);
// The members whose listed anniversary falls in `period` (a year), with what it gives: `times` is
// the anniversary, `reached_at` its day, `spend` the past year's; `member_id` empty: every member.
std::vector<Standing> anniversary_standings(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a,
                                            const Period& period, const std::string& member_id);

}  // namespace loyalty::core
