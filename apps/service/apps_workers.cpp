// The apps' background work: a scheduler that finds links with work, workers that take them one page
// at a time in turn, and a writer that runs the outbox.
#include <algorithm>

#include "apps_service.hpp"
#include "engine.hpp"

namespace loyalty::apps {
namespace {

using Key = std::pair<std::string, std::string>;

// After a failed step: 5 s doubling, at most 5 minutes, so a platform that is down is not hammered.
int64_t backoff_seconds(int failures) { return std::min<int64_t>(int64_t{5} << std::min(failures, 6), 300); }

}  // namespace

int AppsService::run_once() {
    int done = 0;
    for (const auto& link : engine_.all_platform_links()) {
        try {
            while (syncer_.due(link, now())) {
                ++done;
                if (!syncer_.step(link.shop_id, link.platform)) break;
            }
        } catch (const std::exception&) {
            // Recorded as the link's last_error by the syncer; the next pass tries again.
        }
    }
    for (int ran; (ran = writer_.run_due()) > 0;) done += ran;
    return done;
}

void AppsService::start() {
    std::lock_guard lock(mutex_);
    if (!threads_.empty()) return;
    stopping_ = false;
    threads_.emplace_back([this] { scheduler_loop(); });
    threads_.emplace_back([this] { writer_loop(); });
    for (unsigned i = 0; i < std::max(1u, options_.sync_workers); ++i) threads_.emplace_back([this] { worker_loop(); });
}

void AppsService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    std::lock_guard lock(mutex_);
    queue_.clear();
    busy_.clear();
}

void AppsService::scheduler_loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        std::vector<core::PlatformLink> links;
        try {
            links = engine_.all_platform_links();
        } catch (const std::exception&) {
            // The store is unavailable: look again at the next tick.
        }
        int64_t t = now();
        lock.lock();
        for (const auto& link : links) {
            Key key{link.shop_id, link.platform};
            if (busy_.count(key)) continue;
            if (auto b = backoff_.find(key); b != backoff_.end() && b->second.first > t) continue;
            if (!syncer_.due(link, t)) continue;
            busy_.insert(key);
            queue_.push_back(key);
        }
        wake_.notify_all();
        wake_.wait_for(lock, options_.tick);
    }
}

void AppsService::worker_loop() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        Key key = queue_.front();
        queue_.pop_front();
        lock.unlock();
        bool more = false;
        bool failed = false;
        try {
            more = syncer_.step(key.first, key.second);
        } catch (const std::exception&) {
            failed = true;  // the syncer recorded it on the link
        }
        lock.lock();
        if (failed) {
            auto& b = backoff_[key];
            b.second += 1;
            b.first = now() + backoff_seconds(b.second);
        } else {
            backoff_.erase(key);
        }
        // Back of the queue: every shop with work gets a page in turn.
        if (more && !failed && !stopping_) {
            queue_.push_back(key);
            wake_.notify_one();
        } else {
            busy_.erase(key);
        }
    }
}

void AppsService::writer_loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        int ran = 0;
        try {
            ran = writer_.run_due();
        } catch (const std::exception&) {
            // The store is unavailable: try at the next tick.
        }
        lock.lock();
        if (ran == 0) wake_.wait_for(lock, options_.tick);
    }
}

}  // namespace loyalty::apps
