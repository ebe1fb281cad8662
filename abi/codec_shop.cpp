#include "codec.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::abi {

core::ShopProgram decode_shop(const json::object& shop) {
    reject_unknown(shop, {"shop_id", "name", "timezone", "earn"}, "shop");
    core::ShopProgram p;
    p.shop_id = require_string(shop, "shop_id", "shop");
    p.timezone = get_string(shop, "timezone", "shop").value_or("Asia/Ho_Chi_Minh");
    p.zone = core::Zone::load(p.timezone);
    if (!p.zone)
        core::fail(core::Status::invalid_argument,
                   "shop.timezone \"" + p.timezone + "\" is not a known time zone (e.g. Asia/Ho_Chi_Minh or +07:00)");
    const json::object* earn = get_object(shop, "earn", "shop");
    if (!earn) core::fail(core::Status::invalid_argument, "shop.earn is required");
    reject_unknown(*earn, {"spend_per_point"}, "shop.earn");
    p.spend_per_point = require_integer(*earn, "spend_per_point", "shop.earn");
    if (p.spend_per_point <= 0)
        core::fail(core::Status::invalid_argument, "shop.earn.spend_per_point must be a positive number of VND");
    p.definition = json::serialize(shop);
    return p;
}

core::ShopProgram decode_shop_definition(const std::string& definition) {
    return decode_shop(parse_object(definition.c_str(), "stored shop definition"));
}

}  // namespace loyalty::abi
