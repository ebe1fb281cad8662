// Reading a member with what the program says about them, and the shop's manual tiers.
#include <map>

#include "engine.hpp"
#include "member_details.hpp"
#include "member_resolution.hpp"
#include "points_book.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

constexpr std::size_t max_expiring_dates = 12;

std::vector<ExpiringPoints> expiring(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    std::map<int64_t, int64_t> by_date;
    for (const Lot& l : tx.open_lots(shop_id, member_id))
        if (!l.pending() && l.remaining > 0 && l.expires_at) by_date[*l.expires_at] += l.remaining;
    std::vector<ExpiringPoints> out;
    for (const auto& [at, points] : by_date) {
        if (out.size() == max_expiring_dates) break;
        out.push_back({points, at});
    }
    return out;
}

}  // namespace

MemberDetails details_of(Transaction& tx, const ShopProgram& program, Member member, int64_t t) {
    MemberDetails d;
    d.member = std::move(member);
    d.member.refs = tx.member_refs(program.shop_id, d.member.member_id);
    if (program.tiers) d.tier = view_tier(tx, program, d.member, t);
    d.expiring = expiring(tx, program.shop_id, d.member.member_id);
    d.programs = program_progress(tx, program, d.member, t);
    if (auto contact = tx.member_contact(program.shop_id, d.member.member_id)) d.opted_out = contact->opted_out;
    d.rfm = tx.member_rfm(program.shop_id, d.member.member_id);
    return d;
}


MemberDetails Engine::member_details(const std::string& shop_id, const MemberQuery& query) {
    auto program = shop(shop_id);
    std::string phone = checked_member_query(query, program->placeholder_phones);
    int64_t t = now();
    // One read: details_of reads the member's references with the rest.
    return store_->read(
        [&](Transaction& tx) { return details_of(tx, *program, queried_member(tx, shop_id, query, phone), t); });
}

MemberDetails Engine::set_group(const std::string& shop_id, const std::string& member_id,
                                const std::optional<std::string>& group) {
    auto program = shop(shop_id);
    require_text(member_id, "member_id");
    if (group) require_text(*group, "group", false);
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, member_id);
        m.group = group.value_or("");
        m.group_by_shop = group.has_value();
        tx.set_group(shop_id, m.member_id, m.group, m.group_by_shop);
        return details_of(tx, *program, std::move(m), t);
    });
}

MemberDetails Engine::set_tier(const std::string& shop_id, const TierRequest& r) {
    auto program = shop(shop_id);
    require_text(r.member_id, "member_id");
    if (!program->tiers) fail(Status::invalid_argument, "shop \"" + shop_id + "\" has no tiers");
    auto level = program->tiers->index_of(r.tier);
    if (!level) fail(Status::invalid_argument, "tier \"" + r.tier + "\" is not a level of shop \"" + shop_id + "\"");
    int64_t t = now();
    if (r.until <= t) fail(Status::invalid_argument, "until must be in the future");
    return store_->write([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, r.member_id);
        Book book{tx, *program, m, t};
        set_manual_tier(book, *level, r.until);
        return details_of(tx, *program, std::move(m), t);
    });
}

}  // namespace loyalty::core
