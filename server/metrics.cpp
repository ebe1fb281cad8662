#include "metrics.hpp"

#include "process_metrics.hpp"

#include <cstdio>

namespace loyalty::server {

std::string_view route_name(Route r) {
    switch (r) {
        case Route::webhook: return "/webhooks/{platform}/{shop_id}";
        case Route::haravan_handshake: return "/webhooks/haravan/{shop_id} (handshake)";
        case Route::healthz: return "/healthz";
        case Route::metrics: return "/metrics";
        case Route::member_lookup: return "/api/v1/shops/{shop}/members";
        case Route::member: return "/api/v1/shops/{shop}/members/{id}";
        case Route::transactions: return "/api/v1/shops/{shop}/members/{id}/transactions";
        case Route::redemptions: return "/api/v1/shops/{shop}/members/{id}/redemptions";
        case Route::adjustments: return "/api/v1/shops/{shop}/members/{id}/adjustments";
        case Route::tier: return "/api/v1/shops/{shop}/members/{id}/tier";
        case Route::group: return "/api/v1/shops/{shop}/members/{id}/group";
        case Route::quote: return "/api/v1/shops/{shop}/quote";
        case Route::reward_claim: return "/api/v1/shops/{shop}/rewards/claim";
        case Route::grants: return "/api/v1/shops/{shop}/grants";
        case Route::grant_use: return "/api/v1/shops/{shop}/grants/use";
        case Route::grant_void: return "/api/v1/shops/{shop}/grants/void";
        case Route::checkout_pay: return "/api/v1/shops/{shop}/checkout/pay";
        case Route::period_settle: return "/api/v1/shops/{shop}/periods/settle";
        case Route::leaderboard: return "/api/v1/shops/{shop}/programs/{program_id}/leaderboard";
        case Route::shop: return "/api/v1/shops/{shop}";
        case Route::quarantine_list: return "/api/v1/quarantine";
        case Route::quarantine_replay: return "/api/v1/quarantine/{id}/replay";
        case Route::quarantine_dismiss: return "/api/v1/quarantine/{id}/dismiss";
        case Route::shops: return "/api/v1/shops";
        case Route::shop_sync: return "/api/v1/shops/{shop}/sync";
        case Route::kiotviet_connect: return "/api/v1/shops/{shop}/connections/kiotviet";
        case Route::install_link: return "/api/v1/shops/{shop}/install_links";
        case Route::app_install: return "/apps/{platform}/install";
        case Route::app_callback: return "/apps/{platform}/callback";
        case Route::app_installed: return "/apps/installed";
        case Route::admin_page: return "/admin/";
        case Route::admin_asset: return "/admin/{file}";
        case Route::admin_login: return "/admin/api/login";
        case Route::admin_session: return "/admin/api/session";
        case Route::admin_logout: return "/admin/api/logout";
        case Route::overview: return "/api/v1/shops/{shop}/overview";
        case Route::directory: return "/api/v1/shops/{shop}/directory";
        case Route::directory_csv: return "/api/v1/shops/{shop}/directory.csv";
        case Route::segment_report: return "/api/v1/shops/{shop}/reports/segments";
        case Route::cohort_report: return "/api/v1/shops/{shop}/reports/cohorts";
        case Route::repeat_purchase_report: return "/api/v1/shops/{shop}/reports/repeat-purchase";
        case Route::liability_report: return "/api/v1/shops/{shop}/reports/liability";
        case Route::reward_report: return "/api/v1/shops/{shop}/reports/rewards";
        case Route::tier_report: return "/api/v1/shops/{shop}/reports/tiers";
        case Route::audit: return "/api/v1/shops/{shop}/audit";
        case Route::staff: return "/api/v1/shops/{shop}/staff";
        case Route::staff_member: return "/api/v1/shops/{shop}/staff/{username}";
        case Route::staff_password: return "/api/v1/shops/{shop}/staff/{username}/password";
        case Route::events: return "/api/v1/shops/{shop}/events";
        case Route::event_replay: return "/api/v1/shops/{shop}/events/{id}/replay";
        case Route::events_replay: return "/api/v1/shops/{shop}/events/replay";
        case Route::campaigns: return "/api/v1/shops/{shop}/campaigns";
        case Route::campaign: return "/api/v1/shops/{shop}/campaigns/{campaign}";
        case Route::messages: return "/api/v1/shops/{shop}/messages";
        case Route::game: return "/api/v1/shops/{shop}/games/{game}";
        case Route::plays: return "/api/v1/shops/{shop}/games/{game}/plays";
        case Route::member_link: return "/api/v1/shops/{shop}/members/{id}/link";
        case Route::member_link_rotate: return "/api/v1/shops/{shop}/members/{id}/link/rotate";
        case Route::member_export: return "/api/v1/shops/{shop}/members/{id}/export";
        case Route::member_erase: return "/api/v1/shops/{shop}/members/{id}/erase";
        case Route::member_page: return "/c/{token}";
        case Route::member_play: return "/c/{token}/games/{game_id}/plays";
        case Route::unknown:
        case Route::count_: break;
    }
    return "unknown";
}

void Metrics::request(Route route, unsigned status, std::chrono::microseconds latency) {
    auto r = static_cast<std::size_t>(route);
    std::size_t s = statuses.size() - 1;  // "other"
    for (std::size_t i = 0; i + 1 < statuses.size(); ++i)
        if (statuses[i] == status) s = i;
    requests_[r][s].fetch_add(1, std::memory_order_relaxed);
    double seconds = static_cast<double>(latency.count()) / 1e6;
    std::size_t b = 0;
    while (b < buckets.size() && seconds > buckets[b]) ++b;
    latency_[r][b].fetch_add(1, std::memory_order_relaxed);
    latency_sum_us_[r].fetch_add(static_cast<uint64_t>(latency.count()), std::memory_order_relaxed);
}

void Metrics::webhook(std::string_view platform, std::string_view outcome) {
    for (std::size_t p = 0; p < platforms.size(); ++p) {
        if (platforms[p] != platform) continue;
        for (std::size_t o = 0; o < outcomes.size(); ++o)
            if (outcomes[o] == outcome) webhooks_[p][o].fetch_add(1, std::memory_order_relaxed);
    }
}

void Metrics::duplicate_from_memory(std::string_view platform) {
    for (std::size_t p = 0; p < platforms.size(); ++p)
        if (platforms[p] == platform) from_memory_[p].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render() const {
    std::string out;
    char line[256];
    auto add = [&](const char* format, auto... args) {
        std::snprintf(line, sizeof line, format, args...);
        out += line;
    };
    out += "# HELP loyalty_http_requests_total HTTP requests by route and status.\n"
           "# TYPE loyalty_http_requests_total counter\n";
    for (std::size_t r = 0; r < routes; ++r) {
        std::string name(route_name(static_cast<Route>(r)));
        for (std::size_t s = 0; s < statuses.size(); ++s) {
            uint64_t n = requests_[r][s].load(std::memory_order_relaxed);
            if (!n) continue;
            std::string status = statuses[s] ? std::to_string(statuses[s]) : "other";
            add("loyalty_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n", name.c_str(), status.c_str(),
                static_cast<unsigned long long>(n));
        }
    }
    out += "# HELP loyalty_http_request_duration_seconds Time from a request's last byte to its response.\n"
           "# TYPE loyalty_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < routes; ++r) {
        uint64_t total = 0;
        for (const auto& b : latency_[r]) total += b.load(std::memory_order_relaxed);
        if (!total) continue;
        std::string name(route_name(static_cast<Route>(r)));
        uint64_t cumulative = 0;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            cumulative += latency_[r][b].load(std::memory_order_relaxed);
            add("loyalty_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", name.c_str(),
                buckets[b], static_cast<unsigned long long>(cumulative));
        }
        add("loyalty_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", name.c_str(),
            static_cast<unsigned long long>(total));
        add("loyalty_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name.c_str(),
            static_cast<double>(latency_sum_us_[r].load(std::memory_order_relaxed)) / 1e6);
        add("loyalty_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name.c_str(),
            static_cast<unsigned long long>(total));
    }
    out += "# HELP loyalty_webhook_outcomes_total Webhook deliveries by platform and outcome.\n"
           "# TYPE loyalty_webhook_outcomes_total counter\n";
    for (std::size_t p = 0; p < platforms.size(); ++p) {
        for (std::size_t o = 0; o < outcomes.size(); ++o) {
            add("loyalty_webhook_outcomes_total{platform=\"%s\",outcome=\"%s\"} %llu\n",
                std::string(platforms[p]).c_str(), std::string(outcomes[o]).c_str(),
                static_cast<unsigned long long>(webhooks_[p][o].load(std::memory_order_relaxed)));
        }
    }
    out += "# HELP loyalty_webhook_duplicates_from_memory_total Duplicate webhooks answered from memory, without the "
           "store or an engine thread.\n"
           "# TYPE loyalty_webhook_duplicates_from_memory_total counter\n";
    for (std::size_t p = 0; p < platforms.size(); ++p)
        add("loyalty_webhook_duplicates_from_memory_total{platform=\"%s\"} %llu\n", std::string(platforms[p]).c_str(),
            static_cast<unsigned long long>(from_memory_[p].load(std::memory_order_relaxed)));
    add("# HELP loyalty_ledger_entries Ledger entries at the last maintenance run.\n"
        "# TYPE loyalty_ledger_entries gauge\nloyalty_ledger_entries %lld\n",
        static_cast<long long>(entries_.load()));
    add("# HELP loyalty_quarantine_open Quarantined deliveries not yet replayed or dismissed.\n"
        "# TYPE loyalty_quarantine_open gauge\nloyalty_quarantine_open %lld\n",
        static_cast<long long>(quarantine_.load()));
    std::optional<AppFigures> apps;
    {
        std::lock_guard lock(apps_mutex_);
        apps = apps_;
    }
    if (apps) {
        static constexpr std::array<const char*, 5> states{"connecting", "backfilling", "live", "error", "disconnected"};
        out += "# HELP loyalty_app_links Shops' links to platforms by state (\"error\": the last step failed).\n"
               "# TYPE loyalty_app_links gauge\n";
        for (std::size_t i = 0; i < states.size(); ++i)
            add("loyalty_app_links{state=\"%s\"} %lld\n", states[i], static_cast<long long>(apps->links[i]));
        add("# HELP loyalty_app_orders_backfilled Orders the links' backfills have brought in.\n"
            "# TYPE loyalty_app_orders_backfilled gauge\nloyalty_app_orders_backfilled %lld\n",
            static_cast<long long>(apps->orders_backfilled));
        add("# HELP loyalty_app_writes Platform writes (tags, discount codes) pending or failed for good.\n"
            "# TYPE loyalty_app_writes gauge\nloyalty_app_writes{status=\"pending\"} %lld\n"
            "loyalty_app_writes{status=\"failed\"} %lld\n",
            static_cast<long long>(apps->writes_pending), static_cast<long long>(apps->writes_failed));
    }
    EventFigures events, sms, zalo;
    {
        std::lock_guard lock(apps_mutex_);
        events = events_;
        sms = sms_;
        zalo = zalo_;
    }
    add("# HELP loyalty_events Deliveries of the shops' events to their endpoints by status.\n"
        "# TYPE loyalty_events gauge\nloyalty_events{status=\"pending\"} %lld\n"
        "loyalty_events{status=\"failed\"} %lld\nloyalty_events{status=\"delivered\"} %lld\n",
        static_cast<long long>(events.pending), static_cast<long long>(events.failed),
        static_cast<long long>(events.delivered));
    add("# HELP loyalty_events_oldest_pending_seconds How long the oldest pending delivery has waited.\n"
        "# TYPE loyalty_events_oldest_pending_seconds gauge\nloyalty_events_oldest_pending_seconds %lld\n",
        static_cast<long long>(events.oldest_pending_age));
    const std::pair<const char*, const EventFigures*> channels[] = {{"sms", &sms}, {"zalo", &zalo}};
    out += "# HELP loyalty_messages The members' messages (Zalo ZNS, SMS) by channel and status; sent: taken by the "
           "gateway.\n# TYPE loyalty_messages gauge\n";
    for (const auto& [channel, f] : channels) {
        add("loyalty_messages{channel=\"%s\",status=\"pending\"} %lld\n", channel, static_cast<long long>(f->pending));
        add("loyalty_messages{channel=\"%s\",status=\"failed\"} %lld\n", channel, static_cast<long long>(f->failed));
        add("loyalty_messages{channel=\"%s\",status=\"sent\"} %lld\n", channel, static_cast<long long>(f->delivered));
    }
    out += "# HELP loyalty_messages_oldest_pending_seconds How long the oldest pending message of a channel has "
           "waited.\n# TYPE loyalty_messages_oldest_pending_seconds gauge\n";
    for (const auto& [channel, f] : channels)
        add("loyalty_messages_oldest_pending_seconds{channel=\"%s\"} %lld\n", channel,
            static_cast<long long>(f->oldest_pending_age));
    out += process_metrics(started_at);
    add("# HELP loyalty_connections_open Open client connections.\n"
        "# TYPE loyalty_connections_open gauge\nloyalty_connections_open %d\n",
        connections_.load());
    const std::pair<const char*, const std::array<std::atomic<uint64_t>, refusal_count>*> shed[] = {
        {"refused", &refused_}, {"given_up", &given_up_}};
    for (const auto& [name, counts] : shed) {
        out += std::string("# HELP loyalty_connections_") + name +
               (counts == &refused_ ? "_total New connections closed as they were accepted, by reason.\n"
                                    : "_total Open connections waiting on their client, closed to make room for a new "
                                      "one, by reason.\n") +
               "# TYPE loyalty_connections_" + name + "_total counter\n";
        for (std::size_t r = 1; r < refusal_count; ++r) {
            const auto reason = refusal_name(static_cast<Refusal>(r));
            add("loyalty_connections_%s_total{reason=\"%.*s\"} %llu\n", name, static_cast<int>(reason.size()),
                reason.data(), static_cast<unsigned long long>((*counts)[r].load()));
        }
    }
    return out;
}

}  // namespace loyalty::server
