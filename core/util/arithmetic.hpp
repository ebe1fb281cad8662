#pragma once
// Shares of VND amounts and points, rounded down, without overflow: a product of two amounts (or of
// an amount and a percentage) can pass 2^63 before it is divided.
#include <cstdint>

namespace loyalty::core {

__extension__ typedef __int128 wide_int;  // GCC and Clang both have it; -Wpedantic needs telling

// floor(value × part / whole); 0 when `whole` is not positive.
inline int64_t scaled(int64_t value, int64_t part, int64_t whole) {
    if (whole <= 0) return 0;
    return static_cast<int64_t>(wide_int{value} * part / whole);
}

// floor(amount × pct / 100).
inline int64_t percent_of(int64_t amount, int64_t pct) { return scaled(amount, pct, 100); }

}  // namespace loyalty::core
