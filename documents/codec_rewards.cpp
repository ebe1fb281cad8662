// The shop's reward catalogue (docs/rewards.md), and the requests and results of claims, grants,
// payments with points and customer groups.
#include <limits>

#include "codec.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

constexpr int64_t max_valid_days = 36600;  // a century: longer is a typo for "never expires" (null)

core::Reward decode_reward(const json::object& r, const std::string& path, const core::ShopProgram& p) {
    reject_unknown(r, {"reward_id", "name", "kind", "cost_points", "value", "sku", "stock", "valid_days", "tiers",
                       "groups", "segments"},
                   path);
    core::Reward w;
    w.reward_id = require_string(r, "reward_id", path);
    w.name = require_string(r, "name", path);
    std::string kind = require_string(r, "kind", path);
    auto k = core::reward_kind_from(kind);
    // A rebate's value is a share of a period's spend, so only a target can give one, never a claim.
    if (!k || *k == core::RewardKind::rebate)
        bad(path + ".kind \"" + kind + "\" is not one of gift, voucher_amount, voucher_pct, free_units");
    w.kind = *k;
    w.cost_points = required_ranged(r, "cost_points", path, 0, limits::points);

    // A gift's value is informational; every other kind is worth nothing without one.
    int64_t low = w.kind == core::RewardKind::gift ? 0 : 1;
    int64_t high = w.kind == core::RewardKind::voucher_pct  ? 100
                   : w.kind == core::RewardKind::free_units ? limits::count
                                                            : limits::vnd;
    if (low > 0 && !get_integer(r, "value", path)) bad(path + ".value is required for a " + kind + " reward");
    w.value = ranged(r, "value", path, low, high, 0);

    w.sku = get_string(r, "sku", path).value_or("");
    if (w.kind == core::RewardKind::free_units && w.sku.empty())
        bad(path + ".sku is required for a free_units reward");
    w.stock = ranged_optional(r, "stock", path, 0, limits::count);
    w.valid_days = ranged_optional(r, "valid_days", path, 1, max_valid_days);
    w.tiers = level_list(r, path, p);
    w.groups = string_list(r, "groups", path);
    w.segments = string_list(r, "segments", path);  // names checked by core::check_shop
    return w;
}

// Exactly one of "grant_id" and "code": given both, which one the caller meant is a guess.
core::GrantRef decode_grant_ref(const json::object& r) {
    core::GrantRef ref;
    auto id = ranged_optional(r, "grant_id", "request", 1, std::numeric_limits<int64_t>::max());
    auto code = get_string(r, "code", "request");
    if (id.has_value() == code.has_value()) bad("request needs exactly one of grant_id, code");
    if (id) ref.grant_id = *id;
    if (code) {
        if (code->empty()) bad("request.code must not be empty");
        ref.code = *code;
    }
    return ref;
}

}  // namespace

json::value text_or_null(const std::string& s) {
    if (s.empty()) return nullptr;
    return json::value(s);
}

std::optional<int64_t> ranged_optional(const json::object& o, std::string_view key, std::string_view path,
                                       int64_t low, int64_t high) {
    auto v = get_integer(o, key, path);
    if (!v) return v;
    if (*v < low) bad(field_path(path, key) + " must be ≥ " + std::to_string(low));
    if (*v > high) bad(field_path(path, key) + " must be ≤ " + std::to_string(high));
    return v;
}

int64_t ranged(const json::object& o, std::string_view key, std::string_view path, int64_t low, int64_t high,
               int64_t fallback) {
    return ranged_optional(o, key, path, low, high).value_or(fallback);
}

int64_t required_ranged(const json::object& o, std::string_view key, std::string_view path, int64_t low,
                        int64_t high) {
    auto v = ranged_optional(o, key, path, low, high);
    if (!v) bad(field_path(path, key) + " is required");
    return *v;
}

std::vector<std::string> string_list(const json::object& o, std::string_view key, std::string_view path) {
    std::vector<std::string> out;
    const json::array* list = get_array(o, key, path);
    if (!list) return out;
    for (const auto& v : *list) {
        if (!v.is_string() || v.get_string().empty()) bad(field_path(path, key) + " must hold non-empty strings");
        out.emplace_back(v.get_string());
    }
    return out;
}

std::vector<std::string> level_list(const json::object& o, const std::string& path, const core::ShopProgram& p) {
    auto out = string_list(o, "tiers", path);
    if (!out.empty() && !p.tiers) bad(path + ".tiers needs shop.tiers");
    for (const auto& t : out)
        if (!p.tiers->index_of(t)) bad(path + ".tiers names \"" + t + "\", which is not a level");
    return out;
}

json::value time_or_null(int64_t t, const core::Zone& zone) {
    if (t == 0) return nullptr;
    return json::value(core::format_timestamp(t, zone));
}

std::string element_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::vector<const json::object*> object_list(const json::array& list, const std::string& path) {
    std::vector<const json::object*> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_object()) bad(element_path(path, i) + " must be an object");
        out.push_back(&list[i].get_object());
    }
    return out;
}

void decode_rewards(const json::object& shop, core::ShopProgram& p) {
    const json::array* list = get_array(shop, "rewards", "shop");
    if (!list) return;
    auto items = object_list(*list, "shop.rewards");
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string path = element_path("shop.rewards", i);
        core::Reward w = decode_reward(*items[i], path, p);
        if (p.reward(w.reward_id)) bad(path + ".reward_id \"" + w.reward_id + "\" is used twice");
        p.rewards.push_back(std::move(w));
    }
}

GroupRequest decode_group_request(const json::object& r) {
    reject_unknown(r, {"member_id", "group"}, "request");
    GroupRequest out;
    out.member_id = require_string(r, "member_id", "request");
    // Absent is refused rather than read as null: a forgotten field must not undo the shop's choice.
    auto it = r.find("group");
    if (it == r.end()) bad("request.group is required (a group, or null to hand it back to the platform)");
    if (it->value().is_null()) return out;
    // "" would look like no group while still keeping the platform's out; null says that plainly.
    if (!it->value().is_string() || it->value().get_string().empty())
        bad("request.group must be a non-empty string or null");
    out.group = std::string(it->value().get_string());
    return out;
}

core::ClaimRequest decode_claim_request(const json::object& r) {
    reject_unknown(r, {"member_id", "reward_id", "idempotency_key"}, "request");
    core::ClaimRequest out;
    out.member_id = require_string(r, "member_id", "request");
    out.reward_id = require_string(r, "reward_id", "request");
    out.idempotency_key = require_string(r, "idempotency_key", "request");
    return out;
}

core::GrantQuery decode_grant_query(const json::object& q, int64_t now) {
    reject_unknown(q, {"member_id", "status", "code", "limit", "after"}, "query");
    core::GrantQuery out;
    out.now = now;
    out.member_id = get_string(q, "member_id", "query").value_or("");
    out.code = get_string(q, "code", "query").value_or("");
    // "expired" is not stored: it is an issued grant whose time has passed by now.
    if (auto status = get_string(q, "status", "query")) {
        if (*status == "expired") {
            out.status = core::GrantStatus::issued;
            out.expired = true;
        } else if (auto s = core::grant_status_from(*status)) {
            out.status = *s;
            if (*s == core::GrantStatus::issued) out.expired = false;
        } else {
            bad("query.status \"" + *status + "\" is not one of issued, used, voided, expired");
        }
    }
    out.limit = static_cast<int>(ranged(q, "limit", "query", 1, 500, 50));
    out.after = ranged_optional(q, "after", "query", 0, std::numeric_limits<int64_t>::max());
    return out;
}

core::GrantUse decode_grant_use(const json::object& r) {
    reject_unknown(r, {"grant_id", "code", "order_id"}, "request");
    core::GrantUse out;
    out.grant = decode_grant_ref(r);
    out.order_id = require_string(r, "order_id", "request");
    return out;
}

core::GrantVoid decode_grant_void(const json::object& r) {
    reject_unknown(r, {"grant_id", "code", "reason"}, "request");
    core::GrantVoid out;
    out.grant = decode_grant_ref(r);
    out.reason = get_string(r, "reason", "request").value_or("");
    return out;
}

core::PaymentRequest decode_payment_request(const json::object& r) {
    reject_unknown(r, {"member_id", "order_id", "order_amount", "points", "idempotency_key"}, "request");
    core::PaymentRequest out;
    out.member_id = require_string(r, "member_id", "request");
    out.order_id = require_string(r, "order_id", "request");
    out.order_amount = required_ranged(r, "order_amount", "request", 1, limits::vnd);
    // A point pays at least 1 VND, so more points than the largest order could never be accepted.
    out.points = required_ranged(r, "points", "request", 1, limits::vnd);
    out.idempotency_key = require_string(r, "idempotency_key", "request");
    return out;
}

json::object encode_grant(const core::Grant& g, const core::Zone& zone, int64_t now) {
    json::value expires = nullptr;
    if (g.expires_at) expires = core::format_timestamp(*g.expires_at, zone);
    return json::object{
        {"grant_id", g.grant_id},
        {"code", g.code},
        {"member_id", g.member_id},
        {"reward_id", g.reward_id},
        {"name", g.name},
        {"kind", core::to_string(g.kind)},
        {"value", g.value},
        {"sku", g.sku},
        {"quantity", g.quantity},
        {"cost_points", g.cost_points},
        {"status", g.expired(now) ? std::string_view("expired") : core::to_string(g.status)},
        {"source", g.source},
        {"issued_at", core::format_timestamp(g.issued_at, zone)},
        {"expires_at", expires},
        {"used_at", time_or_null(g.used_at, zone)},
        {"used_order", text_or_null(g.used_order)},
        {"voided_at", time_or_null(g.voided_at, zone)},
        {"void_reason", text_or_null(g.void_reason)},
    };
}

json::object encode_claim_result(const core::ClaimResult& r, const core::Zone& zone, int64_t now) {
    return json::object{
        {"grant", encode_grant(r.grant, zone, now)},
        {"points", json::object{{"available", r.balances.available}, {"pending", r.balances.pending}}},
        {"replayed", r.replayed},
    };
}

json::object encode_grant_page(const core::GrantPage& p, const core::Zone& zone, int64_t now) {
    json::array grants;
    for (const auto& g : p.grants) grants.push_back(encode_grant(g, zone, now));
    json::value next = nullptr;
    if (p.next_after) next = *p.next_after;
    return json::object{{"grants", std::move(grants)}, {"next_after", next}};
}

json::object encode_payment_result(const core::PaymentResult& r, const core::Zone& zone) {
    const auto& p = r.payment;
    return json::object{
        {"payment", json::object{{"order_id", p.order_id},
                                 {"member_id", p.member_id},
                                 {"points", p.points},
                                 {"amount", p.amount},
                                 {"returned_points", p.returned_points}}},
        {"entry", encode_entry(r.entry, zone)},
        {"points", json::object{{"available", r.entry.available_after}, {"pending", r.entry.pending_after}}},
        {"replayed", r.replayed},
    };
}

}  // namespace loyalty::documents
