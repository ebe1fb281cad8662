#include "connector.hpp"
#include "haravan/haravan.hpp"
#include "kiotviet/kiotviet.hpp"
#include "sapo/sapo.hpp"

namespace loyalty::connectors {

const Connector* find_connector(std::string_view platform) {
    if (platform == "haravan") return &haravan_connector();
    if (platform == "sapo") return &sapo_connector();
    if (platform == "kiotviet") return &kiotviet_connector();
    return nullptr;
}

}  // namespace loyalty::connectors
