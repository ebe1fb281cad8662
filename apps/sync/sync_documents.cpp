#include "sync_documents.hpp"

#include <boost/json.hpp>

#include "engine.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

json::value optional_int(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

// The state as the owner reads it: a link whose last step failed shows "error" until one succeeds.
std::string shown_state(const core::PlatformLink& l) {
    if (l.state != core::LinkState::disconnected && l.last_error) return "error";
    return std::string(core::to_string(l.state));
}

json::object link_status(core::Engine& engine, const core::PlatformLink& l) {
    auto jobs = engine.job_counts(l.shop_id, l.platform);
    json::object o{{"state", shown_state(l)},
                   {"account", l.account},
                   {"history", std::string(core::to_string(l.history))},
                   {"customers", json::object{{"done", l.counts.customers_done}, {"total", optional_int(l.counts.customers_total)}}},
                   {"orders", json::object{{"done", l.counts.orders_done}, {"total", optional_int(l.counts.orders_total)}}},
                   {"last_reconciled_at", optional_int(l.last_reconciled_at)},
                   {"last_error", l.last_error ? json::value(*l.last_error) : json::value(nullptr)}};
    // Writes to the platform (tags, discount codes) that failed for good stay listed until retried.
    core::JobQuery q;
    q.status = core::JobStatus::failed;
    q.limit = 5;
    q.platform = l.platform;
    json::array failed;
    for (const auto& j : engine.jobs(l.shop_id, q).jobs)
        failed.push_back(json::object{{"job_id", j.job_id}, {"kind", j.kind},
                                      {"error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)}});
    o["writes"] = json::object{{"pending", jobs.pending}, {"done", jobs.done}, {"failed", jobs.failed},
                               {"recent_failures", failed}};
    return o;
}

}  // namespace

json::object shops_document(core::Engine& engine) {
    json::array out;
    for (const auto& shop : engine.all_shops()) {
        json::array connections;
        for (const auto& c : shop->connections) {
            auto link = engine.platform_link(shop->shop_id, c.platform);
            // A connection written by hand has no link: it receives webhooks and nothing more.
            connections.push_back(json::object{
                {"platform", c.platform},
                {"state", link ? shown_state(*link) : std::string("manual")},
                {"account", link ? json::value(link->account) : json::value(nullptr)},
                {"last_error", link && link->last_error ? json::value(*link->last_error) : json::value(nullptr)}});
        }
        out.push_back(json::object{{"shop_id", shop->shop_id}, {"connections", connections}});
    }
    return {{"shops", out}};
}

json::object sync_status_document(core::Engine& engine, const std::string& shop_id) {
    engine.shop(shop_id);  // not_found for an unknown shop
    json::object platforms;
    for (const auto& l : engine.platform_links(shop_id)) platforms[l.platform] = link_status(engine, l);
    return {{"shop_id", shop_id}, {"platforms", platforms}};
}

json::object start_sync_document(core::Engine& engine, const std::string& shop_id, const json::object& request,
                                 const SyncSettings& settings, int64_t now) {
    using namespace documents;
    reject_unknown(request, {"platform", "mode", "since", "history"}, "the body");
    std::string platform = require_string(request, "platform", "the body");
    std::string mode = get_string(request, "mode", "the body").value_or("reconcile");
    if (mode != "backfill" && mode != "reconcile")
        core::fail(core::Status::invalid_argument, "mode must be \"backfill\" or \"reconcile\"");
    auto shop = engine.shop(shop_id);
    std::optional<int64_t> since;
    if (auto text = get_string(request, "since", "the body")) {
        since = core::parse_timestamp(*text, *shop->zone);
        if (!since) core::fail(core::Status::invalid_argument, "since must be a date (2026-01-31) or a time with its zone");
    }
    std::optional<core::HistoryMode> history;
    if (auto text = get_string(request, "history", "the body")) {
        history = core::history_mode_from(*text);
        if (!history) core::fail(core::Status::invalid_argument, "history must be \"points\" or \"spend_only\"");
        if (mode != "backfill") core::fail(core::Status::invalid_argument, "history applies to a backfill only");
    }
    start_walk(engine, shop_id, platform, mode == "backfill" ? SyncMode::backfill : SyncMode::reconcile, since, history,
               settings, now);
    return sync_status_document(engine, shop_id);
}

}  // namespace loyalty::apps
