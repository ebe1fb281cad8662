#pragma once
// Counters the /metrics route renders in Prometheus' text format. Fixed arrays of atomics, so
// recording a request takes no lock.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "connection_refusal.hpp"

namespace loyalty::server {

enum class Route : int {
    webhook,
    haravan_handshake,
    healthz,
    metrics,
    member_lookup,
    member,
    transactions,
    redemptions,
    adjustments,
    tier,
    group,
    quote,
    reward_claim,
    grants,
    grant_use,
    grant_void,
    checkout_pay,
    period_settle,
    leaderboard,
    shop,
    quarantine_list,
    quarantine_replay,
    quarantine_dismiss,
    shops,
    shop_sync,
    kiotviet_connect,
    install_link,
    app_install,
    app_callback,
    app_installed,
    admin_page,
    admin_asset,
    admin_login,
    admin_session,
    admin_logout,
    overview,
    directory,
    directory_csv,
    segment_report,
    cohort_report,
    repeat_purchase_report,
    liability_report,
    reward_report,
    tier_report,
    audit,
    staff,
    staff_member,
    staff_password,
    events,
    event_replay,
    events_replay,
    campaigns,
    campaign,
    messages,
    game,
    plays,
    member_link,
    member_link_rotate,
    member_export,
    member_erase,
    member_page,
    member_play,
    unknown,
    count_
};
std::string_view route_name(Route r);  // the route's template, e.g. "/webhooks/{platform}/{shop_id}"

class Metrics {
public:
    void request(Route route, unsigned status, std::chrono::microseconds latency);
    // platform: "haravan", "sapo", "kiotviet"; outcome: connectors::DeliveryOutcome's name, or "failed".
    void webhook(std::string_view platform, std::string_view outcome);
    // A duplicate among those, answered from memory on an I/O thread (Router::known_duplicate).
    void duplicate_from_memory(std::string_view platform);
    void connections(int delta) { connections_ += delta; }
    void refused(Refusal reason) { refused_[static_cast<std::size_t>(reason)]++; }
    void given_up(Refusal reason) { given_up_[static_cast<std::size_t>(reason)]++; }
    int open_connections() const { return connections_.load(); }
    void ledger(int64_t entries, int64_t quarantine_open) {
        entries_ = entries;
        quarantine_ = quarantine_open;
    }
    // The platform apps at the last scrape: links by state, orders their backfills brought in, and
    // platform writes waiting or given up on.
    struct AppFigures {
        std::array<int64_t, 5> links{};  // by core::LinkState: connecting, backfilling, live, error, disconnected
        int64_t orders_backfilled = 0;
        int64_t writes_pending = 0;
        int64_t writes_failed = 0;
    };
    void apps(const AppFigures& figures) {
        std::lock_guard lock(apps_mutex_);
        apps_ = figures;
    }
    // The shops' event deliveries at the last scrape: waiting, given up on, and how long the
    // oldest waiting one has waited.
    struct EventFigures {
        int64_t pending = 0;
        int64_t failed = 0;
        int64_t delivered = 0;
        int64_t oldest_pending_age = 0;  // seconds
    };
    void events(const EventFigures& figures) {
        std::lock_guard lock(apps_mutex_);
        events_ = figures;
    }
    // The same for the members' messages, by channel ("delivered": sent to the gateway).
    void messages(const EventFigures& sms, const EventFigures& zalo) {
        std::lock_guard lock(apps_mutex_);
        sms_ = sms;
        zalo_ = zalo;
    }
    std::string render() const;
    // Unix seconds when these metrics began: the server's start (process_start_time_seconds).
    const int64_t started_at = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();

private:
    static constexpr std::array<unsigned, 12> statuses{200, 400, 401, 404, 405, 409, 413, 422, 431, 500, 503, 0};
    static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1,    2.5,   10};
    static constexpr std::array<std::string_view, 3> platforms{"haravan", "sapo", "kiotviet"};
    static constexpr std::array<std::string_view, 8> outcomes{"applied",     "duplicate",       "stale",    "ignored",
                                                              "quarantined", "unauthenticated", "unknown_shop", "failed"};
    static constexpr std::size_t routes = static_cast<std::size_t>(Route::count_);

    std::array<std::array<std::atomic<uint64_t>, statuses.size()>, routes> requests_{};
    std::array<std::array<std::atomic<uint64_t>, buckets.size() + 1>, routes> latency_{};
    std::array<std::atomic<uint64_t>, routes> latency_sum_us_{};
    std::array<std::array<std::atomic<uint64_t>, outcomes.size()>, platforms.size()> webhooks_{};
    std::array<std::atomic<uint64_t>, platforms.size()> from_memory_{};
    std::atomic<int> connections_{0};
    std::array<std::atomic<uint64_t>, refusal_count> refused_{};
    std::array<std::atomic<uint64_t>, refusal_count> given_up_{};
    std::atomic<int64_t> entries_{0};
    std::atomic<int64_t> quarantine_{0};
    mutable std::mutex apps_mutex_;
    std::optional<AppFigures> apps_;
    EventFigures events_;
    EventFigures sms_, zalo_;
};

}  // namespace loyalty::server
