#pragma once
// Where one resource's walk through a platform listing stands, kept as the link's cursor text so a
// backfill killed at any point resumes at the page it was on. Pages are fetched by number over a
// fixed `since`; objects that move between pages while the walk runs are caught by the next walk,
// which starts from when this one started (less a margin), and applying an object twice is harmless.
#include <cstdint>
#include <string>

namespace loyalty::apps {

struct WalkCursor {
    int64_t since = 0;    // unix seconds: objects changed at or after this
    int page = 0;         // the next page to fetch, from 1; 0: no walk under way
    int64_t started = 0;  // when the walk under way began

    bool walking() const { return page > 0; }
    std::string text() const;
    // "" is a resource never walked: everything since `history_start`. Unreadable text throws
    // core::Error(internal): the cursor is ours, so that is a bug or a damaged row, not user input.
    static WalkCursor parse(const std::string& text, int64_t history_start = 0);

    // Starts a walk from `since`, at `now`.
    static WalkCursor begin(int64_t since, int64_t now) { return {since, 1, now}; }
    // The walk is over: the next one starts where this one began, less `margin` for clocks and
    // objects written while it ran.
    WalkCursor finished(int64_t margin) const { return {started > margin ? started - margin : 0, 0, 0}; }
};

}  // namespace loyalty::apps
