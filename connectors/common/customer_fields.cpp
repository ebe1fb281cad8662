#include "customer_fields.hpp"

#include <cstdio>
#include <optional>

#include "text.hpp"
#include "util/phone.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::connectors {

namespace {

std::optional<std::string> identity(std::string_view text) {
    auto phone = core::canonical_phone(text);
    if (phone && core::placeholder_phone(*phone)) return std::nullopt;
    return phone;
}

// Longer than any phone typed with separators: what is kept of a field that holds no number.
constexpr std::size_t kMaxPhoneText = 64;

// Fewer digits than any phone number: such a field is noise, not a number typed wrong.
constexpr int kMinPhoneDigits = 6;

// The field as typed, for the engine to keep as text, when it is short, printable, and holds as
// many digits as a phone number.
std::string as_text(const std::string& text) {
    if (text.size() > kMaxPhoneText) return {};
    int digits = 0;
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return {};
        digits += c >= '0' && c <= '9';
    }
    return digits >= kMinPhoneDigits ? text : std::string();
}

}  // namespace

std::string readable_phone(std::string_view raw) {
    const std::string original = trimmed(raw);
    std::string text = original;
    if (auto phone = identity(text)) return *phone;
    // " - " only with its spaces: a bare '-' also groups the digits of one number.
    std::string separated;
    separated.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, " - ") == 0) {
            separated += '/';
            i += 2;
        } else {
            separated += text[i];
        }
    }
    text = std::move(separated);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of("/,;|", start);
        if (end == std::string::npos) end = text.size();
        std::string part = trimmed(std::string_view(text).substr(start, end - start));
        if (!part.empty()) {
            if (auto phone = identity(part)) return *phone;
        }
        start = end + 1;
    }
    return as_text(original);
}

std::string birthday_date(std::string_view raw, const core::Zone& zone) {
    std::string text = trimmed(raw);
    auto seconds = core::parse_timestamp(text, zone);
    if (!seconds) return {};
    // A bare date names a day, not an instant: converting it through the zone could only move it
    // (a day skipped by a zone change has no local midnight).
    if (text.size() == 10) return text;
    int64_t local = *seconds + zone.offset_at(*seconds);
    int64_t days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
    core::CivilDate date = core::civil_from_days(days);
    // An instant at the edge of the years parse_timestamp reads can fall outside them in the
    // shop's zone; the engine would refuse such a birthday, and with it the whole delivery.
    if (date.year < 1900 || date.year > 9999) return {};
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", date.year, date.month, date.day);
    return out;
}

std::string full_name(std::string_view last_name, std::string_view first_name) {
    std::string family = trimmed(last_name);
    std::string given = trimmed(first_name);
    if (family.empty()) return given;
    if (given.empty()) return family;
    return family + " " + given;
}

}  // namespace loyalty::connectors
