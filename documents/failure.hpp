#pragma once
// A failed call as the caller is told it: status, message and the facts it may act on. The C ABI
// keeps it as the thread's last error and the server sends it as the error body, from one place.
#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "util/error.hpp"

namespace loyalty::documents {

struct Failure {
    core::Status status = core::Status::internal;
    std::string message;
    core::ErrorDetails details;
};

// The exception being handled, as a failure; call it only inside a catch block. Input the JSON
// parser refuses is invalid_argument; anything unforeseen is internal.
Failure current_failure() noexcept;

// "invalid_argument", "not_found", …: the names loyalty_status_name gives.
std::string_view status_name(core::Status status);

// {"code": name, "message": …} and, when known, "quarantine_id", "available", "requested".
boost::json::object encode_failure(const Failure& failure);

}  // namespace loyalty::documents
