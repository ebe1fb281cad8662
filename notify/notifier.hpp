#pragma once
// Runs the deliveries of the shops' events: worker threads claim due deliveries from the outbox
// under a lease (so instances sharing a store never send one at once), POST each signed to its
// endpoint, and record delivered or failed-with-backoff. A crash between the POST and the record
// sends that delivery again, with the same event id: the receiver drops the repeat.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/platform_link.hpp"
#include "engine.hpp"
#include "http/https_client.hpp"
#include "zalo_tokens.hpp"

namespace loyalty::notify {

struct NotifierOptions {
    std::optional<std::string> ca_file;                 // CAs the endpoints' certificates chain to; unset: the system's
    unsigned workers = 2;                               // threads sending at once
    int batch = 16;                                     // deliveries claimed per round trip to the store
    std::chrono::milliseconds tick{250};                // how often an idle worker looks for due deliveries
    std::chrono::milliseconds timeout{5000};            // connect, and again for the answer
    std::function<int64_t()> clock;                     // unset: the system clock, seconds
    std::string public_url;  // the base of {link} in messages (https://host); empty: {link} cannot be sent
};

class Notifier {
public:
    static constexpr int64_t lease_seconds = 60;  // well over a delivery's two timeouts

    Notifier(core::Engine& engine, NotifierOptions options);
    ~Notifier();
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;

    void start();
    void stop();  // waits for deliveries in flight
    // One round on the calling thread: claims the due deliveries and sends them; returns how many
    // were attempted.
    int run_due();
    // Counters since start, for /metrics.
    int64_t delivered() const;
    int64_t failed_attempts() const;

private:
    // Sends one delivery; returns what became of it.
    core::JobOutcome send(const core::OutboxJob& job);
    // A message to a member: held in quiet hours, skipped once the member opted out.
    core::JobOutcome send_message(const core::OutboxJob& job);
    std::string fill_link(const std::string& text, const std::string& shop_id, const std::string& member_id);
    void loop();
    int64_t now() const;

    core::Engine& engine_;
    NotifierOptions options_;
    apps::http::HttpsClient client_;
    ZaloTokens zalo_tokens_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    int64_t delivered_ = 0;
    int64_t failed_attempts_ = 0;
};

}  // namespace loyalty::notify
