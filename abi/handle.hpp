#pragma once
// What every group of entry points shares: the engine behind the opaque handle, and argument checks.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "calls.hpp"
#include "engine.hpp"
#include "guard.hpp"
#include "json_fields.hpp"
#include "server.hpp"
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
    std::unique_ptr<loyalty::server::Server> server;  // null once stopped
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

// A copy of `text` in memory the caller releases with loyalty_free.
inline char* copy_out(const std::string& text) {
    char* p = static_cast<char*>(std::malloc(text.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, text.data(), text.size() + 1);
    return p;
}

}  // namespace loyalty::abi


namespace loyalty::abi {

// The shape of most entry points: a shop, a request document, a result document.
inline int call_on_shop(loyalty_engine* e, const char* shop_id, const char* request_json, const char* request_name,
                        char** out, const char* out_name, documents::ShopCall call) {
    return guarded([&] {
        require_out(out, out_name);
        auto& engine = engine_of(e);
        std::string shop = text_arg(shop_id, "shop_id");
        auto request = documents::parse_object(request_json, request_name);
        *out = copy_out(boost::json::serialize(call(engine, shop, request)));
    });
}

}  // namespace loyalty::abi
