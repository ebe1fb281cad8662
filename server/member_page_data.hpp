#pragma once
// What the member's page asks the engine for beside core::MemberPage: the games the member can play
// now, and one of their own plays to show.
#include <optional>
#include <vector>

#include "member_page.hpp"

namespace loyalty::server {

// The page's games whose status has no refusal (open, for the member, a prize left, a play earned or
// the points for one), each with a fresh idempotency key for its form.
std::vector<PageGame> playable_games(core::Engine& engine, const core::MemberPage& page);
// The member's play `play_id`, with its grant; nullopt when it is not theirs or does not exist, so a
// page cannot show another member's play by changing the number.
std::optional<PagePlay> own_play(core::Engine& engine, const core::MemberPage& page, int64_t play_id);

}  // namespace loyalty::server
