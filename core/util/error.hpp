#pragma once
// The core's one exception type. Its status mirrors the C ABI's enum loyalty_status so the ABI
// layer can translate without a lookup table drifting out of sync.
#include <cstdint>
#include <optional>
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

// What a caller may act on, carried beside the message so that no caller has to read it out of a
// sentence that may be reworded.
struct ErrorDetails {
    std::optional<int64_t> quarantine_id;  // the delivery was kept in quarantine under this id
    std::optional<int64_t> available;      // insufficient_points: the points the member has
    std::optional<int64_t> requested;      // insufficient_points: the points the call needed

    static ErrorDetails shortfall(int64_t available, int64_t requested) {
        ErrorDetails d;
        d.available = available;
        d.requested = requested;
        return d;
    }
    static ErrorDetails quarantined(int64_t id) {
        ErrorDetails d;
        d.quarantine_id = id;
        return d;
    }
};

class Error : public std::runtime_error {
public:
    Error(Status status, const std::string& message, ErrorDetails details = {})
        : std::runtime_error(message), status_(status), details_(details) {}
    Status status() const noexcept { return status_; }
    const ErrorDetails& details() const noexcept { return details_; }

private:
    Status status_;
    ErrorDetails details_;
};

[[noreturn]] inline void fail(Status status, const std::string& message, ErrorDetails details = {}) {
    throw Error(status, message, details);
}

}  // namespace loyalty::core
