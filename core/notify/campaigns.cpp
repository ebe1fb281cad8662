// Campaigns: one message to every member of some tiers or groups, at a bounded rate.
#include <algorithm>

#include "engine.hpp"
#include "notify/messages.hpp"
#include "segments/rfm.hpp"
#include "segments/targeting.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

constexpr int audience_page = 500;

// The member's segment is read only for a campaign that lists segments, and only when their tier
// and group did not admit them already.
bool in_audience(Transaction& tx, const Campaign& c, const Member& m) {
    if (c.tiers.empty() && c.groups.empty() && c.segments.empty()) return true;
    if (std::find(c.tiers.begin(), c.tiers.end(), m.tier.name) != c.tiers.end() ||
        (!m.group.empty() && std::find(c.groups.begin(), c.groups.end(), m.group) != c.groups.end()))
        return true;
    if (c.segments.empty()) return false;
    const std::string segment = member_segment(tx, c.shop_id, m.member_id);
    return !segment.empty() && std::find(c.segments.begin(), c.segments.end(), segment) != c.segments.end();
}

void check_campaign(const Campaign& c, const ShopProgram& p) {
    require_text(c.campaign_id, "campaign_id");
    require_text(c.name, "name", false);
    require_text(c.created_by, "created_by", false);
    if (c.per_minute < 1 || c.per_minute > 6000) fail(Status::invalid_argument, "per_minute must be between 1 and 6000");
    // A tier the program does not have would match no one: most likely a typo, so it is refused by name.
    for (const auto& tier : c.tiers)
        if (!p.tiers || !p.tiers->index_of(tier))
            fail(Status::invalid_argument, "the shop's program has no tier \"" + tier + "\"");
    for (const auto& segment : c.segments)
        if (!is_segment(segment)) fail(Status::invalid_argument, "there is no segment \"" + segment + "\"");
    const std::string& channel = c.message.channel;
    if (channel == channel_sms ? !p.notifications.sms : channel == channel_zalo ? !p.notifications.zalo : true)
        fail(Status::invalid_argument, "channel \"" + channel + "\" is not configured in the shop's notifications.channels");
}

}  // namespace

Campaign Engine::create_campaign(Campaign c) {
    auto program = shop(c.shop_id);
    check_campaign(c, *program);
    c.message.event = std::string(campaign_event);
    c.created_at = now();
    const int64_t t = c.created_at;
    return store_->write([&](Transaction& tx) {
        if (auto stored = tx.campaign(c.shop_id, c.campaign_id)) return *stored;
        Campaign out = c;
        out.audience = out.queued = out.opted_out = out.no_phone = 0;
        const MessageJob base{"campaign:" + c.campaign_id, "", std::nullopt, std::nullopt};
        std::string after;
        for (;;) {
            auto page = tx.member_page_after(c.shop_id, after, audience_page);
            for (const Member& m : page) {
                if (!in_audience(tx, c, m)) continue;
                ++out.audience;
                MessageJob job = base;
                job.dedup_key = "campaign:" + c.campaign_id + ":" + m.member_id;
                // Spread over time: the rate the shop's gateway (and its customers' patience) bears.
                job.due_at = t + out.queued * 60 / c.per_minute;
                switch (enqueue_message(tx, *program, m, c.message, {}, job, t)) {
                    case MessageOutcome::queued: ++out.queued; break;
                    case MessageOutcome::opted_out: ++out.opted_out; break;
                    case MessageOutcome::no_phone: ++out.no_phone; break;
                    case MessageOutcome::over_daily_limit:
                    case MessageOutcome::already: break;
                }
            }
            if (page.size() < static_cast<std::size_t>(audience_page)) break;
            after = page.back().member_id;
        }
        tx.insert_campaign(out);
        return out;
    });
}

std::optional<std::pair<Campaign, CampaignCounts>> Engine::campaign(const std::string& shop_id,
                                                                    const std::string& campaign_id) {
    shop(shop_id);
    require_text(campaign_id, "campaign_id");
    return store_->read([&](Transaction& tx) -> std::optional<std::pair<Campaign, CampaignCounts>> {
        auto c = tx.campaign(shop_id, campaign_id);
        if (!c) return std::nullopt;
        return std::make_pair(*c, tx.campaign_counts(shop_id, campaign_id));
    });
}

std::vector<std::pair<Campaign, CampaignCounts>> Engine::campaigns(const std::string& shop_id) {
    shop(shop_id);
    return store_->read([&](Transaction& tx) {
        std::vector<std::pair<Campaign, CampaignCounts>> out;
        for (auto& c : tx.campaigns(shop_id)) {
            CampaignCounts counts = tx.campaign_counts(shop_id, c.campaign_id);
            out.emplace_back(std::move(c), counts);
        }
        return out;
    });
}

}  // namespace loyalty::core
