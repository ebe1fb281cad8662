#include "codec.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

json::object encode_member(const core::Member& m, const core::Zone& zone) {
    json::array refs;
    for (const auto& r : m.refs) refs.push_back(json::object{{"platform", r.platform}, {"customer_id", r.customer_id}});
    return json::object{
        {"member_id", m.member_id},
        {"name", m.name},
        {"phone", m.phone},
        {"phone_text", m.phone_text},
        {"email", m.email},
        {"birthday", m.birthday},
        {"group", m.group},
        {"group_by_shop", m.group_by_shop},
        {"created_at", core::format_timestamp(m.created_at, zone)},
        {"points",
         json::object{{"available", m.balances.available},
                      {"pending", m.balances.pending},
                      {"lifetime_earned", m.balances.lifetime_earned}}},
        {"spend", json::object{{"lifetime", m.balances.lifetime_spend}}},
        {"refs", std::move(refs)},
    };
}

json::object encode_member_details(const core::MemberDetails& d, const core::Zone& zone) {
    json::object out = encode_member(d.member, zone);
    json::value tier = nullptr;
    if (d.tier) {
        json::value next = nullptr;
        if (d.tier->next) next = json::object{{"name", *d.tier->next}, {"remaining", d.tier->remaining}};
        json::object t{{"name", d.tier->name}, {"since", core::format_timestamp(d.tier->since, zone)}, {"next", next}};
        if (d.tier->until) t["until"] = core::format_timestamp(*d.tier->until, zone);
        tier = std::move(t);
        out["spend"].as_object()["qualifying"] = d.tier->qualifying_spend;
    }
    out["tier"] = std::move(tier);
    json::array expiring;
    for (const auto& x : d.expiring)
        expiring.push_back(json::object{{"points", x.points}, {"at", core::format_timestamp(x.at, zone)}});
    out["expiring"] = std::move(expiring);
    // The member is the enclosing object, so each program carries its standing without member_id and name.
    json::array programs;
    for (const auto& pp : d.programs) {
        json::object p{{"program_id", pp.program_id}, {"kind", pp.kind}, {"period", encode_period(pp.period, zone)}};
        for (auto& field : encode_standing(pp.standing, pp.kind, zone))
            if (field.key() != "member_id" && field.key() != "name") p[field.key()] = std::move(field.value());
        programs.push_back(std::move(p));
    }
    out["programs"] = std::move(programs);
    out["opted_out"] = d.opted_out;
    json::value rfm = nullptr;
    if (d.rfm)
        rfm = json::object{{"recency", d.rfm->recency},
                           {"frequency", d.rfm->frequency},
                           {"monetary", d.rfm->monetary},
                           {"segment", d.rfm->segment},
                           {"recency_days", d.rfm->recency_days},
                           {"orders", d.rfm->orders},
                           {"spend", d.rfm->spend},
                           {"computed_at", core::format_timestamp(d.rfm->computed_at, zone)}};
    out["rfm"] = std::move(rfm);
    return out;
}

json::object encode_quote(const core::Quote& q, const core::ShopProgram& program) {
    json::array rules;
    for (const auto& r : q.earn.rules) rules.push_back(json::object{{"rule_id", r.rule_id}, {"points", r.points}});
    json::array volume;
    for (const auto& v : q.earn.volume) volume.push_back(json::object{{"program_id", v.rule_id}, {"points", v.points}});
    json::value tier = nullptr;
    if (program.tiers) tier = q.tier;
    json::value redeem = nullptr;
    if (program.redeem.point_value > 0) {
        redeem = json::object{{"point_value", program.redeem.point_value},
                              {"available", q.available},
                              {"max_points", q.redeem_max_points},
                              {"max_amount", q.redeem_max_amount},
                              {"points", q.redeem_points},
                              {"amount", q.redeem_amount}};
    }
    json::value member = nullptr;
    if (!q.member_id.empty()) member = q.member_id;
    return json::object{
        {"member_id", member},
        {"tier", tier},
        {"discount", json::object{{"pct", q.discount_pct}, {"amount", q.discount}}},
        {"redeem", redeem},
        {"earn", json::object{{"points", q.earn.points},
                              {"base", q.earn.base},
                              {"tier_pct", q.tier_pct},
                              {"rules", std::move(rules)},
                              {"volume", std::move(volume)}}},
    };
}

json::object encode_entry(const core::Entry& e, const core::Zone& zone) {
    return json::object{
        {"entry_id", e.entry_id},
        {"member_id", e.member_id},
        {"kind", core::to_string(e.kind)},
        {"points", e.available_delta + e.pending_delta},
        {"available_delta", e.available_delta},
        {"pending_delta", e.pending_delta},
        {"reason", e.reason},
        {"ref", json::object{{"type", e.ref_type}, {"id", e.ref_id}}},
        {"detail", e.detail},
        {"occurred_at", core::format_timestamp(e.occurred_at, zone)},
        {"created_at", core::format_timestamp(e.created_at, zone)},
        {"balance", json::object{{"available", e.available_after}, {"pending", e.pending_after}}},
    };
}

json::object encode_order_result(const core::OrderResult& r) {
    return json::object{
        {"member_id", r.member_id},
        {"applied", r.applied},
        {"points_delta", r.points_delta},
        {"points", json::object{{"available", r.available}, {"pending", r.pending}}},
    };
}

// Deliberately carries nothing that tells a first answer from a replay: a retried request with the
// same idempotency key gets the same bytes back.
json::object encode_points_result(const core::PointsResult& r, const core::Zone& zone) {
    return json::object{
        {"member_id", r.entry.member_id},
        {"entry", encode_entry(r.entry, zone)},
        {"points", json::object{{"available", r.entry.available_after}, {"pending", r.entry.pending_after}}},
    };
}

json::object encode_maintenance(const core::MaintenanceReport& r) {
    auto utc = core::Zone::load("UTC");
    auto balances = [](const core::Balances& b) {
        return json::object{{"available", b.available},
                            {"pending", b.pending},
                            {"lifetime_earned", b.lifetime_earned},
                            {"lifetime_spend", b.lifetime_spend}};
    };
    json::array mismatches;
    for (const auto& m : r.mismatches) {
        mismatches.push_back(json::object{{"shop_id", m.shop_id},
                                          {"member_id", m.member_id},
                                          {"cached", balances(m.cached)},
                                          {"ledger", balances(m.recomputed)}});
    }
    json::array failures;
    for (const auto& f : r.failures) {
        failures.push_back(json::object{{"shop_id", f.shop_id},
                                        {"member_id", f.member_id.empty() ? json::value(nullptr) : json::value(f.member_id)},
                                        {"step", f.step},
                                        {"error", f.error}});
    }
    json::array suspects;
    for (const auto& s : r.suspect_merges) {
        json::array merged;
        for (const auto& id : s.merged) merged.push_back(json::value(id));
        suspects.push_back(json::object{
            {"shop_id", s.shop_id}, {"member_id", s.member_id}, {"phone", s.phone}, {"merged", std::move(merged)}});
    }
    return json::object{
        {"now", core::format_timestamp(r.now, *utc)},
        {"entries", r.entries},
        {"deliveries_forgotten", r.deliveries_forgotten},
        {"tiers_reviewed", r.tiers_reviewed},
        {"lots_released", r.lots_released},
        {"lots_expired", r.lots_expired},
        {"birthday_bonuses", r.birthday_bonuses},
        {"members_segmented", r.members_segmented},
        {"periods_settled", r.periods_settled},
        {"anniversary_awards", r.anniversary_awards},
        {"skipped", r.skipped},
        {"ledger_consistent", r.mismatches.empty()},
        {"balance_mismatches", std::move(mismatches)},
        {"failures", std::move(failures)},
        {"suspect_merges", std::move(suspects)},
    };
}

}  // namespace loyalty::documents
