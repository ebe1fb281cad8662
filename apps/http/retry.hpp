#pragma once
// Retries of one call: 429 waits for Retry-After, 5xx (but 501), 408, timeouts and dropped
// connections wait an exponential backoff with jitter, up to a number of attempts and a total wait.
// Other 4xx are returned at once. Non-idempotent calls are repeated only when the server surely did
// not act on them: a 429 or 503 answer, or a failure before anything was sent.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "clock.hpp"
#include "https_client.hpp"

namespace loyalty::apps::http {

class RateLimiter;

struct RetryPolicy {
    int max_attempts = 5;
    std::chrono::milliseconds base_delay{500};  // the first backoff; doubled each time
    std::chrono::milliseconds max_delay{std::chrono::seconds(30)};
    std::chrono::milliseconds max_total_wait{std::chrono::minutes(2)};  // across all waits of one call
    // A backoff of d waits a uniformly random time in [d * (1 - jitter), d].
    double jitter = 0.5;
};

// Retry-After as seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"), relative to
// `now`; a date in the past is zero. Unset when unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

bool retryable_status(unsigned status);

class RetryingClient {
public:
    RetryingClient(HttpsClient& client, RetryPolicy policy = {}, Sleeper& sleeper = real_sleeper(),
                   RateLimiter* limiter = nullptr, std::uint64_t seed = std::random_device{}());

    // Sends with retries; before each attempt the limiter's bucket for `limit_key` is acquired (when
    // both are given) and each response is reported to it. Returns the first response that is not
    // retryable (2xx, 3xx, other 4xx). Giving up throws the last transport HttpError, or an
    // HttpError of kind http_status carrying the last status, body and Retry-After.
    // Thread-safe; `attempts`, when given, receives the number of attempts made.
    Response send(const Request& request, const std::string& limit_key = {}, int* attempts = nullptr);

private:
    std::chrono::milliseconds backoff(int retry);

    HttpsClient& client_;
    RetryPolicy policy_;
    Sleeper& sleeper_;
    RateLimiter* limiter_;
    std::mutex random_mutex_;
    std::mt19937_64 random_;
};

}  // namespace loyalty::apps::http
