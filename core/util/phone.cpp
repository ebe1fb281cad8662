#include "util/phone.hpp"

#include <array>

namespace loyalty::core {
namespace {

struct Renumbering {
    std::string_view old_prefix;  // national, without trunk 0
    std::string_view new_prefix;
};

// The 2018 renumbering of 11-digit mobile numbers. People still write the old numbers: they are on
// business cards and in contact lists, and customers type what they remember.
constexpr std::array<Renumbering, 21> kRenumbering{{
    {"162", "32"}, {"163", "33"}, {"164", "34"}, {"165", "35"},                 // Viettel
    {"166", "36"}, {"167", "37"}, {"168", "38"}, {"169", "39"},                 // Viettel
    {"120", "70"}, {"121", "79"}, {"122", "77"}, {"126", "76"}, {"128", "78"},  // MobiFone
    {"123", "83"}, {"124", "84"}, {"125", "85"}, {"127", "81"}, {"129", "82"},  // VinaPhone
    {"186", "56"}, {"188", "58"},                                               // Vietnamobile
    {"199", "59"},                                                              // Gmobile
}};

// The two-digit mobile prefixes (after the trunk 0) that operators hold since the 2018
// renumbering: Viettel 032–039, 086, 096–098; VinaPhone 081–085, 088, 091, 094; MobiFone 070,
// 076–079, 089, 090, 093; Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Reddi 055; iTel 087.
constexpr std::array<std::string_view, 36> kMobilePrefixes{
    "32", "33", "34", "35", "36", "37", "38", "39", "52", "55", "56", "58", "59", "70", "76", "77", "78", "79",
    "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "96", "97", "98", "99",
};

bool mobile_prefix(std::string_view national) {
    for (auto p : kMobilePrefixes)
        if (national.starts_with(p)) return true;
    return false;
}

// E.164 caps a number at 15 digits (17 with a "00" prefix); refusing longer input while scanning
// keeps a hostile string from growing `digits`.
constexpr std::size_t kMaxE164Digits = 15;
constexpr std::size_t kMaxDigits = kMaxE164Digits + 2;

std::optional<std::string> vietnam(std::string_view national) {
    if (national.size() == 10 && national[0] == '1') {
        for (const auto& row : kRenumbering) {
            if (national.substr(0, 3) == row.old_prefix) {
                std::string canonical = "+84";
                canonical += row.new_prefix;
                canonical += national.substr(3);
                return canonical;
            }
        }
        return std::nullopt;
    }
    // Mobiles: 9 digits after the trunk 0, under a prefix in use since the 2018 renumbering.
    // Landlines: 10 digits, all under an area code 02x. Anything else (a second trunk 0, service
    // numbers 1800/1900, prefixes no operator holds) is not a number a customer can be reached at.
    const bool valid = (national.size() == 9 && mobile_prefix(national)) ||
                       (national.size() == 10 && national[0] == '2');
    if (!valid) return std::nullopt;
    return "+84" + std::string(national);
}

}  // namespace

bool placeholder_phone(std::string_view canonical) {
    if (!canonical.starts_with("+84")) return false;
    std::string_view national = canonical.substr(3);
    if (national.size() < 2) return false;
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < national.size(); ++i) {
        int step = national[i] - national[i - 1];
        same = same && step == 0;
        up = up && step == 1;
        down = down && step == -1;
    }
    return same || up || down;
}

std::optional<std::string> canonical_phone(std::string_view raw) {
    std::string digits;
    bool plus = false;
    bool other_separator_seen = false;  // anything but space or '(' before the '+'
    for (char c : raw) {
        if (c >= '0' && c <= '9') {
            if (digits.size() == kMaxDigits) return std::nullopt;
            digits += c;
        } else if (c == '+') {
            // Only a leading '+' means "international"; "(+84)" is common enough to allow.
            if (plus || !digits.empty() || other_separator_seen) return std::nullopt;
            plus = true;
        } else if (c == ' ' || c == '(') {
            continue;  // the separators that may come before a '+', as in "(+84) 912 345 678"
        } else if (c == '.' || c == '-' || c == ')') {
            other_separator_seen = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits.empty()) return std::nullopt;

    std::string_view d = digits;
    if (!plus && d.substr(0, 2) == "00") {
        plus = true;  // "00" is the international call prefix dialled from Vietnam
        d.remove_prefix(2);
    }
    if (plus) {
        if (d.substr(0, 2) == "84") return vietnam(d.substr(2));
        // E.164: a country code never starts with 0, and a full number has 8 to 15 digits.
        if (d.empty() || d[0] == '0' || d.size() < 8 || d.size() > kMaxE164Digits) {
            return std::nullopt;
        }
        return "+" + std::string(d);
    }
    if (d[0] == '0') return vietnam(d.substr(1));
    // Without a '+', "84" is only taken as the country code when what follows has a national
    // number's length; otherwise it is the start of a national number (084 is a mobile prefix).
    if (d.substr(0, 2) == "84" && (d.size() == 11 || d.size() == 12)) return vietnam(d.substr(2));
    if (d.size() == 9) return vietnam(d);
    return std::nullopt;
}

}  // namespace loyalty::core
