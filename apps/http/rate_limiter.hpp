#pragma once
// Client-side rate limits, one bucket per key (a shop on a platform, e.g. "haravan:org-42"): a call
// waits only on its own key's bucket, never on another shop's.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clock.hpp"
#include "https_client.hpp"

namespace loyalty::apps::http {

struct Limit {
    enum class Kind { none, token_bucket, leaky_bucket };
    Kind kind = Kind::none;
    // token_bucket: `burst` calls at once, refilled at `calls` per `period`.
    // leaky_bucket: a bucket of `burst` calls draining `calls` per `period`; calls wait once the
    // bucket would pass `burst - headroom`. The server's own count (X-Haravan-Api-Call-Limit)
    // replaces the local estimate whenever a response carries it.
    double calls = 0;
    std::chrono::milliseconds period{0};
    double burst = 0;
    double headroom = 0;
    bool only_get = false;  // count GET calls only (KiotViet caps GETs)

    static Limit per_minute(double calls, double burst = 0);
    static Limit per_hour(double calls, double burst = 0);
    static Limit haravan();   // leaky bucket of 80, 4 per second, headroom 4
    static Limit sapo();      // 40 per minute (reported)
    static Limit kiotviet();  // 5,000 GET per hour
};

class RateLimiter {
public:
    explicit RateLimiter(Sleeper& sleeper = real_sleeper());
    ~RateLimiter();
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    // Sets (or replaces) the limit of one key. Keys never configured are unlimited.
    void configure(const std::string& key, Limit limit);
    // Sets the key's limit unless one was set before, keeping what the bucket has counted: for
    // callers that make a shop's API object per call.
    void configure_once(const std::string& key, Limit limit);

    // Claims the next call on `key` and returns how long the caller must wait before making it
    // (zero when it may go now). Never blocks.
    std::chrono::milliseconds reserve(const std::string& key, std::string_view method = "GET");
    // reserve() and then sleep the wait through the sleeper, holding no lock.
    void acquire(const std::string& key, std::string_view method = "GET");

    // Learns from a response: X-Haravan-Api-Call-Limit "used/cap" resets the leaky bucket's level;
    // a 429 with Retry-After holds every call on the key until then.
    void observe(const std::string& key, const Response& response);

private:
    struct Bucket;
    Bucket& bucket(const std::string& key);

    Sleeper& sleeper_;
    std::mutex mutex_;  // guards the map only; each bucket has its own
    std::unordered_map<std::string, std::unique_ptr<Bucket>> buckets_;
};

}  // namespace loyalty::apps::http
