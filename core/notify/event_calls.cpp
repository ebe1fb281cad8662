// The engine's calls over the shops' event deliveries: listing, replay, backlog.
#include "engine.hpp"
#include "notify/backlog.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {

JobPage Engine::event_deliveries(const std::string& shop_id, const JobQuery& query) {
    JobQuery q = query;
    q.platform = std::string(job_platform_webhook);
    return job_page(shop_id, q);
}

JobPage Engine::messages(const std::string& shop_id, const JobQuery& query) {
    JobQuery q = query;
    if (q.platform.empty()) q.platform = std::string(job_platform_messages);
    else if (q.platform != channel_sms && q.platform != channel_zalo)
        fail(Status::invalid_argument, "a message channel is sms or zalo");
    return job_page(shop_id, q);
}

std::vector<OutboxJob> Engine::replay_events(const std::string& shop_id, int64_t from_event, int64_t to_event,
                                             bool failed_only) {
    auto program = shop(shop_id);  // not_found for a shop that is not stored
    if (from_event <= 0 || to_event < from_event)
        fail(Status::invalid_argument, "the events to replay must be a range of positive ids, from <= to");
    int64_t t = now();
    return store_->write(
        [&](Transaction& tx) { return tx.replay_event_jobs(shop_id, from_event, to_event, failed_only, t); });
}

EventBacklog Engine::event_backlog(const std::string& shop_id) {
    require_text(shop_id, "shop_id");
    return job_backlog(*store_, shop_id, job_platform_webhook);
}

}  // namespace loyalty::core
