// The HTTPS server inside a host process: the same listener loyaltyd runs.
#include "calls.hpp"
#include "config_document.hpp"
#include "handle.hpp"
#include "loyalty/loyalty.h"

extern "C" {

LOYALTY_API int loyalty_server_start(loyalty_engine* e, const char* server_json, loyalty_server** out) {
    using namespace loyalty::abi;
    return guarded([&] {
        require_out(out, "out");
        auto& engine = engine_of(e);
        auto config = loyalty::server::decode_server(loyalty::documents::parse_object(server_json, "server"));
        auto handle = std::make_unique<loyalty_server>();
        handle->server = std::make_unique<loyalty::server::Server>(engine, std::move(config));
        handle->port = handle->server->port();
        handle->owner = e->servers;
        std::lock_guard lock(e->servers->mutex);
        e->servers->live.push_back(handle.get());
        *out = handle.release();
    });
}

LOYALTY_API int loyalty_server_port(loyalty_server* s) {
    if (!s) return -1;
    return s->port;
}

LOYALTY_API int loyalty_server_reload(loyalty_server* s) {
    return loyalty::abi::guarded([&] {
        if (!s) loyalty::core::fail(loyalty::core::Status::invalid_argument, "server is NULL");
        // Held so that closing the engine cannot stop the server in the middle of the reload.
        std::lock_guard lock(s->mutex);
        if (!s->server)
            loyalty::core::fail(loyalty::core::Status::invalid_argument, "the server was stopped when its engine closed");
        s->server->reload_tls();
    });
}

LOYALTY_API int loyalty_server_reconfigure(loyalty_server* s, const char* config_json) {
    using namespace loyalty::abi;
    return guarded([&] {
        if (!s) loyalty::core::fail(loyalty::core::Status::invalid_argument, "server is NULL");
        // The whole document is checked, seeds included, before anything changes.
        auto document = loyalty::documents::parse_object(config_json, "config");
        auto fresh = loyalty::server::decode_server(document);
        auto seeds = loyalty::documents::decode_seeds(document);
        std::lock_guard lock(s->mutex);
        if (!s->server)
            loyalty::core::fail(loyalty::core::Status::invalid_argument, "the server was stopped when its engine closed");
        s->server->reconfigure(fresh);
        for (const auto& shop : seeds) loyalty::documents::seed_shop(s->server->engine(), shop);
    });
}

LOYALTY_API void loyalty_server_stop(loyalty_server* s) {
    loyalty::abi::guarded([&] {
        if (!s) return;
        if (auto set = s->owner.lock()) {
            std::lock_guard lock(set->mutex);
            std::erase(set->live, s);
        }
        s->stop();
        delete s;
    });
}

}  // extern "C"
