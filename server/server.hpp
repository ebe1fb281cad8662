#pragma once
// The HTTPS listener: Boost.Beast over Asio and OpenSSL. Network I/O runs on a few threads with a
// strand per connection; engine calls, which block until their commit is durable, run on a
// separate pool so that concurrent webhooks share commits without stalling the network.
#include <memory>

#include "config.hpp"
#include "engine.hpp"

namespace loyalty::server {

class Server {
public:
    // Binds and starts serving; throws core::Error(invalid_argument) for a bad configuration
    // (unreadable certificate, address in use, no TLS without insecure_http).
    Server(core::Engine& engine, ServerConfig config);
    // Stops accepting, lets requests in flight finish (up to drain_timeout), closes every
    // connection and returns once all threads are joined.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    unsigned short port() const;  // the bound port (useful with port 0)
    core::Engine& engine() const;  // the engine it serves

    // Reads the TLS certificate and key again from their files (a renewed certificate): new connections
    // use them, connections already open keep theirs. Throws core::Error(invalid_argument) when they
    // cannot be used, and the ones in use stay. Without TLS there is nothing to read.
    void reload_tls();
    // Applies a reloaded configuration's live part (LiveSettings, and TLS from the files it names) to the
    // running server. What it cannot change (the address, the threads, the apps) stays as started. Throws
    // core::Error(invalid_argument), changing nothing, for TLS that cannot be used or switched on or off.
    void reconfigure(const ServerConfig& fresh);

    struct State;  // defined with the sessions in server.cpp

private:
    std::unique_ptr<State> state_;
};

}  // namespace loyalty::server
