#pragma once
// Whether a member's customer group is one a rule, reward or program is for.
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

// `allowed` empty admits everyone. A member in several groups (KiotViet sends them joined by '|')
// is admitted when any of them is allowed.
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

}  // namespace loyalty::core
