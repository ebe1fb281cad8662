#pragma once
// What every group of entry points shares: the engine behind the opaque handle, and argument checks.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine.hpp"
#include "http/server.hpp"
#include "util/error.hpp"

struct loyalty_server;

// The servers running on an engine, so that closing the engine first stops them instead of leaving
// them to serve a freed engine. Shared, because a server handle may outlive its engine.
struct loyalty_server_set {
    std::mutex mutex;
    std::vector<loyalty_server*> live;
};

struct loyalty_server {
    std::mutex mutex;
    std::unique_ptr<loyalty::http::Server> server;  // null once stopped
    std::weak_ptr<loyalty_server_set> owner;
    int port = -1;

    void stop() {
        std::lock_guard lock(mutex);
        server.reset();
    }
};

struct loyalty_engine {
    std::shared_ptr<loyalty_server_set> servers = std::make_shared<loyalty_server_set>();
    std::unique_ptr<loyalty::core::Engine> engine;

    ~loyalty_engine() {
        std::lock_guard lock(servers->mutex);
        for (loyalty_server* s : servers->live) s->stop();
        servers->live.clear();
    }
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

namespace loyalty::abi {

// Now, for what the ABI reads or shows as of the call (an order without a time, a grant's expiry).
inline int64_t wall_clock() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace loyalty::abi
