// The channels' tokens as last refreshed, and the member's choice the notifier checks before sending.
#include "engine.hpp"
#include "validation.hpp"

namespace loyalty::core {

std::optional<ChannelToken> Engine::channel_token(const std::string& shop_id, const std::string& channel) {
    require_text(shop_id, "shop_id");
    require_text(channel, "channel");
    return store_->read([&](Transaction& tx) { return tx.channel_token(shop_id, channel); });
}

void Engine::put_channel_token(ChannelToken token) {
    require_text(token.shop_id, "shop_id");
    require_text(token.channel, "channel");
    token.updated_at = now();
    store_->write([&](Transaction& tx) { tx.put_channel_token(token); });
}

bool Engine::opted_out(const std::string& shop_id, const std::string& member_id) {
    require_text(shop_id, "shop_id");
    require_text(member_id, "member_id");
    return store_->read([&](Transaction& tx) {
        auto c = tx.member_contact(shop_id, member_id);
        return c && c->opted_out;
    });
}

}  // namespace loyalty::core
