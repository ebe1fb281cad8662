#include "money.hpp"

#include <limits>
#include <string>

#include "util/amounts.hpp"
#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<int64_t> parse_money_text(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    std::string digits;  // integer then fraction digits, the point at `point`
    while (i < text.size() && is_digit(text[i])) digits += text[i++];
    std::size_t point = digits.size();
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) digits += text[i++];
    }
    if (digits.empty()) return std::nullopt;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
        std::size_t exp_start = i;
        int64_t exponent = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (exponent > 100) return std::nullopt;  // far outside the int64 range either way
            exponent = exponent * 10 + (text[i++] - '0');
        }
        if (i == exp_start) return std::nullopt;
        if (exp_negative) point = exponent >= static_cast<int64_t>(point) ? 0 : point - static_cast<std::size_t>(exponent);
        else point += static_cast<std::size_t>(exponent);
    }
    if (i != text.size()) return std::nullopt;

    int64_t value = 0;
    for (std::size_t d = 0; d < point; ++d) {
        int digit = d < digits.size() ? digits[d] - '0' : 0;
        if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    if (negative && value != 0) return std::nullopt;
    // Dropping the fraction is the documented rounding: down, never up.
    return value;
}

namespace {

int64_t read_int64_money(const boost::json::value& value, std::string_view field) {
    auto refuse = [&](const std::string& why) -> int64_t {
        core::fail(core::Status::invalid_argument, std::string(field) + " " + why);
    };
    if (value.is_int64()) {
        if (value.get_int64() < 0) return refuse("must not be negative");
        return value.get_int64();
    }
    if (value.is_uint64()) return refuse("is above the largest amount accepted (10^15 VND)");
    if (value.is_string()) {
        std::string_view text(value.get_string().data(), value.get_string().size());
        if (auto amount = parse_money_text(text)) return *amount;
        return refuse("\"" + std::string(text.substr(0, 64)) +
                      "\" is not an amount of VND (a non-negative number up to 10^15)");
    }
    return refuse("must be a number of VND");
}

}  // namespace

int64_t read_money(const boost::json::value& value, std::string_view field) {
    int64_t amount = read_int64_money(value, field);
    // One range for money and points everywhere (core/util/amounts.hpp).
    if (amount > core::max_amount)
        core::fail(core::Status::invalid_argument,
                   std::string(field) + " is " + std::to_string(amount) + ", above the largest amount accepted (10^15 VND)");
    return amount;
}

}  // namespace loyalty::connectors
