// The engine's calls for the platform apps: links (install state, credentials, backfill progress)
// and the outbox the write-back workers drain.
#include <algorithm>

#include "engine.hpp"
#include "util/encoding.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

// Credentials, cursors and payloads are opaque and may be longer than a name; still bounded.
constexpr std::size_t max_blob = 64 * 1024;
constexpr int max_claim = 1000;


[[noreturn]] void bad(const std::string& message) { fail(Status::invalid_argument, message); }

void require_platform(const std::string& platform) {
    if (platform != "haravan" && platform != "sapo" && platform != "kiotviet")
        bad("platform \"" + platform + "\" is not one of haravan, sapo, kiotviet");
}

void require_blob(const std::string& value, const char* what) {
    if (value.size() > max_blob) bad(std::string(what) + " is longer than " + std::to_string(max_blob) + " bytes");
}

void check_count(int64_t done, const std::optional<int64_t>& total, const char* what) {
    if (done < 0) bad(std::string(what) + "_done must not be negative");
    if (total && *total < 0) bad(std::string(what) + "_total must not be negative");
    if (total && done > *total) bad(std::string(what) + "_done must not exceed " + what + "_total");
}

void check_progress(const SyncProgress& p) {
    require_blob(p.cursors.customers, "cursors.customers");
    require_blob(p.cursors.orders, "cursors.orders");
    require_blob(p.cursors.returns, "cursors.returns");
    check_count(p.counts.customers_done, p.counts.customers_total, "customers");
    check_count(p.counts.orders_done, p.counts.orders_total, "orders");
}

void check_state(LinkState s) {
    if (!link_state_from(to_string(s))) bad("link state is not one of connecting, backfilling, live, error, disconnected");
}

void check_link(const PlatformLink& l) {
    require_text(l.shop_id, "shop_id");
    require_platform(l.platform);
    check_state(l.state);
    if (!history_mode_from(to_string(l.history))) bad("history mode is not one of points, spend_only");
    require_blob(l.credentials, "credentials");
    require_text(l.account, "account", false);
    check_progress({l.cursors, l.counts});
    if (l.last_reconciled_at && *l.last_reconciled_at < 0) bad("last_reconciled_at must not be negative");
    if (l.last_error) require_blob(*l.last_error, "last_error");
}

int64_t backoff_after(int64_t attempts) {
    // 30 s for the first failure, doubling, at most 6 h (the shift is bounded before it can overflow).
    int64_t shift = std::clamp<int64_t>(attempts - 1, 0, 20);
    return std::min(job_first_backoff << shift, job_max_backoff);
}

int64_t event_backoff_after(int64_t attempts) {
    int64_t shift = std::clamp<int64_t>(attempts - 1, 0, 20);
    return std::min(event_first_backoff << shift, event_max_backoff);
}

// The nominal waits after failures 1..attempts-1 added up: how long a delivery has been retried
// for (bar jitter) when its attempt number `attempts` fails.
int64_t event_waits_before(int64_t attempts) {
    int64_t total = 0;
    for (int64_t a = 1; a < attempts && total <= event_retry_window; ++a) total += event_backoff_after(a);
    return total;
}

// A wait drawn from [0.8, 1.2] of `seconds`, so deliveries that failed together retry apart.
int64_t jittered(int64_t seconds) {
    std::string r = random_bytes(2);
    int64_t permille = 800 + (static_cast<unsigned char>(r[0]) << 8 | static_cast<unsigned char>(r[1])) % 401;
    return std::max<int64_t>(1, seconds * permille / 1000);
}

// A pending job done, or failed once at `now` and due again after its backoff (failed for good
// when its lane's limit is reached).
void record_outcome(Transaction& tx, OutboxJob& j, const JobOutcome& o, int64_t now) {
    j.leased_until.reset();
    if (o.defer_until) {
        j.next_attempt_at = *o.defer_until;
    } else if (o.done) {
        j.status = JobStatus::done;
        j.result = o.text;
        j.done_at = now;
    } else {
        ++j.attempts;
        j.last_error = o.text;
        if (is_notification_platform(j.platform)) {
            if (event_waits_before(j.attempts + 1) > event_retry_window) j.status = JobStatus::failed;
            else j.next_attempt_at = now + jittered(event_backoff_after(j.attempts));
        } else if (j.attempts >= job_max_attempts) {
            j.status = JobStatus::failed;
        } else {
            j.next_attempt_at = now + backoff_after(j.attempts);
        }
    }
    tx.update_job(j);
}

OutboxJob require_job(Transaction& tx, int64_t job_id) {
    auto j = tx.job(job_id);
    if (!j) fail(Status::not_found, "outbox job " + std::to_string(job_id) + " not found");
    return *j;
}

}  // namespace

PlatformLink Engine::put_platform_link(PlatformLink link) {
    check_link(link);
    link.updated_at = now();
    store_->write([&](Transaction& tx) { tx.put_platform_link(link); });
    return link;
}

std::optional<PlatformLink> Engine::platform_link(const std::string& shop_id, const std::string& platform) {
    require_text(shop_id, "shop_id");
    require_platform(platform);
    return store_->read([&](Transaction& tx) { return tx.platform_link(shop_id, platform); });
}

std::vector<PlatformLink> Engine::platform_links(const std::string& shop_id) {
    require_text(shop_id, "shop_id");
    return store_->read([&](Transaction& tx) { return tx.platform_links(shop_id); });
}

std::vector<PlatformLink> Engine::all_platform_links() {
    return store_->read([](Transaction& tx) { return tx.platform_links(""); });
}

PlatformLink Engine::update_sync_progress(const std::string& shop_id, const std::string& platform,
                                          const SyncProgress& progress, std::optional<int64_t> reconciled_at) {
    require_text(shop_id, "shop_id");
    require_platform(platform);
    check_progress(progress);
    if (reconciled_at && *reconciled_at < 0) bad("reconciled_at must not be negative");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        if (!tx.set_sync_progress(shop_id, platform, progress, reconciled_at, t))
            fail(Status::not_found, "shop \"" + shop_id + "\" has no link to " + platform);
        return *tx.platform_link(shop_id, platform);
    });
}

PlatformLink Engine::set_link_state(const std::string& shop_id, const std::string& platform, LinkState state,
                                    const std::optional<std::string>& error) {
    require_text(shop_id, "shop_id");
    require_platform(platform);
    check_state(state);
    if (error) require_blob(*error, "error");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        auto link = tx.platform_link(shop_id, platform);
        if (!link) fail(Status::not_found, "shop \"" + shop_id + "\" has no link to " + platform);
        link->state = state;
        link->last_error = error;
        link->updated_at = t;
        tx.put_platform_link(*link);
        return *link;
    });
}

PlatformLink Engine::set_link_credentials(const std::string& shop_id, const std::string& platform,
                                          const std::string& credentials) {
    require_text(shop_id, "shop_id");
    require_platform(platform);
    require_blob(credentials, "credentials");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        auto link = tx.platform_link(shop_id, platform);
        if (!link) fail(Status::not_found, "shop \"" + shop_id + "\" has no link to " + platform);
        link->credentials = credentials;
        link->updated_at = t;
        tx.put_platform_link(*link);
        return *link;
    });
}

OutboxJob Engine::enqueue_job(const NewJob& job) {
    require_text(job.shop_id, "shop_id");
    require_platform(job.platform);
    require_text(job.kind, "kind");
    require_text(job.dedup_key, "dedup_key");
    if (job.payload.empty()) bad("payload is required");
    require_blob(job.payload, "payload");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        tx.enqueue_job(job, t);
        auto stored = tx.job_by_key(job.shop_id, job.dedup_key);
        if (!stored) fail(Status::internal, "an enqueued job was not found by its key");
        return *stored;
    });
}

std::vector<OutboxJob> Engine::claim_jobs(int64_t now, int64_t lease_seconds, int limit,
                                          const std::optional<std::string>& shop_id, JobLane lane) {
    if (lease_seconds <= 0) bad("lease_seconds must be positive");
    if (lease_seconds > 24 * 3600) bad("lease_seconds must be at most a day");
    if (limit <= 0 || limit > max_claim) bad("limit must be between 1 and " + std::to_string(max_claim));
    if (shop_id) require_text(*shop_id, "shop_id");
    std::string shop = shop_id.value_or("");
    return store_->write([&](Transaction& tx) { return tx.lease_jobs(shop, now, now + lease_seconds, limit, lane); });
}

OutboxJob Engine::complete_job(int64_t job_id, const std::string& result) {
    return finish_jobs({{job_id, true, result, std::nullopt}}, now()).at(0);
}

OutboxJob Engine::fail_job(int64_t job_id, const std::string& error, int64_t now) {
    require_blob(error, "error");
    return store_->write([&](Transaction& tx) {
        OutboxJob j = require_job(tx, job_id);
        if (j.status != JobStatus::pending)
            fail(Status::conflict, "outbox job " + std::to_string(job_id) + " is " + std::string(to_string(j.status)));
        record_outcome(tx, j, {job_id, false, error, std::nullopt}, now);
        return j;
    });
}

std::vector<OutboxJob> Engine::finish_jobs(const std::vector<JobOutcome>& outcomes, int64_t now) {
    for (const auto& o : outcomes) require_blob(o.text, o.done ? "result" : "error");
    int64_t t = this->now();
    return store_->write([&](Transaction& tx) {
        std::vector<OutboxJob> out;
        for (const auto& o : outcomes) {
            OutboxJob j = require_job(tx, o.job_id);
            // One that is no longer pending (another worker took it after its lease ran out and
            // finished it) is left as it is.
            if (j.status == JobStatus::pending) record_outcome(tx, j, o, o.done ? t : now);
            out.push_back(std::move(j));
        }
        return out;
    });
}

OutboxJob Engine::retry_job(int64_t job_id, int64_t now) {
    return store_->write([&](Transaction& tx) {
        OutboxJob j = require_job(tx, job_id);
        if (j.status != JobStatus::failed)
            fail(Status::conflict, "outbox job " + std::to_string(job_id) + " is " + std::string(to_string(j.status)));
        j.status = JobStatus::pending;
        j.attempts = 0;
        j.next_attempt_at = now;
        j.leased_until.reset();
        tx.update_job(j);
        return j;
    });
}

OutboxJob Engine::job(int64_t job_id) {
    return store_->read([&](Transaction& tx) { return require_job(tx, job_id); });
}

JobPage Engine::jobs(const std::string& shop_id, const JobQuery& query) {
    if (!query.platform.empty()) require_platform(query.platform);
    return job_page(shop_id, query);
}

JobPage Engine::job_page(const std::string& shop_id, const JobQuery& query) {
    require_text(shop_id, "shop_id");
    if (query.limit <= 0 || query.limit > max_page)
        bad("limit must be between 1 and " + std::to_string(max_page));
    JobPage page;
    page.jobs = store_->read([&](Transaction& tx) { return tx.jobs(shop_id, query); });
    if (static_cast<int>(page.jobs.size()) == query.limit) page.next_after = page.jobs.back().job_id;
    return page;
}

JobCounts Engine::job_counts(const std::string& shop_id, const std::string& platform) {
    require_text(shop_id, "shop_id");
    if (!platform.empty()) require_platform(platform);
    return store_->read([&](Transaction& tx) { return tx.job_counts(shop_id, platform); });
}

}  // namespace loyalty::core
