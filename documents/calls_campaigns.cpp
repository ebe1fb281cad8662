// Messages to members (docs/notifications.md): campaigns to tiers and groups, and the messages
// the outbox holds, by status.
#include "calls.hpp"
#include "codec.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

std::string_view status_name(core::JobStatus s) {
    switch (s) {
        case core::JobStatus::pending: return "pending";
        case core::JobStatus::done: return "sent";
        case core::JobStatus::failed: return "failed";
    }
    return "pending";
}

json::array strings(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& i : items) out.emplace_back(i);
    return out;
}

json::object pairs(const std::vector<std::pair<std::string, std::string>>& items) {
    json::object out;
    for (const auto& [k, v] : items) out[k] = v;
    return out;
}

json::object encode_campaign(const core::Campaign& c, const core::CampaignCounts& n, const core::Zone& zone) {
    json::object out{{"campaign_id", c.campaign_id},
                     {"name", c.name},
                     {"audience",
                      {{"tiers", strings(c.tiers)}, {"groups", strings(c.groups)}, {"segments", strings(c.segments)}}},
                     {"channel", c.message.channel},
                     {"per_minute", c.per_minute},
                     {"created_by", c.created_by},
                     {"created_at", core::format_timestamp(c.created_at, zone)},
                     {"counts",
                      {{"audience", c.audience},
                       {"queued", c.queued},
                       {"opted_out", c.opted_out},
                       {"no_phone", c.no_phone},
                       {"pending", n.pending},
                       {"sent", n.sent},
                       {"failed", n.failed},
                       {"skipped", n.skipped}}}};
    if (c.message.channel == core::channel_sms) out["template"] = c.message.text;
    else out["template_id"] = c.message.template_id, out["params"] = pairs(c.message.params);
    return out;
}

json::object encode_message_job(const core::OutboxJob& j, const core::Zone& zone) {
    json::value payload = json::parse(j.payload);
    json::object& p = payload.as_object();
    auto at = [&](int64_t t) { return json::value(core::format_timestamp(t, zone)); };
    json::object out{{"message_id", j.job_id},
                     {"channel", j.platform},
                     {"kind", j.kind},
                     {"event_id", j.event_id ? json::value(*j.event_id) : json::value(nullptr)},
                     {"member_id", p["member_id"]},
                     {"phone", p["phone"]},
                     {"status", status_name(j.status)},
                     {"attempts", j.attempts},
                     {"created_at", at(j.created_at)},
                     {"next_attempt_at", j.status == core::JobStatus::pending ? at(j.next_attempt_at) : nullptr},
                     {"sent_at", j.status == core::JobStatus::done && j.done_at ? at(*j.done_at) : nullptr},
                     {"result", j.result ? json::value(*j.result) : json::value(nullptr)},
                     {"last_error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)}};
    if (p.contains("text")) out["text"] = p["text"];
    if (p.contains("template_id")) out["template_id"] = p["template_id"], out["params"] = p["params"];
    return out;
}

std::vector<std::string> audience_list(const json::object& audience, std::string_view key) {
    auto items = string_list(audience, key, "request.audience");
    if (items.size() > 50) bad("request.audience." + std::string(key) + " holds at most 50 names");
    return items;
}

}  // namespace

json::object create_campaign(core::Engine& engine, const std::string& shop, const json::object& request,
                             const std::string& actor) {
    reject_unknown(request, {"campaign_id", "name", "audience", "channel", "template", "template_id", "params",
                             "per_minute"},
                   "request");
    auto program = engine.shop(shop);
    core::Campaign c;
    c.shop_id = program->shop_id;
    c.campaign_id = require_string(request, "campaign_id", "request");
    c.name = get_string(request, "name", "request").value_or("");
    if (const json::object* audience = get_object(request, "audience", "request")) {
        reject_unknown(*audience, {"tiers", "groups", "segments"}, "request.audience");
        c.tiers = audience_list(*audience, "tiers");
        c.groups = audience_list(*audience, "groups");
        c.segments = audience_list(*audience, "segments");
    }
    json::object message;
    for (std::string_view key : {"channel", "template", "template_id", "params"})
        if (const json::value* v = request.if_contains(key)) message[key] = *v;
    c.message = decode_message_rule(message, "request", std::string(core::campaign_event), program->notifications);
    c.per_minute = get_integer(request, "per_minute", "request").value_or(60);
    c.created_by = actor;
    core::Campaign stored = engine.create_campaign(c);
    auto counts = engine.campaign(shop, stored.campaign_id);
    return encode_campaign(stored, counts ? counts->second : core::CampaignCounts{}, *program->zone);
}

json::object get_campaign(core::Engine& engine, const std::string& shop, const std::string& campaign_id) {
    auto program = engine.shop(shop);
    auto found = engine.campaign(shop, campaign_id);
    if (!found) core::fail(core::Status::not_found, "no campaign \"" + campaign_id + "\" in shop " + shop);
    return encode_campaign(found->first, found->second, *program->zone);
}

json::object list_campaigns(core::Engine& engine, const std::string& shop) {
    auto program = engine.shop(shop);
    json::array out;
    for (const auto& [c, n] : engine.campaigns(shop)) out.push_back(encode_campaign(c, n, *program->zone));
    return {{"campaigns", std::move(out)}};
}

json::object list_messages(core::Engine& engine, const std::string& shop, const json::object& query) {
    reject_unknown(query, {"status", "channel", "limit", "after"}, "query");
    auto program = engine.shop(shop);
    core::JobQuery q;
    if (auto channel = get_string(query, "channel", "query")) {
        if (*channel != core::channel_sms && *channel != core::channel_zalo)
            bad("query.channel must be sms or zalo");
        q.platform = *channel;
    }
    if (auto status = get_string(query, "status", "query")) {
        if (*status == "pending") q.status = core::JobStatus::pending;
        else if (*status == "sent") q.status = core::JobStatus::done;
        else if (*status == "failed") q.status = core::JobStatus::failed;
        else bad("query.status must be one of pending, sent, failed");
    }
    q.limit = static_cast<int>(get_integer(query, "limit", "query").value_or(50));
    if (q.limit < 1 || q.limit > 500) bad("query.limit must be between 1 and 500");
    q.after = get_integer(query, "after", "query");
    auto page = engine.messages(program->shop_id, q);
    json::array out;
    for (const auto& j : page.jobs) out.push_back(encode_message_job(j, *program->zone));
    return {{"messages", std::move(out)},
            {"next_after", page.next_after ? json::value(*page.next_after) : json::value(nullptr)}};
}

}  // namespace loyalty::documents
