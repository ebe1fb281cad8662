#pragma once
// Runs the outbox: the platform writes the core enqueued in the transactions that caused them
// (a tier changed, a voucher granted or voided). Each job is claimed under a lease, so two workers
// or two loyaltyd instances never run one at once; each write checks the platform before it
// changes anything, so a job run again after a crash is never applied twice.
#include <functional>
#include <optional>
#include <string>

#include "domain/platform_link.hpp"
#include "syncer.hpp"

namespace loyalty::apps {

class Writer {
public:
    static constexpr int64_t lease_seconds = 120;

    Writer(core::Engine& engine, ApiFactory api_for, std::function<int64_t()> clock);

    // Claims the jobs due now (of one shop, or of every shop) and runs them; returns how many ran,
    // done or failed. A failed job is due again after a backoff (Engine::fail_job).
    int run_due(int limit = 20, const std::optional<std::string>& shop_id = std::nullopt);

private:
    void run(const core::OutboxJob& job);

    core::Engine& engine_;
    ApiFactory api_for_;
    std::function<int64_t()> clock_;
};

}  // namespace loyalty::apps
