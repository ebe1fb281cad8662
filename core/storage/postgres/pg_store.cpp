#include "storage/postgres/pg_store.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "storage/postgres/pg_schema.hpp"
#include "storage/sql/sql_transaction.hpp"

// Why running a write again is safe.
//
// A write is run again (a new transaction, fn called again from the start) when
//   - it lost a race: serialization failure, deadlock, or a duplicate key inserted concurrently.
//     Nothing of the lost run was committed, so the new run starts clean.
//   - the connection broke before COMMIT was sent. The server rolls back a transaction whose
//     connection is gone, so again nothing of it was committed.
//   - the connection broke during COMMIT. That is the ambiguous case: the transaction may or may
//     not have committed. The commit is sent together with a query for the transaction's id, and
//     once reconnected the store asks the server what became of that id (pg_xact_status):
//     committed means the call succeeded, with what fn captured on that run; aborted means
//     nothing was written and fn runs again. Only when the id never came back is the outcome
//     unknown, and fn runs again as a new transaction.
// That last case is the one where a committed write can be run twice. It is safe because every
// write the engine makes is keyed, and a second run finds the first one's row and changes nothing:
//   - record_order and order events: the order's stored state. The same state again posts no
//     difference (the result then says applied=false, points_delta=0).
//   - redeem and adjust: the idempotency key. The second run returns the first entry (replayed).
//   - ingest: the delivery key. The second run answers "duplicate" and changes nothing.
//   - upsert_customer: the platform reference, else the phone; the second run finds the member.
//   - put_shop: an upsert of the same document; forgetting old delivery keys: a delete by age;
//     resolving a quarantined delivery: sets the same resolution.
// The exception is adding a delivery to the quarantine, which has no key: in the unknown case it
// may be kept twice. It changes no balance, and replaying both copies applies the delivery once,
// because the delivery key dedups the second.

namespace loyalty::core::postgres {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::mt19937& random_engine() {
    thread_local std::mt19937 engine{std::random_device{}()};
    return engine;
}

// A random wait up to `limit`, so instances that collided do not collide again in step.
void sleep_up_to(milliseconds limit) {
    if (limit.count() <= 0) return;
    std::uniform_int_distribution<int64_t> pick(limit.count() / 2, limit.count());
    std::this_thread::sleep_for(milliseconds(pick(random_engine())));
}

}  // namespace

// One call's budget: a bounded number of lost races, and a bounded time without a connection.
class PostgresStore::Retry {
public:
    explicit Retry(const PostgresOptions& options) : options_(options) {}

    // The connection broke or could not be made: waits before the next try, or throws once the
    // budget is spent.
    void lost(const Error& e) {
        auto now = Clock::now();
        if (!deadline_) deadline_ = now + options_.retry_budget;
        if (now >= *deadline_)
            fail(Status::storage, "postgresql: no usable connection for " +
                                      std::to_string(options_.retry_budget.count()) + " ms: " + e.what());
        auto left = std::chrono::duration_cast<milliseconds>(*deadline_ - now);
        sleep_up_to(std::min(delay_, left));
        delay_ = std::min(delay_ * 2, milliseconds(400));
    }

    // Another transaction won: waits a little, or throws after too many lost runs.
    void conflict(const Error& e) {
        if (++conflicts_ >= options_.max_conflicts)
            fail(Status::storage, "postgresql: gave up after " + std::to_string(conflicts_) +
                                      " runs lost to concurrent transactions: " + e.what());
        sleep_up_to(milliseconds(std::min(1 << std::min(conflicts_, 6), 50)));
    }

private:
    const PostgresOptions& options_;
    std::optional<Clock::time_point> deadline_;
    milliseconds delay_{20};
    int conflicts_ = 0;
};

PostgresStore::PostgresStore(PostgresOptions options) : options_(std::move(options)) {
    if (options_.pool_size < 1) fail(Status::invalid_argument, "postgresql pool_size must be at least 1");
    connect_.url = options_.url;
    connect_.connect_timeout_s = options_.connect_timeout_s;
    auto first = std::make_unique<Connection>(connect_);
    migrate(*first);
    open_ = 1;
    idle_.push_back(std::move(first));
    open_lanes();
}

PostgresStore::~PostgresStore() = default;

PostgresStore::Body PostgresStore::whole(const std::function<void(Transaction&)>& fn) {
    return [&fn](Connection&, Transaction& tx) {
        fn(tx);
        return true;
    };
}

void PostgresStore::run_write(const std::function<void(Transaction&)>& fn) { run(Mode::write, nullptr, whole(fn)); }

void PostgresStore::run_read(const std::function<void(Transaction&)>& fn) { run(Mode::read, nullptr, whole(fn)); }

void PostgresStore::run(Mode mode, const std::string* shop, const Body& body) {
    const char* begin = mode == Mode::write ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    Retry retry(options_);
    for (;;) {
        Lease c;
        try {
            c = acquire();
        } catch (const PgError& e) {
            retry.lost(e);
            continue;
        }
        bool committing = false;
        std::optional<std::string> xid;  // the transaction's id, "" when it wrote nothing
        // Session locks outlive a transaction: a connection that may still hold one never goes back to the pool.
        auto unlock = [&] {
            if (!shop) return;
            try {
                c->exec("SELECT pg_advisory_unlock_all()");
            } catch (...) {
                release(std::move(c), false);
            }
        };
        try {
            // The lock, then BEGIN, ride with the transaction's first statements: one round trip instead of three.
            // The lock is taken in a transaction before BEGIN's, and the server runs what follows only once it holds
            // it; the snapshot is taken at the first statement after BEGIN, so it sees what the last holder committed.
            if (shop) lock_shop_later(*c, *shop);
            c->send_sql_later(begin, {}, false);
            sql::SqlTransaction tx(*c);
            bool worth = body(*c, tx);
            c->settle();  // a write sent without waiting fails here, before anything is committed
            committing = true;
            if (mode == Mode::write && worth) {
                // The unlock rides with the COMMIT: the next holder of a shop waits one round trip less.
                std::vector<Result> answers;
                try {
                    c->exec_all(shop ? "SELECT pg_current_xact_id_if_assigned()::text; COMMIT; "
                                        "SELECT pg_advisory_unlock_all()"
                                      : "SELECT pg_current_xact_id_if_assigned()::text; COMMIT",
                                answers);
                } catch (...) {
                    if (answers.size() >= 2) {
                        // Committed; only the unlock failed. The connection goes, and its locks with it.
                        release(std::move(c), false);
                        return;
                    }
                    if (!answers.empty()) xid = answers[0].optional_text(0, 0).value_or("");
                    throw;
                }
            } else {
                c->exec(worth ? "COMMIT" : "ROLLBACK");
                unlock();
            }
            release(std::move(c));
            return;
        } catch (const PgError& e) {
            if (e.kind() == Failure::connection) {
                release(std::move(c), !shop);  // holding a shop's lock, it may still be up: never reused
                // Whatever broke this connection (a restart, an administrator) broke the idle ones too.
                purge_idle();
                if (committing && mode == Mode::write) {
                    Outcome o = outcome(xid, retry);
                    if (o == Outcome::committed) return;
                }
                retry.lost(e);
                continue;
            }
            c->rollback();
            unlock();
            release(std::move(c));
            if (e.kind() == Failure::conflict) {
                ++conflicts_;
                retry.conflict(e);
                continue;
            }
            throw;
        } catch (...) {
            // fn refused (not found, insufficient points, …): nothing of it is kept.
            c->rollback();
            unlock();
            release(std::move(c));
            throw;
        }
    }
}

PostgresStore::Outcome PostgresStore::outcome(const std::optional<std::string>& xid, Retry& retry) {
    if (!xid) return Outcome::unknown;
    if (xid->empty()) return Outcome::aborted;  // no id was assigned: the transaction wrote nothing
    for (;;) {
        try {
            Lease c = acquire();
            auto r = c->query("SELECT pg_xact_status($1::xid8)", Params().text(*xid));
            release(std::move(c));
            auto status = r.optional_text(0, 0);
            if (!status) return Outcome::unknown;
            if (*status == "committed") return Outcome::committed;
            if (*status == "aborted") return Outcome::aborted;
            // In progress: the old backend has not yet noticed its client is gone.
            std::this_thread::sleep_for(milliseconds(10));
        } catch (const PgError& e) {
            if (e.kind() != Failure::connection) return Outcome::unknown;
            retry.lost(e);
        }
    }
}

StoreHealth PostgresStore::health() {
    // A pool connection, never one of its own: under a flood of checks, connections of their own would open faster
    // than the server closes them, up to its max_connections. When every pool connection is busy the check waits
    // for one, as long as a connection may take to open.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.connect_timeout_s);
    for (int attempt = 0;; ++attempt) {
        Lease c;
        try {
            c = acquire(deadline);
        } catch (const Error& e) {
            return {false, e.what()};  // the pool had room and the server did not answer
        }
        if (!c)
            return {false, "postgresql: all " + std::to_string(options_.pool_size) + " pool connections stayed busy for " +
                               std::to_string(options_.connect_timeout_s) + " s"};
        try {
            c->exec("SELECT 1");
            release(std::move(c));
            return {};
        } catch (const Error& e) {
            release(std::move(c));
            purge_idle();  // stale, like this one: a fresh connection tells whether the server is there
            if (attempt > 0) return {false, e.what()};
        }
    }
}

bool PostgresStore::exclusive(const std::string& name, const std::function<void()>& fn) {
    // Its own connection, outside the pool: fn's transactions take pool connections meanwhile,
    // and closing this one releases the lock even if fn throws.
    Connection holder(connect_);
    auto got = holder.query("SELECT pg_try_advisory_lock(1819243885, hashtext(current_schema() || ':' || $1))",
                            Params().text(name));
    if (got.text(0, 0) != "t") return false;
    fn();
    holder.query("SELECT pg_advisory_unlock(1819243885, hashtext(current_schema() || ':' || $1))",
                 Params().text(name));
    return true;
}

PostgresStore::Lease PostgresStore::acquire(std::optional<std::chrono::steady_clock::time_point> deadline) {
    std::unique_lock lock(mutex_);
    auto ready = [&] { return !idle_.empty() || open_ < options_.pool_size; };
    if (!deadline)
        free_.wait(lock, ready);
    else if (!free_.wait_until(lock, *deadline, ready))
        return nullptr;
    if (!idle_.empty()) {
        Lease c = std::move(idle_.back());
        idle_.pop_back();
        return c;
    }
    ++open_;
    lock.unlock();
    try {
        return std::make_unique<Connection>(connect_);
    } catch (...) {
        lock.lock();
        --open_;
        free_.notify_one();
        throw;
    }
}

void PostgresStore::release(Lease c, bool reuse) {
    if (!c) return;
    Lease closing;
    {
        std::lock_guard lock(mutex_);
        if (reuse && c->reusable()) {
            idle_.push_back(std::move(c));
        } else {
            --open_;
            closing = std::move(c);
        }
    }
    free_.notify_one();
}

PostgresStats PostgresStore::stats() const { return {shop_commits_.load(), shop_writes_.load(), conflicts_.load()}; }

void PostgresStore::purge_idle() {
    std::vector<Lease> closing;
    {
        std::lock_guard lock(mutex_);
        closing.swap(idle_);
        open_ -= static_cast<int>(closing.size());
    }
    free_.notify_all();
}

}  // namespace loyalty::core::postgres
