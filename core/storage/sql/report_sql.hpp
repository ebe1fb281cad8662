#pragma once
// The pieces the analytics queries share (docs/program.md, "Reports"), so that each definition is
// written once: which orders are paid, which entry kinds are earned and redeemed, and the window's
// months as a table.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace loyalty::core::sql {

// A paid order: in a state that earns (order_ledger.cpp's earns()), so a pending, cancelled or
// fully refunded one is not. Orders move to the survivor of a merge, so their member is live.
#define LOYALTY_PAID_ORDER(o) o ".status IN ('paid', 'partially_refunded')"

// An entry's points, available and pending alike.
#define LOYALTY_ENTRY_POINTS(e) "(" e ".available_delta + " e ".pending_delta)"
// Earned: what orders, bonuses and prizes credited, net of what refunds and cancellations took
// back. Redeemed: points spent on claims, games and checkout, net of what voids and returns gave
// back, as a positive number. Release and merge entries only move points between buckets and
// members: the shop's total does not change, so they are neither.
#define LOYALTY_EARNED(e) \
    "CASE WHEN " e ".kind IN ('earn', 'bonus', 'reverse') THEN " LOYALTY_ENTRY_POINTS(e) " ELSE 0 END"
#define LOYALTY_REDEEMED(e) \
    "CASE WHEN " e ".kind IN ('redeem', 'return') THEN -" LOYALTY_ENTRY_POINTS(e) " ELSE 0 END"
#define LOYALTY_OF_KIND(e, kind, sign) \
    "CASE WHEN " e ".kind = '" kind "' THEN " sign LOYALTY_ENTRY_POINTS(e) " ELSE 0 END"

// months (i, start_at, end_at): the window's months, numbered from 0, out of the text parameter
// `bounds` (month_bounds below) and the parameter `count` that says how many there are. A common
// table expression, for a query that starts WITH RECURSIVE.
#define LOYALTY_MONTHS(bounds, count)                                                                          \
    "months (i, start_at, end_at) AS (SELECT 0, CAST(substr(" bounds "::text, 1, 20) AS bigint), "             \
    "CAST(substr(" bounds "::text, 21, 20) AS bigint) "                                                        \
    "UNION ALL SELECT i + 1, end_at, CAST(substr(" bounds "::text, (i + 2) * 20 + 1, 20) AS bigint) "          \
    "FROM months WHERE i + 1 < " count "::bigint)"

// Fixed-width numbers, 20 characters each with their sign, that both backends cast back: the
// months' bounds travel as one parameter whatever their number, and each query stays one text.
inline std::string month_bounds(const std::vector<int64_t>& bounds) {
    std::string out;
    char cell[32];
    for (int64_t b : bounds) {
        std::snprintf(cell, sizeof cell, "%+020lld", static_cast<long long>(b));
        out += cell;
    }
    return out;
}

inline int64_t month_count(const std::vector<int64_t>& bounds) { return static_cast<int64_t>(bounds.size()) - 1; }

}  // namespace loyalty::core::sql
