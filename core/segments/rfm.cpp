#include "segments/rfm.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace loyalty::core {

Quintiles::Quintiles(std::vector<int64_t> values) {
    std::sort(values.begin(), values.end());
    const int64_t n = static_cast<int64_t>(values.size());
    for (int64_t below = 0; below < n;) {
        int64_t end = below;
        while (end < n && values[static_cast<std::size_t>(end)] == values[static_cast<std::size_t>(below)]) ++end;
        const int64_t equal = end - below;
        // ā = below + (equal + 1) / 2, so ⌈5·ā/N⌉ = ⌈5·(2·below + equal + 1) / 2N⌉ in whole numbers.
        const int64_t score = (5 * (2 * below + equal + 1) + 2 * n - 1) / (2 * n);
        for (int64_t s = 2; s <= score; ++s) {
            auto& from = from_[static_cast<std::size_t>(s - 2)];
            if (!from) from = values[static_cast<std::size_t>(below)];
        }
        below = end;
    }
}

int64_t Quintiles::score(int64_t value) const {
    int64_t s = 1;
    for (const auto& from : from_)
        if (from && value >= *from) ++s;
    return s;
}

const std::vector<std::string_view>& segment_ids() {
    static const std::vector<std::string_view> ids{
        "champions", "loyal",          "potential_loyalist", "new_customers", "promising", "need_attention",
        "about_to_sleep", "at_risk",   "cant_lose",          "hibernating",   "lost"};
    return ids;
}

bool is_segment(std::string_view id) {
    const auto& ids = segment_ids();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string_view segment_of(int64_t r, int64_t f, int64_t m) {
    if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5) fail(Status::internal, "an RFM score outside 1-5");
    // Rows are recency 5 down to 1, columns fm 1 to 5: the widely used R×FM map, with its
    // lowest corner (long gone, little bought) told apart as lost.
    static constexpr std::string_view grid[5][5] = {
        {"new_customers", "potential_loyalist", "potential_loyalist", "champions", "champions"},
        {"promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"},
        {"about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"},
        {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},
        {"lost", "lost", "at_risk", "at_risk", "cant_lose"},
    };
    const int64_t fm = (f + m) / 2;
    return grid[5 - r][fm - 1];
}

}  // namespace loyalty::core
