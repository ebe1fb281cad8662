// The rewards most claimed over the window (docs/program.md, "Reports").
#include "engine.hpp"
#include "reports/window.hpp"

namespace loyalty::core {

RewardReport Engine::reward_report(const std::string& shop_id, int months, int limit) {
    auto program = shop(shop_id);
    const ReportWindow w = report_window(now(), *program->zone, months);
    if (limit < 1 || limit > max_reward_report_limit)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_reward_report_limit));
    RewardReport r{w.months.front(), w.months.back(), {}};
    r.rewards = store_->read([&](Transaction& tx) { return tx.reward_claims(shop_id, w.start(), w.end(), limit); });
    // Names as the catalogue has them now; grants keep the name they were issued under, but a
    // reward renamed since is reported once, under its current name.
    for (RewardClaims& c : r.rewards)
        if (const Reward* reward = program->reward(c.reward_id)) c.name = reward->name;
    return r;
}

}  // namespace loyalty::core
