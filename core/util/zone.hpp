#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

// A time zone: the UTC offset in force at any instant. Shops earn, expire and celebrate birthdays
// by their own calendar, so every "which day is it" question goes through one of these.
//
// Immutable once loaded, so one instance is shared freely across threads.
class Zone {
public:
    // `UTC`; a fixed offset `+HH:MM` / `-HH:MM` (HH 00-23, MM 00-59); or an IANA name such as
    // `Asia/Ho_Chi_Minh`, read from the TZif file under $TZDIR (default /usr/share/zoneinfo).
    // Returns nullptr for an unknown or malformed zone, and for names containing `..` or starting
    // with `/` (names come from shop configuration and must not reach outside the zone directory).
    // Loaded zones are cached by name for the life of the process (thread-safe), so $TZDIR is
    // consulted only the first time a name is loaded. TZif files with leap-second records
    // (`right/…`) are refused: unix seconds have no leap seconds.
    //
    // After the file's last transition the footer's POSIX TZ rule is followed (e.g. US DST beyond
    // 2037). Limitation: if a footer cannot be parsed, or the file has none (TZif v1), the offset
    // of the last transition is used for all later instants.
    static std::shared_ptr<const Zone> load(std::string_view name);

    const std::string& name() const { return name_; }

    // Seconds east of UTC in force at `utc_seconds` (unix time).
    int64_t offset_at(int64_t utc_seconds) const;

    // Converts a local wall-clock time, counted as seconds since 1970-01-01T00:00:00 local, to unix
    // time. A wall time that does not exist (in a DST gap) or exists twice (in a DST overlap) is
    // read with the offset in force just before the transition: a gap time lands after the
    // transition (New York 02:30 on a spring-forward day is 07:30Z, i.e. 03:30 EDT) and an overlap
    // time takes its first occurrence (01:30 on a fall-back day is 05:30Z, i.e. 01:30 EDT).
    int64_t to_utc(int64_t local_seconds) const;

    ~Zone();
    Zone(const Zone&) = delete;
    Zone& operator=(const Zone&) = delete;

private:
    struct Rule;  // the recurring standard/daylight rule of a TZif footer (POSIX TZ string)
    struct Transition {
        int64_t at;      // unix seconds
        int32_t offset;  // in force from `at` on
    };

    Zone(std::string name, int32_t initial_offset, std::vector<Transition> transitions,
         std::unique_ptr<const Rule> rule);
    static std::shared_ptr<const Zone> read(std::string_view name);
    int64_t offset_at_clamped(int64_t utc_seconds) const;

    std::string name_;
    int32_t initial_offset_;               // before the first transition, or always if none
    std::vector<Transition> transitions_;  // strictly increasing `at`
    std::unique_ptr<const Rule> rule_;     // after the last transition, if the file has one
};

}  // namespace loyalty::core
