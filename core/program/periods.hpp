#pragma once
// Calendar periods of the shop's zone that distributor programs count and settle by.
#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/distributor.hpp"

namespace loyalty::core {

class Zone;

std::string_view to_string(PeriodKind k);
std::optional<PeriodKind> period_kind_from(std::string_view s);

// The month, quarter or year holding `t`; `kind` must not be PeriodKind::order.
Period period_at(PeriodKind kind, int64_t t, const Zone& zone);
// The period just before `p`, of the same kind.
Period period_before(const Period& p, const Zone& zone);
// "2026" (a year), "2026-Q4" (a quarter) or "2026-11" (a month); nullopt for anything else.
std::optional<Period> parse_period(std::string_view key, const Zone& zone);

}  // namespace loyalty::core
