#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/member.hpp"

namespace loyalty::core {

enum class OrderStatus { pending, paid, partially_refunded, refunded, cancelled };

std::string_view to_string(OrderStatus s);
std::optional<OrderStatus> order_status_from(std::string_view s);

struct OrderLine {
    std::string sku;
    int64_t quantity = 0;
    int64_t amount = 0;  // VND for the line, after discounts
    std::string category;
};

// The platform-neutral order a host or connector feeds, in its latest known state.
struct OrderInput {
    std::string order_id;
    OrderStatus status = OrderStatus::pending;
    int64_t amount = 0;           // eligible spend, VND
    int64_t refunded_amount = 0;  // VND, 0..amount
    int64_t occurred_at = 0;      // unix seconds
    std::optional<int64_t> version;
    CustomerInput customer;
    std::vector<OrderLine> lines;
    // Codes the order applied at checkout, as the platform gives them: one equal to an issued
    // grant's code marks that grant used by the order once it is paid.
    std::vector<std::string> discount_codes;
};

// What the store keeps of an order: enough to post only differences on the next state.
struct OrderState {
    std::string order_id;
    std::string member_id;
    OrderStatus status = OrderStatus::pending;
    int64_t amount = 0;
    int64_t refunded_amount = 0;
    std::optional<int64_t> version;
    int64_t earn_rate = 0;  // spend_per_point locked when the order first earned; 0 before
    // Locked when the order first earned: its points for the full amount, that amount, and the
    // tier in force. Later states hold a share of full_points.
    int64_t full_points = 0;
    int64_t locked_amount = 0;
    std::string tier;
    int64_t paid_at = 0;      // when it first earned; the time it counts at for tiers
    int64_t bonus_points = 0; // the first-order bonus this order carries
    int64_t points = 0;     // net points the ledger holds for this order
    int64_t spend = 0;      // net spend counted for this order
    int64_t occurred_at = 0;
    int64_t updated_at = 0;
    // First counted from a history delivery: it never posts points, whatever comes later.
    bool history = false;
    // VND of returns applied to the order (OrderReturn), already part of refunded_amount; a later
    // state of the order from the platform keeps them refunded.
    int64_t returned_amount = 0;
};

struct OrderResult {
    std::string member_id;
    bool applied = false;
    bool stale = false;  // not applied because a newer state was already applied
    int64_t points_delta = 0;
    int64_t available = 0;
    int64_t pending = 0;
};

}  // namespace loyalty::core
