#include "api_failure.hpp"

#include <boost/json.hpp>

#include "util/error.hpp"

namespace loyalty::apps {

const http::Response& checked(std::string_view platform, const http::Response& response) {
    if (response.status >= 200 && response.status < 300) return response;
    std::string start = response.body.substr(0, 300);
    throw http::HttpError(http::ErrorKind::http_status,
                          std::string(platform) + " answered " + std::to_string(response.status) +
                              (start.empty() ? "" : ": " + start),
                          true, response.status, std::nullopt, response.body);
}

const boost::json::array& list_in(const boost::json::value& doc, std::string_view key, std::string_view platform) {
    const boost::json::value* v = doc.is_object() ? doc.get_object().if_contains(key) : nullptr;
    if (!v || !v->is_array()) fail_api(platform, "answered without a \"" + std::string(key) + "\" list");
    return v->get_array();
}

const boost::json::object& object_in(const boost::json::value& doc, std::string_view key, std::string_view platform) {
    const boost::json::value* v = doc.is_object() ? doc.get_object().if_contains(key) : nullptr;
    if (!v || !v->is_object()) fail_api(platform, "answered without a \"" + std::string(key) + "\" object");
    return v->get_object();
}

void fail_api(std::string_view platform, const std::string& what) {
    throw http::HttpError(http::ErrorKind::bad_body, std::string(platform) + " " + what, true, 200);
}

bool revoked(const http::HttpError& e) {
    return e.kind() == http::ErrorKind::http_status && (e.status() == 401 || e.status() == 403);
}

bool access_refused(const std::exception& e) {
    if (const auto* http = dynamic_cast<const http::HttpError*>(&e)) return revoked(*http);
    const auto* core_error = dynamic_cast<const core::Error*>(&e);
    return core_error && core_error->status() == core::Status::unauthenticated;
}

}  // namespace loyalty::apps
