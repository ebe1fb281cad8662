// Settling distributor programs (docs/distributor.md, "Settlement").
#include "distributor/settlement.hpp"

#include "distributor/standings.hpp"
#include "member_resolution.hpp"
#include "points_book.hpp"
#include "rewards/grant_issue.hpp"

namespace loyalty::core {
namespace {

// What a target's rebate band gives: a grant for the VND amount, which the shop pays out.
Reward rebate_reward(const ProgramRef& ref, const Period& period, int64_t amount) {
    Reward r;
    r.name = "rebate " + ref.id() + " " + period.key;
    r.kind = RewardKind::rebate;
    r.value = amount;
    return r;
}

void pay(Transaction& tx, const ShopProgram& p, const ProgramRef& ref, const Period& period, Standing& s,
         int64_t now) {
    const Award* award = award_of(ref, s);
    const Reward* reward = award && !award->reward_id.empty() ? p.reward(award->reward_id) : nullptr;
    if (s.points <= 0 && !reward && s.rebate <= 0) return;
    Member m = require_member(tx, p.shop_id, s.member_id);
    Book book{tx, p, m, now};
    const std::string award_id = ref.id() + ":" + period.key;
    if (s.points > 0) {
        std::string detail = std::string(ref.kind()) + " rank=" + std::to_string(s.rank) +
                             " spend=" + std::to_string(s.spend) + " units=" + std::to_string(s.units);
        EntryNote note{EntryKind::bonus, std::string(ref.kind()) + " " + award_id, "program", award_id, detail, now,
                       false};
        change_source(book, {"program", award_id, now, std::nullopt}, s.points, note);
    }
    GrantOrigin origin{"program:" + award_id, ref.volume ? s.times : 1, 0, "", 0, ""};
    if (reward) s.grant_id = issue_grant(book, *reward, origin).grant_id;
    else if (s.rebate > 0) s.grant_id = issue_grant(book, rebate_reward(ref, period, s.rebate), origin).grant_id;
}

}  // namespace

ProgramSettlement settle_program(Transaction& tx, const ShopProgram& p, const ProgramRef& ref, const Period& period,
                                 int64_t now) {
    ProgramSettlement out;
    out.program_id = ref.id();
    out.kind = ref.kind();
    out.period = period;
    if (auto at = tx.settled_at(p.shop_id, ref.id(), period.key)) {
        out.settled_at = *at;
        out.already_settled = true;
        out.standings = tx.standings(p.shop_id, ref.id(), period.key);
        return out;
    }
    out.settled_at = now;
    out.standings = compute_standings(tx, p, ref, period, "");
    for (Standing& s : out.standings) {
        pay(tx, p, ref, period, s, now);
        tx.add_standing(p.shop_id, ref.id(), period.key, s);
    }
    tx.put_settlement(p.shop_id, ref.id(), period.key, now);
    return out;
}

}  // namespace loyalty::core
