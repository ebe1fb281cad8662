#pragma once
// The core's one exception type. Its status mirrors the C ABI's enum loyalty_status so the ABI
// layer can translate without a lookup table drifting out of sync.
#include <stdexcept>
#include <string>

namespace loyalty::core {

enum class Status : int {
    ok = 0,
    invalid_argument = 1,
    not_found = 2,
    conflict = 3,
    insufficient_points = 4,
    unauthenticated = 5,
    storage = 6,
    internal = 7,
};

class Error : public std::runtime_error {
public:
    Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    Status status() const noexcept { return status_; }

private:
    Status status_;
};

[[noreturn]] inline void fail(Status status, const std::string& message) { throw Error(status, message); }

}  // namespace loyalty::core
