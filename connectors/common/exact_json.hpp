#pragma once
// Parses a webhook body without ever turning a number into a double: money arrives as
// `13200000.0000`, and a double would round it. Integers stay integers; every number with a
// fraction or exponent, or too large for 64 bits, is kept as its exact source text in a string.
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace loyalty::connectors {

// Throws core::Error(invalid_argument) naming the problem: malformed or truncated JSON, invalid
// UTF-8, nesting deeper than `max_depth`, trailing data, a key twice in one object (by its path).
boost::json::value parse_exact(std::string_view body, std::size_t max_depth = 64);

// Why parse_json failed: a duplicate key (its path, e.g. "order.subtotal_price"), or the parser's
// message and the byte it stopped at.
struct ParseFailure {
    bool failed = false;
    std::string duplicate_key;
    std::string message;
    std::size_t at = 0;
};

// The one JSON reader of webhook bodies and ABI documents: duplicate keys refused (json::parse
// would keep the last one silently). `exact` keeps decimals as their source text, as parse_exact.
// The value's memory comes from `storage`.
boost::json::value parse_json(std::string_view text, bool exact, std::size_t max_depth, ParseFailure& failure,
                              boost::json::storage_ptr storage = {});

}  // namespace loyalty::connectors
