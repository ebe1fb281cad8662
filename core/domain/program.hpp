#pragma once
// A shop's program as the core uses it. `definition` is the document the host gave (the ABI's
// shop JSON); the core stores it as-is so the program can be read back exactly, and never parses it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/distributor.hpp"
#include "domain/games.hpp"
#include "domain/notifications.hpp"
#include "domain/program_rules.hpp"
#include "domain/rewards.hpp"

namespace loyalty::core {

class Zone;

// A shop's link to one platform: the secrets its webhooks are signed with (several while a secret
// is being rotated) and, for Haravan, the token its subscription handshake presents.
struct Connection {
    std::string platform;
    std::vector<std::string> secrets;
    std::string verify_token;
    // Haravan: the organisation (X-Haravan-Org-Id) this shop is, so a public app's one webhook URL
    // for every shop reaches the right one.
    std::string org_id;
    // KiotViet: the customer group (its id, as text) that shows each tier at the till; the app moves
    // a customer into the group of their tier and out of the other mapped groups. Tier name -> id.
    std::map<std::string, std::string> tier_groups;
};

struct ShopProgram {
    std::string shop_id;
    std::string name;                     // as the shop's staff know it; may be empty
    std::string timezone;                 // IANA name or fixed offset
    std::shared_ptr<const Zone> zone;     // loaded from `timezone`
    int64_t spend_per_point = 0;          // VND spent for one point; > 0
    std::optional<int64_t> max_points_per_order;
    std::vector<Connection> connections;
    // Numbers the shop knows are not a customer's own (its hotline, the number cashiers type for
    // walk-ins), canonical; they identify no one, like placeholder_phone's patterns.
    std::vector<std::string> placeholder_phones;
    std::optional<TierProgram> tiers;
    std::vector<EarnRule> rules;
    Bonuses bonuses;
    int64_t pending_days = 0;
    ExpiryPolicy expiry;
    RedeemPolicy redeem;
    std::vector<Reward> rewards;
    DistributorPrograms distributor;
    std::vector<Game> games;
    Notifications notifications;
    std::string definition;

    const Reward* reward(const std::string& reward_id) const {
        for (const auto& r : rewards)
            if (r.reward_id == reward_id) return &r;
        return nullptr;
    }

    const Game* game(const std::string& game_id) const {
        for (const auto& g : games)
            if (g.game_id == game_id) return &g;
        return nullptr;
    }

    const Connection* connection(const std::string& platform) const {
        for (const auto& c : connections)
            if (c.platform == platform) return &c;
        return nullptr;
    }
};

}  // namespace loyalty::core
