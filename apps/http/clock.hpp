#pragma once
// Time as the retry wrapper and the rate limiter see it: injectable, so tests neither sleep nor
// depend on the wall clock.
#include <chrono>

namespace loyalty::apps::http {

class Sleeper {
public:
    virtual ~Sleeper() = default;
    virtual std::chrono::steady_clock::time_point now() = 0;       // for waits and buckets
    virtual std::chrono::system_clock::time_point wall_now() = 0;  // for Retry-After given as a date
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clocks and std::this_thread::sleep_for.
class RealSleeper final : public Sleeper {
public:
    std::chrono::steady_clock::time_point now() override;
    std::chrono::system_clock::time_point wall_now() override;
    void sleep_for(std::chrono::milliseconds duration) override;
};

// A process-wide RealSleeper.
Sleeper& real_sleeper();

}  // namespace loyalty::apps::http
