#include "rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "retry.hpp"

namespace loyalty::apps::http {

using std::chrono::milliseconds;

Limit Limit::per_minute(double calls, double burst) {
    Limit l;
    l.kind = Kind::token_bucket;
    l.calls = calls;
    l.period = std::chrono::minutes(1);
    l.burst = burst > 0 ? burst : calls;
    return l;
}

Limit Limit::per_hour(double calls, double burst) {
    Limit l = per_minute(calls, burst);
    l.period = std::chrono::hours(1);
    return l;
}

Limit Limit::haravan() {
    Limit l;
    l.kind = Kind::leaky_bucket;
    l.calls = 4;
    l.period = std::chrono::seconds(1);
    l.burst = 80;
    l.headroom = 4;
    return l;
}

Limit Limit::sapo() { return per_minute(40); }

Limit Limit::kiotviet() {
    Limit l = per_hour(5000);
    l.only_get = true;
    return l;
}

struct RateLimiter::Bucket {
    std::mutex mutex;
    Limit limit;
    double level = 0;  // token bucket: tokens left (negative: reserved ahead); leaky bucket: calls in it
    bool started = false;
    bool configured = false;  // a limit was set (a key only ever observed has none)
    std::chrono::steady_clock::time_point last{};
    std::chrono::steady_clock::time_point blocked_until{};

    double rate_per_ms() const {
        return limit.period.count() > 0 ? limit.calls / static_cast<double>(limit.period.count()) : 0;
    }

    // Brings the level to `now`.
    void advance(std::chrono::steady_clock::time_point now) {
        if (!started) {
            level = limit.kind == Limit::Kind::token_bucket ? limit.burst : 0;
            last = now;
            started = true;
            return;
        }
        double elapsed = static_cast<double>(std::chrono::duration_cast<milliseconds>(now - last).count());
        if (elapsed > 0) {
            if (limit.kind == Limit::Kind::token_bucket)
                level = std::min(limit.burst, level + elapsed * rate_per_ms());
            else if (limit.kind == Limit::Kind::leaky_bucket)
                level = std::max(0.0, level - elapsed * rate_per_ms());
            last = now;
        }
    }
};

RateLimiter::RateLimiter(Sleeper& sleeper) : sleeper_(sleeper) {}
RateLimiter::~RateLimiter() = default;

RateLimiter::Bucket& RateLimiter::bucket(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto& b = buckets_[key];
    if (!b) b = std::make_unique<Bucket>();
    return *b;
}

void RateLimiter::configure(const std::string& key, Limit limit) {
    Bucket& b = bucket(key);
    std::lock_guard lock(b.mutex);
    b.limit = limit;
    b.started = false;
    b.configured = true;
}

void RateLimiter::configure_once(const std::string& key, Limit limit) {
    Bucket& b = bucket(key);
    std::lock_guard lock(b.mutex);
    if (b.configured) return;
    b.limit = limit;
    b.started = false;
    b.configured = true;
}

milliseconds RateLimiter::reserve(const std::string& key, std::string_view method) {
    Bucket& b = bucket(key);
    std::lock_guard lock(b.mutex);
    auto now = sleeper_.now();
    milliseconds wait{0};
    if (b.blocked_until > now) wait = std::chrono::ceil<milliseconds>(b.blocked_until - now);
    if (b.limit.kind == Limit::Kind::none || b.rate_per_ms() <= 0) return wait;
    if (b.limit.only_get && method != "GET") return wait;
    b.advance(now);
    double rate = b.rate_per_ms();
    double ms = 0;
    if (b.limit.kind == Limit::Kind::token_bucket) {
        b.level -= 1;
        if (b.level < 0) ms = -b.level / rate;
    } else {
        double threshold = std::max(1.0, b.limit.burst - b.limit.headroom);
        b.level += 1;
        if (b.level > threshold) ms = (b.level - threshold) / rate;
    }
    return std::max(wait, milliseconds(static_cast<std::int64_t>(std::ceil(ms))));
}

void RateLimiter::acquire(const std::string& key, std::string_view method) {
    auto wait = reserve(key, method);
    if (wait.count() > 0) sleeper_.sleep_for(wait);
}

void RateLimiter::observe(const std::string& key, const Response& response) {
    auto call_limit = response.header("X-Haravan-Api-Call-Limit");
    std::optional<milliseconds> retry_after;
    if (response.status == 429)
        if (auto v = response.header("Retry-After")) retry_after = parse_retry_after(*v, sleeper_.wall_now());
    if (!call_limit && !retry_after) return;

    Bucket& b = bucket(key);
    std::lock_guard lock(b.mutex);
    auto now = sleeper_.now();
    if (retry_after) b.blocked_until = std::max(b.blocked_until, now + *retry_after);
    if (call_limit) {
        // "used/cap", e.g. "12/80"
        std::string_view v = *call_limit;
        auto slash = v.find('/');
        long used = -1, cap = -1;
        if (slash != std::string_view::npos) {
            std::from_chars(v.data(), v.data() + slash, used);
            std::from_chars(v.data() + slash + 1, v.data() + v.size(), cap);
        }
        if (used < 0 || cap <= 0) return;
        if (b.limit.kind != Limit::Kind::leaky_bucket) {
            // A key never configured learns Haravan's bucket from its header.
            if (b.limit.kind != Limit::Kind::none) return;
            b.limit = Limit::haravan();
        }
        b.limit.burst = static_cast<double>(cap);
        b.level = static_cast<double>(used);
        b.last = now;
        b.started = true;
    }
}

}  // namespace loyalty::apps::http
