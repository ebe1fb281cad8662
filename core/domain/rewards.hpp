#pragma once
// Rewards members claim with points, the grants that record them, and points paying for an order
// at checkout. docs/rewards.md is the user-facing description.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ledger.hpp"
#include "domain/member.hpp"

namespace loyalty::core {

enum class RewardKind { gift, voucher_amount, voucher_pct, free_units, rebate };

std::string_view to_string(RewardKind k);
std::optional<RewardKind> reward_kind_from(std::string_view s);

// One entry of a shop's catalogue. `stock` absent is unlimited; it counts every grant ever issued
// from the catalogue that was not voided, so lowering it below what was claimed stops new claims.
struct Reward {
    std::string reward_id;
    std::string name;
    RewardKind kind = RewardKind::gift;
    int64_t cost_points = 0;
    int64_t value = 0;  // VND for voucher_amount, percent for voucher_pct, units for free_units
    std::string sku;
    std::optional<int64_t> stock;
    std::optional<int64_t> valid_days;  // absent: the grant never expires
    std::vector<std::string> tiers;     // empty: every tier
    std::vector<std::string> groups;    // empty: every customer group
    std::vector<std::string> segments;  // empty: every member; else members last scored into one of these
};

enum class GrantStatus { issued, used, voided };

std::string_view to_string(GrantStatus s);
std::optional<GrantStatus> grant_status_from(std::string_view s);

// A reward given to a member: claimed from the catalogue, or awarded by a distributor program.
struct Grant {
    int64_t grant_id = 0;  // assigned by the store
    std::string code;      // unique in the shop and unguessable: what the member shows at the till
    std::string member_id;
    std::string reward_id;
    std::string name;
    RewardKind kind = RewardKind::gift;
    int64_t value = 0;
    std::string sku;
    int64_t quantity = 1;
    int64_t cost_points = 0;
    GrantStatus status = GrantStatus::issued;
    std::string source;  // "claim", or the program and period or order that awarded it
    std::string idempotency_key;
    int64_t issued_at = 0;
    std::optional<int64_t> expires_at;
    int64_t used_at = 0;
    std::string used_order;
    int64_t voided_at = 0;
    std::string void_reason;
    int64_t claim_entry_id = 0;   // the debit of a claim
    int64_t return_entry_id = 0;  // the credit of a void

    bool expired(int64_t now) const { return status == GrantStatus::issued && expires_at && *expires_at <= now; }
};

struct ClaimRequest {
    std::string member_id;
    std::string reward_id;
    std::string idempotency_key;
};

struct ClaimResult {
    Grant grant;
    Balances balances;
    bool replayed = false;
};

struct GrantQuery {
    std::string member_id;             // empty: every member
    std::optional<GrantStatus> status;
    // With status issued: true keeps only grants expired by `now`, false only those that are not.
    std::optional<bool> expired;
    int64_t now = 0;
    std::string code;                  // empty: any
    int limit = 50;
    std::optional<int64_t> after;      // grant id cursor
};

struct GrantPage {
    std::vector<Grant> grants;
    std::optional<int64_t> next_after;
};

// Names a grant by id or by code (exactly one).
struct GrantRef {
    int64_t grant_id = 0;
    std::string code;
};

struct GrantUse {
    GrantRef grant;
    std::string order_id;
};

struct GrantVoid {
    GrantRef grant;
    std::string reason;
};

// Points paying part of one order. One row per order; several payments add up on it.
struct OrderPayment {
    std::string order_id;
    std::string member_id;
    int64_t points = 0;
    int64_t amount = 0;  // VND the points paid
    int64_t returned_points = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct PaymentRequest {
    std::string member_id;
    std::string order_id;
    int64_t order_amount = 0;  // VND the order comes to before points
    int64_t points = 0;
    std::string idempotency_key;
};

struct PaymentResult {
    OrderPayment payment;  // the order's totals after this payment
    Entry entry;
    bool replayed = false;
};

}  // namespace loyalty::core
