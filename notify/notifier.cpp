#include "notifier.hpp"

#include "event_delivery.hpp"
#include "message_delivery.hpp"
#include "notify/messages.hpp"

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
    : engine_(engine), options_(std::move(options)), client_(client_options(options_)), zalo_tokens_(engine_, client_) {}

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
    for (const auto& o : outcomes)
        if (!o.defer_until) ++(o.done ? delivered_ : failed_attempts_);
    return static_cast<int>(jobs.size());
}

core::JobOutcome Notifier::send(const core::OutboxJob& job) {
    if (job.platform != core::job_platform_webhook) return send_message(job);
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
    if (error.empty()) return {job.job_id, true, "delivered", std::nullopt};
    return {job.job_id, false, error.substr(0, 1000), std::nullopt};
}

std::string Notifier::fill_link(const std::string& text, const std::string& shop_id, const std::string& member_id) {
    if (text.find("{link}") == std::string::npos) return text;
    if (options_.public_url.empty())
        throw std::runtime_error("the message has {link} but loyaltyd has no public URL (apps.public_url)");
    // The token now, not when the message was queued: a link rotated meanwhile is never sent.
    std::string url = options_.public_url + "/c/" + engine_.member_page_token(shop_id, member_id, false);
    return core::fill_placeholders(text, [&](std::string_view name) -> std::optional<std::string> {
        return name == "link" ? std::optional<std::string>(url) : std::nullopt;
    });
}

core::JobOutcome Notifier::send_message(const core::OutboxJob& job) {
    std::string error;
    std::string sent = "sent";
    try {
        auto program = engine_.shop(job.shop_id);
        const int64_t t = now();
        if (auto until = core::quiet_until(*program, t)) return {job.job_id, false, "quiet hours", until};
        MessagePayload m = message_payload(job);
        if (engine_.opted_out(job.shop_id, m.member_id))
            return {job.job_id, true, std::string(core::skipped_prefix) + "the member opted out", std::nullopt};
        const core::Notifications& n = program->notifications;
        if (m.channel == core::channel_sms) {
            if (!n.sms) throw std::runtime_error("the shop has no SMS channel any more");
            std::string text = fill_link(m.text, job.shop_id, m.member_id);
            error = sms_refusal(*n.sms, client_.send(sms_request(*n.sms, phone_for(m.phone, n.sms->phone_84), text)));
        } else if (m.channel == core::channel_zalo) {
            if (!n.zalo) throw std::runtime_error("the shop has no Zalo channel any more");
            for (auto& [k, v] : m.params) v = fill_link(v, job.shop_id, m.member_id);
            // The job id tracks the message at Zalo: the same on every attempt.
            const std::string tracking = "loyalty-" + std::to_string(job.job_id);
            std::string token = zalo_tokens_.access_token(job.shop_id, *n.zalo, t);
            ZaloAnswer a = zalo_answer(client_.send(zalo_send_request(*n.zalo, token, m, tracking)));
            if (a.token_rejected) {
                token = zalo_tokens_.access_token(job.shop_id, *n.zalo, t, token);
                a = zalo_answer(client_.send(zalo_send_request(*n.zalo, token, m, tracking)));
            }
            if (a.sent) sent = a.text.empty() ? "sent" : "sent: " + a.text;
            else error = a.text;
        } else {
            throw std::runtime_error("unknown message channel \"" + m.channel + "\"");
        }
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (error.empty()) return {job.job_id, true, sent, std::nullopt};
    return {job.job_id, false, error.substr(0, 1000), std::nullopt};
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
