#include "codec.hpp"
#include "stored_shop.hpp"
#include "program/shop_checks.hpp"
#include "util/amounts.hpp"
#include "util/error.hpp"
#include "util/phone.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

namespace {

std::vector<core::Connection> decode_connections(const json::array& list) {
    std::vector<core::Connection> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "shop.connections[" + std::to_string(i) + "]";
        if (!list[i].is_object()) core::fail(core::Status::invalid_argument, path + " must be an object");
        const auto& c = list[i].get_object();
        reject_unknown(c, {"platform", "secret", "secrets", "verify_token", "org_id", "tier_groups"}, path);
        core::Connection connection;
        connection.platform = require_string(c, "platform", path);
        if (auto secret = get_string(c, "secret", path)) connection.secrets.push_back(*secret);
        if (const json::array* secrets = get_array(c, "secrets", path)) {
            for (const auto& s : *secrets) {
                if (!s.is_string()) core::fail(core::Status::invalid_argument, path + ".secrets must hold strings");
                connection.secrets.emplace_back(s.get_string());
            }
        }
        connection.verify_token = get_string(c, "verify_token", path).value_or("");
        connection.org_id = get_string(c, "org_id", path).value_or("");
        if (const json::object* groups = get_object(c, "tier_groups", path)) {
            // KiotViet's group ids are numbers, given as text so a large one stays exact.
            const std::string at = path + ".tier_groups";
            if (connection.platform != "kiotviet")
                core::fail(core::Status::invalid_argument, at + " is KiotViet's: only a kiotviet connection has one");
            for (const auto& [tier, group] : *groups) {
                if (!group.is_string())
                    core::fail(core::Status::invalid_argument,
                               at + "." + std::string(tier) + " must be a string (the KiotViet group id)");
                connection.tier_groups.emplace(std::string(tier), std::string(group.get_string()));
            }
        }
        out.push_back(std::move(connection));
    }
    return out;
}

// The shop's own placeholder numbers, canonical. A number outside the numbering plan (a 1900
// hotline) already identifies no one, so only its being a number is checked.
std::vector<std::string> decode_placeholders(const json::object& shop) {
    std::vector<std::string> out;
    auto listed = string_list(shop, "placeholder_phones", "shop");
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (auto phone = core::canonical_phone(listed[i])) {
            out.push_back(std::move(*phone));
            continue;
        }
        std::size_t digits = 0;
        bool only_phone_characters = true;
        for (char c : listed[i]) {
            if (c >= '0' && c <= '9') ++digits;
            else if (c != ' ' && c != '.' && c != '-' && c != '+' && c != '(' && c != ')') only_phone_characters = false;
        }
        if (!only_phone_characters || digits < 4 || digits > 15)
            core::fail(core::Status::invalid_argument,
                       element_path("shop.placeholder_phones", i) + " \"" + listed[i] + "\" is not a phone number");
    }
    return out;
}

}  // namespace

core::ShopProgram decode_shop(const json::object& shop) {
    reject_unknown(shop, {"shop_id", "name", "timezone", "earn", "connections", "tiers", "rules", "bonuses",
                          "pending_days", "expiry", "redeem", "rewards", "volume_bonuses", "targets", "rankings",
                          "anniversaries", "appreciations", "settle_after_days", "placeholder_phones", "notifications",
                          "games"},
                   "shop");
    core::ShopProgram p;
    p.shop_id = require_string(shop, "shop_id", "shop");
    p.name = get_string(shop, "name", "shop").value_or("");
    p.timezone = get_string(shop, "timezone", "shop").value_or("Asia/Ho_Chi_Minh");
    p.zone = core::Zone::load(p.timezone);
    core::require_zone(p);
    const json::object* earn = get_object(shop, "earn", "shop");
    if (!earn) core::fail(core::Status::invalid_argument, "shop.earn is required");
    reject_unknown(*earn, {"spend_per_point", "max_points_per_order"}, "shop.earn");
    // Whether the values are allowed is the core's to say (core::check_shop), on every write.
    p.spend_per_point = require_integer(*earn, "spend_per_point", "shop.earn");
    p.max_points_per_order = get_integer(*earn, "max_points_per_order", "shop.earn");
    p.placeholder_phones = decode_placeholders(shop);
    if (const json::array* connections = get_array(shop, "connections", "shop"))
        p.connections = decode_connections(*connections);
    decode_program_rules(shop, p);
    decode_notifications(shop, p);
    p.definition = stored_shop_text(shop);
    return p;
}

core::ShopProgram decode_shop_definition(const std::string& definition) {
    return decode_shop(read_stored_shop(definition));
}

}  // namespace loyalty::documents
