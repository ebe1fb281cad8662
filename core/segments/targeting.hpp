#pragma once
// What a rule, reward or campaign listing RFM segments reads of a member (docs/program.md,
// "Segments"): the segment as last computed, "" for a member never scored, which no list names.
#include <string>

#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

inline std::string member_segment(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    if (member_id.empty()) return {};
    auto rfm = tx.member_rfm(shop_id, member_id);
    return rfm ? rfm->segment : std::string();
}

// As member_segment, read only when one of the program's earning rules lists segments: the store is
// asked nothing more per order otherwise.
inline std::string segment_for_rules(Transaction& tx, const ShopProgram& p, const std::string& member_id) {
    for (const EarnRule& r : p.rules)
        if (!r.segments.empty()) return member_segment(tx, p.shop_id, member_id);
    return {};
}

}  // namespace loyalty::core
