#include "program/periods.hpp"

#include <charconv>
#include <string>

#include "program/calendar.hpp"

namespace loyalty::core {
namespace {

unsigned months_in(PeriodKind k) {
    switch (k) {
        case PeriodKind::month: return 1;
        case PeriodKind::quarter: return 3;
        case PeriodKind::year: return 12;
        case PeriodKind::order: break;
    }
    return 0;
}

std::string key_of(PeriodKind kind, int year, unsigned first_month) {
    std::string key = std::to_string(year);
    if (kind == PeriodKind::quarter) key += "-Q" + std::to_string((first_month - 1) / 3 + 1);
    if (kind == PeriodKind::month) key += (first_month < 10 ? "-0" : "-") + std::to_string(first_month);
    return key;
}

// The period of `kind` that starts with month `first_month` of `year`.
Period make_period(PeriodKind kind, int year, unsigned first_month, const Zone& zone) {
    Period p;
    p.kind = kind;
    p.key = key_of(kind, year, first_month);
    p.from = start_of_month(year, first_month, zone);
    unsigned next = first_month + months_in(kind);
    p.to = next > 12 ? start_of_month(year + 1, next - 12, zone) : start_of_month(year, next, zone);
    return p;
}

std::optional<int> number(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

std::string_view to_string(PeriodKind k) {
    switch (k) {
        case PeriodKind::order: return "order";
        case PeriodKind::month: return "month";
        case PeriodKind::quarter: return "quarter";
        case PeriodKind::year: return "year";
    }
    return "?";
}

std::optional<PeriodKind> period_kind_from(std::string_view s) {
    for (PeriodKind k : {PeriodKind::order, PeriodKind::month, PeriodKind::quarter, PeriodKind::year})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

Period period_at(PeriodKind kind, int64_t t, const Zone& zone) {
    CivilDate d = local_date(t, zone);
    unsigned span = months_in(kind);
    unsigned first = (d.month - 1) / span * span + 1;
    return make_period(kind, d.year, first, zone);
}

Period period_before(const Period& p, const Zone& zone) { return period_at(p.kind, p.from - 1, zone); }

std::optional<Period> parse_period(std::string_view key, const Zone& zone) {
    if (key.size() < 4) return std::nullopt;
    auto year = number(key.substr(0, 4));
    if (!year || *year < 1900 || *year > 9999) return std::nullopt;
    if (key.size() == 4) return make_period(PeriodKind::year, *year, 1, zone);
    if (key.size() == 7 && key[4] == '-' && key[5] == 'Q') {
        auto q = number(key.substr(6));
        if (!q || *q < 1 || *q > 4) return std::nullopt;
        return make_period(PeriodKind::quarter, *year, static_cast<unsigned>(*q - 1) * 3 + 1, zone);
    }
    if (key.size() == 7 && key[4] == '-') {
        auto m = number(key.substr(5));
        if (!m || *m < 1 || *m > 12) return std::nullopt;
        return make_period(PeriodKind::month, *year, static_cast<unsigned>(*m), zone);
    }
    return std::nullopt;
}

}  // namespace loyalty::core
