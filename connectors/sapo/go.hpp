#pragma once
// Sapo GO (POS, *.mysapogo.com): its own order and customer shapes, told apart from Sapo Web by
// its headers. The Sapo connector verifies the signature, then hands GO deliveries here.
#include <string_view>

#include "common/headers.hpp"
#include "domain/delivery.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::sapo_go {

// True when the headers say the delivery comes from Sapo GO.
bool is_go(const Headers& headers);

core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone);

}  // namespace loyalty::connectors::sapo_go
