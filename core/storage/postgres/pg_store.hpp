#pragma once
// PostgreSQL through libpq, for several engine instances sharing one database. Every write is a
// SERIALIZABLE transaction, run again when it loses a race with another instance; reads are
// REPEATABLE READ READ ONLY snapshots. Writes to one shop (write_for) queue in the shop's lane and
// share transactions, under an advisory lock on the shop taken before BEGIN: an instance's writes
// to a shop run one transaction at a time, and the instances take turns instead of aborting each
// other. Connections come from a bounded pool; one that breaks is dropped and replaced, and the call
// is run again for a couple of seconds before it fails with a storage error.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/store.hpp"

namespace loyalty::core::postgres {

struct PostgresOptions {
    std::string url;  // a libpq connection URI: postgresql://user@host:port/db?options
    int pool_size = 8;
    int connect_timeout_s = 3;
    // How long one call keeps trying to reach the server (reconnecting, with backoff) before it
    // fails with a storage error, which a webhook answers with 503 so the platform retries.
    std::chrono::milliseconds retry_budget{3000};
    // Runs of one write lost to concurrent transactions before the call fails with a storage error.
    int max_conflicts = 40;
    // Writes to one shop sharing a transaction at most; the lanes are half the pool (at least one), so the other
    // half is left to reads and to writes of no particular shop.
    int max_batch = 64;
};

struct PostgresStats {
    int64_t shop_commits = 0;  // transactions of shop writes committed
    int64_t shop_writes = 0;   // shop writes' functions in them
    int64_t conflicts = 0;     // runs of any write lost to a concurrent transaction and run again
};

class PostgresStore final : public Store {
public:
    // Connects and migrates the schema; throws core::Error(Status::storage) when it cannot.
    explicit PostgresStore(PostgresOptions options);
    ~PostgresStore() override;

    StoreHealth health() override;
    // A session advisory lock on a connection of its own, keyed by the schema and `name`.
    bool exclusive(const std::string& name, const std::function<void()>& fn) override;
    PostgresStats stats() const;

protected:
    void run_write(const std::function<void(Transaction&)>& fn) override;
    void run_read(const std::function<void(Transaction&)>& fn) override;
    void run_shop_write(const std::string& shop_id, const std::function<void(Transaction&)>& fn) override;

private:
    using Lease = std::unique_ptr<Connection>;
    enum class Mode { read, write };
    enum class Outcome { committed, aborted, unknown };
    class Retry;
    struct ShopJob;
    struct Lane {
        std::mutex mutex;
        std::deque<ShopJob*> queue;
        bool busy = false;  // a caller is running a batch of this lane
    };
    // What one transaction runs: false when nothing of it is worth committing. Called again on every rerun.
    using Body = std::function<bool(Connection&, Transaction&)>;
    static Body whole(const std::function<void(Transaction&)>& fn);  // fn alone, always worth committing

    // Runs `body` in one transaction until it commits or fails for good; `shop` (if any) is locked from before BEGIN
    // until after its end.
    void run(Mode mode, const std::string* shop, const Body& body);
    void run_batch(std::vector<ShopJob*>& batch);
    void open_lanes();
    Outcome outcome(const std::optional<std::string>& xid, Retry& retry);
    // An idle connection, or a new one while the pool has room, or the first one released; null when `deadline`
    // (if any) passes first.
    Lease acquire(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);
    // Back to the pool when `reuse` and fit for it (Connection::reusable); closed otherwise.
    void release(Lease c, bool reuse = true);
    // Sends the lock on a shop in a transaction of its own, unanswered: what is sent after it waits for it.
    static void lock_shop_later(Connection& c, const std::string& shop_id);
    void purge_idle();

    PostgresOptions options_;
    ConnectOptions connect_;
    std::mutex mutex_;
    std::condition_variable free_;
    std::vector<Lease> idle_;
    int open_ = 0;  // connections in use or idle
    std::vector<std::unique_ptr<Lane>> lanes_;
    std::atomic<int64_t> shop_commits_{0}, shop_writes_{0}, conflicts_{0};
};

}  // namespace loyalty::core::postgres
