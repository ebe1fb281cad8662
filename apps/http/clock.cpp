#include "clock.hpp"

#include <thread>

namespace loyalty::apps::http {

std::chrono::steady_clock::time_point RealSleeper::now() { return std::chrono::steady_clock::now(); }
std::chrono::system_clock::time_point RealSleeper::wall_now() { return std::chrono::system_clock::now(); }
void RealSleeper::sleep_for(std::chrono::milliseconds duration) {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

Sleeper& real_sleeper() {
    static RealSleeper sleeper;
    return sleeper;
}

}  // namespace loyalty::apps::http
