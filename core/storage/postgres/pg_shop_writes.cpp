#include <algorithm>
#include <exception>

#include "storage/postgres/pg_store.hpp"

// Writes to one shop, batched per lane.
//
// Under SERIALIZABLE, concurrent webhooks of one shop read and write the same index pages (the shop's newest orders,
// deliveries, members) and abort each other: five to ten runs lost per webhook with a pool of eight, and a burst of
// new customers gave up after 40. Instead, each shop belongs to one lane of this instance. A lane runs one
// transaction at a time, holding the writes queued for one shop, and a refused write is undone alone (run_batch),
// as on SQLite's single writer; the first caller to find its lane idle runs the batch and hands the lane on to the
// next queued caller. Before BEGIN the transaction takes a session advisory lock on its shop, so the instances
// sharing the database take turns on a shop instead of racing. SERIALIZABLE stays: the lock only keeps the races
// from happening, and a write of no particular shop is still checked against the lanes' writes.

namespace loyalty::core::postgres {

struct PostgresStore::ShopJob {
    const std::string* shop_id = nullptr;
    const std::function<void(Transaction&)>* fn = nullptr;
    std::exception_ptr error;
    bool done = false;
    bool leads = false;  // runs the lane's next batch
    std::condition_variable cv;
};

void PostgresStore::lock_shop_later(Connection& c, const std::string& shop_id) {
    c.send_sql_later("SELECT pg_advisory_lock(1819243886, hashtext(current_schema() || ':' || $1))",
                     Params().text(shop_id), true);
}

void PostgresStore::run_shop_write(const std::string& shop_id, const std::function<void(Transaction&)>& fn) {
    Lane& lane = *lanes_[std::hash<std::string>{}(shop_id) % lanes_.size()];
    ShopJob job;
    job.shop_id = &shop_id;
    job.fn = &fn;
    std::unique_lock lock(lane.mutex);
    lane.queue.push_back(&job);
    if (!lane.busy) {
        lane.busy = true;
        job.leads = true;
    }
    job.cv.wait(lock, [&] { return job.done || job.leads; });
    if (!job.done) {
        // The queue's front is this job: a lane idle has only it, and a handed-on lane goes to the front. The batch
        // is the writes queued for its shop, so a transaction waits for one lock: batches of several shops, each
        // waiting for every one of its locks, queued behind each other across instances (p99 1.1 s with two
        // instances and 100 shops, against 0.4 s).
        std::vector<ShopJob*> batch;
        for (auto it = lane.queue.begin();
             it != lane.queue.end() && static_cast<int>(batch.size()) < options_.max_batch;) {
            if (*(*it)->shop_id == *job.shop_id) {
                batch.push_back(*it);
                it = lane.queue.erase(it);
            } else {
                ++it;
            }
        }
        lock.unlock();
        run_batch(batch);
        lock.lock();
        for (ShopJob* j : batch) {
            j->done = true;
            if (j != &job) j->cv.notify_one();
        }
        if (lane.queue.empty()) {
            lane.busy = false;
        } else {
            lane.queue.front()->leads = true;
            lane.queue.front()->cv.notify_one();
        }
    }
    lock.unlock();
    if (job.error) std::rethrow_exception(job.error);
}

void PostgresStore::run_batch(std::vector<ShopJob*>& batch) {
    const std::string& shop_id = *batch.front()->shop_id;  // every write of a batch is to one shop
    // Savepoints cost two round trips a write, and most batches have no refusal to undo: the first run goes without
    // them. A refusal rolls that run back, and the batch runs again with a savepoint around each write.
    struct Refused {};
    bool careful = false;
    // Back to the write's savepoint; the answers it left unread go with it.
    auto undo = [](Connection& c) {
        c.discard_pending();
        c.exec("ROLLBACK TO job");
    };
    for (;;) {
        try {
            run(Mode::write, &shop_id, [&](Connection& c, Transaction& tx) {
                bool any = false;
                for (ShopJob* j : batch) {
                    j->error = nullptr;  // a rerun starts every write again
                    if (!careful) {
                        try {
                            (*j->fn)(tx);
                        } catch (const PgError& e) {
                            if (e.kind() != Failure::other) throw;
                            throw Refused{};
                        } catch (...) {
                            throw Refused{};
                        }
                        any = true;
                        continue;
                    }
                    c.exec("SAVEPOINT job");
                    try {
                        (*j->fn)(tx);
                        c.exec("RELEASE job");
                        any = true;
                    } catch (const PgError& e) {
                        // A lost race or connection takes the whole transaction with it; run() starts it again.
                        if (e.kind() != Failure::other) throw;
                        j->error = std::current_exception();
                        undo(c);
                    } catch (...) {
                        j->error = std::current_exception();  // refused: only this write is undone
                        undo(c);
                    }
                }
                return any;
            });
        } catch (const Refused&) {
            careful = true;
            continue;
        } catch (...) {
            // Nothing of the batch became durable: every caller learns so, none is told it was.
            for (ShopJob* j : batch) j->error = std::current_exception();
            return;
        }
        break;
    }
    int64_t applied = std::count_if(batch.begin(), batch.end(), [](const ShopJob* j) { return !j->error; });
    if (applied == 0) return;  // every write refused: rolled back
    shop_commits_ += 1;
    shop_writes_ += applied;
}

void PostgresStore::open_lanes() {
    const int count = std::max(1, options_.pool_size / 2);
    for (int i = 0; i < count; ++i) lanes_.push_back(std::make_unique<Lane>());
}

}  // namespace loyalty::core::postgres
