// What the dashboard shows of a shop (docs/dashboard.md): its figures, and its members as a
// filtered list. Read-only, each in one snapshot.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>

#include "engine.hpp"
#include "program/calendar.hpp"
#include "util/phone.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

constexpr int chart_days = 90;

std::string date_text(int64_t day) {
    CivilDate d = civil_from_days(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", d.year, d.month, d.day);
    return text;
}

// Digits alone when the text looks like a phone typed with spaces, dots or dashes ("0912 345 678"),
// so part of a number finds it; the lowercased text otherwise. Escaped for LIKE … ESCAPE '\'.
std::string like_pattern(std::string_view text) {
    bool phone_like = std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                      std::all_of(text.begin(), text.end(), [](char c) {
                          return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '+' || c == '(' ||
                                 c == ')';
                      });
    std::string out = "%";
    for (char c : text) {
        if (phone_like && (c < '0' || c > '9')) continue;
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out + "%";
}

}  // namespace

ShopOverview Engine::overview(const std::string& shop_id) {
    auto program = shop(shop_id);
    const ShopProgram& p = *program;
    const int64_t t = now();
    const int64_t offset = p.zone->offset_at(t);
    const int64_t today = floor_div(t + offset, seconds_per_day);
    const int64_t first_day = today - (chart_days - 1);
    // The chart's days are cut at today's offset: exact for zones without daylight saving (every
    // Vietnamese shop), off by the DST shift for at most an hour of a day elsewhere.
    const int64_t from = first_day * seconds_per_day - offset;
    const int64_t today_start = today * seconds_per_day - offset;
    ShopOverview o;
    std::vector<DayKindSum> sums;
    std::vector<TierCount> stored_tiers;
    std::vector<DeliveryFigures> deliveries;
    store_->read([&](Transaction& tx) {
        o.totals = tx.shop_totals(shop_id);
        o.active_30d = tx.active_members(shop_id, t - 30 * seconds_per_day);
        sums = tx.entry_days(shop_id, from, offset);
        stored_tiers = tx.tier_counts(shop_id);
        o.top_members = tx.top_members(shop_id, 10);
        deliveries = tx.delivery_figures(shop_id, today_start);
        return 0;
    });
    for (const auto& c : p.connections) o.connections.push_back({c.platform, std::nullopt});
    for (const auto& seen : deliveries) {
        o.webhooks_received += seen.kept_since + seen.quarantined_since;
        o.webhooks_quarantined += seen.quarantined_since;
        auto it = std::find_if(o.connections.begin(), o.connections.end(),
                               [&](const PlatformDeliveries& d) { return d.platform == seen.platform; });
        if (it == o.connections.end()) o.connections.push_back({seen.platform, seen.last_received_at});
        else it->last_delivery_at = seen.last_received_at;
    }
    if (p.redeem.point_value > 0) {
        o.point_value = p.redeem.point_value;
        int64_t points = std::max<int64_t>(0, o.totals.available);
        // Left out rather than wrong should a shop's points ever be worth more than int64 holds.
        if (points <= std::numeric_limits<int64_t>::max() / p.redeem.point_value)
            o.liability_vnd = points * p.redeem.point_value;
    }
    o.days.resize(chart_days);
    for (int i = 0; i < chart_days; ++i) o.days[static_cast<std::size_t>(i)].date = date_text(first_day + i);
    for (const auto& s : sums) {
        if (s.day < first_day || s.day > today) continue;
        DayFigures& d = o.days[static_cast<std::size_t>(s.day - first_day)];
        if (s.kind == "earn" || s.kind == "bonus") d.earned += s.points;
        else if (s.kind == "redeem") d.redeemed -= s.points;
        else if (s.kind == "expire") d.expired -= s.points;
    }
    // Every level in the program's order, the first one holding the members stored without a tier
    // and those on a level the program no longer has.
    if (p.tiers) {
        std::map<std::string, int64_t> counts;
        for (const auto& level : p.tiers->levels) counts[level.name] = 0;
        const std::string& first = p.tiers->levels.front().name;
        for (const auto& c : stored_tiers) counts[counts.count(c.tier) && !c.tier.empty() ? c.tier : first] += c.members;
        for (const auto& level : p.tiers->levels) o.tiers.push_back({level.name, counts[level.name]});
        for (auto& m : o.top_members)
            if (m.tier.empty() || !p.tiers->index_of(m.tier)) m.tier = first;
    }
    return o;
}

DirectoryPage Engine::directory(const std::string& shop_id, const DirectoryQuery& q) {
    auto program = shop(shop_id);
    const ShopProgram& p = *program;
    if (q.limit < 1 || q.limit > 500) fail(Status::invalid_argument, "limit must be between 1 and 500");
    if (q.offset < 0) fail(Status::invalid_argument, "offset must not be negative");
    if (q.text.size() > 200) fail(Status::invalid_argument, "q must be at most 200 characters");
    DirectoryFilter f;
    f.limit = q.limit;
    f.offset = q.offset;
    std::string_view text = q.text;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (!text.empty()) {
        f.exact = std::string(text);
        f.phone = canonical_phone(text).value_or("");
        f.like = like_pattern(text);
    }
    f.group = q.group;
    const std::string* first = p.tiers ? &p.tiers->levels.front().name : nullptr;
    if (q.tier) {
        if (!p.tiers || !p.tiers->index_of(*q.tier))
            fail(Status::invalid_argument, "tier \"" + *q.tier + "\" is not a level of shop \"" + shop_id + "\"");
        f.tier = *q.tier == *first ? std::string() : *q.tier;
    }
    auto page = store_->read([&](Transaction& tx) { return tx.directory(shop_id, f); });
    if (first)
        for (auto& m : page.members)
            if (m.tier.empty()) m.tier = *first;
    return page;
}

}  // namespace loyalty::core
