#pragma once
// What a signed-in staff member may ask of the API (docs/dashboard.md, "Roles"): only their own
// shop, reads for every role, the counter's writes for cashiers, everything else for owners, and
// every write with the session's CSRF token.
#include <boost/beast/http.hpp>

#include <optional>
#include <string>

#include "domain/staff.hpp"
#include "url.hpp"

namespace loyalty::server {

struct StaffRefusal {
    unsigned status;    // 403
    const char* code;   // "forbidden"
    std::string message;
};

// nullopt when the request is allowed. `csrf` is the request's X-CSRF-Token header.
std::optional<StaffRefusal> staff_refusal(const core::StaffSession& session, boost::beast::http::verb method,
                                          const Target& target, std::string_view csrf);

bool is_write(boost::beast::http::verb method);
// Whether `csrf` (the request's X-CSRF-Token) is the session's, compared in constant time.
bool csrf_matches(const core::StaffSession& session, std::string_view csrf);

// The value of one cookie of a Cookie header; empty when absent.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace loyalty::server
