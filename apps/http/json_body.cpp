#include "json_body.hpp"

#include <exception>
#include <string>

#include "common/exact_json.hpp"

namespace loyalty::apps::http {

boost::json::value parse_json_body(const Response& response, std::size_t max_depth) {
    try {
        return connectors::parse_exact(response.body, max_depth);
    } catch (const std::exception& e) {
        throw HttpError(ErrorKind::bad_body,
                        "the HTTP " + std::to_string(response.status) + " answer is not readable JSON: " + e.what(), true,
                        response.status);
    }
}

}  // namespace loyalty::apps::http
