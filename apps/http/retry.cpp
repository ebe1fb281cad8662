#include "retry.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

#include "rate_limiter.hpp"

namespace loyalty::apps::http {

using std::chrono::milliseconds;

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::uint64_t seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
        seconds = std::min<std::uint64_t>(seconds, 7 * 24 * 3600);  // a week at most
        return milliseconds(static_cast<std::int64_t>(seconds) * 1000);
    }
    // IMF-fixdate, then the two obsolete forms HTTP still allows (RFC 9110, 5.6.7).
    std::string text(value);
    for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
        std::tm tm{};
        const char* end = ::strptime(text.c_str(), format, &tm);
        if (!end || *end != '\0') continue;
        std::time_t at = ::timegm(&tm);
        if (at == static_cast<std::time_t>(-1)) return std::nullopt;
        auto delta = std::chrono::system_clock::from_time_t(at) - now;
        if (delta.count() <= 0) return milliseconds(0);
        return std::chrono::ceil<milliseconds>(delta);
    }
    return std::nullopt;
}

bool retryable_status(unsigned status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

RetryingClient::RetryingClient(HttpsClient& client, RetryPolicy policy, Sleeper& sleeper, RateLimiter* limiter,
                               std::uint64_t seed)
    : client_(client), policy_(policy), sleeper_(sleeper), limiter_(limiter), random_(seed) {}

milliseconds RetryingClient::backoff(int retry) {
    double d = static_cast<double>(policy_.base_delay.count());
    for (int i = 1; i < retry && d < static_cast<double>(policy_.max_delay.count()); ++i) d *= 2;
    d = std::min(d, static_cast<double>(policy_.max_delay.count()));
    double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
    double low = d * (1 - jitter);
    std::lock_guard lock(random_mutex_);
    std::uniform_real_distribution<double> pick(low, d);
    return milliseconds(static_cast<std::int64_t>(jitter > 0 ? pick(random_) : d));
}

Response RetryingClient::send(const Request& request, const std::string& limit_key, int* attempts) {
    const bool idempotent = request.is_idempotent();
    const bool limited = limiter_ && !limit_key.empty();
    milliseconds waited{0};
    for (int attempt = 1;; ++attempt) {
        if (attempts) *attempts = attempt;
        if (limited) limiter_->acquire(limit_key, request.method);
        std::optional<HttpError> failure;
        std::optional<milliseconds> server_wait;
        try {
            Response r = client_.send(request);
            if (limited) limiter_->observe(limit_key, r);
            // 429 and 503 say the server did not act; other 5xx may have, so a POST is not repeated.
            bool refused = r.status == 429 || r.status == 503;
            if (!retryable_status(r.status) || (!idempotent && !refused)) return r;
            if (refused)
                if (auto v = r.header("Retry-After")) server_wait = parse_retry_after(*v, sleeper_.wall_now());
            failure.emplace(ErrorKind::http_status,
                            "HTTP " + std::to_string(r.status) + " from " + request.method + " " + request.url +
                                " after " + std::to_string(attempt) + " attempt" + (attempt > 1 ? "s" : ""),
                            true, r.status, server_wait, std::move(r.body));
        } catch (const HttpError& e) {
            bool transient =
                e.kind() == ErrorKind::timeout || e.kind() == ErrorKind::closed || e.kind() == ErrorKind::connect;
            if (!transient || (!idempotent && e.request_sent())) throw;
            failure.emplace(e);
        }
        if (attempt >= policy_.max_attempts) throw *failure;
        milliseconds wait = server_wait ? *server_wait : backoff(attempt);
        if (waited + wait > policy_.max_total_wait) throw *failure;
        sleeper_.sleep_for(wait);
        waited += wait;
    }
}

}  // namespace loyalty::apps::http
