#pragma once
// The member's own points page (GET /c/{token}): one small HTML document in Vietnamese for a phone,
// no script, no sign-in; the unguessable token in its URL is the only credential. It also offers the
// shop's games the member can play now, each as a plain form (docs/games.md, "On the member's page").
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"

namespace loyalty::server {

// A game the member can play now, with the idempotency key its form carries: drawn when the page is
// rendered, so a double submit or a resubmitted form plays once.
struct PageGame {
    const core::Game* game = nullptr;  // in the page's program
    core::GameStatus status;
    std::string idempotency_key;
};

// One of the member's own plays, shown after the play's redirect; `grant` when the prize was a reward.
struct PagePlay {
    core::GamePlay play;
    std::optional<core::Grant> grant;
};

// What the page shows beside core::MemberPage.
struct PageExtras {
    std::string token;  // the page's own, for the forms' actions
    std::vector<PageGame> games;
    std::optional<PagePlay> result;
    std::string notice;  // a refusal to show first, in Vietnamese
};

std::string render_member_page(const core::MemberPage& page, int64_t now, const PageExtras& extras = {});
// What a link that is unknown or was rotated away shows (with 404).
std::string render_missing_page();
// A page of one message: a refused request to a member's route.
std::string render_message_page(const std::string& title, const std::string& text);

}  // namespace loyalty::server
