#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "util/timestamp.hpp"
#include "util/zone.hpp"

using loyalty::core::civil_from_days;
using loyalty::core::CivilDate;
using loyalty::core::days_from_civil;
using loyalty::core::days_in_month;
using loyalty::core::format_timestamp;
using loyalty::core::is_leap_year;
using loyalty::core::parse_timestamp;
using loyalty::core::Zone;

namespace {

constexpr int64_t kHour = 3600;

const Zone& zone(const char* name) {
    auto loaded = Zone::load(name);
    REQUIRE(loaded != nullptr);
    return *loaded;  // the cache keeps it alive
}

std::optional<int64_t> none() { return std::nullopt; }

// Writes hand-made TZif files into a private directory and points $TZDIR at it for the scope, so
// footer-only, v1-only and malformed files can be tested without depending on the system's tzdata
// build options.
class FakeTzdir {
public:
    FakeTzdir() {
        static int counter = 0;
        dir_ =
            std::filesystem::temp_directory_path() /
            ("loyalty_zone_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
        std::filesystem::create_directories(dir_ / "Test");
        if (const char* old = std::getenv("TZDIR")) old_ = old;
        ::setenv("TZDIR", dir_.c_str(), 1);
    }
    ~FakeTzdir() {
        if (old_) {
            ::setenv("TZDIR", old_->c_str(), 1);
        } else {
            ::unsetenv("TZDIR");
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    FakeTzdir(const FakeTzdir&) = delete;
    FakeTzdir& operator=(const FakeTzdir&) = delete;

    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream out(dir_ / name, std::ios::binary);
        out << bytes;
    }

private:
    std::filesystem::path dir_;
    std::optional<std::string> old_;
};

struct TzifSpec {
    char version = '2';
    std::vector<int32_t> offsets{0};                       // one time type per offset
    std::vector<std::pair<int64_t, uint8_t>> transitions;  // time, type index
    std::string footer;
    uint32_t leapcnt = 0;
};

void put_be(std::string& out, uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_block(std::string& out, char version, const TzifSpec& spec, int time_width) {
    out += "TZif";
    out += version;
    out.append(15, '\0');
    const auto typecnt = static_cast<uint32_t>(spec.offsets.size());
    for (uint32_t count :
         {0u, 0u, spec.leapcnt, static_cast<uint32_t>(spec.transitions.size()), typecnt, 4u}) {
        put_be(out, count, 4);
    }
    for (const auto& [at, type] : spec.transitions)
        put_be(out, static_cast<uint64_t>(at), time_width);
    for (const auto& transition : spec.transitions) out += static_cast<char>(transition.second);
    for (int32_t offset : spec.offsets) {
        put_be(out, static_cast<uint32_t>(offset), 4);
        out += '\0';  // isdst
        out += '\0';  // abbreviation index
    }
    out += std::string("ABC", 4);
    for (uint32_t i = 0; i < spec.leapcnt; ++i) {
        put_be(out, 78796800, time_width);
        put_be(out, 1, 4);
    }
}

std::string tzif(const TzifSpec& spec) {
    std::string out;
    if (spec.version == '\0') {
        put_block(out, '\0', spec, 4);
        return out;
    }
    // The v1 block is only for old readers; the v2 block and footer are what matter.
    put_block(out, spec.version, spec, 4);
    put_block(out, spec.version, spec, 8);
    out += '\n' + spec.footer + '\n';
    return out;
}

}  // namespace

TEST_CASE("civil date helpers", "[time]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({1969, 12, 31}) == -1);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    CHECK(days_from_civil({2024, 2, 29}) == 19782);
    CHECK(days_from_civil({1900, 1, 1}) == -25567);
    CHECK(civil_from_days(0) == CivilDate{1970, 1, 1});
    CHECK(civil_from_days(-1) == CivilDate{1969, 12, 31});
    CHECK(civil_from_days(19782) == CivilDate{2024, 2, 29});
    CHECK(civil_from_days(19783) == CivilDate{2024, 3, 1});
    CHECK(civil_from_days(days_from_civil({9999, 12, 31})) == CivilDate{9999, 12, 31});
    CHECK(civil_from_days(days_from_civil({-4713, 11, 24})) == CivilDate{-4713, 11, 24});

    // Every day from 1600 to 2400 round-trips and follows the previous one.
    CivilDate previous = civil_from_days(days_from_civil({1600, 1, 1}) - 1);
    for (int64_t day = days_from_civil({1600, 1, 1}); day <= days_from_civil({2400, 12, 31});
         ++day) {
        const CivilDate date = civil_from_days(day);
        REQUIRE(days_from_civil(date) == day);
        const bool next_day = date.year == previous.year && date.month == previous.month &&
                              date.day == previous.day + 1;
        const bool next_month = date.year == previous.year && date.month == previous.month + 1 &&
                                date.day == 1 &&
                                previous.day == days_in_month(previous.year, previous.month);
        const bool next_year = date.year == previous.year + 1 && date.month == 1 && date.day == 1 &&
                               previous.month == 12 && previous.day == 31;
        REQUIRE((next_day || next_month || next_year));
        previous = date;
    }

    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2023));
    CHECK_FALSE(is_leap_year(2100));
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2023, 2) == 28);
    CHECK(days_in_month(2023, 4) == 30);
    CHECK(days_in_month(2023, 12) == 31);
    CHECK(days_in_month(2023, 0) == 0);
    CHECK(days_in_month(2023, 13) == 0);
}

TEST_CASE("Zone::load: UTC and fixed offsets", "[time][zone]") {
    const Zone& utc = zone("UTC");
    CHECK(utc.name() == "UTC");
    CHECK(utc.offset_at(0) == 0);
    CHECK(utc.offset_at(1715584800) == 0);
    CHECK(utc.to_utc(1715584800) == 1715584800);

    const Zone& plus7 = zone("+07:00");
    CHECK(plus7.name() == "+07:00");
    CHECK(plus7.offset_at(1715584800) == 7 * kHour);
    CHECK(plus7.to_utc(1715584800) == 1715584800 - 7 * kHour);

    const Zone& minus530 = zone("-05:30");
    CHECK(minus530.offset_at(-1000000000) == -(5 * kHour + 1800));
    CHECK(zone("+00:00").offset_at(0) == 0);
    CHECK(zone("+23:59").offset_at(0) == 23 * kHour + 59 * 60);

    for (const char* bad : {"", "+7:00", "+07", "+0700", "07:00", "+24:00", "+07:60", "+07:00 ",
                            "utc", "Z", "+07:0a", "GMT+7"}) {
        INFO(bad);
        CHECK(Zone::load(bad) == nullptr);
    }
}

TEST_CASE("Zone::load: names that must not reach the file system", "[time][zone]") {
    for (const char* bad :
         {"../../etc/passwd", "/etc/localtime", "/usr/share/zoneinfo/UTC", "Asia/../Asia/Tokyo",
          "..", "Asia/Ho_Chi_Minh/..", "Asia\\Tokyo", "Asia/Ho Chi Minh", "Nowhere/Atlantis",
          "Asia", "Asia/", "tzdata.zi", "zone.tab"}) {
        INFO(bad);
        CHECK(Zone::load(bad) == nullptr);
    }
    CHECK(Zone::load(std::string("Asia/Tokyo\0x", 12)) == nullptr);
}

TEST_CASE("Zone::load caches and is thread-safe", "[time][zone]") {
    const auto first = Zone::load("Asia/Ho_Chi_Minh");
    REQUIRE(first);
    CHECK(Zone::load("Asia/Ho_Chi_Minh") == first);

    std::vector<std::shared_ptr<const Zone>> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&seen, i] { seen[i] = Zone::load("Europe/Paris"); });
    }
    for (auto& thread : threads) thread.join();
    REQUIRE(seen[0]);
    for (const auto& zone_ptr : seen) CHECK(zone_ptr == seen[0]);
    CHECK(seen[0]->name() == "Europe/Paris");
}

TEST_CASE("Asia/Ho_Chi_Minh offsets follow tzdata", "[time][zone]") {
    const Zone& hcm = zone("Asia/Ho_Chi_Minh");
    CHECK(hcm.name() == "Asia/Ho_Chi_Minh");
    CHECK(hcm.offset_at(1715584800) == 7 * kHour);  // 2024-05-13
    CHECK(hcm.offset_at(4102444800) == 7 * kHour);  // 2100-01-01
    // South Vietnam kept +08:00 from 1960 until 1975-06-13.
    CHECK(hcm.offset_at(0) == 8 * kHour);
    CHECK(hcm.offset_at(171820800 - 1) == 8 * kHour);
    CHECK(hcm.offset_at(171820800) == 7 * kHour);
    // Local mean time +07:06:30 before 1906-07-01.
    CHECK(hcm.offset_at(-2208988800) == 25590);
    CHECK(format_timestamp(0, hcm) == "1970-01-01T08:00:00+08:00");
    CHECK(format_timestamp(-2208988800, hcm) == "1900-01-01T07:06:30+07:06:30");
    CHECK(parse_timestamp("1900-01-01T07:06:30+07:06:30", hcm) == -2208988800);
    // 1975-06-13 00:00 +08:00 became 23:00 on the 12th: 23:30 that night happened twice.
    CHECK(hcm.to_utc(days_from_civil({1975, 6, 12}) * 86400 + 23 * kHour + 1800) ==
          171820800 - 1800);
}

TEST_CASE("America/New_York across DST", "[time][zone]") {
    const Zone& ny = zone("America/New_York");
    const int64_t spring = 1710054000;  // 2024-03-10T07:00:00Z, 02:00 EST -> 03:00 EDT
    const int64_t fall = 1730613600;    // 2024-11-03T06:00:00Z, 02:00 EDT -> 01:00 EST
    CHECK(ny.offset_at(spring - 1) == -5 * kHour);
    CHECK(ny.offset_at(spring) == -4 * kHour);
    CHECK(ny.offset_at(fall - 1) == -4 * kHour);
    CHECK(ny.offset_at(fall) == -5 * kHour);
    CHECK(format_timestamp(spring - 1, ny) == "2024-03-10T01:59:59-05:00");
    CHECK(format_timestamp(spring, ny) == "2024-03-10T03:00:00-04:00");
    CHECK(format_timestamp(fall - 1, ny) == "2024-11-03T01:59:59-04:00");
    CHECK(format_timestamp(fall, ny) == "2024-11-03T01:00:00-05:00");

    const int64_t march10 = days_from_civil({2024, 3, 10}) * 86400;
    const int64_t nov3 = days_from_civil({2024, 11, 3}) * 86400;
    SECTION("to_utc outside transitions") {
        CHECK(ny.to_utc(march10 + 1 * kHour + 59 * 60) == spring - 60);
        CHECK(ny.to_utc(march10 + 3 * kHour) == spring);
        CHECK(ny.to_utc(nov3 + 2 * kHour) == fall + kHour);
        CHECK(ny.to_utc(nov3 + 0 * kHour + 59 * 60) == fall - kHour - 60);
        CHECK(ny.to_utc(days_from_civil({2024, 7, 4}) * 86400 + 12 * kHour) ==
              days_from_civil({2024, 7, 4}) * 86400 + 16 * kHour);
    }
    SECTION("to_utc in the spring gap uses EST, the offset before the transition") {
        CHECK(ny.to_utc(march10 + 2 * kHour) == spring);
        CHECK(ny.to_utc(march10 + 2 * kHour + 1800) == spring + 1800);  // reads as 03:30 EDT
        CHECK(ny.to_utc(march10 + 3 * kHour - 1) == spring + kHour - 1);
        CHECK(parse_timestamp("2024-03-10T02:30:00", ny) == spring + 1800);
    }
    SECTION("to_utc in the autumn overlap uses EDT, the first occurrence") {
        CHECK(ny.to_utc(nov3 + 1 * kHour) == fall - kHour);
        CHECK(ny.to_utc(nov3 + 1 * kHour + 1800) == fall - 1800);
        CHECK(ny.to_utc(nov3 + 2 * kHour - 1) == fall - 1);
        CHECK(parse_timestamp("2024-11-03T01:30:00", ny) == fall - 1800);
        CHECK(parse_timestamp("2024-11-03T01:30:00-05:00", ny) == fall + 1800);
    }
    SECTION("beyond the file's explicit transitions the footer rule applies") {
        const int64_t spring2050 = 2530767600;  // 2050-03-13T07:00:00Z
        const int64_t fall2050 = 2551327200;    // 2050-11-06T06:00:00Z
        CHECK(ny.offset_at(spring2050 - 1) == -5 * kHour);
        CHECK(ny.offset_at(spring2050) == -4 * kHour);
        CHECK(ny.offset_at(fall2050 - 1) == -4 * kHour);
        CHECK(ny.offset_at(fall2050) == -5 * kHour);
        CHECK(parse_timestamp("2050-03-13T02:30:00", ny) == spring2050 + 1800);
        CHECK(parse_timestamp("2050-11-06T01:30:00", ny) == fall2050 - 1800);
        CHECK(ny.offset_at(days_from_civil({2999, 7, 1}) * 86400) == -4 * kHour);
        CHECK(ny.offset_at(days_from_civil({2999, 1, 1}) * 86400) == -5 * kHour);
    }
}

TEST_CASE("Zone: extreme instants stay defined", "[time][zone]") {
    for (const char* name : {"UTC", "+07:00", "America/New_York", "Asia/Ho_Chi_Minh"}) {
        const Zone& z = zone(name);
        for (int64_t t : {INT64_MIN, INT64_MIN + 1, int64_t{-1} << 50, int64_t{1} << 50,
                          INT64_MAX - 1, INT64_MAX}) {
            const int64_t offset = z.offset_at(t);
            CHECK(offset > -26 * kHour);
            CHECK(offset < 26 * kHour);
            (void)z.to_utc(t);
        }
    }
}

TEST_CASE("Zone: TZif footers (POSIX TZ rules)", "[time][zone]") {
    // Footer-only zones (what "slim" tzdata ships) must agree with the system's full files, whose
    // explicit transitions run to 2037. The set covers the southern hemisphere, a negative DST
    // (Dublin), :mm offsets, negative and >24h rule times, and last-week rules.
    const std::pair<const char*, const char*> cases[] = {
        {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
        {"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
        {"Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"},
        {"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1"},
        {"America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"},
        {"America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24"},
        {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
        {"Australia/Adelaide", "ACST-9:30ACDT,M10.1.0,M4.1.0/3"},
    };
    // Loaded before $TZDIR is redirected, so these come from the system directory.
    std::vector<std::shared_ptr<const Zone>> reals;
    for (const auto& entry : cases) {
        INFO(entry.first);
        reals.push_back(Zone::load(entry.first));
        REQUIRE(reals.back());
    }

    FakeTzdir tzdir;
    for (std::size_t i = 0; i < reals.size(); ++i) {
        INFO(cases[i].first << " " << cases[i].second);
        const std::string name = "Test/Footer" + std::to_string(i);
        TzifSpec spec;
        spec.footer = cases[i].second;
        tzdir.write(name, tzif(spec));
        const auto fake = Zone::load(name);
        REQUIRE(fake);
        const Zone& real = *reals[i];
        std::size_t mismatches = 0, transitions = 0;
        const auto compare = [&](int64_t t) {
            if (fake->offset_at(t) != real.offset_at(t)) ++mismatches;
            const int64_t local = t + real.offset_at(t);
            if (fake->to_utc(local) != real.to_utc(local)) ++mismatches;
        };
        const int64_t step = 6 * kHour;
        for (int64_t t = days_from_civil({2026, 1, 1}) * 86400;
             t < days_from_civil({2037, 1, 1}) * 86400; t += step) {
            compare(t);
            if (real.offset_at(t) == real.offset_at(t + step)) continue;
            // Bisect to the transition, then compare every quarter hour of wall time around it,
            // which covers the gap or overlap to_utc has to resolve.
            int64_t lo = t, hi = t + step;
            while (hi - lo > 1) {
                const int64_t mid = lo + (hi - lo) / 2;
                (real.offset_at(mid) == real.offset_at(t) ? lo : hi) = mid;
            }
            ++transitions;
            compare(lo);
            compare(hi);
            for (int64_t local = hi - 2 * kHour; local <= hi + 2 * kHour; local += 900) {
                const int64_t wall = local + real.offset_at(lo);
                if (fake->to_utc(wall) != real.to_utc(wall)) ++mismatches;
            }
        }
        CHECK(transitions == 22);
        CHECK(mismatches == 0);
    }
}

TEST_CASE("Zone: permanent daylight time, fixed footers and v1 files", "[time][zone]") {
    FakeTzdir tzdir;
    SECTION("zic's encoding of all-year DST") {
        TzifSpec spec;
        spec.footer = "EST5EDT,0/0,J365/25";
        tzdir.write("Test/AllYearDst", tzif(spec));
        const auto z = Zone::load("Test/AllYearDst");
        REQUIRE(z);
        for (const CivilDate date : {CivilDate{2030, 1, 1}, CivilDate{2030, 6, 1},
                                     CivilDate{2030, 12, 31}, CivilDate{2032, 2, 29}}) {
            for (int64_t hour = 0; hour < 24; ++hour) {
                CHECK(z->offset_at(days_from_civil(date) * 86400 + hour * kHour) == -4 * kHour);
            }
        }
    }
    SECTION("Jn and n rule dates") {
        TzifSpec spec;
        // Jn never counts Feb 29, so J60 is Mar 1 every year; plain n counts it, so day 300 moves.
        spec.footer = "AAA0BBB,J60/0,300/0";
        tzdir.write("Test/Julian", tzif(spec));
        const auto z = Zone::load("Test/Julian");
        REQUIRE(z);
        const int64_t mar1_2024 = days_from_civil({2024, 3, 1}) * 86400;
        CHECK(z->offset_at(mar1_2024 - 1) == 0);
        CHECK(z->offset_at(mar1_2024) == kHour);
        const int64_t mar1_2023 = days_from_civil({2023, 3, 1}) * 86400;
        CHECK(z->offset_at(mar1_2023 - 1) == 0);
        CHECK(z->offset_at(mar1_2023) == kHour);
        // 0-based day 300 is Oct 27 in a leap year, Oct 28 otherwise; the end time is DST-local.
        const int64_t end_2024 = days_from_civil({2024, 10, 27}) * 86400 - kHour;
        CHECK(z->offset_at(end_2024 - 1) == kHour);
        CHECK(z->offset_at(end_2024) == 0);
        const int64_t end_2023 = days_from_civil({2023, 10, 28}) * 86400 - kHour;
        CHECK(z->offset_at(end_2023 - 1) == kHour);
        CHECK(z->offset_at(end_2023) == 0);
    }
    SECTION("a footer without DST after explicit transitions") {
        TzifSpec spec;
        spec.offsets = {8 * kHour, 7 * kHour};
        spec.transitions = {{171820800, 1}};
        spec.footer = "<+07>-7";
        tzdir.write("Test/Fixed", tzif(spec));
        const auto z = Zone::load("Test/Fixed");
        REQUIRE(z);
        CHECK(z->offset_at(0) == 8 * kHour);
        CHECK(z->offset_at(171820800) == 7 * kHour);
        CHECK(z->offset_at(4102444800) == 7 * kHour);
    }
    SECTION("version 1 files and unreadable footers extrapolate the last transition") {
        TzifSpec spec;
        spec.version = '\0';
        spec.offsets = {kHour, 2 * kHour};
        spec.transitions = {{0, 1}, {1000000, 0}, {2000000, 1}};
        tzdir.write("Test/V1", tzif(spec));
        spec.version = '3';
        spec.footer = "this is not a TZ string";
        tzdir.write("Test/BadFooter", tzif(spec));
        spec.footer = "EST5EDT";  // DST without dates: implementation-defined, so not guessed
        tzdir.write("Test/DstNoRule", tzif(spec));
        for (const char* name : {"Test/V1", "Test/BadFooter", "Test/DstNoRule"}) {
            INFO(name);
            const auto z = Zone::load(name);
            REQUIRE(z);
            CHECK(z->offset_at(-1) == kHour);  // before the first transition: time type 0
            CHECK(z->offset_at(0) == 2 * kHour);
            CHECK(z->offset_at(999999) == 2 * kHour);
            CHECK(z->offset_at(1000000) == kHour);
            CHECK(z->offset_at(2000000) == 2 * kHour);
            CHECK(z->offset_at(4102444800) == 2 * kHour);
            // Gaps read with the earlier offset (+01:00) and land after the transition...
            CHECK(z->to_utc(kHour + 1800) == 1800);
            CHECK(z->to_utc(2000000 + kHour + 1800) == 2000000 + 1800);
            // ...and the repeated hour after 1000000 takes its first occurrence (+02:00).
            CHECK(z->to_utc(1000000 + kHour + 1800) == 1000000 + 1800 - kHour);
        }
    }
}

TEST_CASE("Zone: malformed TZif files are refused", "[time][zone]") {
    FakeTzdir tzdir;
    TzifSpec good;
    good.offsets = {0, kHour};
    good.transitions = {{0, 1}, {100, 0}};
    good.footer = "UTC0";
    const std::string bytes = tzif(good);
    tzdir.write("Test/Good", bytes);
    CHECK(Zone::load("Test/Good") != nullptr);

    tzdir.write("Test/Empty", "");
    tzdir.write("Test/Magic", "TZxf" + bytes.substr(4));
    tzdir.write("Test/Text", "# tzdata source, not a TZif file\n");
    tzdir.write("Test/Truncated", bytes.substr(0, bytes.size() / 2));
    tzdir.write("Test/HeaderOnly", bytes.substr(0, 44));

    TzifSpec leap = good;
    leap.leapcnt = 1;
    tzdir.write("Test/LeapSeconds", tzif(leap));
    TzifSpec bad_type = good;
    bad_type.transitions = {{0, 2}};
    tzdir.write("Test/BadType", tzif(bad_type));
    TzifSpec unordered = good;
    unordered.transitions = {{100, 1}, {0, 0}};
    tzdir.write("Test/Unordered", tzif(unordered));
    TzifSpec no_types = good;
    no_types.offsets.clear();
    no_types.transitions.clear();
    tzdir.write("Test/NoTypes", tzif(no_types));
    TzifSpec huge_offset = good;
    huge_offset.offsets = {0, 27 * static_cast<int32_t>(kHour)};
    tzdir.write("Test/HugeOffset", tzif(huge_offset));

    for (const char* name :
         {"Test/Empty", "Test/Magic", "Test/Text", "Test/Truncated", "Test/HeaderOnly",
          "Test/LeapSeconds", "Test/BadType", "Test/Unordered", "Test/NoTypes", "Test/HugeOffset",
          "Test", "Test/Missing"}) {
        INFO(name);
        CHECK(Zone::load(name) == nullptr);
    }
}

TEST_CASE("parse_timestamp: zone designators", "[time]") {
    const Zone& hcm = zone("Asia/Ho_Chi_Minh");
    const Zone& ny = zone("America/New_York");
    const int64_t expected = 1715584800;  // 2024-05-13T07:20:00Z
    for (const char* text :
         {"2024-05-13T07:20:00Z",          "2024-05-13T07:20:00z",
          "2024-05-13T14:20:00+07:00",     "2024-05-13T14:20:00+0700",
          "2024-05-13T14:20:00+07",        "2024-05-13T03:20:00-04:00",
          "2024-05-13T03:20:00-0400",      "2024-05-13T03:20:00-04",
          "2024-05-13T01:50:00-05:30",     "2024-05-13T07:20:00+00:00",
          "2024-05-13T07:20:00-00:00",     "2024-05-13T07:20:00+0000",
          "2024-05-13T07:20:00+00",        "2024-05-13 14:20:00+07:00",
          "2024-05-13t07:20:00Z",          "2024-05-13T14:20:00+07:00:00",
          "2024-05-13T14:20:00.999+07:00", "2024-05-13T07:20:00.123456789012345678901234567890Z",
          "2024-05-13T07:20:00.0Z",        "2024-05-14T06:20:00+23:00"}) {
        INFO(text);
        // A designator makes the zone argument irrelevant.
        CHECK(parse_timestamp(text, hcm) == expected);
        CHECK(parse_timestamp(text, ny) == expected);
    }
}

TEST_CASE("parse_timestamp: local times and dates", "[time]") {
    const Zone& hcm = zone("Asia/Ho_Chi_Minh");
    const Zone& ny = zone("America/New_York");
    const Zone& utc = zone("UTC");
    CHECK(parse_timestamp("2024-05-13T14:20:00", hcm) == 1715584800);
    CHECK(parse_timestamp("2024-05-13 14:20:00", hcm) == 1715584800);
    CHECK(parse_timestamp("2024-05-13T14:20:00.75", hcm) == 1715584800);
    CHECK(parse_timestamp("2024-05-13T03:20:00", ny) == 1715584800);
    CHECK(parse_timestamp("2024-05-13T07:20:00", utc) == 1715584800);
    // Date only: local midnight.
    CHECK(parse_timestamp("2024-05-13", hcm) == 1715558400 - 7 * kHour);
    CHECK(parse_timestamp("2024-05-13", ny) == 1715558400 + 4 * kHour);
    CHECK(parse_timestamp("2024-05-13", utc) == 1715558400);
    CHECK(parse_timestamp("1970-01-01", hcm) == -8 * kHour);  // +08:00 then
    // Leap day and year boundaries.
    CHECK(parse_timestamp("2024-02-29", utc) == 1709164800);
    CHECK(parse_timestamp("2024-02-29T23:59:59Z", utc) == 1709164800 + 86399);
    CHECK(parse_timestamp("2000-02-29", utc) == days_from_civil({2000, 2, 29}) * 86400);
    CHECK(parse_timestamp("2023-12-31T23:59:59+07:00", utc) == 1704067199 - 7 * kHour);
    CHECK(parse_timestamp("2024-01-01T00:00:00", hcm) == 1704067200 - 7 * kHour);
    CHECK(parse_timestamp("2024-01-01T00:00:00Z", hcm) == 1704067200);
    CHECK(parse_timestamp("1900-01-01T00:00:00Z", utc) == -2208988800);
    CHECK(parse_timestamp("1900-01-01", utc) == -2208988800);
    CHECK(parse_timestamp("9999-12-31T23:59:59Z", utc) == 253402300799);
    CHECK(parse_timestamp("9999-12-31T23:59:59-23:59", utc) == 253402300799 + 86340);
    CHECK(parse_timestamp("1969-12-31T23:59:59Z", utc) == -1);
}

TEST_CASE("parse_timestamp: invalid input", "[time]") {
    const Zone& utc = zone("UTC");
    for (const char* text : {"",
                             "2023-02-29",
                             "2023-02-29T00:00:00Z",
                             "1900-02-29",
                             "2100-02-29",
                             "2024-02-30",
                             "2024-13-01",
                             "2024-00-10",
                             "2024-04-31",
                             "2024-01-32",
                             "2024-01-00",
                             "2024-05-13T25:00:00",
                             "2024-05-13T24:00:00",
                             "2024-05-13T12:60:00",
                             "2024-05-13T12:00:60",
                             "2024-05-13T12:00:60Z",
                             "1899-12-31",
                             "1899-12-31T23:59:59Z",
                             "0000-01-01",
                             "10000-01-01",
                             "24-05-13",
                             "2024-5-13",
                             "2024-05-3",
                             "2024/05/13",
                             "20240513",
                             "2024-05-13T",
                             "2024-05-13 ",
                             " 2024-05-13",
                             "2024-05-13T14:20",
                             "2024-05-13T14:20:0",
                             "2024-05-13T14:2:00",
                             "2024-05-13T4:20:00",
                             "2024-05-13T14:20:00.",
                             "2024-05-13T14:20:00.Z",
                             "2024-05-13T14:20:00,5Z",
                             "2024-05-13T14:20:00Zx",
                             "2024-05-13T14:20:00ZZ",
                             "2024-05-13T14:20:00 Z",
                             "2024-05-13T14:20:00 +07:00",
                             "2024-05-13T14:20:00+7",
                             "2024-05-13T14:20:00+07:0",
                             "2024-05-13T14:20:00+070",
                             "2024-05-13T14:20:00+07:00x",
                             "2024-05-13T14:20:00+24:00",
                             "2024-05-13T14:20:00+07:60",
                             "2024-05-13T14:20:00+0760",
                             "2024-05-13T14:20:00+07:00:60",
                             "2024-05-13T14:20:00+",
                             "2024-05-13T14:20:00-",
                             "2024-05-13T14:20:00UTC",
                             "2024-05-13T14:20:00+07:00Z",
                             "2024-05-13X14:20:00",
                             "2024-05-13T14:20:00\n",
                             "-2024-05-13",
                             "+2024-05-13",
                             "2024-05-13T14:20:00.5.5Z",
                             "2024-05-13T14:20:00-07:00:5",
                             "abcd-ef-gh",
                             "２０２４-05-13"}) {
        INFO(text);
        CHECK(parse_timestamp(text, utc) == none());
    }
    CHECK(parse_timestamp(std::string("2024-05-13") + '\0', utc) == none());
}

TEST_CASE("format_timestamp", "[time]") {
    CHECK(format_timestamp(1715584800, zone("Asia/Ho_Chi_Minh")) == "2024-05-13T14:20:00+07:00");
    CHECK(format_timestamp(1715584800, zone("UTC")) == "2024-05-13T07:20:00+00:00");
    CHECK(format_timestamp(1715584800, zone("America/New_York")) == "2024-05-13T03:20:00-04:00");
    CHECK(format_timestamp(1704067200, zone("America/New_York")) == "2023-12-31T19:00:00-05:00");
    CHECK(format_timestamp(1715584800, zone("-05:30")) == "2024-05-13T01:50:00-05:30");
    CHECK(format_timestamp(1704067199, zone("UTC")) == "2023-12-31T23:59:59+00:00");
    CHECK(format_timestamp(1704067200, zone("UTC")) == "2024-01-01T00:00:00+00:00");
    CHECK(format_timestamp(1704067200 - 7 * kHour, zone("Asia/Ho_Chi_Minh")) ==
          "2024-01-01T00:00:00+07:00");
    CHECK(format_timestamp(1709164800, zone("UTC")) == "2024-02-29T00:00:00+00:00");
    CHECK(format_timestamp(-1, zone("UTC")) == "1969-12-31T23:59:59+00:00");
    CHECK(format_timestamp(253402300799, zone("UTC")) == "9999-12-31T23:59:59+00:00");
    CHECK(format_timestamp(-2208988800, zone("UTC")) == "1900-01-01T00:00:00+00:00");
    CHECK(format_timestamp(0, zone("Asia/Ho_Chi_Minh")) == "1970-01-01T08:00:00+08:00");
}

TEST_CASE("format/parse round trips", "[time]") {
    for (const char* name : {"UTC", "Asia/Ho_Chi_Minh", "America/New_York", "+07:00", "-05:30",
                             "Australia/Adelaide", "Pacific/Chatham", "Europe/Dublin"}) {
        INFO(name);
        const Zone& z = zone(name);
        const Zone& utc = zone("UTC");
        // Every ~3 days from 1901 to 2101 (drifting through the hours): instant -> text -> instant.
        std::size_t failures = 0;
        for (int64_t t = -2177452800; t < 4133980800; t += 3 * 86400 + 7 * kHour + 13 * 60 + 7) {
            const std::string text = format_timestamp(t, z);
            if (parse_timestamp(text, z) != t) ++failures;
            if (parse_timestamp(text, utc) != t) ++failures;
        }
        CHECK(failures == 0);
    }
    // Local text without designator -> instant -> the same text, away from gaps and overlaps.
    const Zone& hcm = zone("Asia/Ho_Chi_Minh");
    for (const char* text : {"2024-05-13T14:20:00+07:00", "2024-02-29T23:59:59+07:00",
                             "2023-12-31T23:59:59+07:00", "2024-01-01T00:00:00+07:00"}) {
        INFO(text);
        const auto parsed = parse_timestamp(std::string(text).substr(0, 19), hcm);
        REQUIRE(parsed);
        CHECK(format_timestamp(*parsed, hcm) == text);
    }
}
