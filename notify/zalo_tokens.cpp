#include "zalo_tokens.hpp"

#include "message_delivery.hpp"

namespace loyalty::notify {

std::string ZaloTokens::access_token(const std::string& shop_id, const core::ZaloChannel& zalo, int64_t now,
                                     const std::string& rejected) {
    const std::string channel(core::channel_zalo);
    auto usable = [&](const std::optional<core::ChannelToken>& t) {
        // A token grown from another refresh token than the document's is stale: the shop pasted a new one.
        return t && t->seed == zalo.refresh_token && t->expires_at > now + 60 && t->access_token != rejected;
    };
    auto stored = engine_.channel_token(shop_id, channel);
    if (usable(stored)) return stored->access_token;
    std::lock_guard lock(refresh_);
    stored = engine_.channel_token(shop_id, channel);  // another worker may have refreshed meanwhile
    if (usable(stored)) return stored->access_token;
    const std::string& refresh = stored && stored->seed == zalo.refresh_token ? stored->refresh_token
                                                                               : zalo.refresh_token;
    core::ChannelToken fresh = zalo_tokens(client_.send(zalo_refresh_request(zalo, refresh)), now);
    fresh.shop_id = shop_id;
    fresh.seed = zalo.refresh_token;
    engine_.put_channel_token(fresh);
    return fresh.access_token;
}

}  // namespace loyalty::notify
