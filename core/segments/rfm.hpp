#pragma once
// RFM scoring (docs/program.md, "Segments"): scores 1-5 by quintile within the shop, and the grid
// that names a segment from them. Pure and integer only.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

// Where a value falls among the shop's values, 1 (the lowest fifth) to 5 (the highest). Members
// are ranked 1..N from the lowest value to the highest; members with the same value share the mean
// of their ranks, ā, and score ⌈5·ā/N⌉. Kept as the four smallest values reaching scores 2..5, so
// a value the shop did not have when the thresholds were taken still scores where it falls.
class Quintiles {
public:
    explicit Quintiles(std::vector<int64_t> values);
    int64_t score(int64_t value) const;

private:
    std::array<std::optional<int64_t>, 4> from_;  // from_[i]: the smallest value scoring i + 2 or more
};

// The segments, in the grid's order (best first): their ids as documents and reports spell them.
const std::vector<std::string_view>& segment_ids();
bool is_segment(std::string_view id);
// The segment of recency `r` against fm = ⌊(f + m) / 2⌋, each 1-5.
std::string_view segment_of(int64_t r, int64_t f, int64_t m);

}  // namespace loyalty::core
