// Anniversaries (docs/distributor.md, "Anniversaries"). Each award leaves a marker named after the
// program and the anniversary, written in the transaction that pays it: that, not the date
// maintenance runs on, keeps it to once, however often or late maintenance runs.
#include "distributor/anniversaries.hpp"

#include <algorithm>

#include "member_resolution.hpp"
#include "points_book.hpp"
#include "program/calendar.hpp"
#include "program/eligibility.hpp"
#include "rewards/grant_issue.hpp"
#include "util/zone.hpp"
#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

std::optional<int64_t> start_of(const AnniversaryProgram& a, const MemberStart& m) {
    if (a.since == AnniversaryStart::joined) return m.joined_at;
    return m.first_paid_at;
}

// Net spend of orders first paid in the 12 months before `day`, as the orders stand now.
int64_t past_year_spend(Transaction& tx, const ShopProgram& p, const std::string& member_id, int64_t day) {
    int64_t spend = 0;
    for (const MemberSpend& s : tx.period_spend(p.shop_id, member_id, add_months(day, -12, *p.zone), day))
        spend += s.spend;
    return spend;
}

std::string award_id(const AnniversaryProgram& a, int64_t number) {
    return a.program_id + ":anniversary-" + std::to_string(number);
}

}  // namespace

int64_t anniversary_day(int64_t start, int64_t n, const Zone& zone) {
    CivilDate d = local_date(start, zone);
    const int year = d.year + static_cast<int>(n);
    const unsigned day = std::min(d.day, days_in_month(year, d.month));
    return zone.to_utc(days_from_civil({year, d.month, day}) * seconds_per_day);
}

int64_t anniversaries_reached(int64_t start, int64_t t, const Zone& zone) {
    int64_t n = int64_t{local_date(t, zone).year} - local_date(start, zone).year;
    if (n > 0 && anniversary_day(start, n, zone) > t) --n;
    return std::max<int64_t>(0, n);
}

bool has_years(const MemberStart& m, int64_t min_years, int64_t until, const Zone& zone) {
    return m.first_paid_at && anniversary_day(*m.first_paid_at, min_years, zone) < until;
}

std::string anniversary_marker(const AnniversaryProgram& a, int64_t number) {
    return "anniversary:" + a.program_id + ":" + std::to_string(number);
}

std::optional<AnniversaryDue> anniversary_due(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a,
                                              const MemberStart& m, int64_t now,
                                              const std::vector<MemberMarker>& granted) {
    auto start = start_of(a, m);
    if (!start || !in_groups(a.groups, m.group)) return std::nullopt;
    // Only the last anniversary reached: one missed is caught up until the next one is reached,
    // and a program added today does not pay out every member's past years.
    const int64_t n = anniversaries_reached(*start, now, *p.zone);
    if (!a.listed(n)) return std::nullopt;
    const std::string marker = anniversary_marker(a, n);
    for (const auto& g : granted)
        if (g.member_id == m.member_id && g.marker == marker) return std::nullopt;
    AnniversaryDue due{m.member_id, n, anniversary_day(*start, n, *p.zone), 0};
    if (a.min_spend_past_year > 0) {
        due.spend = past_year_spend(tx, p, m.member_id, due.day);
        if (due.spend < a.min_spend_past_year) return std::nullopt;
    }
    return due;
}

bool grant_anniversary(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a, const AnniversaryDue& d,
                       int64_t now) {
    if (!tx.add_marker(p.shop_id, d.member_id, anniversary_marker(a, d.number), now)) return false;
    Member m = require_member(tx, p.shop_id, d.member_id);
    Book book{tx, p, m, now};
    const std::string id = award_id(a, d.number);
    if (a.award.points > 0) {
        std::string detail = "anniversary=" + std::to_string(d.number) + " spend=" + std::to_string(d.spend);
        EntryNote note{EntryKind::bonus, "anniversary " + id, "program", id, detail, now, false};
        change_source(book, {"program", id, now, std::nullopt}, a.award.points, note);
    }
    const Reward* reward = a.award.reward_id.empty() ? nullptr : p.reward(a.award.reward_id);
    if (reward) issue_grant(book, *reward, {"program:" + id, 1, 0, "", 0, ""});
    return true;
}

std::vector<Standing> anniversary_standings(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a,
                                            const Period& period, const std::string& member_id) {
    const int year = local_date(period.from, *p.zone).year;
    std::vector<Standing> out;
    for (const MemberStart& m : tx.member_starts(p.shop_id, member_id)) {
        auto start = start_of(a, m);
        if (!start || !in_groups(a.groups, m.group)) continue;
        const int64_t n = int64_t{year} - local_date(*start, *p.zone).year;
        if (!a.listed(n)) continue;
        Standing s;
        s.member_id = m.member_id;
        s.name = m.name;
        s.times = n;
        s.reached_at = anniversary_day(*start, n, *p.zone);
        s.spend = past_year_spend(tx, p, m.member_id, s.reached_at);
        if (s.spend >= a.min_spend_past_year) s.points = a.award.points;
        else s.next_threshold = a.min_spend_past_year;
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const Standing& x, const Standing& y) {
        return x.reached_at != y.reached_at ? x.reached_at < y.reached_at : x.member_id < y.member_id;
    });
    return out;
}

}  // namespace loyalty::core
