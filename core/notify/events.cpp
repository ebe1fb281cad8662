#include "notify/events.hpp"

#include "platform_writes.hpp"
#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

// Times as the admin API gives them: RFC 3339 in the shop's zone.
std::string time_text(int64_t t, const ShopProgram& p) { return json_string(format_timestamp(t, *p.zone)); }

std::string optional_time(const std::optional<int64_t>& t, const ShopProgram& p) {
    return t ? time_text(*t, p) : "null";
}

std::string name_or_null(const std::string& name) { return name.empty() ? "null" : json_string(name); }

std::string_view entry_event_type(const Entry& e) {
    switch (e.kind) {
        case EntryKind::earn:
        case EntryKind::bonus: return e.available_delta + e.pending_delta > 0 ? event_points_earned : "";
        case EntryKind::redeem: return event_points_redeemed;
        case EntryKind::expire: return event_points_expired;
        case EntryKind::reverse:
        case EntryKind::returned: return event_order_reversed;
        default: return "";
    }
}

}  // namespace

void record_event(Transaction& tx, const ShopProgram& program, const std::string& member_id, std::string_view type,
                  const std::string& dedup_key, const std::string& data, int64_t now, const MessageVars& vars) {
    const Notifications& n = program.notifications;
    if (!n.wants(type)) return;
    Event e;
    e.shop_id = program.shop_id;
    e.member_id = member_id;
    e.type = std::string(type);
    e.dedup_key = dedup_key;
    e.data = data;
    e.created_at = now;
    auto id = tx.insert_event(e);
    if (!id) return;
    // What every endpoint receives, byte for byte, and signs: fixed once here.
    const std::string body = "{\"id\":" + std::to_string(*id) + ",\"type\":" + json_string(type) +
                             ",\"shop_id\":" + json_string(program.shop_id) + ",\"member_id\":" +
                             json_string(member_id) + ",\"created_at\":" + time_text(now, program) + ",\"data\":" + data +
                             "}";
    for (const Endpoint& endpoint : n.endpoints) {
        if (!endpoint.wants(type)) continue;
        NewJob job;
        job.shop_id = program.shop_id;
        job.platform = std::string(job_platform_webhook);
        job.kind = e.type;
        job.dedup_key = "event:" + std::to_string(*id) + ":" + endpoint.url;
        job.payload = "{\"url\":" + json_string(endpoint.url) + ",\"event\":" + body + "}";
        job.sequence_key = endpoint.url + " " + member_id;
        job.event_id = *id;
        tx.enqueue_job(job, now);
    }
    enqueue_event_messages(tx, program, member_id, type, *id, vars, now);
}

bool entry_event_wanted(const ShopProgram& program, const Entry& entry) {
    std::string_view type = entry_event_type(entry);
    return !type.empty() && program.notifications.wants(type);
}

void record_entry_event(Transaction& tx, const ShopProgram& program, const Entry& entry, int64_t now) {
    if (!entry_event_wanted(program, entry)) return;
    std::string_view type = entry_event_type(entry);
    int64_t points = entry.available_delta + entry.pending_delta;
    const std::string data =
        "{\"entry_id\":" + std::to_string(entry.entry_id) + ",\"kind\":" + json_string(to_string(entry.kind)) +
        ",\"points\":" + std::to_string(points < 0 ? -points : points) +
        ",\"available_delta\":" + std::to_string(entry.available_delta) +
        ",\"pending_delta\":" + std::to_string(entry.pending_delta) +
        ",\"available\":" + std::to_string(entry.available_after) +
        ",\"pending\":" + std::to_string(entry.pending_after) + ",\"reason\":" + json_string(entry.reason) +
        ",\"ref_type\":" + json_string(entry.ref_type) + ",\"ref_id\":" + json_string(entry.ref_id) +
        ",\"occurred_at\":" + time_text(entry.occurred_at, program) + "}";
    MessageVars vars{{"points", format_points(points < 0 ? -points : points)},
                     {"balance", format_points(entry.available_after)}};
    if (entry.ref_type == "order") vars.emplace_back("order", entry.ref_id);
    record_event(tx, program, entry.member_id, type, "entry:" + std::to_string(entry.entry_id), data, now, vars);
}

void record_tier_event(Transaction& tx, const ShopProgram& program, const std::string& member_id,
                       const std::string& previous, const std::string& next, int64_t since, int64_t now) {
    if (previous == next || !program.notifications.wants(event_tier_changed)) return;
    const std::string data = "{\"tier\":" + name_or_null(next) + ",\"previous\":" + name_or_null(previous) +
                             ",\"since\":" + time_text(since, program) + "}";
    record_event(tx, program, member_id, event_tier_changed,
                 "tier:" + member_id + ":" + previous + ">" + next + "@" + std::to_string(since), data, now,
                 {{"tier", next}, {"previous", previous}});
}

void record_grant_event(Transaction& tx, const ShopProgram& program, const Grant& grant, std::string_view type,
                        int64_t now) {
    if (!program.notifications.wants(type)) return;
    std::string data = "{\"grant_id\":" + std::to_string(grant.grant_id) + ",\"code\":" + json_string(grant.code) +
                       ",\"reward_id\":" + json_string(grant.reward_id) + ",\"name\":" + json_string(grant.name) +
                       ",\"kind\":" + json_string(to_string(grant.kind)) + ",\"value\":" + std::to_string(grant.value) +
                       ",\"expires_at\":" + optional_time(grant.expires_at, program);
    if (type == event_grant_used) data += ",\"order_id\":" + json_string(grant.used_order);
    data += "}";
    MessageVars vars{{"reward", grant.name}, {"code", grant.code}};
    vars.emplace_back("expires", grant.expires_at ? format_date(*grant.expires_at, *program.zone) : "");
    record_event(tx, program, grant.member_id, type, std::string(type) + ":" + std::to_string(grant.grant_id), data,
                 now, vars);
}

}  // namespace loyalty::core
