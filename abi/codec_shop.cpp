#include "codec.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::abi {

namespace {

std::vector<core::Connection> decode_connections(const json::array& list) {
    std::vector<core::Connection> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "shop.connections[" + std::to_string(i) + "]";
        if (!list[i].is_object()) core::fail(core::Status::invalid_argument, path + " must be an object");
        const auto& c = list[i].get_object();
        reject_unknown(c, {"platform", "secret", "secrets", "verify_token"}, path);
        core::Connection connection;
        connection.platform = require_string(c, "platform", path);
        if (connection.platform != "haravan" && connection.platform != "sapo" && connection.platform != "kiotviet")
            core::fail(core::Status::invalid_argument,
                       path + ".platform \"" + connection.platform + "\" is not one of haravan, sapo, kiotviet");
        if (auto secret = get_string(c, "secret", path)) connection.secrets.push_back(*secret);
        if (const json::array* secrets = get_array(c, "secrets", path)) {
            for (const auto& s : *secrets) {
                if (!s.is_string()) core::fail(core::Status::invalid_argument, path + ".secrets must hold strings");
                connection.secrets.emplace_back(s.get_string());
            }
        }
        for (const auto& secret : connection.secrets) {
            // A short secret is guessable, and an empty one would let anyone sign.
            if (secret.size() < 8)
                core::fail(core::Status::invalid_argument, path + " has a secret shorter than 8 characters");
        }
        if (connection.secrets.empty())
            core::fail(core::Status::invalid_argument, path + " needs \"secret\" or \"secrets\"");
        connection.verify_token = get_string(c, "verify_token", path).value_or("");
        for (const auto& earlier : out) {
            if (earlier.platform == connection.platform)
                core::fail(core::Status::invalid_argument,
                           path + " repeats platform \"" + connection.platform + "\"; list its secrets together");
        }
        out.push_back(std::move(connection));
    }
    return out;
}

}  // namespace

core::ShopProgram decode_shop(const json::object& shop) {
    reject_unknown(shop, {"shop_id", "name", "timezone", "earn", "connections", "tiers", "rules", "bonuses",
                          "pending_days", "expiry", "redeem", "rewards", "volume_bonuses", "targets", "rankings",
                          "settle_after_days"},
                   "shop");
    core::ShopProgram p;
    p.shop_id = require_string(shop, "shop_id", "shop");
    p.timezone = get_string(shop, "timezone", "shop").value_or("Asia/Ho_Chi_Minh");
    p.zone = core::Zone::load(p.timezone);
    if (!p.zone)
        core::fail(core::Status::invalid_argument,
                   "shop.timezone \"" + p.timezone + "\" is not a known time zone (e.g. Asia/Ho_Chi_Minh or +07:00)");
    const json::object* earn = get_object(shop, "earn", "shop");
    if (!earn) core::fail(core::Status::invalid_argument, "shop.earn is required");
    reject_unknown(*earn, {"spend_per_point", "max_points_per_order"}, "shop.earn");
    p.spend_per_point = require_integer(*earn, "spend_per_point", "shop.earn");
    if (p.spend_per_point <= 0)
        core::fail(core::Status::invalid_argument, "shop.earn.spend_per_point must be a positive number of VND");
    p.max_points_per_order = get_integer(*earn, "max_points_per_order", "shop.earn");
    if (p.max_points_per_order && *p.max_points_per_order < 0)
        core::fail(core::Status::invalid_argument, "shop.earn.max_points_per_order must not be negative");
    if (const json::array* connections = get_array(shop, "connections", "shop"))
        p.connections = decode_connections(*connections);
    decode_program_rules(shop, p);
    p.definition = json::serialize(shop);
    return p;
}

core::ShopProgram decode_shop_definition(const std::string& definition) {
    return decode_shop(parse_object(definition.c_str(), "stored shop definition"));
}

}  // namespace loyalty::abi
