#pragma once
// The parts of a shop's program that decide how many points an order earns, which tier a member
// holds, what bonuses they get and when points become usable or expire. docs/program.md is the
// user-facing description; every rule written here is spelt out there.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

struct TierLevel {
    std::string name;
    int64_t threshold = 0;            // qualifying value (VND or points) that reaches the level
    int64_t earn_multiplier_pct = 100;
    int64_t discount_pct = 0;
    int64_t discount_cap = 0;         // VND; 0 means no cap
    int64_t min_order = 0;            // VND the basket must reach for the discount
    int64_t upgrade_bonus = 0;        // points, once per member per level
};

enum class TierBasis { spend, points };
enum class TierWindow { rolling_12_months, calendar_year, lifetime };
enum class TierReview { monthly, yearly };

struct TierProgram {
    TierBasis basis = TierBasis::spend;
    TierWindow window = TierWindow::rolling_12_months;
    TierReview review = TierReview::yearly;
    int64_t grace_reviews = 0;
    std::vector<TierLevel> levels;  // ascending threshold; the first has threshold 0

    // Index of a level by name; nullopt when the program no longer has it.
    std::optional<std::size_t> index_of(const std::string& name) const {
        for (std::size_t i = 0; i < levels.size(); ++i)
            if (levels[i].name == name) return i;
        return std::nullopt;
    }
    // The highest level `value` reaches.
    std::size_t level_for(int64_t value) const {
        std::size_t best = 0;
        for (std::size_t i = 0; i < levels.size(); ++i)
            if (levels[i].threshold <= value) best = i;
        return best;
    }
};

enum class RuleKind { multiplier, per_unit, per_order };

struct EarnRule {
    std::string rule_id;
    RuleKind kind = RuleKind::multiplier;
    int64_t value = 0;  // multiplier_pct, points_per_unit or points_per_order
    std::vector<std::string> skus;
    std::vector<std::string> categories;
    std::vector<std::string> tiers;
    std::vector<std::string> groups;
    std::vector<std::string> segments;  // RFM segments (docs/program.md, "Segments"); empty: any member
    std::optional<int64_t> from;  // unix seconds, inclusive
    std::optional<int64_t> to;    // unix seconds, exclusive
    int64_t min_order = 0;
    std::optional<int64_t> max_points;

    bool whole_order() const { return skus.empty() && categories.empty(); }
};

struct Bonuses {
    int64_t welcome = 0;
    int64_t first_order = 0;
    int64_t birthday = 0;
};

enum class ExpiryKind { never, months, end_of_year };

struct ExpiryPolicy {
    ExpiryKind kind = ExpiryKind::never;
    int64_t months = 0;
};

struct RedeemPolicy {
    int64_t point_value = 0;  // VND one point pays for; 0 means points cannot pay at checkout
    int64_t max_order_pct = 100;
};

}  // namespace loyalty::core
