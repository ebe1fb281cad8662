#pragma once
// A shop's program as the core uses it. `definition` is the document the host gave (the ABI's
// shop JSON); the core stores it as-is so the program can be read back exactly, and never parses it.
#include <cstdint>
#include <memory>
#include <string>

namespace loyalty::core {

class Zone;

struct ShopProgram {
    std::string shop_id;
    std::string timezone;                 // IANA name or fixed offset
    std::shared_ptr<const Zone> zone;     // loaded from `timezone`
    int64_t spend_per_point = 0;          // VND spent for one point; > 0
    std::string definition;
};

}  // namespace loyalty::core
