#pragma once
// Parses a webhook body without ever turning a number into a double: money arrives as
// `13200000.0000`, and a double would round it. Integers stay integers; every number with a
// fraction or exponent, or too large for 64 bits, is kept as its exact source text in a string.
#include <boost/json/value.hpp>

#include <string_view>

namespace loyalty::connectors {

// Throws core::Error(invalid_argument) naming the problem: malformed or truncated JSON, invalid
// UTF-8, nesting deeper than `max_depth`, trailing data.
boost::json::value parse_exact(std::string_view body, std::size_t max_depth = 64);

}  // namespace loyalty::connectors
