#include "platform_factory.hpp"

#include "common/crypto.hpp"
#include "engine.hpp"
#include "haravan_api.hpp"
#include "kiotviet_api.hpp"
#include "kiotviet_token.hpp"
#include "sapo_api.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

// Where the platform posts this shop's webhooks.
std::string webhook_address(const PlatformContext& c) {
    return c.config.public_url + "/webhooks/" + c.link.platform + "/" + c.link.shop_id;
}

}  // namespace

std::string limit_key(const core::PlatformLink& link) { return link.platform + ":" + link.shop_id; }

std::string random_secret() { return connectors::hex_encode(core::random_bytes(32)); }

MadeApi make_platform_api(const PlatformContext& c) {
    const std::string& platform = c.link.platform;
    std::string key = limit_key(c.link);
    MadeApi made;
    if (platform == "haravan") {
        if (!c.config.haravan) core::fail(core::Status::not_found, "no Haravan app is configured (apps.haravan)");
        c.limiter.configure_once(key, http::Limit::haravan());
        made.api = std::make_unique<HaravanApi>(*c.config.haravan, c.client, key, c.link.account,
                                                c.credentials.access_token);
    } else if (platform == "sapo") {
        if (!c.config.sapo) core::fail(core::Status::not_found, "no Sapo app is configured (apps.sapo)");
        c.limiter.configure_once(key, http::Limit::sapo());
        made.api = std::make_unique<SapoApi>(*c.config.sapo, c.client, key, c.link.account,
                                             c.credentials.access_token, webhook_address(c));
    } else if (platform == "kiotviet") {
        c.limiter.configure_once(key, http::Limit::kiotviet());
        Credentials creds = c.credentials;
        if (kiotviet_token_due(creds, c.now)) {
            creds = kiotviet_token(c.config, c.client, creds, c.now);
            made.renewed = creds;
        }
        auto shop = c.engine.shop(c.link.shop_id);
        const core::Connection* conn = shop->connection("kiotviet");
        if (!conn || conn->secrets.empty())
            core::fail(core::Status::not_found, "shop \"" + c.link.shop_id + "\" has no kiotviet connection");
        made.api = std::make_unique<KiotVietApi>(c.config.kiotviet, c.client, key, c.link.account, creds.access_token,
                                                 webhook_address(c), conn->secrets.front(), shop->zone,
                                                 conn->tier_groups);
    } else {
        core::fail(core::Status::not_found, "\"" + platform + "\" is not a platform with an app");
    }
    return made;
}

}  // namespace loyalty::apps
