#pragma once
// The outbox's jobs of one platform for one shop (webhook deliveries, "sms" or "zalo" messages) by status,
// and when the oldest pending one was recorded: what /metrics shows an operator.
#include <string>
#include <string_view>

#include "domain/notifications.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

EventBacklog job_backlog(Store& store, const std::string& shop_id, std::string_view platform);

}  // namespace loyalty::core
