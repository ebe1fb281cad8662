#pragma once
// SQLite in WAL mode. Writes go through one writer thread that runs every queued caller's work in
// a single transaction (each in its own savepoint) and commits once: callers share the fsync.
// Reads run on a small pool of read-only connections, in parallel with the writer.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace loyalty::core::sqlite {

struct SqliteOptions {
    std::string path;             // a file, or ":memory:"
    bool synchronous_full = true; // FULL: a commit survives power loss; NORMAL: survives a crash of the process
    int max_batch = 256;          // callers sharing one commit at most
    int max_readers = 8;
    // How long a statement waits for another process's lock before the call fails with a storage
    // error (which a webhook answers with 503, so the platform retries).
    int busy_timeout_ms = 5000;
};

struct StoreStats {
    int64_t commits = 0;
    int64_t writes = 0;  // callers' write functions run
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(SqliteOptions options);
    ~SqliteStore() override;

    StoreStats stats() const;
    // Writes waiting for the writer (the batch it is running not counted).
    std::size_t queued() const;

protected:
    void run_write(const std::function<void(Transaction&)>& fn) override;
    void run_read(const std::function<void(Transaction&)>& fn) override;

private:
    struct Job;
    void writer_loop();
    void run_batch(std::vector<Job*>& batch);
    // One run of the batch in one transaction, with a savepoint around each write when `careful`; false when, without
    // them, a write was refused and the run rolled back.
    bool run_batch_once(std::vector<Job*>& batch, bool careful);
    std::unique_ptr<Connection> acquire_reader();
    void release_reader(std::unique_ptr<Connection> c);

    SqliteOptions options_;
    bool in_memory_;
    std::unique_ptr<Connection> writer_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    StoreStats stats_;
    std::thread writer_thread_;

    std::mutex readers_mutex_;
    std::condition_variable readers_cv_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    int open_readers_ = 0;
};

}  // namespace loyalty::core::sqlite
