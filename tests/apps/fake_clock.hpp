#pragma once
// Sleepers for the tests: FakeSleeper records each wait and moves its clocks forward instead of
// sleeping; GateSleeper blocks a sleeping thread until the test opens the gate.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "http/clock.hpp"

namespace loyalty::test {

class FakeSleeper final : public apps::http::Sleeper {
public:
    std::chrono::steady_clock::time_point now() override {
        std::lock_guard lock(mutex_);
        return steady_;
    }
    std::chrono::system_clock::time_point wall_now() override {
        std::lock_guard lock(mutex_);
        return wall_;
    }
    void sleep_for(std::chrono::milliseconds d) override {
        std::lock_guard lock(mutex_);
        waits_.push_back(d);
        steady_ += d;
        wall_ += d;
    }
    void advance(std::chrono::milliseconds d) {
        std::lock_guard lock(mutex_);
        steady_ += d;
        wall_ += d;
    }
    void set_wall(std::chrono::system_clock::time_point t) {
        std::lock_guard lock(mutex_);
        wall_ = t;
    }
    std::vector<std::chrono::milliseconds> waits() const {
        std::lock_guard lock(mutex_);
        return waits_;
    }

private:
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point steady_{std::chrono::hours(1000)};
    std::chrono::system_clock::time_point wall_{std::chrono::system_clock::now()};
    std::vector<std::chrono::milliseconds> waits_;
};

class GateSleeper final : public apps::http::Sleeper {
public:
    std::chrono::steady_clock::time_point now() override { return base_; }
    std::chrono::system_clock::time_point wall_now() override { return std::chrono::system_clock::now(); }
    void sleep_for(std::chrono::milliseconds) override {
        std::unique_lock lock(mutex_);
        ++sleeping_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return open_; });
        --sleeping_;
    }
    bool wait_for_sleepers(int n, std::chrono::milliseconds bound) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, bound, [&] { return sleeping_ >= n; });
    }
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }

private:
    std::chrono::steady_clock::time_point base_{std::chrono::hours(1000)};
    std::mutex mutex_;
    std::condition_variable changed_;
    int sleeping_ = 0;
    bool open_ = false;
};

}  // namespace loyalty::test
