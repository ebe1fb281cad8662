#pragma once
// What every group of entry points shares: the engine behind the opaque handle, and argument checks.
#include <memory>
#include <string>

#include "engine.hpp"
#include "util/error.hpp"

struct loyalty_engine {
    std::unique_ptr<loyalty::core::Engine> engine;
};

namespace loyalty::abi {

inline core::Engine& engine_of(loyalty_engine* e) {
    if (!e) core::fail(core::Status::invalid_argument, "engine is NULL");
    return *e->engine;
}

inline std::string text_arg(const char* s, const char* what) {
    if (!s) core::fail(core::Status::invalid_argument, std::string(what) + " is NULL");
    return s;
}

// Clears an out-parameter first, so it is NULL (or zero) whenever the call fails.
template <class T>
void require_out(T* out, const char* what) {
    if (!out) core::fail(core::Status::invalid_argument, std::string(what) + " is NULL");
    *out = T{};
}

}  // namespace loyalty::abi
