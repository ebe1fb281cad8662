#include "syncer.hpp"

#include "api_failure.hpp"
#include "deliver.hpp"
#include "engine.hpp"
#include "util/error.hpp"
#include "walk_cursor.hpp"

namespace loyalty::apps {
namespace {

std::string& cursor_of(core::SyncCursors& c, Resource r) {
    switch (r) {
        case Resource::customers: return c.customers;
        case Resource::orders: return c.orders;
        case Resource::returns: return c.returns;
    }
    return c.orders;
}

core::PlatformLink require_link(core::Engine& engine, const std::string& shop_id, const std::string& platform) {
    auto link = engine.platform_link(shop_id, platform);
    if (!link) core::fail(core::Status::not_found, "shop \"" + shop_id + "\" is not connected to " + platform);
    return *link;
}

}  // namespace

Syncer::Syncer(core::Engine& engine, ApiFactory api_for, SyncSettings settings, std::function<int64_t()> clock)
    : engine_(engine), api_for_(std::move(api_for)), settings_(settings), clock_(std::move(clock)) {}

core::PlatformLink start_walk(core::Engine& engine, const std::string& shop_id, const std::string& platform,
                              SyncMode mode, std::optional<int64_t> since, std::optional<core::HistoryMode> history,
                              const SyncSettings& settings, int64_t now) {
    core::PlatformLink link = require_link(engine, shop_id, platform);
    if (link.state == core::LinkState::disconnected)
        core::fail(core::Status::conflict, "shop \"" + shop_id + "\" is disconnected from " + platform +
                                               ": install the app again first");
    if (since && *since < 0) core::fail(core::Status::invalid_argument, "since must not be before 1970");
    for (Resource r : resources_of(platform)) {
        std::string& text = cursor_of(link.cursors, r);
        WalkCursor c = WalkCursor::parse(text, settings.history_start);
        int64_t from = since ? *since : mode == SyncMode::backfill ? settings.history_start : c.since;
        text = WalkCursor::begin(from, now).text();
    }
    if (mode == SyncMode::backfill) {
        link.counts = {};
        link.state = core::LinkState::backfilling;
        if (history) link.history = *history;
    }
    link.last_error.reset();
    return engine.put_platform_link(link);
}

core::PlatformLink Syncer::start(const std::string& shop_id, const std::string& platform, SyncMode mode,
                                 std::optional<int64_t> since, std::optional<core::HistoryMode> history) {
    return start_walk(engine_, shop_id, platform, mode, since, history, settings_, clock_());
}

bool Syncer::due(const core::PlatformLink& link, int64_t now) const {
    if (link.state == core::LinkState::disconnected || link.state == core::LinkState::connecting) return false;
    for (const std::string* text : {&link.cursors.customers, &link.cursors.orders, &link.cursors.returns})
        if (WalkCursor::parse(*text, settings_.history_start).walking()) return true;
    if (link.state != core::LinkState::live) return false;
    return !link.last_reconciled_at || now - *link.last_reconciled_at >= settings_.reconcile_interval;
}

bool Syncer::step(const std::string& shop_id, const std::string& platform) {
    core::PlatformLink link = require_link(engine_, shop_id, platform);
    int64_t now = clock_();
    if (!due(link, now)) return false;
    try {
        auto api = api_for_(link);
        auto resources = resources_of(platform);
        Resource walking = Resource::customers;
        bool any = false;
        for (Resource r : resources) {
            if (WalkCursor::parse(cursor_of(link.cursors, r), settings_.history_start).walking()) {
                walking = r;
                any = true;
                break;
            }
        }
        if (!any) {
            // A live link due for reconciliation: walk again from where the last walk began.
            link = start(shop_id, platform, SyncMode::reconcile, std::nullopt);
            walking = resources.front();
        }
        bool backfill = link.state == core::LinkState::backfilling;
        WalkCursor c = WalkCursor::parse(cursor_of(link.cursors, walking), settings_.history_start);
        core::SyncProgress progress{link.cursors, link.counts};
        if (backfill && c.page == 1 && walking != Resource::returns) {
            auto total = api->count(walking, c.since);
            (walking == Resource::customers ? progress.counts.customers_total : progress.counts.orders_total) = total;
        }
        Page page = api->list(walking, c.since, c.page);
        // A backfill in spend_only mode brings the shop's past without points; reconciliation is live.
        const bool history = backfill && link.history == core::HistoryMode::spend_only;
        // The page in one transaction: one durable commit for its objects instead of one each.
        connectors::deliver_pulled(engine_, shop_id, platform, page.objects, history);
        if (backfill && walking != Resource::returns) {
            int64_t& done = walking == Resource::customers ? progress.counts.customers_done : progress.counts.orders_done;
            done += static_cast<int64_t>(page.objects.size());
            // The platform's count was taken at the start; the walk may find more than it said.
            auto& total = walking == Resource::customers ? progress.counts.customers_total : progress.counts.orders_total;
            if (total && *total < done) total = done;
        }
        WalkCursor next = page.more ? WalkCursor{c.since, c.page + 1, c.started} : c.finished(settings_.margin);
        cursor_of(progress.cursors, walking) = next.text();
        bool more = false;
        for (Resource r : resources)
            more = more || WalkCursor::parse(cursor_of(progress.cursors, r), settings_.history_start).walking();
        link = engine_.update_sync_progress(shop_id, platform, progress, more ? std::nullopt : std::optional(now));
        if (!more && link.state != core::LinkState::live) engine_.set_link_state(shop_id, platform, core::LinkState::live);
        else if (link.last_error) engine_.set_link_state(shop_id, platform, link.state);
        return more;
    } catch (const std::exception& e) {
        if (access_refused(e)) {
            engine_.set_link_state(shop_id, platform, core::LinkState::disconnected,
                                   "the shop revoked loyalty's access: " + std::string(e.what()));
            return false;
        }
        // The walk stays where it was and is tried again; the status shows the error until a step
        // succeeds. A store that fails cannot record it either: the caller backs off.
        const auto* core_error = dynamic_cast<const core::Error*>(&e);
        if (!core_error || core_error->status() != core::Status::storage)
            engine_.set_link_state(shop_id, platform, link.state, e.what());
        throw;
    }
}

}  // namespace loyalty::apps
