#pragma once
// Writes to the platforms that a change in the core causes, enqueued in the outbox in the
// transaction that made the change. Only for platforms the shop has a link to (in any state but
// disconnected) and the member has a reference on: a shop connected by hand gets no jobs.
#include <cstdint>
#include <string>

#include "domain/rewards.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// The member's tier went from `previous` to `next` (names; empty is the first level) at `since`.
// Payload: {"member_id", "platform", "customer_id", "tier", "previous"}, the first level as null.
void enqueue_tier_change(Transaction& tx, const std::string& shop_id, const std::string& member_id,
                         const std::string& previous, const std::string& next, int64_t since, int64_t now);

// A voucher grant (voucher_amount, voucher_pct) was issued (discount_create) or voided
// (discount_disable); any other kind enqueues nothing. Payload: {"grant_id", "code", "kind",
// "value", "expires_at", "member_id", "platform", "customer_id"}.
void enqueue_grant_change(Transaction& tx, const std::string& shop_id, const Grant& grant, std::string_view job_kind,
                          int64_t now);

// `s` as a JSON string, quotes included.
std::string json_string(std::string_view s);

}  // namespace loyalty::core
