// The HTTPS server inside a host process: the same listener loyaltyd runs.
#include "codec.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "http/server.hpp"
#include "loyalty/loyalty.h"

struct loyalty_server {
    std::unique_ptr<loyalty::http::Server> server;
};

extern "C" {

LOYALTY_API int loyalty_server_start(loyalty_engine* e, const char* server_json, loyalty_server** out) {
    using namespace loyalty::abi;
    return guarded([&] {
        require_out(out, "out");
        engine_of(e);
        auto config = decode_server(parse_object(server_json, "server"));
        auto handle = std::make_unique<loyalty_server>();
        handle->server = std::make_unique<loyalty::http::Server>(e, std::move(config));
        *out = handle.release();
    });
}

LOYALTY_API int loyalty_server_port(loyalty_server* s) {
    if (!s) return -1;
    return s->server->port();
}

LOYALTY_API void loyalty_server_stop(loyalty_server* s) {
    loyalty::abi::guarded([&] { delete s; });
}

}  // extern "C"
