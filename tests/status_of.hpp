#pragma once
// What a call fails with, for tests that check a refusal's status rather than its message.
#include <functional>

#include "util/error.hpp"

namespace loyalty::test {

// The status `f` fails with, or ok.
inline core::Status status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const core::Error& e) {
        return e.status();
    }
    return core::Status::ok;
}

}  // namespace loyalty::test
