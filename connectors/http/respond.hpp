#pragma once
// What every admin route shares: a JSON reply, a refusal, an ABI call's result as the response, and
// reading numbers and member ids out of the request. Split from router.cpp so that route files stay small.
#include <cstdint>
#include <optional>
#include <string>

#include "router.hpp"

namespace loyalty::http {

Response reply(const Request& req, unsigned code, std::string body, const char* type = "application/json");

// A request answered with an error before or instead of any engine call.
Handled refused(const Request& req, Route route, unsigned code, const char* name, const std::string& message);

// One ABI call's status and JSON, as a response; frees `out`.
Response answer(const Request& req, int status, char* out);

template <class F>
Response call(const Request& req, F&& f) {
    char* out = nullptr;
    int s = f(&out);
    return answer(req, s, out);
}

// A query parameter or path segment of digits only; nullopt for anything else.
std::optional<int64_t> integer(const std::string& text);

// A request body that must be a JSON object, with the path's member id written in. A different
// member_id in the body is refused: the path names the member the caller meant.
std::optional<std::string> with_member(const std::string& body, const std::string& member_id, std::string& problem);

}  // namespace loyalty::http
