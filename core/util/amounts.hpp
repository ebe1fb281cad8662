#pragma once
// The one range of money (VND) and points: |value| <= 10^15. Every entry (the ABI, the HTTP API,
// each connector, program documents) refuses a value outside it, and every sum the core stores is
// checked against it, so no balance, spend or total can wrap or reach a range a later sum would
// overflow. 10^15 VND is about 40 billion USD: no order, balance or shop comes near it, and
// sums of thousands of in-range values still fit an int64 with room to spare.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace loyalty::core {

inline constexpr int64_t max_amount = 1'000'000'000'000'000;  // 10^15

inline bool in_range(int64_t v) { return v >= -max_amount && v <= max_amount; }

// Refuses `v` (invalid_argument naming `field`) outside [-10^15, 10^15].
inline int64_t require_in_range(int64_t v, std::string_view field) {
    if (!in_range(v))
        fail(Status::invalid_argument,
             std::string(field) + " is " + std::to_string(v) + ", outside the range -10^15..10^15");
    return v;
}

// a + b, refused (invalid_argument naming `field`) when the result leaves the range. Both operands
// are in range or come from stored values that are, so the int64 sum itself cannot wrap; the
// builtin still checks in case one is not.
inline int64_t add_in_range(int64_t a, int64_t b, std::string_view field) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum) || !in_range(sum))
        fail(Status::invalid_argument, std::string(field) + " would be " + std::to_string(a) + " + " +
                                           std::to_string(b) + ", outside the range -10^15..10^15");
    return sum;
}

}  // namespace loyalty::core
