// The shop's event deliveries (docs/notifications.md): listed by status, replayed by event id or
// by a range of them.
#include "calls.hpp"
#include "codec.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

// A delivery's status as the API names it: a job done is an event delivered.
std::string_view status_name(core::JobStatus s) {
    switch (s) {
        case core::JobStatus::pending: return "pending";
        case core::JobStatus::done: return "delivered";
        case core::JobStatus::failed: return "failed";
    }
    return "pending";
}

std::optional<core::JobStatus> status_of(const std::string& name) {
    if (name == "pending") return core::JobStatus::pending;
    if (name == "delivered") return core::JobStatus::done;
    if (name == "failed") return core::JobStatus::failed;
    return std::nullopt;
}

json::value time_or_null(const std::optional<int64_t>& t, const core::Zone& zone) {
    if (!t) return nullptr;
    return json::value(core::format_timestamp(*t, zone));
}

json::object encode_delivery_job(const core::OutboxJob& j, const core::Zone& zone) {
    json::value payload = json::parse(j.payload);
    const json::object& p = payload.as_object();
    json::object out{{"delivery_id", j.job_id},
                     {"event_id", j.event_id.value_or(0)},
                     {"type", j.kind},
                     {"endpoint", p.at("url")},
                     {"status", status_name(j.status)},
                     {"attempts", j.attempts},
                     {"created_at", core::format_timestamp(j.created_at, zone)},
                     {"next_attempt_at", j.status == core::JobStatus::pending
                                             ? json::value(core::format_timestamp(j.next_attempt_at, zone))
                                             : json::value(nullptr)},
                     {"delivered_at", j.status == core::JobStatus::done ? time_or_null(j.done_at, zone)
                                                                         : json::value(nullptr)},
                     {"last_error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)},
                     {"event", p.at("event")}};
    const json::value& event = p.at("event");
    if (event.is_object() && event.as_object().contains("member_id"))
        out["member_id"] = event.as_object().at("member_id");
    return out;
}

json::array encode_jobs(const std::vector<core::OutboxJob>& jobs, const core::Zone& zone) {
    json::array out;
    for (const auto& j : jobs) out.push_back(encode_delivery_job(j, zone));
    return out;
}

int64_t positive_id(const json::object& o, std::string_view key) {
    int64_t v = require_integer(o, key, "request");
    if (v <= 0) bad("request." + std::string(key) + " must be a positive event id");
    return v;
}

}  // namespace

json::object list_events(core::Engine& engine, const std::string& shop, const json::object& query) {
    reject_unknown(query, {"status", "limit", "after"}, "query");
    auto program = engine.shop(shop);
    core::JobQuery q;
    if (auto status = get_string(query, "status", "query")) {
        q.status = status_of(*status);
        if (!q.status) bad("query.status must be one of pending, delivered, failed");
    }
    q.limit = static_cast<int>(get_integer(query, "limit", "query").value_or(50));
    if (q.limit < 1 || q.limit > 500) bad("query.limit must be between 1 and 500");
    q.after = get_integer(query, "after", "query");
    auto page = engine.event_deliveries(program->shop_id, q);
    auto backlog = engine.event_backlog(program->shop_id);
    return {{"deliveries", encode_jobs(page.jobs, *program->zone)},
            {"next_after", page.next_after ? json::value(*page.next_after) : json::value(nullptr)},
            {"backlog",
             {{"pending", backlog.pending},
              {"delivered", backlog.delivered},
              {"failed", backlog.failed},
              {"oldest_pending_at", time_or_null(backlog.oldest_pending_at, *program->zone)}}}};
}

json::object replay_events(core::Engine& engine, const std::string& shop, const json::object& request) {
    reject_unknown(request, {"from", "to", "only_failed"}, "request");
    auto program = engine.shop(shop);
    int64_t from = positive_id(request, "from");
    int64_t to = request.contains("to") ? positive_id(request, "to") : from;
    bool only_failed = false;
    if (const json::value* f = request.if_contains("only_failed")) {
        if (!f->is_bool()) bad("request.only_failed must be true or false");
        only_failed = f->get_bool();
    }
    if (to < from) bad("request.to must not be below request.from");
    auto jobs = engine.replay_events(program->shop_id, from, to, only_failed);
    return {{"replayed", encode_jobs(jobs, *program->zone)}};
}

}  // namespace loyalty::documents
