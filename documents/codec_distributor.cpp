// Distributor programs in the shop JSON (docs/distributor.md): volume bonuses, targets, rankings,
// anniversaries, appreciation lists and when maintenance settles them; the settle and leaderboard
// requests, and standings in results.
#include <algorithm>
#include <set>

#include "codec.hpp"
#include "program/periods.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

core::PeriodKind period_kind(const json::object& o, const std::string& path, bool per_order,
                             std::optional<core::PeriodKind> fallback) {
    auto text = get_string(o, "period", path);
    if (!text) {
        if (!fallback) bad(path + ".period is required");
        return *fallback;
    }
    auto kind = core::period_kind_from(*text);
    // A target or ranking compares members over time; one order is not a period to rank in.
    if (kind && (per_order || *kind != core::PeriodKind::order)) return *kind;
    bad(path + ".period \"" + *text + "\" is not one of " + (per_order ? "order, " : "") + "month, quarter, year");
}

core::Award decode_award(const json::object& o, const std::string& path, const core::ShopProgram& p) {
    core::Award a;
    a.points = ranged(o, "points", path, 0, limits::points, 0);
    if (auto reward = get_string(o, "reward_id", path)) {
        if (!p.reward(*reward)) bad(path + ".reward_id \"" + *reward + "\" is not in shop.rewards");
        a.reward_id = *reward;
    }
    if (a.points == 0 && a.reward_id.empty()) bad(path + " needs points > 0 or a reward_id");
    return a;
}

bool flag(const json::object& o, std::string_view key, std::string_view path) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return false;
    if (!it->value().is_bool()) bad(field_path(path, key) + " must be true or false");
    return it->value().get_bool();
}

core::VolumeProgram decode_volume(const json::object& v, const std::string& path, const core::ShopProgram& p) {
    reject_unknown(v, {"program_id", "period", "skus", "categories", "groups", "units", "repeat", "points",
                       "reward_id"},
                   path);
    core::VolumeProgram out;
    out.program_id = require_string(v, "program_id", path);
    out.period = period_kind(v, path, true, std::nullopt);
    out.skus = string_list(v, "skus", path);
    out.categories = string_list(v, "categories", path);
    if (out.skus.empty() && out.categories.empty()) bad(path + " needs skus or categories");
    out.groups = string_list(v, "groups", path);
    out.units = required_ranged(v, "units", path, 1, limits::count);
    out.repeat = flag(v, "repeat", path);
    out.award = decode_award(v, path, p);
    return out;
}

core::TargetProgram decode_target(const json::object& t, const std::string& path) {
    reject_unknown(t, {"program_id", "period", "groups", "bands"}, path);
    core::TargetProgram out;
    out.program_id = require_string(t, "program_id", path);
    out.period = period_kind(t, path, false, std::nullopt);
    out.groups = string_list(t, "groups", path);
    const json::array* bands = get_array(t, "bands", path);
    if (!bands || bands->empty()) bad(path + ".bands needs at least one band");
    auto items = object_list(*bands, path + ".bands");
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string bp = element_path(path + ".bands", i);
        reject_unknown(*items[i], {"spend", "points", "rebate_pct"}, bp);
        core::TargetBand band;
        band.spend = required_ranged(*items[i], "spend", bp, 1, limits::vnd);
        band.points = ranged(*items[i], "points", bp, 0, limits::points, 0);
        band.rebate_pct = ranged(*items[i], "rebate_pct", bp, 0, 100, 0);
        if (!out.bands.empty() && band.spend <= out.bands.back().spend)
            bad(bp + ".spend must be above the previous band's");
        if (band.points == 0 && band.rebate_pct == 0) bad(bp + " needs points > 0 or rebate_pct > 0");
        out.bands.push_back(band);
    }
    return out;
}

core::RankingProgram decode_ranking(const json::object& r, const std::string& path, const core::ShopProgram& p) {
    reject_unknown(r, {"program_id", "period", "groups", "prizes"}, path);
    core::RankingProgram out;
    out.program_id = require_string(r, "program_id", path);
    out.period = period_kind(r, path, false, core::PeriodKind::year);
    out.groups = string_list(r, "groups", path);
    const json::array* prizes = get_array(r, "prizes", path);
    if (!prizes || prizes->empty()) bad(path + ".prizes needs at least one prize");
    auto items = object_list(*prizes, path + ".prizes");
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string pp = element_path(path + ".prizes", i);
        reject_unknown(*items[i], {"up_to", "points", "reward_id"}, pp);
        core::RankPrize prize;
        prize.up_to = required_ranged(*items[i], "up_to", pp, 1, limits::count);
        if (!out.prizes.empty() && prize.up_to <= out.prizes.back().up_to)
            bad(pp + ".up_to must be above the previous prize's");
        prize.award = decode_award(*items[i], pp, p);
        out.prizes.push_back(std::move(prize));
    }
    return out;
}

constexpr int64_t max_years = 100;

// "years": distinct anniversaries in ascending order, each 1 to 100.
std::vector<int64_t> year_list(const json::array& list, const std::string& path) {
    if (list.empty()) bad(path + " needs at least one anniversary");
    std::vector<int64_t> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json::value& v = list[i];
        std::string at = element_path(path, i);
        if (!v.is_int64() && !v.is_uint64()) bad(at + " must be a whole number of years");
        int64_t y = v.is_int64() ? v.get_int64() : max_years + 1;
        if (y < 1 || y > max_years) bad(at + " must be between 1 and " + std::to_string(max_years));
        if (!out.empty() && y <= out.back()) bad(at + " must be above the previous anniversary");
        out.push_back(y);
    }
    return out;
}

core::AnniversaryProgram decode_anniversary(const json::object& a, const std::string& path,
                                            const core::ShopProgram& p) {
    reject_unknown(a, {"program_id", "years", "every_years", "since", "min_spend_past_year", "groups", "points",
                       "reward_id"},
                   path);
    core::AnniversaryProgram out;
    out.program_id = require_string(a, "program_id", path);
    const json::array* years = get_array(a, "years", path);
    out.every_years = ranged(a, "every_years", path, 1, max_years, 0);
    if ((years != nullptr) == (out.every_years > 0)) bad(path + " needs exactly one of years and every_years");
    if (years) out.years = year_list(*years, path + ".years");
    auto since = get_string(a, "since", path).value_or("first_order");
    if (since == "joined") out.since = core::AnniversaryStart::joined;
    else if (since != "first_order") bad(path + ".since \"" + since + "\" is not one of first_order, joined");
    out.min_spend_past_year = ranged(a, "min_spend_past_year", path, 0, limits::vnd, 0);
    out.groups = string_list(a, "groups", path);
    out.award = decode_award(a, path, p);
    return out;
}

core::AppreciationProgram decode_appreciation(const json::object& a, const std::string& path,
                                              const core::ShopProgram& p) {
    reject_unknown(a, {"program_id", "min_years", "min_spend", "groups", "points", "reward_id"}, path);
    core::AppreciationProgram out;
    out.program_id = require_string(a, "program_id", path);
    out.min_years = required_ranged(a, "min_years", path, 1, max_years);
    out.min_spend = required_ranged(a, "min_spend", path, 1, limits::vnd);
    out.groups = string_list(a, "groups", path);
    out.award = decode_award(a, path, p);
    return out;
}

// Calls `decode` on each object of the section, refusing a program_id any section used before.
template <class F>
void each_program(const json::object& shop, const char* key, std::set<std::string>& ids, F decode) {
    const json::array* list = get_array(shop, key, "shop");
    if (!list) return;
    std::string section = std::string("shop.") + key;
    auto items = object_list(*list, section);
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string path = element_path(section, i);
        std::string id = decode(*items[i], path);
        if (!ids.insert(id).second) bad(path + ".program_id \"" + id + "\" is used twice");
    }
}

std::optional<int64_t> instant(const json::object& o, const core::Zone& zone) {
    auto text = get_string(o, "at", "request");
    if (!text) return std::nullopt;
    auto t = core::parse_timestamp(*text, zone);
    if (!t) bad("request.at \"" + *text + "\" is not a timestamp (e.g. 2027-01-01T00:00:00+07:00)");
    return t;
}

json::array encode_standings(const core::ProgramSettlement& s, const core::Zone& zone) {
    json::array out;
    for (const auto& st : s.standings) out.push_back(encode_standing(st, s.kind, zone));
    return out;
}

}  // namespace

void decode_distributor(const json::object& shop, core::ShopProgram& p) {
    std::set<std::string> ids;
    auto& d = p.distributor;
    each_program(shop, "volume_bonuses", ids, [&](const json::object& o, const std::string& path) {
        d.volume.push_back(decode_volume(o, path, p));
        return d.volume.back().program_id;
    });
    each_program(shop, "targets", ids, [&](const json::object& o, const std::string& path) {
        d.targets.push_back(decode_target(o, path));
        return d.targets.back().program_id;
    });
    each_program(shop, "rankings", ids, [&](const json::object& o, const std::string& path) {
        d.rankings.push_back(decode_ranking(o, path, p));
        return d.rankings.back().program_id;
    });
    each_program(shop, "anniversaries", ids, [&](const json::object& o, const std::string& path) {
        d.anniversaries.push_back(decode_anniversary(o, path, p));
        return d.anniversaries.back().program_id;
    });
    each_program(shop, "appreciations", ids, [&](const json::object& o, const std::string& path) {
        d.appreciations.push_back(decode_appreciation(o, path, p));
        return d.appreciations.back().program_id;
    });
    d.settle_after_days = ranged(shop, "settle_after_days", "shop", 0, 366, -1);
}

core::SettleRequest decode_settle_request(const json::object& r, const core::Zone& zone) {
    reject_unknown(r, {"period", "program_id", "at"}, "request");
    core::SettleRequest out;
    out.period = require_string(r, "period", "request");
    // The engine reads the key again; parsing it here refuses a bad one before anything is looked up.
    if (!core::parse_period(out.period, zone))
        bad("request.period \"" + out.period + "\" is not a year, quarter or month (e.g. 2026, 2026-Q4, 2026-11)");
    out.program_id = get_string(r, "program_id", "request").value_or("");
    out.at = instant(r, zone);
    return out;
}

core::LeaderboardRequest decode_leaderboard_request(const json::object& r, const core::Zone& zone) {
    reject_unknown(r, {"program_id", "at", "limit"}, "request");
    core::LeaderboardRequest out;
    out.program_id = require_string(r, "program_id", "request");
    out.at = instant(r, zone);
    out.limit = static_cast<int>(ranged(r, "limit", "request", 1, 1000, 100));
    return out;
}

json::object encode_period(const core::Period& p, const core::Zone& zone) {
    return json::object{{"key", p.key},
                        {"from", core::format_timestamp(p.from, zone)},
                        {"to", core::format_timestamp(p.to, zone)}};
}

json::object encode_standing(const core::Standing& s, const std::string& kind, const core::Zone& zone) {
    bool volume = kind == "volume";
    json::value rank = nullptr;
    if (s.rank > 0) rank = s.rank;
    json::value units = nullptr;
    if (volume) units = s.units;
    json::value band = nullptr;
    if (s.band >= 0) band = s.band;
    json::value grant = nullptr;
    if (s.grant_id > 0) grant = s.grant_id;
    json::value next = nullptr;
    if (s.next_threshold) {
        // Clamped at zero so a threshold and a value within the program's caps never overflow.
        int64_t value = std::max<int64_t>(0, volume ? s.units : s.spend);
        int64_t remaining = std::max<int64_t>(0, *s.next_threshold - value);
        next = json::object{{"threshold", *s.next_threshold}, {"remaining", remaining}};
    }
    return json::object{
        {"member_id", s.member_id},
        {"name", s.name},
        {"rank", rank},
        {"spend", s.spend},
        {"units", units},
        {"band", band},
        {"times", s.times},
        {"points", s.points},
        {"grant_id", grant},
        {"rebate", s.rebate},
        {"reached_at", time_or_null(s.reached_at, zone)},
        {"next", next},
    };
}

json::object encode_settlement(const core::ProgramSettlement& s, const core::Zone& zone) {
    return json::object{
        {"program_id", s.program_id},
        {"kind", s.kind},
        {"period", encode_period(s.period, zone)},
        {"settled_at", time_or_null(s.settled_at, zone)},
        {"already_settled", s.already_settled},
        {"standings", encode_standings(s, zone)},
    };
}

json::object encode_settlement_report(const std::string& period, const core::SettlementReport& r,
                                      const core::Zone& zone) {
    json::array programs;
    for (const auto& s : r.programs) programs.push_back(encode_settlement(s, zone));
    // The request was checked before settling, so the period parses.
    auto parsed = core::parse_period(period, zone);
    json::value shown = parsed ? json::value(encode_period(*parsed, zone)) : json::value(period);
    return json::object{{"period", std::move(shown)}, {"programs", std::move(programs)}};
}

json::object encode_leaderboard(const core::ProgramSettlement& s, const core::Zone& zone) {
    return json::object{
        {"program_id", s.program_id},
        {"kind", s.kind},
        {"period", encode_period(s.period, zone)},
        {"settled_at", time_or_null(s.settled_at, zone)},
        {"standings", encode_standings(s, zone)},
    };
}

}  // namespace loyalty::documents
