#pragma once
// How many points an order earns for its full amount under the shop's rules (docs/program.md,
// "Earning an order"). Pure: the quote and the ledger compute with the same function.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/order.hpp"
#include "domain/program.hpp"

namespace loyalty::core {

struct EarnContext {
    int64_t amount = 0;
    const std::vector<OrderLine>* lines = nullptr;
    int64_t at = 0;          // when the order was paid: campaigns are chosen by it
    std::string tier;        // the member's level name; empty without tiers
    int64_t tier_pct = 100;  // that level's earn_multiplier_pct
    std::string group;       // the member's customer group
    std::string segment;     // the member's RFM segment as last computed; empty before any
};

struct RulePoints {
    std::string rule_id;
    int64_t points = 0;
};

struct Earning {
    int64_t points = 0;  // base plus rules, after the order cap, plus volume bonuses
    int64_t base = 0;
    std::vector<RulePoints> rules;  // rules that added points, in the program's order
    std::vector<RulePoints> volume;  // per-order volume bonuses earned, after the order cap
    std::string detail;             // the computation, for the ledger entry
};

Earning compute_earning(const ShopProgram& program, const EarnContext& context);

}  // namespace loyalty::core
