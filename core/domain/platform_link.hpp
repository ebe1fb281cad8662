#pragma once
// What the platform apps keep in the core: each shop's link to a platform (install state, the
// credentials the apps layer encrypted, backfill cursors and progress), and the outbox of writes
// to send to the platforms (tiers, discount codes), enqueued in the transaction that caused them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

enum class LinkState { connecting, backfilling, live, error, disconnected };

std::string_view to_string(LinkState s);
std::optional<LinkState> link_state_from(std::string_view s);

// How a backfill treats the shop's order history: earning points as it is replayed, or counting
// toward spend (and so tiers) only.
enum class HistoryMode { points, spend_only };

std::string_view to_string(HistoryMode m);
std::optional<HistoryMode> history_mode_from(std::string_view s);

// Where the apps layer's walk through each platform listing stands: opaque to the core, "" is the start.
struct SyncCursors {
    std::string customers;
    std::string orders;
    std::string returns;
    bool operator==(const SyncCursors&) const = default;
};

// A backfill's counts; a total is absent until the platform said it.
struct SyncCounts {
    int64_t customers_done = 0;
    std::optional<int64_t> customers_total;
    int64_t orders_done = 0;
    std::optional<int64_t> orders_total;
    bool operator==(const SyncCounts&) const = default;
};

struct PlatformLink {
    std::string shop_id;
    std::string platform;  // "haravan", "sapo", "kiotviet"
    LinkState state = LinkState::connecting;
    std::string credentials;  // bytes the apps layer encrypted; the core never reads them
    std::string account;      // Haravan's org id, Sapo's store name, KiotViet's retailer
    HistoryMode history = HistoryMode::points;
    SyncCursors cursors;
    SyncCounts counts;
    std::optional<int64_t> last_reconciled_at;
    std::optional<std::string> last_error;
    int64_t updated_at = 0;  // written by the engine
    bool operator==(const PlatformLink&) const = default;
};

// Cursors and counts, written together.
struct SyncProgress {
    SyncCursors cursors;
    SyncCounts counts;
};

enum class JobStatus { pending, done, failed };

std::string_view to_string(JobStatus s);
std::optional<JobStatus> job_status_from(std::string_view s);

// Kinds the core enqueues itself.
inline constexpr std::string_view job_customer_tier = "customer_tier";
inline constexpr std::string_view job_discount_create = "discount_create";
inline constexpr std::string_view job_discount_disable = "discount_disable";

// A write to send to a platform. Enqueuing a key the shop already has changes nothing.
struct NewJob {
    std::string shop_id;
    std::string platform;
    std::string kind;
    std::string dedup_key;  // unique per shop
    std::string payload;    // JSON text
    // Jobs of one shop with the same key run one at a time, in the order they were enqueued
    // (a member's events to one endpoint); empty: no order.
    std::string sequence_key;
    std::optional<int64_t> event_id;  // the event a delivery carries
    std::optional<int64_t> due_at;    // first attempt not before this; unset: at once
};

struct OutboxJob {
    int64_t job_id = 0;
    std::string shop_id;
    std::string platform;
    std::string kind;
    std::string dedup_key;
    std::string payload;
    JobStatus status = JobStatus::pending;
    int64_t attempts = 0;  // failures so far
    int64_t next_attempt_at = 0;
    std::optional<int64_t> leased_until;  // a worker holds it until then
    std::optional<std::string> last_error;
    std::optional<std::string> result;  // what the platform answered (a discount code's id, …)
    int64_t created_at = 0;
    std::optional<int64_t> done_at;
    std::string sequence_key;
    std::optional<int64_t> event_id;
    bool operator==(const OutboxJob&) const = default;
};

// What became of a claimed job: done with what the other side answered, or failed with why.
struct JobOutcome {
    int64_t job_id = 0;
    bool done = false;
    std::string text;
    // Not attempted, and not counted as a failure: due again then (a message held in quiet hours).
    std::optional<int64_t> defer_until;
};

struct JobQuery {
    std::optional<JobStatus> status;  // absent: any
    int limit = 50;
    std::optional<int64_t> after;  // job id cursor
    std::string platform;          // empty: any
};

struct JobPage {
    std::vector<OutboxJob> jobs;
    std::optional<int64_t> next_after;
};

struct JobCounts {
    int64_t pending = 0;
    int64_t done = 0;
    int64_t failed = 0;
    bool operator==(const JobCounts&) const = default;
};

// Backoff after a failure: 30 s doubling with each attempt, at most 6 h; after `job_max_attempts`
// failures the job is marked failed and stays listed.
inline constexpr int64_t job_first_backoff = 30;
inline constexpr int64_t job_max_backoff = 6 * 3600;
inline constexpr int64_t job_max_attempts = 12;

}  // namespace loyalty::core
