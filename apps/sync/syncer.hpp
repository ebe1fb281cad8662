#pragma once
// Backfill and reconciliation of one shop's platform, one page at a time: each page's objects go
// through connectors::deliver_pulled (the webhooks' own idempotent path), then the link's cursor
// and counts move in one write. Killed between any two steps, a walk resumes at its page; a page
// applied twice credits nothing twice.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "domain/platform_link.hpp"
#include "platform_api.hpp"

namespace loyalty::core {
class Engine;
}

namespace loyalty::apps {

enum class SyncMode { backfill, reconcile };

struct SyncSettings {
    int64_t reconcile_interval = 900;  // seconds between reconciliations of a live link
    int64_t margin = 300;              // a walk restarts this much before the previous one began
    int64_t history_start = 0;         // a backfill without `since` starts here (unix seconds)
};

// Starts a walk of every resource of the link from `since` (absent: a backfill from
// `settings.history_start`, a reconciliation from where the last walk began). A backfill resets the
// counts and moves the link to backfilling; `history` absent keeps the link's. Needs no platform
// call, so the admin API and loyaltyctl can start one; the workers take it from there. Throws
// not_found without a link, conflict for a disconnected one, invalid_argument for a bad `since`.
core::PlatformLink start_walk(core::Engine& engine, const std::string& shop_id, const std::string& platform,
                              SyncMode mode, std::optional<int64_t> since, std::optional<core::HistoryMode> history,
                              const SyncSettings& settings, int64_t now);

// Makes the API object for a link (its token opened from the link's credentials).
using ApiFactory = std::function<std::unique_ptr<PlatformApi>(const core::PlatformLink&)>;

class Syncer {
public:
    Syncer(core::Engine& engine, ApiFactory api_for, SyncSettings settings, std::function<int64_t()> clock);

    // start_walk at the syncer's clock and settings.
    core::PlatformLink start(const std::string& shop_id, const std::string& platform, SyncMode mode,
                             std::optional<int64_t> since, std::optional<core::HistoryMode> history = std::nullopt);

    // Whether the link has work now: a walk under way, or a live link due for reconciliation.
    bool due(const core::PlatformLink& link, int64_t now) const;

    // One page of the link's work (starting a reconciliation when one is due). Returns true when more
    // is waiting. A platform that refuses the token, or to renew it, marks the link disconnected;
    // other failures are recorded as the link's last_error (its state and cursors unchanged) and
    // rethrown, for the caller to try again later; the next step that succeeds clears it.
    bool step(const std::string& shop_id, const std::string& platform);

private:
    core::Engine& engine_;
    ApiFactory api_for_;
    SyncSettings settings_;
    std::function<int64_t()> clock_;
};

}  // namespace loyalty::apps
