// A member's personal data as documents: the export and the erasure (docs/personal-data.md).
#include "calls.hpp"
#include "codec.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "validation.hpp"

namespace loyalty::documents {
namespace {

struct PersonalRequest {
    std::string member_id;
    std::string actor;
};

PersonalRequest decode_personal_request(const json::object& r) {
    reject_unknown(r, {"member_id", "actor"}, "request");
    PersonalRequest p;
    p.member_id = require_string(r, "member_id", "request");
    p.actor = get_string(r, "actor", "request").value_or("");
    if (p.actor.size() > 200) bad("request.actor must be at most 200 characters");
    return p;
}

json::value time_or_null(const std::optional<int64_t>& t, const core::Zone& zone) {
    if (!t) return nullptr;
    return json::value(core::format_timestamp(*t, zone));
}

// A JSON text the core wrote, as a value; kept as a string should it not parse.
json::value embedded(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return json::value(text);
    return v;
}

std::string_view job_status(core::JobStatus s, bool delivery) {
    switch (s) {
        case core::JobStatus::pending: return "pending";
        case core::JobStatus::done: return delivery ? "delivered" : "done";
        case core::JobStatus::failed: return "failed";
    }
    return "pending";
}

// As loyalty_list_events gives a delivery.
json::object encode_event_delivery(const core::OutboxJob& j, const core::Zone& zone) {
    json::value payload = embedded(j.payload);
    json::object p = payload.is_object() ? payload.as_object() : json::object{};
    json::object out{{"delivery_id", j.job_id},
                     {"event_id", j.event_id.value_or(0)},
                     {"type", j.kind},
                     {"endpoint", p.contains("url") ? p.at("url") : json::value("")},
                     {"status", job_status(j.status, true)},
                     {"attempts", j.attempts},
                     {"created_at", core::format_timestamp(j.created_at, zone)},
                     {"next_attempt_at", j.status == core::JobStatus::pending
                                             ? json::value(core::format_timestamp(j.next_attempt_at, zone))
                                             : json::value(nullptr)},
                     {"delivered_at", j.status == core::JobStatus::done ? time_or_null(j.done_at, zone)
                                                                         : json::value(nullptr)},
                     {"last_error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)},
                     {"event", p.contains("event") ? p.at("event") : json::value(json::object{})}};
    const json::value& event = out.at("event");
    if (event.is_object() && event.as_object().contains("member_id")) {
        json::value member = event.as_object().at("member_id");  // a copy: inserting may move the event
        out["member_id"] = std::move(member);
    }
    return out;
}

json::object encode_platform_write(const core::OutboxJob& j, const core::Zone& zone) {
    return {{"job_id", j.job_id},
            {"platform", j.platform},
            {"kind", j.kind},
            {"status", job_status(j.status, false)},
            {"payload", embedded(j.payload)},
            {"attempts", j.attempts},
            {"created_at", core::format_timestamp(j.created_at, zone)},
            {"done_at", time_or_null(j.done_at, zone)},
            {"last_error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)}};
}

json::object encode_record(const core::Member& m, const core::Zone& zone) {
    return {{"member_id", m.member_id},
            {"name", m.name},
            {"phone", m.phone},
            {"phone_text", m.phone_text},
            {"email", m.email},
            {"birthday", m.birthday},
            {"group", m.group},
            {"created_at", core::format_timestamp(m.created_at, zone)},
            {"merged_into", m.merged_into ? json::value(*m.merged_into) : json::value(nullptr)}};
}

json::object encode_lot(const core::Lot& l, const core::Zone& zone) {
    return {{"lot_id", l.lot_id},
            {"member_id", l.member_id},
            {"source", {{"type", l.source_type}, {"id", l.source_id}}},
            {"points", l.points},
            {"remaining", l.remaining},
            {"earned_at", core::format_timestamp(l.earned_at, zone)},
            {"release_at", time_or_null(l.release_at, zone)},
            {"expires_at", time_or_null(l.expires_at, zone)}};
}

json::object encode_order(const core::MemberOrder& mo, const core::Zone& zone) {
    const core::OrderState& o = mo.order;
    json::array lines;
    for (const auto& l : mo.lines)
        lines.push_back(json::object{{"sku", l.sku}, {"category", l.category}, {"quantity", l.quantity}});
    return {{"order_id", o.order_id},
            {"member_id", o.member_id},
            {"status", core::to_string(o.status)},
            {"amount", o.amount},
            {"refunded_amount", o.refunded_amount},
            {"returned_amount", o.returned_amount},
            {"points", o.points},
            {"bonus_points", o.bonus_points},
            {"spend", o.spend},
            {"tier", o.tier},
            {"history", o.history},
            {"occurred_at", core::format_timestamp(o.occurred_at, zone)},
            {"paid_at", o.paid_at ? time_or_null(o.paid_at, zone) : json::value(nullptr)},
            {"updated_at", core::format_timestamp(o.updated_at, zone)},
            {"lines", std::move(lines)}};
}

json::object encode_event(const core::Event& e, const core::Zone& zone) {
    json::value data = embedded(e.data);
    return {{"id", e.event_id},
            {"type", e.type},
            {"shop_id", e.shop_id},
            {"member_id", e.member_id},
            {"created_at", core::format_timestamp(e.created_at, zone)},
            {"data", data.is_object() ? data : json::value(json::object{})}};
}

json::object encode_audit(const core::AuditRecord& a, const core::Zone& zone) {
    return {{"audit_id", a.audit_id}, {"at", core::format_timestamp(a.at, zone)}, {"actor", a.actor},
            {"action", a.action},     {"target", a.target},                        {"detail", a.detail}};
}

template <class T, class Fn>
json::array each(const std::vector<T>& items, Fn fn) {
    json::array out;
    for (const auto& item : items) out.push_back(fn(item));
    return out;
}

// A merge moves plays to the survivor, so the member's own id finds those of its merged records too.
json::array member_plays(core::Engine& engine, const std::string& shop, const std::string& member_id,
                         const core::Zone& zone) {
    json::array plays;
    core::PlayQuery q;
    q.member_id = member_id;
    q.limit = core::max_page;
    do {
        core::PlayPage page = engine.game_plays(shop, q);
        for (const auto& play : page.plays) plays.push_back(encode_play(play, zone));
        q.after = page.next_after;
    } while (q.after);
    return plays;
}

}  // namespace

json::object export_member(core::Engine& engine, const std::string& shop, const json::object& request) {
    PersonalRequest r = decode_personal_request(request);
    auto program = engine.shop(shop);
    const core::Zone& zone = *program->zone;
    int64_t now = wall_clock();
    core::PersonalData data = engine.export_member(shop, r.member_id, r.actor);
    const core::MemberExport& k = data.kept;
    json::array deliveries, writes;
    for (const auto& j : k.jobs) {
        if (j.platform == core::job_platform_webhook) deliveries.push_back(encode_event_delivery(j, zone));
        else writes.push_back(encode_platform_write(j, zone));
    }
    json::value contact = nullptr;
    if (k.contact)
        contact = json::object{{"page_token", k.contact->page_token},
                               {"opted_out", k.contact->opted_out},
                               {"updated_at", core::format_timestamp(k.contact->updated_at, zone)}};
    return {
        {"shop_id", program->shop_id},
        {"exported_at", core::format_timestamp(now, zone)},
        {"erased_at", time_or_null(k.erased_at, zone)},
        {"member", encode_member_details(data.details, zone)},
        {"merged_records", each(k.absorbed, [&](const core::Member& m) { return encode_record(m, zone); })},
        {"contact", std::move(contact)},
        {"entries", each(k.entries, [&](const core::Entry& e) { return encode_entry(e, zone); })},
        {"lots", each(k.lots, [&](const core::Lot& l) { return encode_lot(l, zone); })},
        {"markers", each(k.markers,
                         [&](const core::MemberMarker& m) {
                             return json::object{{"member_id", m.member_id},
                                                 {"marker", m.marker},
                                                 {"created_at", core::format_timestamp(m.created_at, zone)}};
                         })},
        {"grants", each(k.grants, [&](const core::Grant& g) { return encode_grant(g, zone, now); })},
        {"orders", each(k.orders, [&](const core::MemberOrder& o) { return encode_order(o, zone); })},
        {"payments", each(k.payments,
                          [&](const core::OrderPayment& p) {
                              return json::object{{"order_id", p.order_id},
                                                  {"member_id", p.member_id},
                                                  {"points", p.points},
                                                  {"amount", p.amount},
                                                  {"returned_points", p.returned_points},
                                                  {"created_at", core::format_timestamp(p.created_at, zone)},
                                                  {"updated_at", core::format_timestamp(p.updated_at, zone)}};
                          })},
        {"standings", each(k.standings,
                           [&](const core::MemberStanding& s) {
                               return json::object{{"program_id", s.program_id},
                                                   {"period", s.period},
                                                   {"member_id", s.standing.member_id},
                                                   {"name", s.standing.name},
                                                   {"rank", s.standing.rank},
                                                   {"spend", s.standing.spend},
                                                   {"points", s.standing.points},
                                                   {"rebate", s.standing.rebate}};
                           })},
        {"events", each(k.events, [&](const core::Event& e) { return encode_event(e, zone); })},
        {"deliveries", std::move(deliveries)},
        {"platform_writes", std::move(writes)},
        {"quarantined", each(k.quarantined, [](const core::QuarantinedDelivery& q) { return encode_quarantined(q); })},
        {"plays", member_plays(engine, shop, data.details.member.member_id, zone)},
        {"audit", each(k.audit, [&](const core::AuditRecord& a) { return encode_audit(a, zone); })},
    };
}

json::object erase_member(core::Engine& engine, const std::string& shop, const json::object& request) {
    PersonalRequest r = decode_personal_request(request);
    auto program = engine.shop(shop);
    core::ErasureReport e = engine.erase_member(shop, r.member_id, r.actor);
    return {{"member_id", e.member_id},
            {"erased_at", core::format_timestamp(e.erased_at, *program->zone)},
            {"already_erased", e.already_erased},
            {"removed",
             {{"records", e.records},
              {"refs", e.refs},
              {"page_link", e.page_link},
              {"deliveries", e.deliveries},
              {"platform_writes", e.platform_writes},
              {"quarantined", e.quarantined},
              {"standings", e.standings}}}};
}

}  // namespace loyalty::documents
