#include "shop_checks.hpp"

#include <string>

#include "limits.hpp"
#include "segments/rfm.hpp"
#include "util/amounts.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

[[noreturn]] void bad(const std::string& message) { fail(Status::invalid_argument, message); }

bool known_platform(const std::string& p) { return p == "haravan" || p == "sapo" || p == "kiotviet"; }

void check_connections(const std::vector<Connection>& connections) {
    for (std::size_t i = 0; i < connections.size(); ++i) {
        const Connection& c = connections[i];
        const std::string path = "shop.connections[" + std::to_string(i) + "]";
        if (!known_platform(c.platform))
            bad(path + ".platform \"" + c.platform + "\" is not one of haravan, sapo, kiotviet");
        if (c.secrets.empty()) bad(path + " needs \"secret\" or \"secrets\"");
        for (const auto& secret : c.secrets) {
            // A short secret is guessable, and an empty one would let anyone sign.
            if (secret.size() < 8) bad(path + " has a secret shorter than 8 characters");
        }
        if (!c.org_id.empty() && c.platform != "haravan")
            bad(path + ".org_id is Haravan's: only a haravan connection has one");
        if (!c.tier_groups.empty() && c.platform != "kiotviet")
            bad(path + ".tier_groups is KiotViet's: only a kiotviet connection has one");
        for (const auto& [tier, group] : c.tier_groups) {
            if (tier.empty()) bad(path + ".tier_groups has an empty tier name");
            // KiotViet's group ids are integers; the app writes them back as numbers.
            bool digits = !group.empty() && group.size() <= 18;
            for (char ch : group) digits = digits && ch >= '0' && ch <= '9';
            if (!digits) bad(path + ".tier_groups." + tier + " \"" + group.substr(0, 32) + "\" is not a KiotViet group id (digits)");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (connections[j].platform == c.platform)
                bad(path + " repeats platform \"" + c.platform + "\"; list its secrets together");
        }
    }
}

// A segment name with a typo would match no one, silently: refused by name instead.
void check_segments(const std::vector<std::string>& segments, const std::string& path) {
    for (const auto& s : segments)
        if (!is_segment(s))
            bad(path + ".segments: \"" + s.substr(0, 64) + "\" is not a segment (docs/program.md, \"Segments\")");
}

}  // namespace

void require_zone(const ShopProgram& p) {
    if (!p.zone)
        bad("shop.timezone \"" + p.timezone + "\" is not a known time zone (e.g. Asia/Ho_Chi_Minh or +07:00)");
}

void check_shop(const ShopProgram& p) {
    require_text(p.shop_id, "shop.shop_id");
    require_zone(p);
    if (p.spend_per_point <= 0) bad("shop.earn.spend_per_point must be a positive number of VND");
    require_in_range(p.spend_per_point, "shop.earn.spend_per_point");
    if (p.max_points_per_order) {
        if (*p.max_points_per_order < 0) bad("shop.earn.max_points_per_order must not be negative");
        require_in_range(*p.max_points_per_order, "shop.earn.max_points_per_order");
    }
    check_connections(p.connections);
    for (std::size_t i = 0; i < p.rules.size(); ++i)
        check_segments(p.rules[i].segments, "shop.rules[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < p.rewards.size(); ++i)
        check_segments(p.rewards[i].segments, "shop.rewards[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < p.games.size(); ++i)
        check_segments(p.games[i].segments, "shop.games[" + std::to_string(i) + "]");
}

}  // namespace loyalty::core
