#include "util/zone.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

// RFC 8536 recommends offsets within -24:59:59..+25:59:59. Bounding them lets to_utc look for
// transitions in a fixed window around the wall time.
constexpr int64_t kMaxOffset = 25 * 3600 + 59 * 60 + 59;

// Instants beyond about ±278,000 years are clamped so that no arithmetic here can overflow; any
// zone's answer that far out is an extrapolation anyway.
constexpr int64_t kHorizon = int64_t{1} << 43;

// Real TZif files are a few KiB; the cap only stops a wrong $TZDIR entry from being slurped.
constexpr std::size_t kMaxFileSize = 1 << 20;


int year_of(int64_t seconds) { return civil_from_days(floor_div(seconds, seconds_per_day)).year; }

std::optional<int32_t> parse_fixed_offset(std::string_view name) {
    if (name.size() != 6 || (name[0] != '+' && name[0] != '-') || name[3] != ':') {
        return std::nullopt;
    }
    for (std::size_t i : {1u, 2u, 4u, 5u}) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
    }
    const int hours = (name[1] - '0') * 10 + (name[2] - '0');
    const int minutes = (name[4] - '0') * 10 + (name[5] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    const int32_t seconds = hours * 3600 + minutes * 60;
    return name[0] == '-' ? -seconds : seconds;
}

bool valid_iana_name(std::string_view name) {
    if (name.empty() || name.size() > 255 || name.front() == '/') return false;
    if (name.find("..") != std::string_view::npos) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
    });
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string data;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > kMaxFileSize) return std::nullopt;
    }
    if (in.bad()) return std::nullopt;
    return data;
}

// Big-endian reader over the TZif bytes; every read is bounds-checked because the file is input.
class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) {}
    bool has(std::size_t n) const { return data_.size() - pos_ >= n; }
    bool skip(std::size_t n) {
        if (!has(n)) return false;
        pos_ += n;
        return true;
    }
    std::optional<uint64_t> be(std::size_t width) {
        if (!has(width)) return std::nullopt;
        uint64_t value = 0;
        for (std::size_t i = 0; i < width; ++i) {
            value = (value << 8) | static_cast<unsigned char>(data_[pos_ + i]);
        }
        pos_ += width;
        return value;
    }
    std::optional<int64_t> be_signed(std::size_t width) {
        auto value = be(width);
        if (!value) return std::nullopt;
        if (width == 8) return static_cast<int64_t>(*value);
        return static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(*value)));
    }
    std::optional<char> byte() {
        if (!has(1)) return std::nullopt;
        return data_[pos_++];
    }
    std::string_view rest() const { return data_.substr(pos_); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

struct Header {
    char version = 0;
    uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

    std::size_t data_size(std::size_t time_width) const {
        return std::size_t{timecnt} * (time_width + 1) + std::size_t{typecnt} * 6 + charcnt +
               std::size_t{leapcnt} * (time_width + 4) + isstdcnt + isutcnt;
    }
};

std::optional<Header> read_header(Reader& in) {
    if (!in.has(44) || in.rest().substr(0, 4) != "TZif") return std::nullopt;
    in.skip(4);
    Header h;
    h.version = *in.byte();
    in.skip(15);
    for (uint32_t* count :
         {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt}) {
        *count = static_cast<uint32_t>(*in.be(4));
    }
    return h;
}

}  // namespace

// A POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0" (with the RFC 8536 extensions: hours up to
// 167 and negative in rule times). Offsets are stored as seconds east, unlike POSIX's west.
struct Zone::Rule {
    enum class DateKind { julian_no_leap, julian_zero, month_week_day };
    struct Date {
        DateKind kind = DateKind::month_week_day;
        int n = 0;  // Jn (1-365) or n (0-365)
        int month = 0, week = 0, weekday = 0;
    };
    struct Event {
        int64_t at;
        bool to_dst;
    };

    int32_t std_offset = 0;
    bool has_dst = false;
    int32_t dst_offset = 0;
    Date start, end;
    // Seconds after local midnight; may be negative or exceed a day. POSIX defaults to 02:00.
    int32_t start_time = 7200;
    int32_t end_time = 7200;

    static std::optional<Rule> parse(std::string_view text);
    int64_t offset_at(int64_t utc) const;
    void transitions(int64_t from, int64_t to, std::vector<int64_t>& out) const;

private:
    static std::optional<Date> parse_date(std::string_view& s);
    static bool parse_transition(std::string_view& s, Date& date, int32_t& time);
    int64_t day(const Date& date, int year) const;
    std::array<Event, 2> events(int year) const;
};

namespace {

bool parse_name(std::string_view& s) {
    std::size_t length = 0;
    if (!s.empty() && s[0] == '<') {
        const auto close = s.find('>');
        if (close == std::string_view::npos) return false;
        for (std::size_t i = 1; i < close; ++i) {
            const char c = s[i];
            const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '+' || c == '-';
            if (!ok) return false;
        }
        if (close - 1 < 3) return false;
        s.remove_prefix(close + 1);
        return true;
    }
    while (length < s.size() &&
           ((s[length] >= 'A' && s[length] <= 'Z') || (s[length] >= 'a' && s[length] <= 'z'))) {
        ++length;
    }
    if (length < 3) return false;
    s.remove_prefix(length);
    return true;
}

std::optional<int> parse_number(std::string_view& s, std::size_t max_digits, int max_value) {
    std::size_t i = 0;
    int value = 0;
    while (i < s.size() && i < max_digits && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i++] - '0');
    }
    if (i == 0 || value > max_value) return std::nullopt;
    s.remove_prefix(i);
    return value;
}

// [+-]hh[:mm[:ss]], returned as signed seconds.
std::optional<int32_t> parse_hms(std::string_view& s, int max_hours) {
    int sign = 1;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        if (s[0] == '-') sign = -1;
        s.remove_prefix(1);
    }
    auto hours = parse_number(s, 3, max_hours);
    if (!hours) return std::nullopt;
    int32_t seconds = *hours * 3600;
    for (int32_t unit : {60, 1}) {
        if (s.empty() || s[0] != ':') break;
        s.remove_prefix(1);
        auto part = parse_number(s, 2, 59);
        if (!part) return std::nullopt;
        seconds += *part * unit;
    }
    return sign * seconds;
}

}  // namespace

std::optional<Zone::Rule::Date> Zone::Rule::parse_date(std::string_view& s) {
    using Kind = DateKind;
    Date date;
    if (s.empty()) return std::nullopt;
    if (s[0] == 'J') {
        s.remove_prefix(1);
        auto n = parse_number(s, 3, 365);
        if (!n || *n < 1) return std::nullopt;
        date.kind = Kind::julian_no_leap;
        date.n = *n;
    } else if (s[0] == 'M') {
        s.remove_prefix(1);
        auto month = parse_number(s, 2, 12);
        if (!month || *month < 1 || s.empty() || s[0] != '.') return std::nullopt;
        s.remove_prefix(1);
        auto week = parse_number(s, 1, 5);
        if (!week || *week < 1 || s.empty() || s[0] != '.') return std::nullopt;
        s.remove_prefix(1);
        auto weekday = parse_number(s, 1, 6);
        if (!weekday) return std::nullopt;
        date.kind = Kind::month_week_day;
        date.month = *month;
        date.week = *week;
        date.weekday = *weekday;
    } else {
        auto n = parse_number(s, 3, 365);
        if (!n) return std::nullopt;
        date.kind = Kind::julian_zero;
        date.n = *n;
    }
    return date;
}

bool Zone::Rule::parse_transition(std::string_view& s, Date& date, int32_t& time) {
    if (s.empty() || s[0] != ',') return false;
    s.remove_prefix(1);
    auto parsed = parse_date(s);
    if (!parsed) return false;
    date = *parsed;
    if (!s.empty() && s[0] == '/') {
        s.remove_prefix(1);
        auto t = parse_hms(s, 167);
        if (!t) return false;
        time = *t;
    }
    return true;
}

std::optional<Zone::Rule> Zone::Rule::parse(std::string_view s) {
    Rule rule;
    if (!parse_name(s)) return std::nullopt;
    auto std_west = parse_hms(s, 24);
    if (!std_west) return std::nullopt;
    rule.std_offset = -*std_west;
    if (s.empty()) return rule;

    if (!parse_name(s)) return std::nullopt;
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (!s.empty() && s[0] != ',') {
        auto dst_west = parse_hms(s, 24);
        if (!dst_west) return std::nullopt;
        rule.dst_offset = -*dst_west;
    }
    // Without explicit dates POSIX leaves the rule to the implementation; zic always writes them,
    // so such a string is not worth guessing about.
    if (!parse_transition(s, rule.start, rule.start_time)) return std::nullopt;
    if (!parse_transition(s, rule.end, rule.end_time)) return std::nullopt;
    if (!s.empty()) return std::nullopt;
    return rule;
}

int64_t Zone::Rule::day(const Date& date, int year) const {
    const int64_t jan1 = days_from_civil({year, 1, 1});
    switch (date.kind) {
        case DateKind::julian_no_leap:
            return jan1 + date.n - 1 + ((is_leap_year(year) && date.n >= 60) ? 1 : 0);
        case DateKind::julian_zero:
            return jan1 + date.n;
        case DateKind::month_week_day:
            break;
    }
    const auto month = static_cast<unsigned>(date.month);
    const int64_t first = days_from_civil({year, month, 1});
    const int64_t first_weekday = (first % 7 + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4)
    int64_t result = first + (date.weekday - first_weekday + 7) % 7 + 7 * (date.week - 1);
    const int64_t length = days_in_month(year, month);
    while (result >= first + length) result -= 7;  // week 5 means "last"
    return result;
}

// The two changes the rule makes in `year`: into daylight time, stated in standard local time,
// and back, stated in daylight local time.
std::array<Zone::Rule::Event, 2> Zone::Rule::events(int year) const {
    return {{{day(start, year) * seconds_per_day + start_time - std_offset, true},
             {day(end, year) * seconds_per_day + end_time - dst_offset, false}}};
}

int64_t Zone::Rule::offset_at(int64_t utc) const {
    if (!has_dst) return std_offset;
    const int year = year_of(utc + std_offset);
    std::array<Event, 6> all{};
    for (int i = 0; i < 3; ++i) {
        const auto pair = events(year - 1 + i);
        all[static_cast<std::size_t>(2 * i)] = pair[0];
        all[static_cast<std::size_t>(2 * i + 1)] = pair[1];
    }
    // On a tie the change into daylight time sorts last so it wins: zic writes permanent daylight
    // time as a rule whose end coincides with the next start (e.g. "...,0/0,J365/25").
    std::sort(all.begin(), all.end(), [](const Event& a, const Event& b) {
        return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
    });
    int64_t offset = std_offset;
    for (const auto& event : all) {
        if (event.at > utc) break;
        offset = event.to_dst ? dst_offset : std_offset;
    }
    return offset;
}

void Zone::Rule::transitions(int64_t from, int64_t to, std::vector<int64_t>& out) const {
    if (!has_dst) return;
    for (int year = year_of(from) - 1; year <= year_of(to) + 1; ++year) {
        for (const auto& event : events(year)) {
            if (event.at >= from && event.at <= to) out.push_back(event.at);
        }
    }
}

Zone::Zone(std::string name, int32_t initial_offset, std::vector<Transition> transitions,
           std::unique_ptr<const Rule> rule)
    : name_(std::move(name)),
      initial_offset_(initial_offset),
      transitions_(std::move(transitions)),
      rule_(std::move(rule)) {}

Zone::~Zone() = default;

std::shared_ptr<const Zone> Zone::load(std::string_view name) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::shared_ptr<const Zone>> cache;
    std::string key(name);
    {
        std::lock_guard lock(mutex);
        if (auto found = cache.find(key); found != cache.end()) return found->second;
    }

    std::shared_ptr<const Zone> zone;
    if (name == "UTC") {
        zone.reset(new Zone(key, 0, {}, nullptr));
    } else if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
        if (auto offset = parse_fixed_offset(name)) zone.reset(new Zone(key, *offset, {}, nullptr));
    } else {
        zone = read(name);
    }
    // Failures are not cached: unknown names come from input and would grow the cache unboundedly.
    if (!zone) return nullptr;

    // Another thread may have loaded the same name meanwhile; keep the first so callers share it.
    std::lock_guard lock(mutex);
    return cache.try_emplace(std::move(key), std::move(zone)).first->second;
}

std::shared_ptr<const Zone> Zone::read(std::string_view name) {
    if (!valid_iana_name(name)) return nullptr;
    const char* dir = std::getenv("TZDIR");
    std::string path = (dir && *dir) ? dir : "/usr/share/zoneinfo";
    path += '/';
    path += name;
    const auto data = read_file(path);
    if (!data) return nullptr;

    Reader in(*data);
    auto header = read_header(in);
    if (!header) return nullptr;
    std::size_t time_width = 4;
    if (header->version != '\0') {
        // v2+ repeats the data with 64-bit times; the v1 block is only for old readers.
        if (!in.skip(header->data_size(4))) return nullptr;
        header = read_header(in);
        if (!header) return nullptr;
        time_width = 8;
    }
    const Header& h = *header;
    if (h.typecnt == 0 || h.leapcnt != 0) return nullptr;
    if ((h.isstdcnt != 0 && h.isstdcnt != h.typecnt) ||
        (h.isutcnt != 0 && h.isutcnt != h.typecnt)) {
        return nullptr;
    }
    if (!in.has(h.data_size(time_width))) return nullptr;

    std::vector<int64_t> times(h.timecnt);
    for (auto& time : times) time = *in.be_signed(time_width);
    std::vector<uint8_t> type_of(h.timecnt);
    for (auto& type : type_of) type = static_cast<uint8_t>(*in.byte());
    std::vector<int32_t> offsets(h.typecnt);
    for (auto& offset : offsets) {
        const int64_t utoff = *in.be_signed(4);
        if (utoff < -kMaxOffset || utoff > kMaxOffset) return nullptr;
        offset = static_cast<int32_t>(utoff);
        in.skip(2);  // isdst, abbreviation index: offsets are all we need
    }
    in.skip(h.charcnt + std::size_t{h.isstdcnt} + h.isutcnt);

    std::vector<Transition> transitions;
    transitions.reserve(h.timecnt);
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (type_of[i] >= h.typecnt) return nullptr;
        if (i > 0 && times[i] <= times[i - 1]) return nullptr;
        transitions.push_back({times[i], offsets[type_of[i]]});
    }

    std::unique_ptr<const Rule> rule;
    if (time_width == 8) {
        const std::string_view rest = in.rest();
        if (rest.size() >= 2 && rest[0] == '\n') {
            const auto close = rest.find('\n', 1);
            if (close != std::string_view::npos) {
                if (auto parsed = Rule::parse(rest.substr(1, close - 1))) {
                    rule = std::make_unique<const Rule>(*parsed);
                }
            }
        }
    }
    // RFC 8536: instants before the first transition use time type 0.
    return std::shared_ptr<const Zone>(
        new Zone(std::string(name), offsets[0], std::move(transitions), std::move(rule)));
}

int64_t Zone::offset_at(int64_t utc_seconds) const {
    return offset_at_clamped(std::clamp(utc_seconds, -kHorizon, kHorizon));
}

int64_t Zone::offset_at_clamped(int64_t t) const {
    if (transitions_.empty()) return rule_ ? rule_->offset_at(t) : initial_offset_;
    if (t < transitions_.front().at) return initial_offset_;
    if (t > transitions_.back().at && rule_) return rule_->offset_at(t);
    const auto next =
        std::upper_bound(transitions_.begin(), transitions_.end(), t,
                         [](int64_t value, const Transition& tr) { return value < tr.at; });
    return std::prev(next)->offset;
}

int64_t Zone::to_utc(int64_t local_seconds) const {
    const int64_t local = std::clamp(local_seconds, -kHorizon, kHorizon);
    // Any instant whose wall time is `local` lies within kMaxOffset of it, and so does any
    // transition that makes `local` skipped or repeated.
    const int64_t from = local - 2 * kMaxOffset - 1;
    const int64_t to = local + 2 * kMaxOffset + 1;

    std::vector<int64_t> instants;
    const auto first =
        std::lower_bound(transitions_.begin(), transitions_.end(), from,
                         [](const Transition& tr, int64_t value) { return tr.at < value; });
    for (auto it = first; it != transitions_.end() && it->at <= to; ++it) {
        instants.push_back(it->at);
    }
    // The rule only governs after the last explicit transition (compared before adding 1, since a
    // file may hold a transition at INT64_MAX).
    if (rule_ && (transitions_.empty() || transitions_.back().at < to)) {
        const int64_t rule_from =
            transitions_.empty() ? from : std::max(from, transitions_.back().at + 1);
        rule_->transitions(rule_from, to, instants);
    }
    std::sort(instants.begin(), instants.end());

    std::vector<int64_t> candidates{offset_at_clamped(from)};
    for (int64_t at : instants) {
        const int64_t before = offset_at_clamped(at - 1);
        const int64_t after = offset_at_clamped(at);
        if (before == after) continue;
        if (local >= at + std::min(before, after) && local < at + std::max(before, after)) {
            return local - before;  // skipped or repeated wall time: the documented choice
        }
        candidates.push_back(after);
    }
    for (int64_t offset : candidates) {
        if (offset_at_clamped(local - offset) == offset) return local - offset;
    }
    return local - offset_at_clamped(local);  // unreachable for sane zones; stay total anyway
}

}  // namespace loyalty::core
