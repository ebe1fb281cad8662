#include "storage/sqlite/sqlite_store.hpp"

#include <exception>

#include "storage/sqlite/schema.hpp"
#include "storage/sql/sql_transaction.hpp"
#include "util/error.hpp"

namespace loyalty::core::sqlite {

struct SqliteStore::Job {
    const std::function<void(Transaction&)>* fn;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable cv;
};

SqliteStore::SqliteStore(SqliteOptions options) : options_(std::move(options)) {
    in_memory_ = options_.path == ":memory:" || options_.path.empty();
    writer_ = std::make_unique<Connection>(in_memory_ ? std::string(":memory:") : options_.path, false,
                                           options_.busy_timeout_ms);
    if (!in_memory_) {
        if (writer_->first_text("PRAGMA journal_mode = WAL") != "wal")
            fail(Status::storage, "sqlite: cannot switch to WAL mode");
    }
    writer_->exec(options_.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    writer_->exec("PRAGMA foreign_keys = ON");
    // The writer runs every commit; keeping hot pages in memory keeps it from reading them again.
    writer_->exec("PRAGMA cache_size = -65536");
    migrate(*writer_);
    writer_thread_ = std::thread([this] { writer_loop(); });
}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_thread_.join();
    idle_readers_.clear();
    if (!in_memory_) {
        // Folding the WAL back into the database leaves one self-contained file after a clean close.
        sqlite3_wal_checkpoint_v2(writer_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }
}

void SqliteStore::run_write(const std::function<void(Transaction&)>& fn) {
    Job job;
    job.fn = &fn;
    std::unique_lock lock(queue_mutex_);
    if (stopping_) fail(Status::storage, "store is closing");
    queue_.push_back(&job);
    queue_cv_.notify_all();
    job.cv.wait(lock, [&] { return job.done; });
    if (job.error) std::rethrow_exception(job.error);
}

void SqliteStore::writer_loop() {
    std::vector<Job*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and every caller answered
            while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        run_batch(batch);
        {
            std::lock_guard lock(queue_mutex_);
            stats_.commits += 1;
            stats_.writes += static_cast<int64_t>(batch.size());
            for (Job* job : batch) {
                job->done = true;
                job->cv.notify_all();
            }
        }
        batch.clear();
    }
}

void SqliteStore::run_batch(std::vector<Job*>& batch) {
    // A savepoint makes SQLite copy each page a write changes into a sub-journal, a file once past 64 KiB. Most
    // batches have no refusal to undo, so the first run goes without savepoints; a refusal rolls that run back, and the batch runs again with one around each write, as the
    // PostgreSQL lanes do. Writes are functions of the transaction alone, so running one again is safe.
    if (!run_batch_once(batch, false)) run_batch_once(batch, true);
}

bool SqliteStore::run_batch_once(std::vector<Job*>& batch, bool careful) {
    sql::SqlTransaction tx(*writer_);
    try {
        writer_->exec_once_prepared("BEGIN IMMEDIATE");
    } catch (...) {
        for (Job* job : batch) job->error = std::current_exception();
        return true;
    }
    bool any_ok = false;
    for (Job* job : batch) {
        job->error = nullptr;
        if (!careful) {
            try {
                (*job->fn)(tx);
                any_ok = true;
                continue;
            } catch (...) {
                sqlite3_exec(writer_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
                return false;
            }
        }
        try {
            writer_->exec_once_prepared("SAVEPOINT job");
            try {
                (*job->fn)(tx);
                writer_->exec_once_prepared("RELEASE job");
                any_ok = true;
            } catch (...) {
                job->error = std::current_exception();
                writer_->exec_once_prepared("ROLLBACK TO job");
                writer_->exec_once_prepared("RELEASE job");
            }
        } catch (...) {
            // The savepoint machinery itself failed: the transaction is in an unknown state.
            auto error = std::current_exception();
            for (Job* j : batch) j->error = error;
            sqlite3_exec(writer_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            return true;
        }
    }
    try {
        writer_->exec_once_prepared(any_ok ? "COMMIT" : "ROLLBACK");
    } catch (...) {
        // Nothing in this batch became durable: every caller learns so, none is told OK.
        auto error = std::current_exception();
        for (Job* job : batch)
            if (!job->error) job->error = error;
        sqlite3_exec(writer_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return true;
}

std::unique_ptr<Connection> SqliteStore::acquire_reader() {
    std::unique_lock lock(readers_mutex_);
    for (;;) {
        if (!idle_readers_.empty()) {
            auto c = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return c;
        }
        if (open_readers_ < options_.max_readers) {
            ++open_readers_;
            lock.unlock();
            try {
                return std::make_unique<Connection>(options_.path, true, options_.busy_timeout_ms);
            } catch (...) {
                lock.lock();
                --open_readers_;
                readers_cv_.notify_one();
                throw;
            }
        }
        readers_cv_.wait(lock);
    }
}

void SqliteStore::release_reader(std::unique_ptr<Connection> c) {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(c));
    readers_cv_.notify_one();
}

void SqliteStore::run_read(const std::function<void(Transaction&)>& fn) {
    if (in_memory_) {
        // One in-memory database lives on one connection, so reads queue with the writes.
        run_write(fn);
        return;
    }
    auto c = acquire_reader();
    try {
        c->exec_once_prepared("BEGIN");
        sql::SqlTransaction tx(*c);
        fn(tx);
        c->exec_once_prepared("COMMIT");
    } catch (...) {
        sqlite3_exec(c->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        release_reader(std::move(c));
        throw;
    }
    release_reader(std::move(c));
}

std::size_t SqliteStore::queued() const {
    std::lock_guard lock(queue_mutex_);
    return queue_.size();
}

StoreStats SqliteStore::stats() const {
    std::lock_guard lock(queue_mutex_);
    return stats_;
}

}  // namespace loyalty::core::sqlite
