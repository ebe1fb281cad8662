#include "program/bonuses.hpp"

#include <cstdio>

#include "program/calendar.hpp"
#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

std::string two_digits(unsigned v) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02u", v % 100);
    return buf;
}

constexpr const char* first_order_marker = "first_order";

}  // namespace

void pay_welcome(Book& b) {
    int64_t points = b.program.bonuses.welcome;
    if (points <= 0 || !b.tx.add_marker(b.shop(), b.member.member_id, "welcome", b.now)) return;
    EntryNote note{EntryKind::bonus, "welcome bonus", "member", b.member.member_id, "", b.now, false};
    change_source(b, {"bonus", "welcome", b.now, std::nullopt}, points, note);
}

std::vector<std::string> birthdays_on(int64_t t, const Zone& zone) {
    CivilDate d = local_date(t, zone);
    std::vector<std::string> out{two_digits(d.month) + "-" + two_digits(d.day)};
    if (d.month == 2 && d.day == 28 && !is_leap_year(d.year)) out.push_back("02-29");
    return out;
}

void pay_birthday(Book& b) {
    int64_t points = b.program.bonuses.birthday;
    if (points <= 0 || b.member.birthday.size() != 10) return;
    bool today = false;
    for (const auto& md : birthdays_on(b.now, *b.program.zone)) today = today || b.member.birthday.substr(5) == md;
    if (!today) return;
    std::string year = std::to_string(local_date(b.now, *b.program.zone).year);
    if (!b.tx.add_marker(b.shop(), b.member.member_id, "birthday:" + year, b.now)) return;
    EntryNote note{EntryKind::bonus, "birthday bonus " + year, "member", b.member.member_id, "", b.now, false};
    change_source(b, {"bonus", "birthday:" + year, b.now, std::nullopt}, points, note);
}

int64_t grant_first_order(Book& b, const std::string& order_id, const LotSource& source) {
    int64_t points = b.program.bonuses.first_order;
    if (points <= 0 || !b.tx.add_marker(b.shop(), b.member.member_id, first_order_marker, b.now)) return 0;
    EntryNote note{EntryKind::bonus, "first order bonus", "order", order_id, "", source.earned_at, false};
    change_source(b, source, points, note);
    return points;
}

void take_back_first_order(Book& b, const std::string& order_id, int64_t bonus) {
    if (bonus <= 0) return;
    EntryNote note{EntryKind::bonus, "first order bonus taken back: order not kept", "order", order_id, "", b.now,
                   false};
    change_source(b, {"order_bonus", order_id, b.now, std::nullopt}, -bonus, note);
    // The next order that is kept earns it instead.
    b.tx.remove_marker(b.shop(), b.member.member_id, first_order_marker);
}

void mark_first_order_past(Book& b) { b.tx.add_marker(b.shop(), b.member.member_id, first_order_marker, b.now); }

}  // namespace loyalty::core
