#pragma once
// How the platforms' APIs spell times and ids, shared by their API classes.
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace loyalty::apps {

// A time for a query parameter, in UTC with `Z` (a '+' in a query reads as a space).
std::string utc_text(int64_t unix_seconds);

// An id as the API gave it: an integer or a string, as decimal text; empty for anything else or null.
std::string id_text(const boost::json::value* v);

// An id to send back: a number when it is one (the platforms' ids are), else the text as it is.
boost::json::value id_value(const std::string& id);

}  // namespace loyalty::apps
