#pragma once
// Reads a platform's JSON answer with the connectors' exact reader: numbers with a fraction stay
// their source text ("13200000.0000"), a key given twice is refused.
#include <boost/json/value.hpp>

#include "https_client.hpp"

namespace loyalty::apps::http {

// Throws HttpError(bad_body) naming the problem and the response's status.
boost::json::value parse_json_body(const Response& response, std::size_t max_depth = 64);

}  // namespace loyalty::apps::http
