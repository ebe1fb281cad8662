// Claiming catalogue rewards and looking after the grants (docs/rewards.md).
#include "engine.hpp"
#include "idempotency.hpp"
#include "member_resolution.hpp"
#include "notify/events.hpp"
#include "program/audience.hpp"
#include "program/tier_status.hpp"
#include "rewards/claimable.hpp"
#include "rewards/grant_issue.hpp"
#include "util/error.hpp"
#include "util/grant_code.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

std::string fingerprint(const ClaimRequest& r) { return "claim\n" + r.member_id + '\n' + r.reward_id; }

// Why the member may not have the reward now, or "" when they may.
std::string refusal(Transaction& tx, const ShopProgram& p, const Reward& reward, const Member& m) {
    std::string why = audience_refusal(tx, p, {reward.tiers, reward.groups, reward.segments}, m,
                                       "reward \"" + reward.reward_id + "\"");
    if (!why.empty()) return why;
    if (reward.stock && tx.reward_claimed(p.shop_id, reward.reward_id) >= *reward.stock)
        return "reward \"" + reward.reward_id + "\" is out of stock";
    return {};
}

}  // namespace

std::vector<Reward> claimable_rewards(Transaction& tx, const ShopProgram& p, const Member& m) {
    std::vector<Reward> out;
    for (const Reward& r : p.rewards)
        if (m.balances.available >= r.cost_points && refusal(tx, p, r, m).empty()) out.push_back(r);
    return out;
}

namespace {

std::optional<Grant> find_grant(Transaction& tx, const std::string& shop_id, const GrantRef& ref) {
    if (ref.grant_id > 0) return tx.grant(shop_id, ref.grant_id);
    std::string code = normal_grant_code(ref.code);
    if (code.empty()) return std::nullopt;
    return tx.grant_by_code(shop_id, code);
}

Grant require_grant(Transaction& tx, const std::string& shop_id, const GrantRef& ref) {
    auto g = find_grant(tx, shop_id, ref);
    if (!g) {
        std::string named = ref.grant_id > 0 ? std::to_string(ref.grant_id) : "\"" + ref.code + "\"";
        fail(Status::not_found, "grant " + named + " not found in shop \"" + shop_id + "\"");
    }
    return *g;
}

void check_ref(const GrantRef& ref) {
    if ((ref.grant_id > 0) == !ref.code.empty()) fail(Status::invalid_argument, "give exactly one of grant_id, code");
    require_text(ref.code, "code", false);
}

}  // namespace

ClaimResult Engine::claim_reward(const std::string& shop_id, const ClaimRequest& r) {
    auto program = shop(shop_id);
    require_text(r.member_id, "member_id");
    require_text(r.reward_id, "reward_id");
    require_text(r.idempotency_key, "idempotency_key");
    const Reward* reward = program->reward(r.reward_id);
    if (!reward) fail(Status::not_found, "reward \"" + r.reward_id + "\" is not in shop \"" + shop_id + "\"'s catalogue");
    std::string print = fingerprint(r);
    ClaimResult result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        result = {};
        if (replay_of(tx, shop_id, r.idempotency_key, print)) {
            auto first = tx.grant_by_key(shop_id, r.idempotency_key);
            if (!first) fail(Status::internal, "idempotency record of a claim without its grant");
            result = {*first, require_member(tx, shop_id, first->member_id).balances, true};
            return;
        }
        Member m = require_member(tx, shop_id, r.member_id);
        if (std::string why = refusal(tx, *program, *reward, m); !why.empty()) fail(Status::conflict, why);
        if (m.balances.available < reward->cost_points)
            fail(Status::insufficient_points, "member \"" + r.member_id + "\" has " +
                                                  std::to_string(m.balances.available) + " points available, reward \"" +
                                                  r.reward_id + "\" costs " + std::to_string(reward->cost_points),
                 ErrorDetails::shortfall(m.balances.available, reward->cost_points));
        Book book{tx, *program, m, t};
        GrantOrigin origin{"claim", 1, reward->cost_points, r.idempotency_key, 0, new_grant_code()};
        if (reward->cost_points > 0) {
            EntryNote note{EntryKind::redeem, "reward claimed: " + reward->name, "grant", origin.code, "", t, false};
            origin.claim_entry_id = debit(book, reward->cost_points, note).entry_id;
        }
        Grant g = issue_grant(book, *reward, origin);
        tx.add_reward_claimed(shop_id, reward->reward_id, 1);
        tx.put_idempotency(shop_id, {r.idempotency_key, print, origin.claim_entry_id});
        result = {g, m.balances, false};
    });
    return result;
}

GrantPage Engine::grants(const std::string& shop_id, const GrantQuery& query) {
    shop(shop_id);
    if (query.limit < 1 || query.limit > max_page)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_page));
    require_text(query.member_id, "member_id", false);
    GrantQuery q = query;
    if (!q.code.empty()) {
        q.code = normal_grant_code(query.code);
        if (q.code.empty()) return {};
    }
    q.now = q.now ? q.now : now();
    q.limit = query.limit + 1;
    GrantPage page;
    store_->read([&](Transaction& tx) {
        GrantQuery resolved = q;  // a merged member's grants moved to the member that absorbed it
        if (!q.member_id.empty()) resolved.member_id = require_member(tx, shop_id, q.member_id).member_id;
        page.grants = tx.grants(shop_id, resolved);
    });
    if (static_cast<int>(page.grants.size()) > query.limit) {
        page.grants.resize(query.limit);
        page.next_after = page.grants.back().grant_id;
    }
    return page;
}

Grant Engine::use_grant(const std::string& shop_id, const GrantUse& r) {
    auto program = shop(shop_id);
    check_ref(r.grant);
    require_text(r.order_id, "order_id");
    Grant result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        Grant g = require_grant(tx, shop_id, r.grant);
        if (g.status == GrantStatus::used) {
            if (g.used_order != r.order_id)
                fail(Status::conflict, "grant " + g.code + " was already used by order \"" + g.used_order + "\"");
        } else {
            if (g.status == GrantStatus::voided) fail(Status::conflict, "grant " + g.code + " was voided");
            if (g.expired(t)) fail(Status::conflict, "grant " + g.code + " has expired");
            g.status = GrantStatus::used;
            g.used_at = t;
            g.used_order = r.order_id;
            tx.update_grant(shop_id, g);
            record_grant_event(tx, *program, g, event_grant_used, t);
        }
        result = g;
    });
    return result;
}

Grant Engine::void_grant(const std::string& shop_id, const GrantVoid& r) {
    auto program = shop(shop_id);
    check_ref(r.grant);
    require_text(r.reason, "reason", false);
    Grant result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        Grant g = require_grant(tx, shop_id, r.grant);
        if (g.status == GrantStatus::used)
            fail(Status::conflict, "grant " + g.code + " was used by order \"" + g.used_order + "\"; it cannot be voided");
        if (g.status == GrantStatus::issued) {
            Member m = require_member(tx, shop_id, g.member_id);
            Book book{tx, *program, m, t};
            void_issued(book, g, r.reason);
        }
        result = g;
    });
    return result;
}

}  // namespace loyalty::core
