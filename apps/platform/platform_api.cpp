#include "platform_api.hpp"

namespace loyalty::apps {

std::string_view to_string(Resource r) {
    switch (r) {
        case Resource::customers: return "customers";
        case Resource::orders: return "orders";
        case Resource::returns: return "returns";
    }
    return "unknown";
}

std::vector<Resource> resources_of(std::string_view platform) {
    if (platform == "kiotviet") return {Resource::customers, Resource::orders, Resource::returns};
    return {Resource::customers, Resource::orders};
}

}  // namespace loyalty::apps
