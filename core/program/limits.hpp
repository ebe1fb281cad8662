#pragma once
// Caps on program values, so that sums and products of them never overflow an int64. One
// definition for the document reader and the core's own checks.
#include <cstdint>

namespace loyalty::core::limits {

inline constexpr int64_t points = 1000000000;     // per rule, bonus, reward, award or band
inline constexpr int64_t vnd = 1000000000000000;  // 10^15 VND: far above any order
inline constexpr int64_t count = 1000000000;      // units, stock, ranks

}  // namespace loyalty::core::limits
