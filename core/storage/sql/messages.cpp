// Messages to members (docs/notifications.md): the daily count, a campaign's audience, the channels'
// tokens, and campaigns with their messages' counts.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

// Lists and pairs in one text column: the separators are control characters no name or template
// the documents accept can hold.
constexpr char unit = '\x1f';
constexpr char record = '\x1e';

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : std::string(1, unit)) + i;
    return out;
}

std::vector<std::string> split(const std::string& text, char by) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t from = 0;
    for (std::size_t at = text.find(by); at != std::string::npos; at = text.find(by, from)) {
        out.push_back(text.substr(from, at - from));
        from = at + 1;
    }
    out.push_back(text.substr(from));
    return out;
}

std::string join_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [k, v] : pairs) out += (out.empty() ? "" : std::string(1, record)) + k + unit + v;
    return out;
}

std::vector<std::pair<std::string, std::string>> split_pairs(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : split(text, record)) {
        auto at = r.find(unit);
        out.emplace_back(r.substr(0, at), at == std::string::npos ? "" : r.substr(at + 1));
    }
    return out;
}

#define LOYALTY_CAMPAIGN_COLUMNS                                                                              \
    "shop_id, campaign_id, name, tiers, groups_, channel, text, template_id, params, per_minute, audience, " \
    "queued, opted_out, no_phone, created_by, created_at, segments"

Campaign read_campaign(Call& c) {
    Campaign out;
    out.shop_id = c.text(0);
    out.campaign_id = c.text(1);
    out.name = c.text(2);
    out.tiers = split(c.text(3), unit);
    out.groups = split(c.text(4), unit);
    out.message.event = std::string(campaign_event);
    out.message.channel = c.text(5);
    out.message.text = c.text(6);
    out.message.template_id = c.text(7);
    out.message.params = split_pairs(c.text(8));
    out.per_minute = c.integer(9);
    out.audience = c.integer(10);
    out.queued = c.integer(11);
    out.opted_out = c.integer(12);
    out.no_phone = c.integer(13);
    out.created_by = c.text(14);
    out.created_at = c.integer(15);
    out.segments = split(c.text(16), unit);
    return out;
}

}  // namespace

int64_t SqlTransaction::count_messages_since(const std::string& shop, const std::string& sequence_key,
                                             int64_t since) {
    // The platform test matches the partial index outbox_messages, which holds message rows only.
    static constexpr Query q{QueryId::count_messages_since,
                             "SELECT count(*) FROM outbox WHERE shop_id = ?1 AND sequence_key = ?2 "
                             "AND created_at >= ?3::bigint AND platform IN ('zalo', 'sms')"};
    Call c(db_, q);
    c.bind(shop).bind(sequence_key).bind(since);
    return c.row() ? c.integer(0) : 0;
}

std::vector<Member> SqlTransaction::member_page_after(const std::string& shop, const std::string& after, int limit) {
    static constexpr Query q{QueryId::member_page_after,
                             "SELECT member_id, name, phone, available, pending, tier, group_name FROM members "
                             "WHERE shop_id = ?1 AND merged_into IS NULL AND member_id > ?2 "
                             R"(ORDER BY member_id COLLATE "C" LIMIT ?3::bigint)"};
    Call c(db_, q);
    c.bind(shop).bind(after).bind(int64_t{limit});
    std::vector<Member> out;
    while (c.row()) {
        Member m;
        m.member_id = c.text(0);
        m.name = c.text(1);
        m.phone = c.text(2);
        m.balances.available = c.integer(3);
        m.balances.pending = c.integer(4);
        m.tier.name = c.text(5);
        m.group = c.text(6);
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<ChannelToken> SqlTransaction::channel_token(const std::string& shop, const std::string& channel) {
    static constexpr Query q{QueryId::channel_token,
                             "SELECT shop_id, channel, seed, access_token, refresh_token, expires_at, updated_at "
                             "FROM channel_tokens WHERE shop_id = ?1 AND channel = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(channel);
    if (!c.row()) return std::nullopt;
    return ChannelToken{c.text(0), c.text(1), c.text(2), c.text(3), c.text(4), c.integer(5), c.integer(6)};
}

void SqlTransaction::put_channel_token(const ChannelToken& t) {
    static constexpr Query q{
        QueryId::put_channel_token,
        "INSERT INTO channel_tokens (shop_id, channel, seed, access_token, refresh_token, expires_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (shop_id, channel) DO UPDATE SET seed = excluded.seed, "
        "access_token = excluded.access_token, refresh_token = excluded.refresh_token, "
        "expires_at = excluded.expires_at, updated_at = excluded.updated_at"};
    Call(db_, q)
        .bind(t.shop_id)
        .bind(t.channel)
        .bind(t.seed)
        .bind(t.access_token)
        .bind(t.refresh_token)
        .bind(t.expires_at)
        .bind(t.updated_at)
        .run();
}

bool SqlTransaction::insert_campaign(const Campaign& x) {
    static constexpr Query q{QueryId::insert_campaign,
                             "INSERT INTO campaigns (" LOYALTY_CAMPAIGN_COLUMNS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
                             "ON CONFLICT (shop_id, campaign_id) DO NOTHING RETURNING campaign_id"};
    Call c(db_, q);
    c.bind(x.shop_id)
        .bind(x.campaign_id)
        .bind(x.name)
        .bind(join(x.tiers))
        .bind(join(x.groups))
        .bind(x.message.channel)
        .bind(x.message.text)
        .bind(x.message.template_id)
        .bind(join_pairs(x.message.params))
        .bind(x.per_minute)
        .bind(x.audience)
        .bind(x.queued)
        .bind(x.opted_out)
        .bind(x.no_phone)
        .bind(x.created_by)
        .bind(x.created_at)
        .bind(join(x.segments));
    return c.row();
}

std::optional<Campaign> SqlTransaction::campaign(const std::string& shop, const std::string& campaign_id) {
    static constexpr Query q{QueryId::campaign, "SELECT " LOYALTY_CAMPAIGN_COLUMNS
                                                " FROM campaigns WHERE shop_id = ?1 AND campaign_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(campaign_id);
    if (!c.row()) return std::nullopt;
    return read_campaign(c);
}

std::vector<Campaign> SqlTransaction::campaigns(const std::string& shop) {
    static constexpr Query q{QueryId::campaigns,
                             "SELECT " LOYALTY_CAMPAIGN_COLUMNS " FROM campaigns WHERE shop_id = ?1 "
                             R"(ORDER BY created_at DESC, campaign_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop);
    std::vector<Campaign> out;
    while (c.row()) out.push_back(read_campaign(c));
    return out;
}

CampaignCounts SqlTransaction::campaign_counts(const std::string& shop, const std::string& campaign_id) {
    // The LIKE test matches the partial index outbox_campaigns, which holds campaign rows only.
    static constexpr Query q{QueryId::campaign_counts,
                             "SELECT status, CASE WHEN result LIKE 'skipped:%' THEN 1 ELSE 0 END, count(*) "
                             "FROM outbox WHERE shop_id = ?1 AND kind = ?2 AND kind LIKE 'campaign:%' "
                             "GROUP BY 1, 2"};
    Call c(db_, q);
    c.bind(shop).bind("campaign:" + campaign_id);
    CampaignCounts out;
    while (c.row()) {
        auto status = job_status_from(c.text(0));
        int64_t n = c.integer(2);
        if (status == JobStatus::pending) out.pending += n;
        else if (status == JobStatus::done && c.integer(1) != 0) out.skipped += n;
        else if (status == JobStatus::done) out.sent += n;
        else if (status == JobStatus::failed) out.failed += n;
    }
    return out;
}

}  // namespace loyalty::core::sql
