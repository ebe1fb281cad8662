#include <algorithm>

#include "domain/notifications.hpp"

namespace loyalty::core {

bool is_event_type(std::string_view type) {
    return std::find(event_types.begin(), event_types.end(), type) != event_types.end();
}

bool Endpoint::wants(std::string_view type) const {
    return events.empty() || std::find(events.begin(), events.end(), type) != events.end();
}

const Endpoint* Notifications::endpoint(std::string_view url) const {
    for (const auto& e : endpoints)
        if (e.url == url) return &e;
    return nullptr;
}

bool Notifications::wants(std::string_view type) const {
    return std::any_of(endpoints.begin(), endpoints.end(), [&](const Endpoint& e) { return e.wants(type); });
}

}  // namespace loyalty::core
