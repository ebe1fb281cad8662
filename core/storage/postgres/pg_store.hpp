#pragma once
// PostgreSQL through libpq, for several engine instances sharing one database. Every write is its
// own SERIALIZABLE transaction, run again when it loses a race with another instance; reads are
// REPEATABLE READ READ ONLY snapshots. Connections come from a bounded pool; one that breaks is
// dropped and replaced, and the call is run again for a couple of seconds before it fails with a
// storage error.
#include <atomic>
#include <chrono>
#include <condition_variable>
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
};

class PostgresStore final : public Store {
public:
    // Connects and migrates the schema; throws core::Error(Status::storage) when it cannot.
    explicit PostgresStore(PostgresOptions options);
    ~PostgresStore() override;

    StoreHealth health() override;
    // A session advisory lock on a connection of its own, keyed by the schema and `name`.
    bool exclusive(const std::string& name, const std::function<void()>& fn) override;

protected:
    void run_write(const std::function<void(Transaction&)>& fn) override;
    void run_read(const std::function<void(Transaction&)>& fn) override;

private:
    using Lease = std::unique_ptr<Connection>;
    enum class Mode { read, write };
    enum class Outcome { committed, aborted, unknown };
    class Retry;

    void run(Mode mode, const std::function<void(Transaction&)>& fn);
    Outcome outcome(const std::optional<std::string>& xid, Retry& retry);
    // An idle connection, or a new one while the pool has room, or the first one released; null when `deadline`
    // (if any) passes first.
    Lease acquire(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);
    void release(Lease c);
    void purge_idle();

    PostgresOptions options_;
    ConnectOptions connect_;
    std::mutex mutex_;
    std::condition_variable free_;
    std::vector<Lease> idle_;
    int open_ = 0;  // connections in use or idle
};

}  // namespace loyalty::core::postgres
