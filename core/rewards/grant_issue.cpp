#include "rewards/grant_issue.hpp"

#include "notify/events.hpp"
#include "platform_writes.hpp"
#include "program/calendar.hpp"
#include "util/grant_code.hpp"

namespace loyalty::core {

Grant issue_grant(Book& book, const Reward& reward, const GrantOrigin& origin) {
    Grant g;
    g.code = origin.code.empty() ? new_grant_code() : origin.code;
    g.member_id = book.member.member_id;
    g.reward_id = reward.reward_id;
    g.name = reward.name;
    g.kind = reward.kind;
    g.value = reward.value;
    g.sku = reward.sku;
    g.quantity = origin.quantity;
    g.cost_points = origin.cost_points;
    g.source = origin.source;
    g.idempotency_key = origin.idempotency_key;
    g.issued_at = book.now;
    if (reward.valid_days) g.expires_at = add_days(book.now, *reward.valid_days, *book.program.zone);
    g.claim_entry_id = origin.claim_entry_id;
    g.grant_id = book.tx.insert_grant(book.shop(), g);
    enqueue_grant_change(book.tx, book.shop(), g, job_discount_create, book.now);
    record_grant_event(book.tx, book.program, g, event_reward_granted, book.now);
    return g;
}

void void_issued(Book& book, Grant& grant, const std::string& reason) {
    if (grant.cost_points > 0) {
        EntryNote note{EntryKind::returned, "reward voided: " + grant.name, "grant", grant.code,
                       reason, book.now, false};
        Entry e = change_source(book, {"grant", grant.code, grant.issued_at, std::nullopt}, grant.cost_points, note);
        grant.return_entry_id = e.entry_id;
    }
    if (grant.source == "claim") book.tx.add_reward_claimed(book.shop(), grant.reward_id, -1);
    grant.status = GrantStatus::voided;
    grant.voided_at = book.now;
    grant.void_reason = reason;
    book.tx.update_grant(book.shop(), grant);
    enqueue_grant_change(book.tx, book.shop(), grant, job_discount_disable, book.now);
}

}  // namespace loyalty::core
