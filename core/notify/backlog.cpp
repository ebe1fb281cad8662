#include "notify/backlog.hpp"

namespace loyalty::core {

EventBacklog job_backlog(Store& store, const std::string& shop_id, std::string_view platform) {
    const std::string p(platform);
    return store.read([&](Transaction& tx) {
        JobCounts c = tx.job_counts(shop_id, p);
        return EventBacklog{c.pending, c.done, c.failed, tx.oldest_pending_job(shop_id, p)};
    });
}

}  // namespace loyalty::core
