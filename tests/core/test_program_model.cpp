// Property test: random event streams replayed against the engine and against a small reference model
// of docs/program.md (and of the anniversaries in docs/distributor.md and the games in docs/games.md),
// compared after every step. A game's draw is random, so the model does not predict the prize: it
// checks that the odds offered are exactly what can still be won, that the play used the right earned
// play or cost, and then applies the prize drawn.
//
// The model below is written from the document only (not from core/): its value is that it is small
// enough to check by reading it next to the document. Where the document leaves a point open, the
// model's choice is marked "Reading:" so a disagreement can be traced to the sentence it rests on.
//
// Replay one stream: LOYALTY_MODEL_SEED=<seed> ./core_tests "program model*"
// More streams:      LOYALTY_MODEL_STREAMS=<per shape> ./core_tests "program model*" (50 by default, a tenth
//                    of it on PostgreSQL; the sanitizer build runs 10, its instrumented steps being slower)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine_fixture.hpp"

using namespace loyalty;
using core::OrderStatus;

namespace {

// -------------------------------------------------------------------------------------------------
// The shop's calendar. Asia/Ho_Chi_Minh is UTC+7 all year with no DST, so local time is plain
// arithmetic on unix seconds.

constexpr int64_t kOffset = 7 * 3600;
constexpr int64_t kDay = 86400;

struct LocalTime {
    int64_t year;
    int month;
    int day;
    int64_t second_of_day;
};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

LocalTime to_local(int64_t t) {
    const int64_t local = t + kOffset;
    int64_t z = floor_div(local, kDay);
    const int64_t sod = local - z * kDay;
    z += 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d, sod};
}

int64_t from_local(int64_t y, int m, int d, int64_t second_of_day = 0) {
    return days_from_civil(y, m, d) * kDay + second_of_day - kOffset;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// `t` moved by `n` local calendar months, the day clamped to the month's length, time of day kept.
int64_t add_months(int64_t t, int n) {
    const LocalTime l = to_local(t);
    const int64_t index = l.year * 12 + (l.month - 1) + n;
    const int64_t y = floor_div(index, 12);
    const int m = static_cast<int>(index - y * 12) + 1;
    return from_local(y, m, std::min(l.day, days_in_month(y, m)), l.second_of_day);
}

int64_t year_start(int64_t y) { return from_local(y, 1, 1); }

// The first review boundary strictly after `t`: the start of the next local month or year.
int64_t next_boundary(int64_t t, bool monthly) {
    const LocalTime l = to_local(t);
    if (!monthly) return year_start(l.year + 1);
    return l.month == 12 ? year_start(l.year + 1) : from_local(l.year, l.month + 1, 1);
}

std::string show_time(int64_t t) {
    const LocalTime l = to_local(t);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02lld:%02lld:%02lld", static_cast<long long>(l.year), l.month,
                  l.day, static_cast<long long>(l.second_of_day / 3600),
                  static_cast<long long>(l.second_of_day / 60 % 60), static_cast<long long>(l.second_of_day % 60));
    return buf;
}

// -------------------------------------------------------------------------------------------------
// The program, in the model's own terms (turned into a core::ShopProgram for the engine).

enum class Basis { spend, points };
enum class Window { calendar_year, rolling_12_months, lifetime };
enum class Expiry { never, months_12, end_of_year };
enum class TierShape { calendar_year_spend, rolling_spend_monthly, lifetime_points, none };

struct Level {
    std::string name;
    int64_t threshold;
    int64_t pct;
    int64_t upgrade_bonus;
};

struct Tiers {
    Basis basis;
    Window window;
    bool monthly_review;
    int64_t grace;
    std::vector<Level> levels;
};

enum class RuleKind { multiplier, per_unit, per_order };

struct Rule {
    std::string id;
    RuleKind kind;
    int64_t value;
    std::vector<std::string> skus, categories, tiers, groups;
    std::optional<int64_t> from, to;
    int64_t min_order = 0;
    std::optional<int64_t> max_points;
};

// docs/distributor.md, "Anniversaries": every `every` years since the first paid order or joining.
struct Anniversaries {
    int64_t every;
    bool since_joined;
    int64_t min_spend_past_year;
    int64_t points;
};

// docs/games.md: one game, its window, a cost and plays earned by orders, prizes with stock, daily
// limits and a day's points budget.
struct Prize {
    std::string id;
    int64_t weight, points;
    std::optional<int64_t> stock, daily;
};

struct Game {
    int64_t from, to;  // [from, to)
    int64_t cost;      // 0: plays come only with orders
    int64_t min_amount, plays_per_order;
    int64_t points_per_day;
    std::vector<Prize> prizes;
};

struct Config {
    int64_t rate = 10000;
    std::optional<int64_t> max_per_order;
    std::optional<Tiers> tiers;
    std::vector<Rule> rules;
    int64_t welcome = 50, first_order = 100, birthday = 200;
    int64_t pending_days = 0;
    Expiry expiry = Expiry::never;
    int64_t campaign_from = 0, campaign_to = 0;
    std::optional<Anniversaries> anniversaries;
    std::optional<Game> game;
};

const std::string kShop = "model-shop";

Config make_config(TierShape shape, std::mt19937& rng, int64_t start) {
    Config c;
    const int64_t grace = rng() % 2;
    const std::vector<Level> spend_levels = {
        {"Member", 0, 100, 0}, {"Silver", 3000000, 125, 50}, {"Gold", 8000000, 150, 150}};
    const std::vector<Level> point_levels = {{"Member", 0, 100, 0}, {"Silver", 300, 125, 50}, {"Gold", 800, 150, 150}};
    switch (shape) {
    case TierShape::calendar_year_spend:
        c.tiers = Tiers{Basis::spend, Window::calendar_year, false, grace, spend_levels};
        break;
    case TierShape::rolling_spend_monthly:
        c.tiers = Tiers{Basis::spend, Window::rolling_12_months, true, grace, spend_levels};
        break;
    case TierShape::lifetime_points:
        c.tiers = Tiers{Basis::points, Window::lifetime, rng() % 2 == 0, grace, point_levels};
        break;
    case TierShape::none:
        break;
    }
    c.campaign_from = start + 20 * kDay + static_cast<int64_t>(rng() % kDay);
    c.campaign_to = c.campaign_from + 70 * kDay;
    // A whole-order campaign and two line multipliers that overlap it (multipliers do not stack),
    // a tier-only multiplier, a per-unit rule with a cap and a per-order rule for one group.
    c.rules.push_back({"campaign", RuleKind::multiplier, 200, {}, {}, {}, {}, c.campaign_from, c.campaign_to, 0, {}});
    c.rules.push_back({"coffee", RuleKind::multiplier, 300, {"COFFEE"}, {}, {}, {}, {}, {}, 0, 500});
    c.rules.push_back({"drinks", RuleKind::multiplier, 150, {}, {"drink"}, {}, {}, {}, {}, 0, {}});
    if (c.tiers) c.rules.push_back({"gold-drinks", RuleKind::multiplier, 250, {}, {"drink"}, {"Gold"}, {}, {}, {}, 0, {}});
    c.rules.push_back({"beer", RuleKind::per_unit, 5, {"BEER-24"}, {}, {}, {}, {}, {}, 0, 40});
    c.rules.push_back({"vip-big", RuleKind::per_order, 30, {}, {}, {}, {"VIP"}, {}, {}, 4000000, {}});
    if (rng() % 3 == 0) c.max_per_order = 1500;
    c.pending_days = rng() % 2 ? 7 : 0;
    const auto e = rng() % 5;
    c.expiry = e < 2 ? Expiry::months_12 : e < 4 ? Expiry::end_of_year : Expiry::never;
    if (rng() % 4 != 0) {
        const bool joined = rng() % 2 == 0;
        c.anniversaries = Anniversaries{rng() % 3 == 0 ? 2 : 1, joined, rng() % 2 ? 3000000 : 0, 250};
    }
    if (rng() % 4 != 0) {
        Game g;
        g.from = start + static_cast<int64_t>(rng() % (15 * kDay));
        g.to = g.from + 120 * kDay + static_cast<int64_t>(rng() % (200 * kDay));
        g.cost = rng() % 3 == 0 ? 0 : 40;
        g.min_amount = rng() % 2 ? 500000 : 2000000;
        g.plays_per_order = 1 + static_cast<int64_t>(rng() % 2);
        g.points_per_day = rng() % 2 ? 110 : 1000000;  // 110: the big prize and one small one do not both fit
        // Tight limits, so that bursts of plays on one day reach them.
        g.prizes = {{"big", 10, 100, 3, 1}, {"small", 30, 20, std::nullopt, 2}, {"none", 60, 0, std::nullopt, std::nullopt}};
        if (rng() % 3 == 0) g.prizes.back().stock = 6;  // an empty slot can run out too: then nothing is left
        c.game = g;
    }
    return c;
}

core::ShopProgram to_program(const Config& c) {
    core::ShopProgram p = test::program(kShop, c.rate);
    p.max_points_per_order = c.max_per_order;
    if (c.tiers) {
        core::TierProgram t;
        t.basis = c.tiers->basis == Basis::spend ? core::TierBasis::spend : core::TierBasis::points;
        t.window = c.tiers->window == Window::calendar_year       ? core::TierWindow::calendar_year
                   : c.tiers->window == Window::rolling_12_months ? core::TierWindow::rolling_12_months
                                                                  : core::TierWindow::lifetime;
        t.review = c.tiers->monthly_review ? core::TierReview::monthly : core::TierReview::yearly;
        t.grace_reviews = c.tiers->grace;
        for (const auto& l : c.tiers->levels) {
            core::TierLevel level;
            level.name = l.name;
            level.threshold = l.threshold;
            level.earn_multiplier_pct = l.pct;
            level.upgrade_bonus = l.upgrade_bonus;
            t.levels.push_back(level);
        }
        p.tiers = t;
    }
    for (const auto& r : c.rules) {
        core::EarnRule e;
        e.rule_id = r.id;
        e.kind = r.kind == RuleKind::multiplier ? core::RuleKind::multiplier
                 : r.kind == RuleKind::per_unit ? core::RuleKind::per_unit
                                                : core::RuleKind::per_order;
        e.value = r.value;
        e.skus = r.skus;
        e.categories = r.categories;
        e.tiers = r.tiers;
        e.groups = r.groups;
        e.from = r.from;
        e.to = r.to;
        e.min_order = r.min_order;
        e.max_points = r.max_points;
        p.rules.push_back(e);
    }
    p.bonuses = {c.welcome, c.first_order, c.birthday};
    p.pending_days = c.pending_days;
    p.expiry.kind = c.expiry == Expiry::never       ? core::ExpiryKind::never
                    : c.expiry == Expiry::months_12 ? core::ExpiryKind::months
                                                    : core::ExpiryKind::end_of_year;
    p.expiry.months = c.expiry == Expiry::months_12 ? 12 : 0;
    if (c.anniversaries) {
        core::AnniversaryProgram a;
        a.program_id = "anniv";
        a.every_years = c.anniversaries->every;
        a.since = c.anniversaries->since_joined ? core::AnniversaryStart::joined : core::AnniversaryStart::first_order;
        a.min_spend_past_year = c.anniversaries->min_spend_past_year;
        a.award.points = c.anniversaries->points;
        p.distributor.anniversaries = {a};
    }
    if (c.game) {
        core::Game g;
        g.game_id = "wheel";
        g.name = "Vòng quay";
        g.kind = core::GameKind::wheel;
        g.from = c.game->from;
        g.to = c.game->to;
        g.cost_points = c.game->cost;
        g.min_order_amount = c.game->min_amount;
        g.plays_per_order = c.game->plays_per_order;
        g.points_per_day = c.game->points_per_day;
        for (const auto& prize : c.game->prizes) {
            core::GamePrize gp;
            gp.prize_id = gp.name = prize.id;
            gp.weight = prize.weight;
            gp.points = prize.points;
            gp.stock = prize.stock;
            gp.daily_limit = prize.daily;
            g.prizes.push_back(gp);
        }
        p.games = {g};
    }
    return p;
}

std::string describe(TierShape shape, const Config& c) {
    std::ostringstream out;
    out << "tiers="
        << (shape == TierShape::calendar_year_spend     ? "spend/calendar_year/yearly"
            : shape == TierShape::rolling_spend_monthly ? "spend/rolling_12_months/monthly"
            : shape == TierShape::lifetime_points       ? "points/lifetime"
                                                        : "none");
    if (shape == TierShape::lifetime_points) out << (c.tiers->monthly_review ? "/monthly" : "/yearly");
    if (c.tiers) out << " grace=" << c.tiers->grace;
    out << " pending_days=" << c.pending_days << " expiry="
        << (c.expiry == Expiry::months_12 ? "months:12" : c.expiry == Expiry::end_of_year ? "end_of_year" : "never")
        << " max_per_order=" << (c.max_per_order ? std::to_string(*c.max_per_order) : "-")
        << " campaign=[" << show_time(c.campaign_from) << ", " << show_time(c.campaign_to) << ")";
    if (c.anniversaries)
        out << " anniversaries=every " << c.anniversaries->every << "y since "
            << (c.anniversaries->since_joined ? "joined" : "first_order")
            << " min_spend=" << c.anniversaries->min_spend_past_year;
    if (c.game)
        out << " game=[" << show_time(c.game->from) << ", " << show_time(c.game->to) << ") cost=" << c.game->cost
            << " min_amount=" << c.game->min_amount << " plays=" << c.game->plays_per_order
            << " budget=" << c.game->points_per_day << (c.game->prizes.back().stock ? " none-stock=6" : "");
    return out.str();
}

// -------------------------------------------------------------------------------------------------
// Earning an order ("Earning an order"): pure arithmetic on the order, the tier in force and the rules.

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

int64_t earn_points(const Config& c, int64_t amount, const std::vector<core::OrderLine>& lines, int64_t at,
                    const std::string& tier, int64_t tier_pct, const std::string& group) {
    const int64_t R = c.rate, M = tier_pct, A = amount;
    const int64_t base = A * M / (100 * R);

    // Line shares: as given while they fit in A, else scaled down to it. What no line covers can
    // be won only by a whole-order multiplier.
    int64_t lines_total = 0;
    for (const auto& l : lines) lines_total += l.amount;
    std::vector<int64_t> share;
    int64_t covered = 0;
    for (const auto& l : lines) {
        share.push_back(lines_total <= A ? l.amount : l.amount * A / lines_total);
        covered += share.back();
    }
    const int64_t uncovered = A - covered;

    auto applies = [&](const Rule& r) {
        return (!r.from || at >= *r.from) && (!r.to || at < *r.to) && (r.tiers.empty() || contains(r.tiers, tier)) &&
               (r.groups.empty() || contains(r.groups, group)) && A >= r.min_order;
    };
    auto line_matches = [](const Rule& r, const core::OrderLine& l) {
        return contains(r.skus, l.sku) || contains(r.categories, l.category);
    };
    auto whole_order = [](const Rule& r) { return r.skus.empty() && r.categories.empty(); };

    // Each line (and the uncovered part, line == nullptr) goes to its single highest multiplier;
    // the earlier rule wins a tie because only a strictly higher one replaces it.
    std::vector<int64_t> won(c.rules.size(), 0);
    auto award = [&](const core::OrderLine* line, int64_t part) {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < c.rules.size(); ++i) {
            const Rule& r = c.rules[i];
            if (r.kind != RuleKind::multiplier || !applies(r)) continue;
            if (!whole_order(r) && (!line || !line_matches(r, *line))) continue;
            if (!best || r.value > c.rules[*best].value) best = i;
        }
        if (best) won[*best] += part;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) award(&lines[i], share[i]);
    award(nullptr, uncovered);

    int64_t total = base;
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
        const Rule& r = c.rules[i];
        if (!applies(r)) continue;
        int64_t points = 0;
        if (r.kind == RuleKind::multiplier) {
            points = won[i] * (r.value - 100) * M / (100 * 100 * R);
        } else if (r.kind == RuleKind::per_unit) {
            for (const auto& l : lines)
                if (line_matches(r, l)) points += r.value * l.quantity;
        } else {
            points = r.value;
        }
        if (r.max_points) points = std::min(points, *r.max_points);
        total += points;
    }
    if (c.max_per_order) total = std::min(total, *c.max_per_order);
    return total;
}

// -------------------------------------------------------------------------------------------------
// The reference model: members, their lots and orders, and maintenance.

struct Lot {
    int64_t seq;  // credit order, the last tie-break of debits
    int64_t points;
    int64_t remaining;
    int64_t earned_at;
    bool pending;
    int64_t release_at;
    std::optional<int64_t> expires_at;
};

struct Order {
    std::string id;
    std::size_t member = 0;
    OrderStatus status = OrderStatus::paid;
    int64_t amount = 0;
    int64_t refunded = 0;
    std::vector<core::OrderLine> lines;
    int64_t paid_at = 0;
    int64_t version = 0;
    int64_t full = 0;  // F, locked when first paid
    int64_t held = 0;  // what the order holds in its current state
    std::optional<std::size_t> lot, bonus_lot;
    int64_t plays_earned = 0, plays_used = 0;

    bool open() const { return status == OrderStatus::paid || status == OrderStatus::partially_refunded; }
    int64_t net_spend() const {
        return status == OrderStatus::paid                 ? amount
               : status == OrderStatus::partially_refunded ? amount - refunded
                                                           : 0;
    }
};

struct Member {
    std::string customer_id, phone, name, birthday, group;  // birthday YYYY-MM-DD or empty
    bool exists = false;
    std::string member_id;  // the engine's id, once created
    int64_t available = 0, pending = 0, earned = 0, spend = 0;
    std::size_t level = 0;
    int64_t since = 0;
    int64_t grace_used = 0;
    int64_t reviewed_through = 0;  // every review boundary at or before this has been reviewed
    std::set<std::size_t> bonused_levels;
    std::optional<std::string> first_order_holder;  // the order carrying the first-order bonus
    std::set<int64_t> birthday_years;
    int64_t joined = 0;
    std::set<int64_t> anniversaries_paid;
    std::vector<Lot> lots;
};

class Model {
public:
    explicit Model(Config c) : cfg(std::move(c)) {}

    Config cfg;
    std::vector<Member> members;
    std::map<std::string, Order> orders;

    std::optional<int64_t> expires_at(int64_t earned) const {
        switch (cfg.expiry) {
        case Expiry::months_12: return add_months(earned, 12);
        case Expiry::end_of_year: return year_start(to_local(earned).year + 1);
        case Expiry::never: break;
        }
        return std::nullopt;
    }

    void create(std::size_t k, int64_t t) {
        Member& m = members[k];
        m.exists = true;
        m.joined = t;
        m.since = t;
        m.reviewed_through = t;
        if (cfg.welcome > 0) credit(m, cfg.welcome, t, false);
    }

    std::string level_name(const Member& m) const { return cfg.tiers ? cfg.tiers->levels[m.level].name : ""; }

    // A first paid state of a new order.
    void pay(Order o, int64_t t) {
        Member& m = members[o.member];
        if (!m.exists) create(o.member, t);
        // The tier in force before the order sets its multiplier.
        const int64_t pct = cfg.tiers ? cfg.tiers->levels[m.level].pct : 100;
        o.paid_at = t;
        o.full = o.held = earn_points(cfg, o.amount, o.lines, t, level_name(m), pct, m.group);
        const bool pending = cfg.pending_days > 0;
        if (o.full > 0) o.lot = credit(m, o.full, t, pending);
        m.earned += o.full;
        m.spend += o.amount;
        // The first order that earns points carries the first-order bonus, pending with it.
        if (cfg.first_order > 0 && !m.first_order_holder && o.full > 0) {
            o.bonus_lot = credit(m, cfg.first_order, t, pending);
            m.first_order_holder = o.id;
        }
        // docs/games.md: paid inside the window with at least min_amount earns the game's plays.
        if (cfg.game && t >= cfg.game->from && t < cfg.game->to && o.amount >= cfg.game->min_amount)
            o.plays_earned = cfg.game->plays_per_order;
        orders[o.id] = o;
        upgrade(o.member, t);
    }

    // A later state of an order: partially refunded, refunded or cancelled.
    void update(const std::string& id, OrderStatus status, int64_t refunded, int64_t t) {
        Order& o = orders.at(id);
        Member& m = members[o.member];
        const int64_t old_spend = o.net_spend();
        o.status = status;
        o.refunded = refunded;
        const int64_t held = status == OrderStatus::paid                 ? o.full
                             : status == OrderStatus::partially_refunded ? o.full * (o.amount - refunded) / o.amount
                                                                         : 0;
        const int64_t taken = o.held - held;
        if (taken > 0) reverse(m, *o.lot, taken);
        o.held = held;
        m.earned -= taken;
        m.spend -= old_spend - o.net_spend();
        // Reading: the bonus goes back with the order's end, and only then is the next order eligible.
        if (!o.open() && m.first_order_holder == o.id) {
            reverse(m, *o.bonus_lot, m.lots[*o.bonus_lot].points);
            m.first_order_holder.reset();
        }
        // Ended, or refunded below min_amount: the plays not played go; those played stay played.
        if (cfg.game && (!o.open() || o.net_spend() < cfg.game->min_amount)) o.plays_earned = o.plays_used;
        upgrade(o.member, t);
    }

    bool redeem(std::size_t k, int64_t points) {
        Member& m = members[k];
        if (points > m.available) return false;
        take_available(m, points);
        m.available -= points;
        return true;
    }

    bool adjust(std::size_t k, int64_t points, int64_t t) {
        if (points < 0) return redeem(k, -points);
        credit(members[k], points, t, false);
        return true;
    }

    // "Maintenance": tier reviews, releases, expiries, birthdays, in that order.
    void maintain(int64_t now) {
        for (std::size_t k = 0; k < members.size(); ++k)
            if (members[k].exists && cfg.tiers) review(k, now);
        for (auto& m : members)
            if (m.exists) release(m, now);
        for (auto& m : members)
            if (m.exists) expire(m, now);
        for (auto& m : members)
            if (m.exists) birthday(m, now);
        for (std::size_t k = 0; k < members.size(); ++k)
            if (members[k].exists) anniversary(k, now);
    }

    // The available lots' remaining points grouped by expiry time, soonest first, at most 12.
    std::vector<std::pair<int64_t, int64_t>> expiring(const Member& m) const {
        std::map<int64_t, int64_t> by_time;
        for (const auto& l : m.lots)
            if (!l.pending && l.remaining > 0 && l.expires_at) by_time[*l.expires_at] += l.remaining;
        std::vector<std::pair<int64_t, int64_t>> out(by_time.begin(), by_time.end());
        if (out.size() > 12) out.resize(12);
        return out;
    }

    // ---- tiers ----

    // Net value (spend or points) of the member's orders first paid in [from, to].
    int64_t value(std::size_t k, int64_t from, int64_t to) const {
        int64_t v = 0;
        for (const auto& [id, o] : orders)
            if (o.member == k && o.paid_at >= from && o.paid_at <= to)
                v += cfg.tiers->basis == Basis::spend ? o.net_spend() : o.held;
        return v;
    }

    std::size_t level_for(int64_t v) const {
        std::size_t best = 0;
        for (std::size_t i = 0; i < cfg.tiers->levels.size(); ++i)
            if (cfg.tiers->levels[i].threshold <= v) best = i;
        return best;
    }

    // The level the window supports at `t`, counting orders paid up to `end` (a review at B counts
    // only orders paid before B; at once, every order so far).
    std::size_t supported(std::size_t k, int64_t t, int64_t end) const {
        constexpr int64_t forever = std::numeric_limits<int64_t>::min();
        switch (cfg.tiers->window) {
        case Window::lifetime: return level_for(value(k, forever, end));
        // After the local date-time 12 months before t (day clamped), up to t.
        case Window::rolling_12_months: return level_for(value(k, add_months(t, -12) + 1, end));
        case Window::calendar_year: {
            // The better of the previous full year and the current year so far.
            const int64_t y = to_local(t).year;
            return std::max(level_for(value(k, year_start(y - 1), std::min(end, year_start(y) - 1))),
                            level_for(value(k, year_start(y), end)));
        }
        }
        return 0;
    }

    void raise_to(std::size_t k, std::size_t level, int64_t t) {
        Member& m = members[k];
        // Every level passed pays its bonus, once per member, ever.
        for (std::size_t l = m.level + 1; l <= level; ++l)
            if (m.bonused_levels.insert(l).second && cfg.tiers->levels[l].upgrade_bonus > 0)
                credit(m, cfg.tiers->levels[l].upgrade_bonus, t, false);
        m.level = level;
        m.since = t;
        m.grace_used = 0;  // any change of level starts a new run of grace

    }

    void upgrade(std::size_t k, int64_t t) {
        if (!cfg.tiers) return;
        const std::size_t s = supported(k, t, t);
        if (s > members[k].level) raise_to(k, s, t);
    }

    void review(std::size_t k, int64_t now) {
        Member& m = members[k];
        const bool monthly = cfg.tiers->monthly_review;
        // Only members above the first level are reviewed; once reviewed, every missed boundary is
        // applied in order, and a member who fell to the first level may move up at a later one.
        if (m.level == 0 && m.grace_used == 0) return;
        // Reading: a boundary is reviewed only for a level held before it (B > since); a level
        // reached at or after B was not what the member held at B.
        for (int64_t b = next_boundary(std::max(m.reviewed_through, m.since), monthly); b <= now;
             b = next_boundary(b, monthly)) {
            if (b <= m.since) continue;
            // The window for B, counting only orders paid before B.
            const std::size_t s = supported(k, b, b - 1);
            if (s < m.level) {
                if (m.grace_used < cfg.tiers->grace) {
                    ++m.grace_used;
                } else {
                    m.level = s;
                    m.since = b;
                    m.grace_used = 0;
                }
            } else {
                m.grace_used = 0;
                if (s > m.level) raise_to(k, s, b);
            }
        }
        m.reviewed_through = now;
        upgrade(k, now);  // orders applied after the last boundary are never ignored
    }

    // ---- lots ----

    std::size_t credit(Member& m, int64_t points, int64_t t, bool pending) {
        Lot lot{next_seq_++, points, points, t, pending, t + cfg.pending_days * kDay, expires_at(t)};
        if (pending) {
            m.pending += points;
        } else {
            pay_debt(m, lot);
            m.available += points;
        }
        m.lots.push_back(lot);
        return m.lots.size() - 1;
    }

    // While the available balance is negative, a new or released lot first pays off the debt.
    static void pay_debt(const Member& m, Lot& lot) {
        if (m.available < 0) lot.remaining -= std::min(-m.available, lot.remaining);
    }

    // Takes `points` from the available lots, soonest expiry first (never last), then the oldest,
    // then the first credited; as much as they hold (the balance itself is moved by the caller).
    static void take_available(Member& m, int64_t points) {
        std::vector<Lot*> order;
        for (auto& l : m.lots)
            if (!l.pending && l.remaining > 0) order.push_back(&l);
        std::sort(order.begin(), order.end(), [](const Lot* a, const Lot* b) {
            const int64_t ea = a->expires_at.value_or(std::numeric_limits<int64_t>::max());
            const int64_t eb = b->expires_at.value_or(std::numeric_limits<int64_t>::max());
            if (ea != eb) return ea < eb;
            if (a->earned_at != b->earned_at) return a->earned_at < b->earned_at;
            return a->seq < b->seq;
        });
        for (Lot* l : order) {
            const int64_t take = std::min(points, l->remaining);
            l->remaining -= take;
            points -= take;
        }
    }

    // Takes back `points` of a credit: from pending while its lot is pending; otherwise from its
    // own lot first, then like a debit, and the balance may go below zero.
    static void reverse(Member& m, std::size_t lot_index, int64_t points) {
        Lot& own = m.lots[lot_index];
        if (own.pending) {
            own.remaining -= points;
            m.pending -= points;
            return;
        }
        const int64_t from_own = std::min(points, own.remaining);
        own.remaining -= from_own;
        take_available(m, points - from_own);
        m.available -= points;
    }

    // Reading: lots due together are released in release time order, then credit order (this
    // decides which of them pays off a debt).
    static void release(Member& m, int64_t now) {
        std::vector<Lot*> due;
        for (auto& l : m.lots)
            if (l.pending && l.release_at <= now) due.push_back(&l);
        std::sort(due.begin(), due.end(), [](const Lot* a, const Lot* b) {
            return a->release_at != b->release_at ? a->release_at < b->release_at : a->seq < b->seq;
        });
        for (Lot* l : due) {
            const int64_t points = l->remaining;
            m.pending -= points;
            l->pending = false;
            pay_debt(m, *l);
            m.available += points;
        }
    }

    static void expire(Member& m, int64_t now) {
        for (auto& l : m.lots) {
            if (l.pending || l.remaining == 0 || !l.expires_at || *l.expires_at > now) continue;
            m.available -= l.remaining;
            l.remaining = 0;
        }
    }

    void birthday(Member& m, int64_t now) {
        if (m.birthday.empty() || cfg.birthday <= 0) return;
        const LocalTime l = to_local(now);
        const int month = std::stoi(m.birthday.substr(5, 2));
        int day = std::stoi(m.birthday.substr(8, 2));
        if (month == 2 && day == 29 && !is_leap(l.year)) day = 28;  // 29 February counts as 28 February
        if (l.month != month || l.day != day) return;
        if (m.birthday_years.insert(l.year).second) credit(m, cfg.birthday, now, false);
    }

    // ---- anniversaries (docs/distributor.md) ----

    // When the count starts: joining, or the first paid order that still counts (net spend > 0).
    std::optional<int64_t> anniversary_start(std::size_t k) const {
        if (cfg.anniversaries->since_joined) return members[k].joined;
        std::optional<int64_t> first;
        for (const auto& [id, o] : orders)
            if (o.member == k && o.net_spend() > 0) first = std::min(first.value_or(o.paid_at), o.paid_at);
        return first;
    }

    // Local midnight of the same date n years on; 29 February falls on 28 February without one.
    static int64_t anniversary_day(int64_t start, int64_t n) {
        const LocalTime s = to_local(start);
        const int64_t y = s.year + n;
        return from_local(y, s.month, std::min(s.day, days_in_month(y, s.month)));
    }

    static int64_t anniversaries_reached(int64_t start, int64_t now) {
        int64_t n = to_local(now).year - to_local(start).year;
        while (n > 0 && anniversary_day(start, n) > now) --n;
        return std::max<int64_t>(n, 0);
    }

    void anniversary(std::size_t k, int64_t now) {
        if (!cfg.anniversaries) return;
        const auto start = anniversary_start(k);
        if (!start) return;
        // Reading: only the last anniversary reached is considered ("up to the day before the next").
        const int64_t n = anniversaries_reached(*start, now);
        if (n < 1 || n % cfg.anniversaries->every != 0 || members[k].anniversaries_paid.count(n)) return;
        const int64_t day = anniversary_day(*start, n);
        int64_t spend = 0;  // orders first paid in [the same date a year before, the day)
        for (const auto& [id, o] : orders)
            if (o.member == k && o.paid_at >= add_months(day, -12) && o.paid_at < day) spend += o.net_spend();
        if (spend < cfg.anniversaries->min_spend_past_year) return;
        members[k].anniversaries_paid.insert(n);
        credit(members[k], cfg.anniversaries->points, now, false);
    }

    // ---- games (docs/games.md) ----

    std::map<std::string, int64_t> won;                            // per prize, ever
    std::map<std::pair<std::string, int64_t>, int64_t> won_on;     // per prize and shop day
    std::map<int64_t, int64_t> points_on;                          // prize points per shop day

    static int64_t shop_day(int64_t t) {
        const LocalTime l = to_local(t);
        return days_from_civil(l.year, l.month, l.day);
    }

    int64_t plays_left(std::size_t k) const {
        int64_t n = 0;
        for (const auto& [id, o] : orders)
            if (o.member == k) n += o.plays_earned - o.plays_used;
        return n;
    }

    // The prizes that can still be won at t, in the game's order.
    std::vector<core::Odds> winnable(int64_t t) const {
        std::vector<core::Odds> out;
        const int64_t day = shop_day(t);
        auto count = [](const auto& map, const auto& key) {
            auto it = map.find(key);
            return it == map.end() ? int64_t{0} : it->second;
        };
        for (const auto& p : cfg.game->prizes) {
            if (p.stock && count(won, p.id) >= *p.stock) continue;
            if (p.daily && count(won_on, std::make_pair(p.id, day)) >= *p.daily) continue;
            if (p.points > 0 && count(points_on, day) + p.points > cfg.game->points_per_day) continue;
            out.push_back({p.id, p.weight});
        }
        return out;
    }

    // What a play at t must do: refuse (with the status), or use an earned play (the oldest order:
    // paid first, then by id) or buy one with points.
    struct Play {
        core::Status refusal = core::Status::ok;
        std::string order_id;  // the earned play used
        int64_t cost = 0;
        std::vector<core::Odds> odds;
    };

    Play play(std::size_t k, int64_t t) const {
        Play p;
        const Game& g = *cfg.game;
        p.odds = winnable(t);
        if (t < g.from || t >= g.to || p.odds.empty()) return {core::Status::conflict, "", 0, p.odds};
        const Order* oldest = nullptr;
        for (const auto& [id, o] : orders)
            if (o.member == k && o.plays_earned > o.plays_used &&
                (!oldest || o.paid_at < oldest->paid_at || (o.paid_at == oldest->paid_at && o.id < oldest->id)))
                oldest = &o;
        if (oldest) p.order_id = oldest->id;
        else if (g.cost == 0) p.refusal = core::Status::conflict;
        else if (members[k].available < g.cost) p.refusal = core::Status::insufficient_points;
        else p.cost = g.cost;
        return p;
    }

    // Applies a play the model allowed and the engine drew `prize_id` for.
    void apply_play(std::size_t k, const Play& p, const std::string& prize_id, int64_t t) {
        Member& m = members[k];
        if (!p.order_id.empty()) ++orders.at(p.order_id).plays_used;
        if (p.cost > 0) redeem(k, p.cost);
        const Prize& prize = *std::find_if(cfg.game->prizes.begin(), cfg.game->prizes.end(),
                                           [&](const Prize& x) { return x.id == prize_id; });
        ++won[prize.id];
        ++won_on[{prize.id, shop_day(t)}];
        points_on[shop_day(t)] += prize.points;
        if (prize.points > 0) credit(m, prize.points, t, false);  // a bonus lot of its own
    }

private:
    int64_t next_seq_ = 0;
};

// -------------------------------------------------------------------------------------------------
// One stream: the engine, the model, the clock and the generator.

std::string show_status(OrderStatus s) { return std::string(core::to_string(s)); }

struct Stream {
    Stream(TierShape shape_, uint32_t seed_)
        : shape(shape_), seed(seed_), rng(seed_), model(Config{}) {
        // Start somewhere in 2026 or 2027, at a random second.
        clock = year_start(2026) + static_cast<int64_t>(rng() % (2 * 365 * kDay));
        model = Model(make_config(shape, rng, clock));
        engine = test::memory_engine(&clock);
        engine->put_shop(to_program(model.cfg));
        // Distinct customer ids and phones, so members never merge. A 29 February and a
        // 31 December birthday exercise the leap-year rule and the year boundary.
        model.members.resize(3);
        const char* birthdays[] = {"1992-02-29", "1985-12-31", ""};
        for (std::size_t k = 0; k < 3; ++k) {
            Member& m = model.members[k];
            m.customer_id = "C-" + std::to_string(k + 1);
            m.phone = "091234560" + std::to_string(k + 1);
            m.name = "Khách " + std::to_string(k + 1);
            m.birthday = birthdays[k];
            m.group = k == 1 ? "VIP" : "";
        }
        last_maintenance = clock;
    }

    TierShape shape;
    uint32_t seed;
    std::mt19937 rng;
    int64_t clock = 0;
    Model model;
    std::unique_ptr<core::Engine> engine;
    int64_t last_maintenance = 0;
    int next_order = 1;
    int step_no = 0;
    std::vector<std::string> log;
    std::string failure;  // the first disagreement, if any
    std::string last_play_key, last_play_member;
    int plays_made = 0;

    int64_t uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }
    bool chance(int percent) { return uniform(1, 100) <= percent; }

    void note(const std::string& what) { log.push_back("#" + std::to_string(step_no) + " " + show_time(clock) + "  " + what); }
    void disagree(const std::string& what) {
        if (failure.empty()) failure = what;
    }

    core::CustomerInput customer(const Member& m) const {
        core::CustomerInput c;
        c.platform = "pos";
        c.customer_id = m.customer_id;
        c.phone = m.phone;
        c.name = m.name;
        c.birthday = m.birthday;
        c.group = m.group;
        return c;
    }

    core::OrderInput order_input(const Order& o) const {
        core::OrderInput in;
        in.order_id = o.id;
        in.status = o.status;
        in.amount = o.amount;
        in.refunded_amount = o.refunded;
        in.occurred_at = o.paid_at;  // the order's own time; its later states keep it
        in.version = o.version;
        in.customer = customer(model.members[o.member]);
        in.lines = o.lines;
        return in;
    }

    // ---- events ----

    void advance() {
        const int64_t before = clock;
        int64_t target = 0;
        std::string how;
        const int r = static_cast<int>(uniform(0, 99));
        const int64_t back = chance(50) ? 1 : 0;  // land on the instant or one second before it
        if (r < 25) {
            target = clock + 60 * uniform(1, 600), how = "minutes";
        } else if (r < 50) {
            target = clock + uniform(1, 10 * kDay), how = "days";
        } else if (r < 63) {
            target = clock + uniform(1, 100 * kDay), how = "up to 100 days";
        } else if (r < 73) {
            target = next_boundary(clock, true) - back, how = back ? "to 1s before a month" : "to a month start";
        } else if (r < 81) {
            target = next_boundary(clock, false) - back, how = back ? "to 1s before a year" : "to a year start";
        } else if (r < 91) {
            // The next moment a lot is due for release or expiry.
            std::optional<int64_t> due;
            for (const auto& m : model.members)
                for (const auto& l : m.lots) {
                    if (l.pending && l.release_at > clock) due = std::min(due.value_or(l.release_at), l.release_at);
                    if (!l.pending && l.remaining > 0 && l.expires_at && *l.expires_at > clock)
                        due = std::min(due.value_or(*l.expires_at), *l.expires_at);
                }
            if (due) target = *due - back, how = back ? "to 1s before a lot is due" : "to when a lot is due";
        } else if (r < 94 && model.cfg.anniversaries) {
            // The next anniversary day of a member who has a start, or a second before it.
            const auto k = static_cast<std::size_t>(uniform(0, 2));
            if (auto start = model.members[k].exists ? model.anniversary_start(k) : std::nullopt) {
                target = Model::anniversary_day(*start, Model::anniversaries_reached(*start, clock) + 1) - back;
                how = back ? "to 1s before an anniversary" : "to an anniversary";
            }
        } else if (r < 97) {
            const Member& m = model.members[static_cast<std::size_t>(uniform(0, 1))];  // the two with birthdays
            const int month = std::stoi(m.birthday.substr(5, 2));
            const int day = std::stoi(m.birthday.substr(8, 2));
            for (int64_t y = to_local(clock).year; y <= to_local(clock).year + 1 && target <= clock; ++y) {
                const int d = month == 2 && day == 29 && !is_leap(y) ? 28 : day;
                target = from_local(y, month, d, uniform(0, kDay - 1));
            }
            how = "to " + m.customer_id + "'s birthday";
        } else {
            target = (clock < model.cfg.campaign_from ? model.cfg.campaign_from : model.cfg.campaign_to) - back;
            how = "to a campaign edge";
        }
        if (target <= clock) target = clock + 60 * uniform(1, 600), how = "minutes";
        clock = target;
        note("advance " + how + " (+" + std::to_string(clock - before) + "s)");
    }

    void record(const Order& o) {
        try {
            auto r = engine->record_order(kShop, order_input(o));
            Member& m = model.members[o.member];
            if (m.member_id.empty()) m.member_id = r.member_id;
        } catch (const core::Error& e) {
            disagree("record_order " + o.id + " threw: " + e.what());
        }
    }

    std::vector<core::OrderLine> random_lines(int64_t amount) {
        static const std::pair<const char*, const char*> catalogue[] = {
            {"COFFEE", "drink"}, {"TEA", "drink"}, {"BEER-24", "beer"}, {"BREAD", "food"}};
        std::vector<core::OrderLine> lines;
        const auto n = uniform(0, 3);
        for (int64_t i = 0; i < n; ++i) {
            const auto& [sku, category] = catalogue[uniform(0, 3)];
            // Between 5% and 60% of the amount each: sometimes they cover less than the order
            // (an uncovered part), sometimes more (shares scaled down).
            lines.push_back({sku, uniform(1, 5), amount * uniform(5, 60) / 100, category});
        }
        return lines;
    }

    void pay() {
        Order o;
        o.id = "O-" + std::to_string(next_order++);
        o.member = static_cast<std::size_t>(uniform(0, 2));
        const int r = static_cast<int>(uniform(0, 9));
        o.amount = r == 0 ? uniform(1, 19999) : r <= 6 ? uniform(20000, 3000000) : uniform(3000000, 8000000);
        o.lines = random_lines(o.amount);
        o.version = 1;
        o.paid_at = clock;
        std::ostringstream what;
        what << "pay " << o.id << " " << model.members[o.member].customer_id << " amount=" << o.amount << " lines=[";
        for (const auto& l : o.lines) what << l.sku << "x" << l.quantity << ":" << l.amount << " ";
        what << "] tier before=" << (model.cfg.tiers ? model.level_name(model.members[o.member]) : "-");
        model.pay(o, clock);
        what << " -> model F=" << model.orders.at(o.id).full << ", tier " << model.level_name(model.members[o.member]);
        note(what.str());
        record(model.orders.at(o.id));
    }

    void change_order() {
        std::vector<std::string> open;
        for (const auto& [id, o] : model.orders)
            if (o.open()) open.push_back(id);
        if (open.empty()) return pay();
        Order& o = model.orders.at(open[static_cast<std::size_t>(uniform(0, static_cast<int64_t>(open.size()) - 1))]);
        OrderStatus status = OrderStatus::refunded;
        int64_t refunded = o.amount;
        const int r = static_cast<int>(uniform(0, 99));
        if (r < 40 && o.refunded < o.amount - 1) {
            status = OrderStatus::partially_refunded;
            refunded = uniform(o.refunded + 1, o.amount - 1);
        } else if (r >= 75 && o.status == OrderStatus::paid) {
            status = OrderStatus::cancelled;
            refunded = 0;
        }
        model.update(o.id, status, refunded, clock);
        ++o.version;
        note(o.id + " -> " + show_status(status) + " refunded=" + std::to_string(refunded) +
             " (holds " + std::to_string(o.held) + " of " + std::to_string(o.full) + ")");
        record(o);
    }

    std::optional<std::size_t> existing_member() {
        std::vector<std::size_t> ks;
        for (std::size_t k = 0; k < model.members.size(); ++k)
            if (model.members[k].exists && !model.members[k].member_id.empty()) ks.push_back(k);
        if (ks.empty()) return std::nullopt;
        return ks[static_cast<std::size_t>(uniform(0, static_cast<int64_t>(ks.size()) - 1))];
    }

    // Redemption (debit = true) or adjustment; both must refuse to overdraw, both or neither.
    void debit_or_adjust(bool redemption) {
        auto k = existing_member();
        if (!k) return pay();
        Member& m = model.members[*k];
        int64_t points = 0;
        if (redemption || chance(50)) {
            points = chance(75) && m.available > 0 ? uniform(1, m.available) : std::max<int64_t>(m.available, 0) + uniform(1, 50);
            if (!redemption) points = -points;
        } else {
            points = uniform(1, 100);
        }
        const std::string key = "k-" + std::to_string(step_no);
        const bool model_ok = redemption ? model.redeem(*k, points) : model.adjust(*k, points, clock);
        note(std::string(redemption ? "redeem " : "adjust ") + m.customer_id + " " + std::to_string(points) +
             (model_ok ? "" : " (model refuses)"));
        core::Status status = core::Status::ok;
        try {
            if (redemption)
                engine->redeem_points(kShop, {m.member_id, points, key, "gift"});
            else
                engine->adjust_points(kShop, {m.member_id, points, key, "goodwill"});
        } catch (const core::Error& e) {
            status = e.status();
        }
        if (model_ok && status != core::Status::ok)
            disagree("engine refused a debit the model allows (status " + std::to_string(int(status)) + ")");
        if (!model_ok && status != core::Status::insufficient_points)
            disagree("engine did not refuse an overdraw with insufficient_points (status " +
                     std::to_string(int(status)) + ")");
    }

    // A play of the game by a random member, now and then the same key again (which must change nothing).
    void play_game() {
        auto k = existing_member();
        if (!k) return pay();
        Member& m = model.members[*k];
        const bool again = !last_play_key.empty() && chance(15);
        const std::string key = again ? last_play_key : "play-" + std::to_string(++plays_made);
        if (again) {
            note("play " + m.customer_id + " again with key " + key);
            const Snapshot before = snapshot();
            try {
                auto r = engine->play_game(kShop, {last_play_member, "wheel", key});
                if (!r.replayed) disagree("a play's key used again drew again");
            } catch (const core::Error& e) {
                disagree(std::string("a play's key used again threw: ") + e.what());
            }
            if (!(snapshot() == before)) disagree("a play's key used again changed something");
            return;
        }
        const Model::Play expected = model.play(*k, clock);
        std::ostringstream what;
        what << "play " << m.customer_id << " plays_left=" << model.plays_left(*k) << " available=" << m.available
             << " -> model " << (expected.refusal != core::Status::ok ? "refuses"
                                 : expected.cost > 0        ? "costs " + std::to_string(expected.cost)
                                                            : "uses " + expected.order_id);
        core::PlayResult r;
        core::Status status = core::Status::ok;
        try {
            r = engine->play_game(kShop, {m.member_id, "wheel", key});
        } catch (const core::Error& e) {
            status = e.status();
        }
        if (status == core::Status::ok)
            what << ", drew " << r.play.prize_id << " (engine: order " << r.play.order_id << ", plays left "
                 << r.plays_left << ")";
        note(what.str());
        if (status != expected.refusal) {
            disagree("play: engine status " + std::to_string(int(status)) + ", model " +
                     std::to_string(int(expected.refusal)));
            return;
        }
        if (status != core::Status::ok) return;
        if (r.replayed) return disagree("a new key's play came back as a replay");
        last_play_key = key;
        last_play_member = m.member_id;
        auto show_odds = [](const std::vector<core::Odds>& odds) {
            std::string out;
            for (const auto& o : odds) out += o.prize_id + "=" + std::to_string(o.weight) + " ";
            return out;
        };
        if (show_odds(r.play.odds) != show_odds(expected.odds))
            disagree("play odds: engine [" + show_odds(r.play.odds) + "], model [" + show_odds(expected.odds) + "]");
        if (r.play.order_id != expected.order_id)
            disagree("play used order \"" + r.play.order_id + "\", model \"" + expected.order_id + "\"");
        if (r.play.points_spent != expected.cost)
            disagree("play cost " + std::to_string(r.play.points_spent) + ", model " + std::to_string(expected.cost));
        const bool offered = std::any_of(expected.odds.begin(), expected.odds.end(),
                                         [&](const core::Odds& o) { return o.prize_id == r.play.prize_id; });
        if (!offered) return disagree("play drew \"" + r.play.prize_id + "\", which cannot be won");
        model.apply_play(*k, expected, r.play.prize_id, clock);
    }

    void customer_record() {
        const auto k = static_cast<std::size_t>(uniform(0, 2));
        Member& m = model.members[k];
        if (m.exists) return pay();
        model.create(k, clock);
        note("customer record " + m.customer_id);
        try {
            m.member_id = engine->upsert_customer(kShop, customer(m)).member_id;
        } catch (const core::Error& e) {
            disagree(std::string("upsert_customer threw: ") + e.what());
        }
    }

    struct Snapshot {
        int64_t entries;
        std::vector<std::string> members;
        bool operator==(const Snapshot&) const = default;
    };

    Snapshot snapshot() {
        Snapshot s{engine->stats().entries, {}};
        for (const auto& m : model.members) {
            if (m.member_id.empty()) continue;
            auto d = engine->member_details(kShop, {.member_id = m.member_id});
            std::ostringstream out;
            const auto& b = d.member.balances;
            out << b.available << "/" << b.pending << "/" << b.lifetime_earned << "/" << b.lifetime_spend << " "
                << (d.tier ? d.tier->name : "-");
            for (const auto& e : d.expiring) out << " " << e.points << "@" << e.at;
            s.members.push_back(out.str());
        }
        return s;
    }

    void maintain() {
        model.maintain(clock);
        const bool twice = chance(30);
        note(twice ? "maintenance, twice" : "maintenance");
        last_maintenance = clock;
        try {
            auto report = engine->run_maintenance(clock);
            if (!report.mismatches.empty()) disagree("maintenance found cached balances that differ from the ledger");
            if (twice) {
                const Snapshot first = snapshot();
                engine->run_maintenance(clock);
                if (!(snapshot() == first)) disagree("a second maintenance at the same time changed something");
            }
        } catch (const core::Error& e) {
            disagree(std::string("run_maintenance threw: ") + e.what());
        }
    }

    void step() {
        ++step_no;
        // Keep the missed review boundaries well under the document's cap of 36 per run.
        if (clock - last_maintenance > 600 * kDay) return maintain();
        if (model.cfg.game && chance(12)) {
            // A burst of plays at one instant reaches the daily limits and the budget.
            for (int64_t n = uniform(1, 5); n > 0 && failure.empty(); --n) play_game();
            return;
        }
        const int r = static_cast<int>(uniform(0, 99));
        if (r < 30) return advance();
        if (r < 52) return pay();
        if (r < 64) return change_order();
        if (r < 76) return debit_or_adjust(true);
        if (r < 81) return debit_or_adjust(false);
        if (r < 98) return maintain();
        return customer_record();
    }

    // ---- comparison ----

    template <typename T>
    static void diff(std::ostringstream& out, const std::string& what, const T& engine_value, const T& model_value) {
        if (!(engine_value == model_value)) out << "  " << what << ": engine " << engine_value << ", model " << model_value << "\n";
    }

    static std::string show(const std::vector<std::pair<int64_t, int64_t>>& expiring) {
        std::string s = "[";
        for (const auto& [at, points] : expiring) s += std::to_string(points) + "@" + show_time(at) + " ";
        return s + "]";
    }

    void compare() {
        std::ostringstream out;
        for (const auto& m : model.members) {
            if (!m.exists) continue;
            const std::string who = m.customer_id;
            core::MemberDetails d;
            try {
                d = engine->member_details(kShop, {.member_id = m.member_id});
            } catch (const core::Error& e) {
                out << "  " << who << ": member_details threw " << e.what() << "\n";
                continue;
            }
            const auto& b = d.member.balances;
            diff(out, who + " available", b.available, m.available);
            diff(out, who + " pending", b.pending, m.pending);
            diff(out, who + " lifetime_earned", b.lifetime_earned, m.earned);
            diff(out, who + " lifetime_spend", b.lifetime_spend, m.spend);
            if (model.cfg.tiers) {
                const auto& levels = model.cfg.tiers->levels;
                diff(out, who + " tier", d.tier ? d.tier->name : std::string("(none)"), levels[m.level].name);
                const std::string next = m.level + 1 < levels.size() ? levels[m.level + 1].name : "(none)";
                diff(out, who + " next tier", d.tier && d.tier->next ? *d.tier->next : std::string("(none)"), next);
            } else if (d.tier) {
                out << "  " << who << ": engine shows a tier without tiers\n";
            }
            std::vector<std::pair<int64_t, int64_t>> engine_expiring;
            for (const auto& e : d.expiring) engine_expiring.emplace_back(e.at, e.points);
            diff(out, who + " expiring", show(engine_expiring), show(model.expiring(m)));

            // Lots never go below zero; available lots hold max(0, available), pending lots pending.
            std::vector<core::Lot> lots;
            engine->store().read([&](core::Transaction& tx) { lots = tx.open_lots(kShop, m.member_id); });
            int64_t in_available = 0, in_pending = 0;
            for (const auto& l : lots) {
                if (l.remaining < 0) out << "  " << who << ": lot " << l.lot_id << " below zero\n";
                (l.pending() ? in_pending : in_available) += l.remaining;
            }
            diff(out, who + " available lots", in_available, std::max<int64_t>(0, b.available));
            diff(out, who + " pending lots", in_pending, b.pending);
            if (model.cfg.game) {
                try {
                    diff(out, who + " plays left", engine->game_status(kShop, "wheel", m.member_id).plays_left,
                         model.plays_left(static_cast<std::size_t>(&m - model.members.data())));
                } catch (const core::Error& e) {
                    out << "  " << who << ": game_status threw " << e.what() << "\n";
                }
            }
        }
        std::vector<core::BalanceMismatch> mismatches;
        engine->store().read([&](core::Transaction& tx) { mismatches = tx.balance_mismatches(); });
        if (!mismatches.empty()) out << "  cached balances differ from the ledger\n";
        if (!out.str().empty()) disagree("after the last event:\n" + out.str());
    }

    std::string report() const {
        std::ostringstream out;
        out << "seed " << seed << ", " << describe(shape, model.cfg) << "\n";
        for (const auto& l : log) out << l << "\n";
        out << failure;
        return out.str();
    }
};

std::optional<uint32_t> env_number(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
}

}  // namespace

TEST_CASE("program model: random event streams agree with a reference model of docs/program.md") {
    const auto shape = GENERATE(TierShape::calendar_year_spend, TierShape::rolling_spend_monthly,
                                TierShape::lifetime_points, TierShape::none);
    // Seeds are distinct per shape, so a printed seed names one stream.
    const uint32_t first_seed = 1000 * (static_cast<uint32_t>(shape) + 1);
    // The streams test the program's rules, which are the same on both backends; PostgreSQL runs a
    // tenth of them (each step is a few round trips there), enough to exercise every statement.
    const uint32_t asked = env_number("LOYALTY_MODEL_STREAMS").value_or(50);
    const uint32_t streams = test::on_postgres() ? std::max<uint32_t>(1, asked / 10) : asked;
    const auto only = env_number("LOYALTY_MODEL_SEED");
    constexpr int steps = 60;

    int failed = 0;
    for (uint32_t seed = first_seed; seed < first_seed + streams; ++seed) {
        if (only && *only != seed) continue;
        Stream s(shape, seed);
        for (int i = 0; i < steps && s.failure.empty(); ++i) {
            s.step();
            if (s.failure.empty()) s.compare();
        }
        if (!s.failure.empty()) {
            ++failed;
            if (failed <= 3) FAIL_CHECK(s.report());  // the first few in full; the count below says the rest
        }
    }
    INFO("streams that disagreed with the model, of " << streams);
    CHECK(failed == 0);
}
