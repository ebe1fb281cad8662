// The dashboard's documents: staff accounts, a signed-in session, the shop's figures, its members
// as a list (JSON and CSV) and the audit trail. Times are shown in the shop's zone.
#include <boost/json.hpp>

#include "calls_dashboard.hpp"
#include "codec.hpp"
#include "csv.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {
namespace {

core::StaffRole decode_role(const json::object& doc) {
    std::string text = require_string(doc, "role", "request");
    auto role = core::staff_role_from(text);
    if (!role)
        core::fail(core::Status::invalid_argument,
                   "request.role must be \"owner\", \"cashier\" or \"viewer\", not \"" + text + "\"");
    return *role;
}

json::object encode_summary(const core::MemberSummary& m, const core::Zone& zone) {
    return {{"member_id", m.member_id},
            {"name", m.name},
            {"phone", m.phone},
            {"phone_text", m.phone_text},
            {"tier", m.tier.empty() ? json::value(nullptr) : json::value(m.tier)},
            {"group", m.group},
            {"available", m.available},
            {"pending", m.pending},
            {"lifetime_spend", m.lifetime_spend},
            {"created_at", core::format_timestamp(m.created_at, zone)}};
}

core::DirectoryQuery decode_directory(const json::object& q) {
    reject_unknown(q, {"q", "tier", "group", "limit", "offset"}, "query");
    core::DirectoryQuery r;
    r.text = get_string(q, "q", "query").value_or("");
    if (auto tier = get_string(q, "tier", "query"); tier && !tier->empty()) r.tier = *tier;
    if (auto group = get_string(q, "group", "query"); group && !group->empty()) r.group = *group;
    if (auto limit = get_integer(q, "limit", "query")) {
        if (*limit < 1 || *limit > 500) core::fail(core::Status::invalid_argument, "limit must be between 1 and 500");
        r.limit = static_cast<int>(*limit);
    }
    r.offset = get_integer(q, "offset", "query").value_or(0);
    return r;
}

}  // namespace

json::object encode_staff(const core::StaffMember& m, const core::Zone& zone) {
    return {{"username", m.username},
            {"role", core::to_string(m.role)},
            {"created_at", core::format_timestamp(m.created_at, zone)},
            {"last_login_at", time_or_null(m.last_login_at.value_or(0), zone)},
            {"signs_in_with", m.password_hash.empty() ? "platform" : "password"}};
}

json::object add_staff(core::Engine& engine, const std::string& shop, const json::object& doc) {
    reject_unknown(doc, {"username", "role", "password"}, "request");
    auto username = require_string(doc, "username", "request");
    auto role = decode_role(doc);
    auto password = require_string(doc, "password", "request");
    auto member = engine.add_staff(shop, username, role, password);
    return encode_staff(member, *engine.shop(shop)->zone);
}

json::object list_staff(core::Engine& engine, const std::string& shop) {
    auto staff = engine.staff(shop);
    const auto& zone = *engine.shop(shop)->zone;
    json::array out;
    for (const auto& m : staff) out.push_back(encode_staff(m, zone));
    return {{"staff", std::move(out)}};
}

json::object reset_staff_password(core::Engine& engine, const std::string& shop, const json::object& doc) {
    reject_unknown(doc, {"username", "password"}, "request");
    auto username = require_string(doc, "username", "request");
    auto password = require_string(doc, "password", "request");
    return encode_staff(engine.reset_staff_password(shop, username, password), *engine.shop(shop)->zone);
}

json::object encode_session(const core::StaffSession& s, const core::ShopProgram& shop) {
    return {{"username", s.username},
            {"role", core::to_string(s.role)},
            {"shop_id", s.shop_id},
            {"shop_name", shop.name.empty() ? shop.shop_id : shop.name},
            {"zone", shop.timezone},
            {"csrf_token", s.csrf_token}};
}

json::object overview(core::Engine& engine, const std::string& shop) {
    auto o = engine.overview(shop);
    const auto program = engine.shop(shop);
    const auto& zone = *program->zone;
    json::array days, tiers, top;
    for (const auto& d : o.days)
        days.push_back(
            json::object{{"date", d.date}, {"earned", d.earned}, {"redeemed", d.redeemed}, {"expired", d.expired}});
    for (const auto& t : o.tiers) tiers.push_back(json::object{{"tier", t.tier}, {"members", t.members}});
    for (const auto& m : o.top_members) top.push_back(encode_summary(m, zone));
    json::array connections;
    for (const auto& c : o.connections)
        connections.push_back(
            json::object{{"platform", c.platform}, {"last_delivery_at", time_or_null(c.last_delivery_at.value_or(0), zone)}});
    auto or_null = [](const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
    return {{"members", o.totals.members},
            {"active_30d", o.active_30d},
            {"points_available", o.totals.available},
            {"points_pending", o.totals.pending},
            {"point_value", or_null(o.point_value)},
            {"liability_vnd", or_null(o.liability_vnd)},
            {"days", std::move(days)},
            {"tiers", std::move(tiers)},
            {"top_members", std::move(top)},
            {"webhooks_today", {{"received", o.webhooks_received}, {"quarantined", o.webhooks_quarantined}}},
            {"connections", std::move(connections)},
            {"zone", program->timezone}};
}

json::object directory(core::Engine& engine, const std::string& shop, const json::object& query) {
    auto request = decode_directory(query);
    auto page = engine.directory(shop, request);
    const auto& zone = *engine.shop(shop)->zone;
    json::array members;
    for (const auto& m : page.members) members.push_back(encode_summary(m, zone));
    return {{"members", std::move(members)}, {"total", page.total}};
}

std::string directory_csv(core::Engine& engine, const std::string& shop, const json::object& query) {
    auto request = decode_directory(query);
    request.limit = 500;
    request.offset = 0;
    const auto& zone = *engine.shop(shop)->zone;
    std::string out = std::string(csv_bom) + "member_id,name,phone,tier,group,available,pending,lifetime_spend,created_at\r\n";
    while (true) {
        auto page = engine.directory(shop, request);
        for (const auto& m : page.members) {
            out += csv_line({csv_cell(m.member_id), csv_cell(m.name), csv_cell(m.phone.empty() ? m.phone_text : m.phone),
                             csv_cell(m.tier), csv_cell(m.group), std::to_string(m.available), std::to_string(m.pending),
                             std::to_string(m.lifetime_spend), core::format_timestamp(m.created_at, zone)});
        }
        request.offset += static_cast<int64_t>(page.members.size());
        if (page.members.size() < static_cast<std::size_t>(request.limit) || request.offset >= page.total) break;
    }
    return out;
}

json::object audit(core::Engine& engine, const std::string& shop, const json::object& query) {
    reject_unknown(query, {"limit", "before"}, "query");
    core::AuditQuery q;
    if (auto limit = get_integer(query, "limit", "query")) {
        if (*limit < 1 || *limit > 500) core::fail(core::Status::invalid_argument, "limit must be between 1 and 500");
        q.limit = static_cast<int>(*limit);
    }
    q.before = get_integer(query, "before", "query");
    auto records = engine.audit(shop, q);
    const auto& zone = *engine.shop(shop)->zone;
    json::array out;
    for (const auto& r : records)
        out.push_back(json::object{{"audit_id", r.audit_id},
                                   {"at", core::format_timestamp(r.at, zone)},
                                   {"actor", r.actor},
                                   {"action", r.action},
                                   {"target", r.target},
                                   {"detail", r.detail}});
    json::object page{{"records", std::move(out)}};
    if (records.size() == static_cast<std::size_t>(q.limit)) page["next_before"] = records.back().audit_id;
    return page;
}

}  // namespace loyalty::documents
