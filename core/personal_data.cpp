// A member's personal data: everything kept about them, and its erasure (docs/personal-data.md).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "engine.hpp"
#include "member_details.hpp"
#include "member_resolution.hpp"
#include "platform_writes.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

constexpr int page = 500;

// The record and every record merged into it, directly or through another: one person.
std::vector<std::string> records_of(Transaction& tx, const std::string& shop, const std::string& survivor) {
    std::vector<std::string> out{survivor};
    for (std::size_t i = 0; i < out.size(); ++i)
        for (auto& id : tx.absorbed_members(shop, out[i])) out.push_back(std::move(id));
    return out;
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

// What marks a raw body as the member's: their identity phone as platforms write it (+84…, 84…, 0…)
// and their email. A phone kept as text is left out: placeholders are shared by many customers.
std::vector<std::string> needles(const std::vector<Member>& records) {
    std::vector<std::string> out;
    for (const Member& m : records) {
        if (m.phone.size() > 3 && m.phone.starts_with("+84")) {
            out.push_back(m.phone.substr(1));
            out.push_back("0" + m.phone.substr(3));
        }
        if (m.email.find('@') != std::string::npos) out.push_back(lower(m.email));
    }
    return out;
}

std::vector<QuarantinedDelivery> quarantined_with(Transaction& tx, const std::string& shop,
                                                  const std::vector<std::string>& marks) {
    std::vector<QuarantinedDelivery> out;
    if (marks.empty()) return out;
    QuarantineQuery q;
    q.shop_id = shop;
    q.include_resolved = true;
    q.limit = page;
    for (;;) {
        auto batch = tx.quarantined(q);
        for (auto& d : batch) {
            const std::string body = lower(d.body);
            if (std::any_of(marks.begin(), marks.end(), [&](const auto& m) { return body.find(m) != std::string::npos; }))
                out.push_back(std::move(d));
        }
        if (batch.size() < static_cast<std::size_t>(page)) return out;
        q.after = batch.back().quarantine_id;
    }
}

template <class T, class Key>
void sort_by(std::vector<T>& v, Key key) {
    std::sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

MemberExport gather(Transaction& tx, const std::string& shop, const std::vector<std::string>& ids) {
    MemberExport x;
    std::vector<Member> records;
    std::set<int64_t> jobs;
    for (const std::string& id : ids) {
        auto record = tx.member(shop, id);
        if (!record) continue;
        records.push_back(*record);
        if (id != ids.front()) x.absorbed.push_back(*record);
        for (std::optional<int64_t> before;;) {
            auto batch = tx.entries(shop, id, page, before);
            x.entries.insert(x.entries.end(), batch.begin(), batch.end());
            if (batch.size() < static_cast<std::size_t>(page)) break;
            before = batch.back().entry_id;
        }
        auto lots = tx.member_lots(shop, id);
        x.lots.insert(x.lots.end(), lots.begin(), lots.end());
        auto markers = tx.member_markers(shop, id);
        x.markers.insert(x.markers.end(), markers.begin(), markers.end());
        GrantQuery gq;
        gq.member_id = id;
        gq.limit = page;
        for (;;) {
            auto batch = tx.grants(shop, gq);
            x.grants.insert(x.grants.end(), batch.begin(), batch.end());
            if (batch.size() < static_cast<std::size_t>(page)) break;
            gq.after = batch.back().grant_id;
        }
        for (const auto& order_id : tx.member_order_ids(shop, id))
            if (auto o = tx.order(shop, order_id)) x.orders.push_back({*o, tx.order_lines(shop, order_id)});
        for (const auto& order_id : tx.member_payment_orders(shop, id))
            if (auto p = tx.order_payment(shop, order_id)) x.payments.push_back(*p);
        auto standings = tx.member_standings(shop, id);
        x.standings.insert(x.standings.end(), standings.begin(), standings.end());
        auto events = tx.member_events(shop, id);
        x.events.insert(x.events.end(), events.begin(), events.end());
        for (int64_t j : tx.member_job_ids(shop, id)) jobs.insert(j);
        auto audit = tx.member_audit(shop, id);
        x.audit.insert(x.audit.end(), audit.begin(), audit.end());
    }
    for (int64_t j : jobs)
        if (auto job = tx.job(j)) x.jobs.push_back(*job);
    x.quarantined = quarantined_with(tx, shop, needles(records));
    sort_by(x.entries, [](const Entry& e) { return e.entry_id; });
    sort_by(x.lots, [](const Lot& l) { return l.lot_id; });
    sort_by(x.grants, [](const Grant& g) { return g.grant_id; });
    sort_by(x.orders, [](const MemberOrder& o) { return o.order.order_id; });
    sort_by(x.payments, [](const OrderPayment& p) { return p.order_id; });
    sort_by(x.events, [](const Event& e) { return e.event_id; });
    sort_by(x.audit, [](const AuditRecord& a) { return a.audit_id; });
    std::set<int64_t> seen_audit;
    std::erase_if(x.audit, [&](const AuditRecord& a) { return !seen_audit.insert(a.audit_id).second; });
    if (auto contact = tx.member_contact(shop, ids.front())) x.contact = *contact;
    for (const auto& m : x.markers)
        if (m.member_id == ids.front() && m.marker == erased_marker) x.erased_at = m.created_at;
    return x;
}

// The string value of `"key":"…"` in a JSON text the core wrote, emptied; false when there was none
// or it was empty already.
bool empty_field(std::string& json, std::string_view key) {
    bool changed = false;
    const std::string opening = "\"" + std::string(key) + "\":\"";
    for (std::size_t at = json.find(opening); at != std::string::npos; at = json.find(opening, at + 1)) {
        std::size_t start = at + opening.size();
        std::size_t end = start;
        while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
        if (end >= json.size() || end == start) continue;
        json.erase(start, end - start);
        changed = true;
    }
    return changed;
}

// The personal fields a write to a platform or a message to the member may carry, delivered or not:
// the recipient of a message is their phone.
constexpr std::string_view job_personal_fields[] = {"customer_id", "phone", "name",     "email",
                                                    "birthday",    "to",    "recipient"};

// A delivery's payload is {"url", "event": {…, "data": <data>}}, data last (core/notify/events.cpp):
// the event keeps its type and ids and loses its data.
std::string without_data(const std::string& payload, const std::string& data) {
    const std::string tail = "\"data\":" + data + "}}";
    if (!data.empty() && payload.ends_with(tail)) return payload.substr(0, payload.size() - tail.size()) + "\"data\":{}}}";
    return payload;
}

AuditRecord audit_of(const std::string& shop, const std::string& actor, std::string action,
                     const std::string& member_id, std::string detail, int64_t t) {
    AuditRecord r;
    r.shop_id = shop;
    r.at = t;
    r.actor = actor.empty() ? "abi" : actor;
    r.action = std::move(action);
    r.target = member_id;
    r.detail = std::move(detail);
    return r;
}

}  // namespace

PersonalData Engine::export_member(const std::string& shop_id, const std::string& member_id, const std::string& actor) {
    auto program = shop(shop_id);
    require_text(member_id, "member_id");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, member_id);
        PersonalData out;
        out.kept = gather(tx, shop_id, records_of(tx, shop_id, m.member_id));
        out.details = details_of(tx, *program, m, t);
        tx.append_audit(audit_of(shop_id, actor, "GET /api/v1/shops/{shop}/members/{id}/export", m.member_id,
                                 "exported", t));
        return out;
    });
}

ErasureReport Engine::erase_member(const std::string& shop_id, const std::string& member_id, const std::string& actor) {
    shop(shop_id);
    require_text(member_id, "member_id");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, member_id);
        ErasureReport r;
        r.member_id = m.member_id;
        const auto ids = records_of(tx, shop_id, m.member_id);
        std::vector<Member> records;
        for (const auto& id : ids)
            if (auto record = tx.member(shop_id, id)) records.push_back(*record);
        // Read before the fields go: what finds the member's raw bodies.
        for (const auto& d : quarantined_with(tx, shop_id, needles(records))) {
            tx.scrub_quarantine(d.quarantine_id, t);
            ++r.quarantined;
        }
        std::set<int64_t> jobs;
        std::map<int64_t, std::string> event_data;
        for (const auto& id : ids) {
            r.records += tx.erase_profile(shop_id, id);
            r.refs += tx.remove_member_refs(shop_id, id);
            r.standings += tx.scrub_standings(shop_id, id);
            for (int64_t j : tx.member_job_ids(shop_id, id)) jobs.insert(j);
            for (const auto& e : tx.member_events(shop_id, id)) event_data[e.event_id] = e.data;
            if (auto c = tx.member_contact(shop_id, id); c && !c->page_token.empty()) {
                c->page_token.clear();
                c->updated_at = t;
                tx.put_member_contact(*c);
                r.page_link = true;
            }
        }
        for (int64_t j : jobs) {
            auto job = tx.job(j);
            if (!job) continue;
            const bool delivery = job->platform == job_platform_webhook;
            std::string payload = job->payload;
            if (!delivery)
                for (auto field : job_personal_fields) empty_field(payload, field);
            // A delivered event has left already, as it was; what is still to go goes nowhere.
            if (delivery && job->event_id && job->status != JobStatus::done)
                payload = without_data(payload, event_data[*job->event_id]);
            std::string dedup_key = job->dedup_key;
            // A platform write's key may carry the customer id; nothing can make the same write again.
            if (!delivery && !dedup_key.starts_with("erased:")) dedup_key = "erased:" + std::to_string(job->job_id);
            const bool stop = job->status == JobStatus::pending;
            if (payload == job->payload && dedup_key == job->dedup_key && !stop) continue;
            tx.rewrite_job(job->job_id, payload, dedup_key);
            if (stop) {
                job->status = JobStatus::failed;
                job->leased_until = std::nullopt;
                job->last_error = std::string(erased_job_error);
                job->done_at = t;
                tx.update_job(*job);
            }
            ++(delivery ? r.deliveries : r.platform_writes);
        }
        // No messages to someone the shop no longer knows how to reach.
        MemberContact c = tx.member_contact(shop_id, m.member_id).value_or(MemberContact{shop_id, m.member_id, "", false, t});
        if (!c.opted_out) {
            c.opted_out = true;
            c.updated_at = t;
            tx.put_member_contact(c);
        }
        if (tx.add_marker(shop_id, m.member_id, std::string(erased_marker), t)) {
            r.erased_at = t;
        } else {
            r.already_erased = true;
            for (const auto& marker : tx.member_markers(shop_id, m.member_id))
                if (marker.marker == erased_marker) r.erased_at = marker.created_at;
        }
        tx.append_audit(audit_of(shop_id, actor, "POST /api/v1/shops/{shop}/members/{id}/erase", m.member_id,
                                 r.already_erased ? "already erased" : "erased", t));
        return r;
    });
}

}  // namespace loyalty::core
