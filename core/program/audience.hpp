#pragma once
// Who a reward or a game is for: its tiers, customer groups and RFM segments (docs/program.md,
// "Segments"); an empty list admits everyone. One check, so rewards and games cannot disagree.
#include <string>
#include <vector>

#include "domain/member.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

struct Audience {
    const std::vector<std::string>& tiers;
    const std::vector<std::string>& groups;
    const std::vector<std::string>& segments;
};

// Why `what` (e.g. `reward "tea"`) is not for the member, or "" when it is. The segment is read only
// when the audience lists segments.
std::string audience_refusal(Transaction& tx, const ShopProgram& p, const Audience& a, const Member& m,
                             const std::string& what);

}  // namespace loyalty::core
