#include "util/timestamp.hpp"

#include "util/zone.hpp"

namespace loyalty::core {
namespace {


class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}
    bool done() const { return pos_ == text_.size(); }
    char peek() const { return done() ? '\0' : text_[pos_]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    // Exactly `width` digits.
    std::optional<int> digits(std::size_t width) {
        if (text_.size() - pos_ < width) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < width; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos_ += width;
        return value;
    }
    bool is_digit() const { return peek() >= '0' && peek() <= '9'; }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// +HH, +HHMM, +HH:MM or +HH:MM:SS, after the sign. Returns seconds.
std::optional<int64_t> parse_offset_body(Cursor& in) {
    auto hours = in.digits(2);
    if (!hours || *hours > 23) return std::nullopt;
    int minutes = 0, seconds = 0;
    if (in.eat(':')) {
        auto m = in.digits(2);
        if (!m) return std::nullopt;
        minutes = *m;
        if (in.eat(':')) {
            auto s = in.digits(2);
            if (!s || *s > 59) return std::nullopt;
            seconds = *s;
        }
    } else if (in.is_digit()) {
        auto m = in.digits(2);
        if (!m) return std::nullopt;
        minutes = *m;
    }
    if (minutes > 59) return std::nullopt;
    return int64_t{*hours} * 3600 + minutes * 60 + seconds;
}

void append_padded(std::string& out, int64_t value, int width) {
    std::string digits;
    const bool negative = value < 0;
    // Built from the magnitude digit by digit so INT64_MIN-sized years cannot overflow a negation.
    do {
        const int64_t digit = value % 10;
        digits += static_cast<char>('0' + (negative ? -digit : digit));
        value /= 10;
    } while (value != 0);
    while (static_cast<int>(digits.size()) < width) digits += '0';
    if (negative) digits += '-';
    out.append(digits.rbegin(), digits.rend());
}

}  // namespace

int64_t days_from_civil(CivilDate date) {
    const int64_t y = int64_t{date.year} - (date.month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);  // [0, 399]
    const unsigned doy = (153 * (date.month > 2 ? date.month - 3 : date.month + 9) + 2) / 5 +
                         date.day - 1;                           // [0, 365]
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate civil_from_days(int64_t days) {
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
    return {static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(int year, unsigned month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::optional<int64_t> parse_timestamp(std::string_view text, const Zone& zone_for_local) {
    Cursor in(text);
    const auto year = in.digits(4);
    if (!year || !in.eat('-')) return std::nullopt;
    const auto month = in.digits(2);
    if (!month || !in.eat('-')) return std::nullopt;
    const auto day = in.digits(2);
    if (!day) return std::nullopt;
    if (*year < 1900 || *month < 1 || *month > 12 || *day < 1 ||
        static_cast<unsigned>(*day) > days_in_month(*year, static_cast<unsigned>(*month))) {
        return std::nullopt;
    }
    const int64_t days =
        days_from_civil({*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)});
    if (in.done()) return zone_for_local.to_utc(days * seconds_per_day);

    if (!in.eat('T') && !in.eat('t') && !in.eat(' ')) return std::nullopt;
    const auto hour = in.digits(2);
    if (!hour || *hour > 23 || !in.eat(':')) return std::nullopt;
    const auto minute = in.digits(2);
    if (!minute || *minute > 59 || !in.eat(':')) return std::nullopt;
    const auto second = in.digits(2);
    if (!second || *second > 59) return std::nullopt;
    if (in.eat('.')) {
        if (!in.is_digit()) return std::nullopt;
        while (in.is_digit()) in.eat(in.peek());
    }
    const int64_t wall = days * seconds_per_day + int64_t{*hour} * 3600 + *minute * 60 + *second;

    if (in.done()) return zone_for_local.to_utc(wall);
    if (in.eat('Z') || in.eat('z')) return in.done() ? std::optional<int64_t>(wall) : std::nullopt;
    const char sign = in.peek();
    if (!in.eat('+') && !in.eat('-')) return std::nullopt;
    const auto offset = parse_offset_body(in);
    if (!offset || !in.done()) return std::nullopt;
    return sign == '+' ? wall - *offset : wall + *offset;
}

std::string format_timestamp(int64_t utc_seconds, const Zone& zone) {
    const int64_t offset = zone.offset_at(utc_seconds);
    const int64_t local = utc_seconds + offset;
    const int64_t days = floor_div(local, seconds_per_day);
    const int64_t second_of_day = local - days * seconds_per_day;
    const CivilDate date = civil_from_days(days);

    std::string out;
    out.reserve(32);
    append_padded(out, date.year, 4);
    out += '-';
    append_padded(out, date.month, 2);
    out += '-';
    append_padded(out, date.day, 2);
    out += 'T';
    append_padded(out, second_of_day / 3600, 2);
    out += ':';
    append_padded(out, second_of_day / 60 % 60, 2);
    out += ':';
    append_padded(out, second_of_day % 60, 2);

    const int64_t magnitude = offset < 0 ? -offset : offset;
    out += offset < 0 ? '-' : '+';
    append_padded(out, magnitude / 3600, 2);
    out += ':';
    append_padded(out, magnitude / 60 % 60, 2);
    if (magnitude % 60 != 0) {
        out += ':';
        append_padded(out, magnitude % 60, 2);
    }
    return out;
}

}  // namespace loyalty::core
