#pragma once
// What every admin route shares: a JSON reply, a refusal, a call's document or failure as the
// response, and reading numbers and request documents out of the request. Split from router.cpp so
// that route files stay small.
#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "failure.hpp"
#include "router.hpp"
#include "url.hpp"

namespace loyalty::server {

Response reply(const Request& req, unsigned code, std::string body, const char* type = "application/json");

// {"error": {"code", "message", and the failure's details}} with the status the failure maps to.
Response failure_response(const Request& req, const documents::Failure& failure);
unsigned http_status(core::Status status);

// A request answered with an error before or instead of any engine call.
Handled refused(const Request& req, Route route, unsigned code, const char* name, const std::string& message);

// Runs `call` and answers 200 with the document it returns (an object, or text already JSON), or
// with its failure.
template <class F>
Response answer(const Request& req, F&& call) {
    try {
        auto document = call();
        if constexpr (std::is_same_v<decltype(document), std::string>) return reply(req, 200, std::move(document));
        else return reply(req, 200, boost::json::serialize(document));
    } catch (...) {
        return failure_response(req, documents::current_failure());
    }
}

// A query parameter or path segment of digits only; nullopt for anything else.
std::optional<int64_t> integer(const std::string& text);

// Copies the named text parameters that are present into the query.
void texts(const Target& t, std::initializer_list<const char*> names, boost::json::object& q);

// Copies the named whole-number parameters into the query; false (and `bad` names one) if not digits.
bool numbers(const Target& t, std::initializer_list<const char*> names, boost::json::object& q, std::string& bad);

// The request body as a JSON object: read as the ABI reads documents (a key twice is refused, a NUL
// is data, not the end). Throws invalid_argument naming `what`.
boost::json::object body_object(const Request& req, std::string_view what = "request");

// The body with the path's member id written in. A different member_id in the body is refused:
// the path names the member the caller meant.
boost::json::object with_member(const Request& req, const std::string& member_id);

}  // namespace loyalty::server
