#include "walk_cursor.hpp"

#include <charconv>

#include "util/error.hpp"

namespace loyalty::apps {

std::string WalkCursor::text() const {
    return std::to_string(since) + ":" + std::to_string(page) + ":" + std::to_string(started);
}

WalkCursor WalkCursor::parse(const std::string& text, int64_t history_start) {
    if (text.empty()) return {history_start, 0, 0};
    WalkCursor c;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    auto field = [&](auto& out, bool last) {
        auto [next, ec] = std::from_chars(p, end, out);
        bool ok = ec == std::errc() && out >= 0 && (last ? next == end : next != end && *next == ':');
        if (!ok) core::fail(core::Status::internal, "sync cursor \"" + text + "\" is damaged");
        p = last ? next : next + 1;
    };
    field(c.since, false);
    field(c.page, false);
    field(c.started, true);
    return c;
}

}  // namespace loyalty::apps
