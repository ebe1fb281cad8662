// The program sections of the shop JSON (docs/program.md): tiers, rules, bonuses, pending days,
// expiry and redemption. Every value is range-checked, so a program that loads always computes.
#include "codec.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

constexpr int64_t max_pct = 100000;           // a 1000x multiplier is already absurd


int64_t bounded(const json::object& o, std::string_view key, std::string_view path, int64_t low, int64_t high,
                int64_t fallback) {
    auto v = get_integer(o, key, path);
    if (!v) return fallback;
    if (*v < low || *v > high)
        bad(field_path(path, key) + " must be between " + std::to_string(low) + " and " + std::to_string(high));
    return *v;
}

core::TierProgram decode_tiers(const json::object& t) {
    const std::string path = "shop.tiers";
    reject_unknown(t, {"basis", "window", "review", "grace_reviews", "levels"}, path);
    core::TierProgram p;
    std::string basis = get_string(t, "basis", path).value_or("spend");
    if (basis == "spend") p.basis = core::TierBasis::spend;
    else if (basis == "points") p.basis = core::TierBasis::points;
    else bad(path + ".basis \"" + basis + "\" is not one of spend, points");
    std::string window = get_string(t, "window", path).value_or("rolling_12_months");
    if (window == "rolling_12_months") p.window = core::TierWindow::rolling_12_months;
    else if (window == "calendar_year") p.window = core::TierWindow::calendar_year;
    else if (window == "lifetime") p.window = core::TierWindow::lifetime;
    else bad(path + ".window \"" + window + "\" is not one of rolling_12_months, calendar_year, lifetime");
    std::string review = get_string(t, "review", path).value_or("yearly");
    if (review == "monthly") p.review = core::TierReview::monthly;
    else if (review == "yearly") p.review = core::TierReview::yearly;
    else bad(path + ".review \"" + review + "\" is not one of monthly, yearly");
    p.grace_reviews = bounded(t, "grace_reviews", path, 0, 120, 0);
    const json::array* levels = get_array(t, "levels", path);
    if (!levels || levels->empty()) bad(path + ".levels needs at least one level");
    for (std::size_t i = 0; i < levels->size(); ++i) {
        std::string lp = path + ".levels[" + std::to_string(i) + "]";
        if (!(*levels)[i].is_object()) bad(lp + " must be an object");
        const auto& l = (*levels)[i].get_object();
        reject_unknown(l, {"name", "threshold", "earn_multiplier_pct", "discount_pct", "discount_cap", "min_order",
                           "upgrade_bonus"},
                       lp);
        core::TierLevel level;
        level.name = require_string(l, "name", lp);
        if (level.name.empty()) bad(lp + ".name must not be empty");
        level.threshold = bounded(l, "threshold", lp, 0, limits::vnd, -1);
        if (level.threshold < 0) bad(lp + ".threshold is required");
        level.earn_multiplier_pct = bounded(l, "earn_multiplier_pct", lp, 0, max_pct, 100);
        level.discount_pct = bounded(l, "discount_pct", lp, 0, 100, 0);
        level.discount_cap = bounded(l, "discount_cap", lp, 0, limits::vnd, 0);
        level.min_order = bounded(l, "min_order", lp, 0, limits::vnd, 0);
        level.upgrade_bonus = bounded(l, "upgrade_bonus", lp, 0, limits::points, 0);
        if (i == 0 && level.threshold != 0) bad(lp + ".threshold must be 0: every member starts on the first level");
        if (i > 0 && level.threshold <= p.levels.back().threshold)
            bad(lp + ".threshold must be above the previous level's");
        if (p.index_of(level.name)) bad(lp + ".name \"" + level.name + "\" is used twice");
        p.levels.push_back(std::move(level));
    }
    return p;
}

std::optional<int64_t> instant(const json::object& o, std::string_view key, std::string_view path,
                               const core::Zone& zone) {
    auto text = get_string(o, key, path);
    if (!text) return std::nullopt;
    auto t = core::parse_timestamp(*text, zone);
    if (!t) bad(field_path(path, key) + " \"" + *text + "\" is not a date or timestamp (e.g. 2027-01-29)");
    return t;
}

core::EarnRule decode_rule(const json::object& r, const std::string& path, const core::ShopProgram& p) {
    const core::Zone& zone = *p.zone;
    reject_unknown(r, {"rule_id", "multiplier_pct", "points_per_unit", "points_per_order", "skus", "categories",
                       "tiers", "groups", "segments", "from", "to", "min_order", "max_points"},
                   path);
    core::EarnRule rule;
    rule.rule_id = require_string(r, "rule_id", path);
    if (rule.rule_id.empty()) bad(path + ".rule_id must not be empty");
    int kinds = r.contains("multiplier_pct") + r.contains("points_per_unit") + r.contains("points_per_order");
    if (kinds != 1) bad(path + " needs exactly one of multiplier_pct, points_per_unit, points_per_order");
    if (r.contains("multiplier_pct")) {
        rule.kind = core::RuleKind::multiplier;
        rule.value = bounded(r, "multiplier_pct", path, 100, max_pct, 100);
    } else if (r.contains("points_per_unit")) {
        rule.kind = core::RuleKind::per_unit;
        rule.value = bounded(r, "points_per_unit", path, 1, limits::points, 1);
    } else {
        rule.kind = core::RuleKind::per_order;
        rule.value = bounded(r, "points_per_order", path, 1, limits::points, 1);
    }
    rule.skus = string_list(r, "skus", path);
    rule.categories = string_list(r, "categories", path);
    rule.tiers = level_list(r, path, p);
    rule.groups = string_list(r, "groups", path);
    rule.segments = string_list(r, "segments", path);  // names checked by core::check_shop
    if (rule.kind == core::RuleKind::per_unit && rule.whole_order())
        bad(path + " gives points per unit, so it needs skus or categories");
    if (rule.kind == core::RuleKind::per_order && !rule.whole_order())
        bad(path + " gives points per order, so skus and categories do not apply");
    rule.from = instant(r, "from", path, zone);
    rule.to = instant(r, "to", path, zone);
    if (rule.from && rule.to && *rule.to <= *rule.from) bad(path + ".to must be after from");
    rule.min_order = bounded(r, "min_order", path, 0, limits::vnd, 0);
    if (r.contains("max_points")) rule.max_points = bounded(r, "max_points", path, 0, limits::points, 0);
    return rule;
}

}  // namespace

void decode_program_rules(const json::object& shop, core::ShopProgram& p) {
    if (const json::object* tiers = get_object(shop, "tiers", "shop")) p.tiers = decode_tiers(*tiers);
    if (const json::array* rules = get_array(shop, "rules", "shop")) {
        for (std::size_t i = 0; i < rules->size(); ++i) {
            std::string path = "shop.rules[" + std::to_string(i) + "]";
            if (!(*rules)[i].is_object()) bad(path + " must be an object");
            core::EarnRule rule = decode_rule((*rules)[i].get_object(), path, p);
            for (const auto& earlier : p.rules)
                if (earlier.rule_id == rule.rule_id) bad(path + ".rule_id \"" + rule.rule_id + "\" is used twice");
            p.rules.push_back(std::move(rule));
        }
    }
    if (const json::object* b = get_object(shop, "bonuses", "shop")) {
        reject_unknown(*b, {"welcome", "first_order", "birthday"}, "shop.bonuses");
        p.bonuses.welcome = bounded(*b, "welcome", "shop.bonuses", 0, limits::points, 0);
        p.bonuses.first_order = bounded(*b, "first_order", "shop.bonuses", 0, limits::points, 0);
        p.bonuses.birthday = bounded(*b, "birthday", "shop.bonuses", 0, limits::points, 0);
    }
    p.pending_days = bounded(shop, "pending_days", "shop", 0, 365, 0);
    if (const json::object* x = get_object(shop, "expiry", "shop")) {
        reject_unknown(*x, {"months", "at"}, "shop.expiry");
        if (x->contains("months") == x->contains("at")) bad("shop.expiry needs exactly one of months, at");
        if (x->contains("months")) {
            p.expiry.kind = core::ExpiryKind::months;
            p.expiry.months = bounded(*x, "months", "shop.expiry", 1, 120, 12);
        } else {
            std::string at = require_string(*x, "at", "shop.expiry");
            if (at != "end_of_year") bad("shop.expiry.at \"" + at + "\" is not end_of_year");
            p.expiry.kind = core::ExpiryKind::end_of_year;
        }
    }
    if (const json::object* r = get_object(shop, "redeem", "shop")) {
        reject_unknown(*r, {"point_value", "max_order_pct"}, "shop.redeem");
        p.redeem.point_value = bounded(*r, "point_value", "shop.redeem", 1, limits::vnd, 0);
        if (p.redeem.point_value == 0) bad("shop.redeem.point_value is required");
        p.redeem.max_order_pct = bounded(*r, "max_order_pct", "shop.redeem", 0, 100, 100);
    }
    decode_rewards(shop, p);      // after the tiers, which rewards name
    decode_distributor(shop, p);  // after the rewards, which programs award
    decode_games(shop, p);        // after the rewards, which prizes name
}

}  // namespace loyalty::documents
