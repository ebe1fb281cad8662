// Platform apps: each shop's link to a platform (state, credentials, backfill cursors and counts)
// and the outbox of writes to send to the platforms.
#include <algorithm>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

#define LOYALTY_LINK_COLUMNS                                                                           \
    "shop_id, platform, state, credentials, account, history_mode, customers_cursor, orders_cursor, " \
    "returns_cursor, customers_done, customers_total, orders_done, orders_total, last_reconciled_at, "  \
    "last_error, updated_at"

#define LOYALTY_JOB_COLUMNS                                                                             \
    "job_id, shop_id, platform, kind, dedup_key, payload, status, attempts, next_attempt_at, leased_until, " \
    "last_error, result, created_at, done_at, sequence_key, event_id"

PlatformLink read_link(const Call& c) {
    PlatformLink l;
    l.shop_id = c.text(0);
    l.platform = c.text(1);
    auto state = link_state_from(c.text(2));
    if (!state) fail(Status::internal, "platform link " + l.shop_id + "/" + l.platform + " has an unknown state");
    l.state = *state;
    l.credentials = c.bytes(3);
    l.account = c.text(4);
    auto history = history_mode_from(c.text(5));
    if (!history)
        fail(Status::internal, "platform link " + l.shop_id + "/" + l.platform + " has an unknown history mode");
    l.history = *history;
    l.cursors = {c.text(6), c.text(7), c.text(8)};
    l.counts = {c.integer(9), c.optional_integer(10), c.integer(11), c.optional_integer(12)};
    l.last_reconciled_at = c.optional_integer(13);
    l.last_error = c.optional_text(14);
    l.updated_at = c.integer(15);
    return l;
}

OutboxJob read_job(const Call& c) {
    OutboxJob j;
    j.job_id = c.integer(0);
    j.shop_id = c.text(1);
    j.platform = c.text(2);
    j.kind = c.text(3);
    j.dedup_key = c.text(4);
    j.payload = c.text(5);
    auto status = job_status_from(c.text(6));
    if (!status) fail(Status::internal, "outbox job " + std::to_string(j.job_id) + " has an unknown status");
    j.status = *status;
    j.attempts = c.integer(7);
    j.next_attempt_at = c.integer(8);
    j.leased_until = c.optional_integer(9);
    j.last_error = c.optional_text(10);
    j.result = c.optional_text(11);
    j.created_at = c.integer(12);
    j.done_at = c.optional_integer(13);
    j.sequence_key = c.optional_text(14).value_or("");
    j.event_id = c.optional_integer(15);
    return j;
}

std::vector<OutboxJob> read_jobs(Call& c) {
    std::vector<OutboxJob> out;
    while (c.row()) out.push_back(read_job(c));
    return out;
}

}  // namespace

std::optional<PlatformLink> SqlTransaction::platform_link(const std::string& shop, const std::string& platform) {
    static constexpr Query q{QueryId::platform_link, "SELECT " LOYALTY_LINK_COLUMNS
                                                     " FROM platform_links WHERE shop_id = ?1 AND platform = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(platform);
    if (!c.row()) return std::nullopt;
    return read_link(c);
}

std::vector<PlatformLink> SqlTransaction::platform_links(const std::string& shop) {
    static constexpr Query of_shop{QueryId::platform_links_of_shop,
                                   "SELECT " LOYALTY_LINK_COLUMNS
                                   R"( FROM platform_links WHERE shop_id = ?1 ORDER BY platform COLLATE "C")"};
    static constexpr Query all{QueryId::platform_links_all,
                               "SELECT " LOYALTY_LINK_COLUMNS
                               R"( FROM platform_links ORDER BY shop_id COLLATE "C", platform COLLATE "C")"};
    std::vector<PlatformLink> out;
    if (shop.empty()) {
        Call c(db_, all);
        while (c.row()) out.push_back(read_link(c));
    } else {
        Call c(db_, of_shop);
        c.bind(shop);
        while (c.row()) out.push_back(read_link(c));
    }
    return out;
}

void SqlTransaction::put_platform_link(const PlatformLink& l) {
    static constexpr Query q{
        QueryId::put_platform_link,
        "INSERT INTO platform_links (" LOYALTY_LINK_COLUMNS
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
        "ON CONFLICT (shop_id, platform) DO UPDATE SET state = excluded.state, credentials = excluded.credentials, "
        "account = excluded.account, history_mode = excluded.history_mode, "
        "customers_cursor = excluded.customers_cursor, orders_cursor = excluded.orders_cursor, "
        "returns_cursor = excluded.returns_cursor, customers_done = excluded.customers_done, "
        "customers_total = excluded.customers_total, orders_done = excluded.orders_done, "
        "orders_total = excluded.orders_total, last_reconciled_at = excluded.last_reconciled_at, "
        "last_error = excluded.last_error, updated_at = excluded.updated_at"};
    Call(db_, q)
        .bind(l.shop_id)
        .bind(l.platform)
        .bind(to_string(l.state))
        .bind_bytes(l.credentials)
        .bind(l.account)
        .bind(to_string(l.history))
        .bind(l.cursors.customers)
        .bind(l.cursors.orders)
        .bind(l.cursors.returns)
        .bind(l.counts.customers_done)
        .bind(l.counts.customers_total)
        .bind(l.counts.orders_done)
        .bind(l.counts.orders_total)
        .bind(l.last_reconciled_at)
        .bind_optional_text(l.last_error)
        .bind(l.updated_at)
        .run();
}

bool SqlTransaction::set_sync_progress(const std::string& shop, const std::string& platform, const SyncProgress& p,
                                       std::optional<int64_t> reconciled_at, int64_t now) {
    static constexpr Query q{
        QueryId::set_sync_progress,
        "UPDATE platform_links SET customers_cursor = ?3, orders_cursor = ?4, returns_cursor = ?5, "
        "customers_done = ?6, customers_total = ?7, orders_done = ?8, orders_total = ?9, "
        "last_reconciled_at = coalesce(?10::bigint, last_reconciled_at), updated_at = ?11 "
        "WHERE shop_id = ?1 AND platform = ?2"};
    Call c(db_, q);
    c.bind(shop)
        .bind(platform)
        .bind(p.cursors.customers)
        .bind(p.cursors.orders)
        .bind(p.cursors.returns)
        .bind(p.counts.customers_done)
        .bind(p.counts.customers_total)
        .bind(p.counts.orders_done)
        .bind(p.counts.orders_total)
        .bind(reconciled_at)
        .bind(now)
        .run();
    return c.changes() > 0;
}

std::vector<PlatformRef> SqlTransaction::linked_refs(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{
        QueryId::linked_refs,
        "SELECT r.platform, r.customer_id FROM member_refs r JOIN platform_links l "
        "ON l.shop_id = r.shop_id AND l.platform = r.platform "
        "WHERE r.shop_id = ?1 AND r.member_id = ?2 AND l.state <> 'disconnected' "
        R"(ORDER BY r.platform COLLATE "C", r.customer_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<PlatformRef> out;
    while (c.row()) out.push_back({c.text(0), c.text(1)});
    return out;
}

std::optional<int64_t> SqlTransaction::enqueue_job(const NewJob& job, int64_t now) {
    static constexpr Query q{
        QueryId::enqueue_job,
        "INSERT INTO outbox (shop_id, platform, kind, dedup_key, payload, status, attempts, next_attempt_at, "
        "created_at, sequence_key, event_id) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, coalesce(?9::bigint, ?6::bigint), ?6, ?7, ?8) "
        "ON CONFLICT (shop_id, dedup_key) DO NOTHING RETURNING job_id"};
    Call c(db_, q);
    c.bind(job.shop_id).bind(job.platform).bind(job.kind).bind(job.dedup_key).bind(job.payload).bind(now);
    c.bind_optional_text(job.sequence_key.empty() ? std::nullopt : std::optional<std::string>(job.sequence_key));
    c.bind(job.event_id).bind(job.due_at);
    if (!c.row()) return std::nullopt;
    return c.integer(0);
}

std::optional<OutboxJob> SqlTransaction::job(int64_t job_id) {
    static constexpr Query q{QueryId::job, "SELECT " LOYALTY_JOB_COLUMNS " FROM outbox WHERE job_id = ?1"};
    Call c(db_, q);
    c.bind(job_id);
    if (!c.row()) return std::nullopt;
    return read_job(c);
}

std::optional<OutboxJob> SqlTransaction::job_by_key(const std::string& shop, const std::string& dedup_key) {
    static constexpr Query q{QueryId::job_by_key,
                             "SELECT " LOYALTY_JOB_COLUMNS " FROM outbox WHERE shop_id = ?1 AND dedup_key = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(dedup_key);
    if (!c.row()) return std::nullopt;
    return read_job(c);
}

std::vector<OutboxJob> SqlTransaction::lease_jobs(const std::string& shop, int64_t now, int64_t until, int limit,
                                                JobLane lane) {
    // One statement: the jobs it picks are leased by the write that picked them. On PostgreSQL two
    // claims that pick the same job cannot both commit (SERIALIZABLE); the one run again skips it.
    // A job with a sequence key waits while an earlier job of its key is pending (leased or not):
    // a member's events reach each endpoint in the order they happened.
#define LOYALTY_DUE_JOBS                                                                                     \
    "status = 'pending' AND next_attempt_at <= ?1::bigint AND (leased_until IS NULL OR leased_until <= ?1::bigint) " \
    "AND (sequence_key IS NULL OR NOT EXISTS (SELECT 1 FROM outbox e WHERE e.shop_id = o.shop_id "                 \
    "AND e.sequence_key = o.sequence_key AND e.status = 'pending' AND e.job_id < o.job_id)) "
#define LOYALTY_PLATFORM_LANE "AND platform IN ('haravan', 'sapo', 'kiotviet') "
#define LOYALTY_NOTIFICATION_LANE "AND platform IN ('webhook', 'zalo', 'sms') "
#define LOYALTY_LEASE(where) \
    "UPDATE outbox SET leased_until = ?2 WHERE job_id IN (SELECT job_id FROM outbox o WHERE " where \
    " ORDER BY next_attempt_at, job_id LIMIT ?3::bigint) RETURNING " LOYALTY_JOB_COLUMNS
    static constexpr Query all{QueryId::lease_jobs, LOYALTY_LEASE(LOYALTY_DUE_JOBS LOYALTY_PLATFORM_LANE)};
    static constexpr Query of_shop{QueryId::lease_jobs_of_shop,
                                   LOYALTY_LEASE("shop_id = ?4 AND " LOYALTY_DUE_JOBS LOYALTY_PLATFORM_LANE)};
    static constexpr Query notes{QueryId::lease_notification_jobs,
                                 LOYALTY_LEASE(LOYALTY_DUE_JOBS LOYALTY_NOTIFICATION_LANE)};
    static constexpr Query notes_of_shop{QueryId::lease_notification_jobs_of_shop,
                                         LOYALTY_LEASE("shop_id = ?4 AND " LOYALTY_DUE_JOBS LOYALTY_NOTIFICATION_LANE)};
#undef LOYALTY_LEASE
#undef LOYALTY_NOTIFICATION_LANE
#undef LOYALTY_PLATFORM_LANE
#undef LOYALTY_DUE_JOBS
    bool notifications = lane == JobLane::notification;
    std::vector<OutboxJob> out;
    if (shop.empty()) {
        Call c(db_, notifications ? notes : all);
        c.bind(now).bind(until).bind(int64_t{limit});
        out = read_jobs(c);
    } else {
        Call c(db_, notifications ? notes_of_shop : of_shop);
        c.bind(now).bind(until).bind(int64_t{limit}).bind(shop);
        out = read_jobs(c);
    }
    // RETURNING promises no order.
    std::sort(out.begin(), out.end(), [](const OutboxJob& a, const OutboxJob& b) {
        return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at : a.job_id < b.job_id;
    });
    return out;
}

void SqlTransaction::update_job(const OutboxJob& j) {
    static constexpr Query q{QueryId::update_job,
                             "UPDATE outbox SET status = ?2, attempts = ?3, next_attempt_at = ?4, leased_until = ?5, "
                             "last_error = ?6, result = ?7, done_at = ?8 WHERE job_id = ?1"};
    Call(db_, q)
        .bind(j.job_id)
        .bind(to_string(j.status))
        .bind(j.attempts)
        .bind(j.next_attempt_at)
        .bind(j.leased_until)
        .bind_optional_text(j.last_error)
        .bind_optional_text(j.result)
        .bind(j.done_at)
        .run();
}

std::vector<OutboxJob> SqlTransaction::jobs(const std::string& shop, const JobQuery& q) {
    static constexpr Query select{QueryId::jobs,
                                  "SELECT " LOYALTY_JOB_COLUMNS " FROM outbox WHERE shop_id = ?1 "
                                  "AND (?2::text = '' OR status = ?2::text) AND job_id > ?3::bigint "
                                  "AND (?5::text = '' OR platform = ?5::text OR (?5::text = 'messages' AND platform IN ('zalo', 'sms'))) "
                                  "ORDER BY job_id LIMIT ?4::bigint"};
    Call c(db_, select);
    c.bind(shop)
        .bind(q.status ? std::string(to_string(*q.status)) : std::string())  // '' any (a null view would bind NULL)
        .bind(q.after.value_or(0))
        .bind(int64_t{q.limit})
        .bind(q.platform);
    return read_jobs(c);
}

std::vector<OutboxJob> SqlTransaction::replay_event_jobs(const std::string& shop, int64_t from_event,
                                                       int64_t to_event, bool failed_only, int64_t now) {
    static constexpr Query q{
        QueryId::replay_event_jobs,
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?4, leased_until = NULL, "
        "done_at = NULL WHERE shop_id = ?1 AND event_id >= ?2::bigint AND event_id <= ?3::bigint "
        "AND status <> 'pending' AND (?5::bigint = 0 OR status = 'failed') AND platform = 'webhook' "
        "RETURNING " LOYALTY_JOB_COLUMNS};
    Call c(db_, q);
    c.bind(shop).bind(from_event).bind(to_event).bind(now).bind(int64_t{failed_only ? 1 : 0});
    auto out = read_jobs(c);
    std::sort(out.begin(), out.end(), [](const OutboxJob& a, const OutboxJob& b) { return a.job_id < b.job_id; });
    return out;
}

std::optional<int64_t> SqlTransaction::oldest_pending_job(const std::string& shop, const std::string& platform) {
    static constexpr Query q{QueryId::oldest_pending_job,
                             "SELECT min(created_at) FROM outbox WHERE shop_id = ?1 AND platform = ?2 "
                             "AND status = 'pending'"};
    Call c(db_, q);
    c.bind(shop).bind(platform);
    if (!c.row()) return std::nullopt;
    return c.optional_integer(0);
}

JobCounts SqlTransaction::job_counts(const std::string& shop, const std::string& platform) {
    static constexpr Query q{QueryId::job_counts,
                             "SELECT status, count(*) FROM outbox WHERE shop_id = ?1 "
                             "AND (?2::text = '' OR platform = ?2::text) GROUP BY status"};
    Call c(db_, q);
    c.bind(shop).bind(platform);
    JobCounts out;
    while (c.row()) {
        auto status = job_status_from(c.text(0));
        if (!status) fail(Status::internal, "an outbox job of shop " + shop + " has an unknown status");
        int64_t n = c.integer(1);
        switch (*status) {
            case JobStatus::pending: out.pending = n; break;
            case JobStatus::done: out.done = n; break;
            case JobStatus::failed: out.failed = n; break;
        }
    }
    return out;
}

}  // namespace loyalty::core::sql
