#pragma once
// VND amounts exactly as the platforms send them: 580000, "580000", 13200000.0000, "409.94".
//
// The rule: an amount is a non-negative decimal number; a fraction of a dong is dropped (rounded
// down), because VND has no minor unit and points must never be granted on money not paid.
// An exponent (1.32E7) is applied exactly. Anything else is refused: negative amounts, empty text,
// thousands separators, and values above the int64 range.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace loyalty::connectors {

std::optional<int64_t> parse_money_text(std::string_view text);

// `value` as parsed by parse_exact (decimals arrive as their source text). Throws
// core::Error(invalid_argument) naming `field` when it is not an amount.
int64_t read_money(const boost::json::value& value, std::string_view field);

}  // namespace loyalty::connectors
