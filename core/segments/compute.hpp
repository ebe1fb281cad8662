#pragma once
// The maintenance step that scores every live member of a shop (docs/program.md, "Segments").
#include <cstdint>

#include "engine.hpp"

namespace loyalty::core {

// Members per transaction, in both passes.
inline constexpr int rfm_page_size = 1000;

// Scores the shop's members unless that was done on the local day of `now` already: a read-only
// pass takes the quintiles' thresholds, then pages of members are scored and written, a page per
// write transaction, and the run recorded last (a run cut short is done again in full next time).
// Returns how many members were scored, or nothing when today's run was done.
std::optional<int64_t> compute_segments(Store& store, const ShopProgram& p, int64_t now, int page_size = rfm_page_size);

}  // namespace loyalty::core
