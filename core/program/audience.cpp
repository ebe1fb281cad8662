#include "program/audience.hpp"

#include "program/eligibility.hpp"
#include "program/tier_status.hpp"
#include "segments/targeting.hpp"

namespace loyalty::core {

std::string audience_refusal(Transaction& tx, const ShopProgram& p, const Audience& a, const Member& m,
                             const std::string& what) {
    if (p.tiers && !a.tiers.empty()) {
        const std::string& held = p.tiers->levels[held_level(*p.tiers, m.tier)].name;
        if (!listed(a.tiers, held)) return what + " is not for tier \"" + held + "\"";
    }
    if (!in_groups(a.groups, m.group)) return what + " is not for customer group \"" + m.group + "\"";
    if (!a.segments.empty()) {
        const std::string segment = member_segment(tx, p.shop_id, m.member_id);
        if (!listed(a.segments, segment))
            return what + " is not for " +
                   (segment.empty() ? std::string("a member not yet in a segment") : "segment \"" + segment + "\"");
    }
    return {};
}

}  // namespace loyalty::core
