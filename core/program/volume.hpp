#pragma once
// Counting units for volume bonuses (docs/distributor.md, "Volume bonuses"). Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/distributor.hpp"
#include "domain/order.hpp"

namespace loyalty::core {

// The units of a line that count for the program: the line must name one of its SKUs or
// categories; a partly refunded order counts the kept share (spend / locked_amount), rounded down.
int64_t counted_units(const VolumeProgram& v, const std::string& sku, const std::string& category, int64_t quantity,
                      int64_t spend, int64_t locked_amount);
// The units of a whole basket that count, as first paid.
int64_t basket_units(const VolumeProgram& v, const std::vector<OrderLine>& lines);
// How many times `units` earns the program's award.
int64_t times_earned(const VolumeProgram& v, int64_t units);
// The units at which the award is earned (again); none once a one-time award is earned.
std::optional<int64_t> next_volume_threshold(const VolumeProgram& v, int64_t units);

}  // namespace loyalty::core
