#pragma once
// Which tier a member holds and when it changes (docs/program.md, "Tiers"): upgrades as soon as an
// order qualifies, reviews (and grace) at review boundaries, manual tiers until their end.
#include <cstdint>
#include <optional>
#include <string>

#include "points_book.hpp"

namespace loyalty::core {

bool manual_active(const TierState& t, int64_t now);
// The level the member holds: the named one, or the first if the name is empty or unknown.
std::size_t held_level(const TierProgram& tiers, const TierState& t);
// The qualifying value (in the basis's unit) the window supports for a time `at`, counting orders
// paid before `end` (a review), or every order from the window's start (at once: an order stamped
// a little ahead by a platform's clock still counts). A calendar-year window takes the better of
// the previous and the current year.
int64_t supported_value(Transaction& tx, const ShopProgram& program, const std::string& member_id, int64_t at,
                        std::optional<int64_t> end);

// Moves the member up if their window at `book.now` supports a higher level; pays upgrade bonuses,
// or with `pay_bonuses` false (history) marks the levels reached so their bonuses are never paid.
void upgrade_if_qualified(Book& book, bool pay_bonuses = true);
// Applies every review boundary the member has not had up to `book.now`, ends a manual tier that
// ran out, then upgrades as above.
void review_tier(Book& book);
// The latest review boundary at or before `t`.
int64_t review_boundary(const ShopProgram& program, int64_t t);
// Puts the member on a level until `until`, whatever the rules say.
void set_manual_tier(Book& book, std::size_t level, int64_t until);

struct TierView {
    std::string name;
    int64_t since = 0;
    std::optional<int64_t> until;
    std::optional<std::string> next;
    int64_t remaining = 0;         // to reach `next`, in the basis's unit
    int64_t qualifying_spend = 0;  // net spend in the current window
};
TierView view_tier(Transaction& tx, const ShopProgram& program, const Member& member, int64_t now);

}  // namespace loyalty::core
