#pragma once
// Who and what a rule, reward or program is for: its tiers, its customer groups, its SKUs and
// categories. One set of answers, so earning rules, rewards and programs cannot disagree.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

// `allowed` empty admits every value.
inline bool listed(const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// As `listed`, for a member's customer group. A member in several groups (KiotViet sends them
// joined by '|') is admitted when any of them is allowed.
inline bool in_groups(const std::vector<std::string>& allowed, std::string_view member_group) {
    if (allowed.empty()) return true;
    for (;;) {
        std::size_t bar = member_group.find('|');
        std::string_view one = member_group.substr(0, bar);
        for (const auto& a : allowed)
            if (!one.empty() && a == one) return true;
        if (bar == std::string_view::npos) return false;
        member_group.remove_prefix(bar + 1);
    }
}

// Whether a line names one of the SKUs or one of the categories; an empty SKU or category names none.
inline bool names_line(const std::vector<std::string>& skus, const std::vector<std::string>& categories,
                       const std::string& sku, const std::string& category) {
    auto has = [](const std::vector<std::string>& list, const std::string& v) {
        return !v.empty() && std::find(list.begin(), list.end(), v) != list.end();
    };
    return has(skus, sku) || has(categories, category);
}

}  // namespace loyalty::core
