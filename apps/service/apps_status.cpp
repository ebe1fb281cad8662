// The admin API's view of the apps: the documents of sync_documents.hpp, with the workers woken
// when a walk is started.
#include "apps_service.hpp"
#include "sync_documents.hpp"

namespace loyalty::apps {

boost::json::object AppsService::shops() { return shops_document(engine_); }

boost::json::object AppsService::sync_status(const std::string& shop_id) { return sync_status_document(engine_, shop_id); }

boost::json::object AppsService::start_sync(const std::string& shop_id, const boost::json::object& request) {
    auto status = start_sync_document(engine_, shop_id, request, settings(), now());
    {
        std::lock_guard lock(mutex_);
        for (auto& [key, value] : backoff_)
            if (key.first == shop_id) value.first = 0;
    }
    wake_.notify_all();
    return status;
}

}  // namespace loyalty::apps
