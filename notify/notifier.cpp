#include "notifier.hpp"

#include "event_delivery.hpp"

namespace loyalty::notify {
namespace {

apps::http::ClientOptions client_options(const NotifierOptions& o) {
    apps::http::ClientOptions c;
    c.ca_file = o.ca_file;
    c.connect_timeout = o.timeout;
    c.read_timeout = o.timeout;
    c.max_body = 64 << 10;  // an endpoint's answer is read only to be shown when it refuses
    c.user_agent = "loyalty-events/0.1";
    return c;
}

}  // namespace

Notifier::Notifier(core::Engine& engine, NotifierOptions options)
    : engine_(engine), options_(std::move(options)), client_(client_options(options_)) {}

Notifier::~Notifier() { stop(); }

int64_t Notifier::now() const {
    if (options_.clock) return options_.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Notifier::start() {
    std::lock_guard lock(mutex_);
    if (!threads_.empty()) return;
    stopping_ = false;
    for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) threads_.emplace_back([this] { loop(); });
}

void Notifier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

int Notifier::run_due() {
    auto jobs = engine_.claim_jobs(now(), lease_seconds, options_.batch, std::nullopt, core::JobLane::notification);
    if (jobs.empty()) return 0;
    std::vector<core::JobOutcome> outcomes;
    for (const auto& job : jobs) outcomes.push_back(send(job));
    try {
        // One commit for the batch: a crash before it sends the batch again, with the same event ids.
        engine_.finish_jobs(outcomes, now());
    } catch (const std::exception&) {
        // The store is unavailable: the leases run out and the deliveries are claimed again.
        return static_cast<int>(jobs.size());
    }
    std::lock_guard lock(mutex_);
    for (const auto& o : outcomes) ++(o.done ? delivered_ : failed_attempts_);
    return static_cast<int>(jobs.size());
}

core::JobOutcome Notifier::send(const core::OutboxJob& job) {
    std::string error;
    try {
        auto program = engine_.shop(job.shop_id);
        std::string url = delivery_url(job);
        const core::Endpoint* endpoint = program->notifications.endpoint(url);
        // Kept and retried, not dropped: the shop may put the endpoint back.
        if (!endpoint) error = "the shop has no endpoint " + url + " any more";
        else error = refusal(client_.send(delivery_request(job, *endpoint)));
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (error.empty()) return {job.job_id, true, "delivered"};
    return {job.job_id, false, error.substr(0, 1000)};
}

void Notifier::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        int ran = 0;
        try {
            ran = run_due();
        } catch (const std::exception&) {
            // The store is unavailable: look again at the next tick.
        }
        lock.lock();
        if (ran == 0) wake_.wait_for(lock, options_.tick);
    }
}

int64_t Notifier::delivered() const {
    std::lock_guard lock(mutex_);
    return delivered_;
}

int64_t Notifier::failed_attempts() const {
    std::lock_guard lock(mutex_);
    return failed_attempts_;
}

}  // namespace loyalty::notify
