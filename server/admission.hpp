#pragma once
// Which connections the server takes, and which it gives up to make room, so that one client (or a
// few) holding connections open without finishing a request or a handshake cannot lock the others
// out. The policy only: no sockets here, the server asks it at each accept and tells it what each
// connection is doing.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/ip/address.hpp>

#include "connection_refusal.hpp"

namespace loyalty::server {

// The limits it applies; they come from the live settings, so a reload changes them for the next accept.
struct AdmissionLimits {
    std::size_t max_connections = 1024;
    std::size_t per_address = 256;           // connections from one client
    std::size_t handshakes_per_address = 128;  // TLS handshakes in progress from one client
    std::size_t handshake_rate = 200;         // TLS handshakes a second from one client, the same as a burst
};

// What a connection is doing. Only a connection waiting on its client (for a handshake or a request)
// can be given up: one whose request is being answered never is, so nothing acknowledged is lost.
enum class Phase { handshake, waiting, busy };

// Who a connection counts against: the address, or for IPv6 its /64, which one host usually holds whole.
std::string client_key(const boost::asio::ip::address& address);

class Admission {
public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool admitted = false;
        Refusal reason = Refusal::none;  // why it was turned away, or why `victim` is given up
        uint64_t victim = 0;             // a connection to close to make room (0: none)
    };

    // A new connection `id` from `key`. When admitted it counts at once; a victim no longer counts.
    // Otherwise nothing changes and the connection is to be closed.
    Decision admit(uint64_t id, const std::string& key, bool tls, Clock::time_point now, const AdmissionLimits& limits);
    void phase(uint64_t id, Phase phase, Clock::time_point now);
    void remove(uint64_t id, Clock::time_point now);

    std::size_t open() const { return open_; }  // admitted and not given up
    std::size_t from(const std::string& key) const;
    std::size_t clients_tracked() const { return clients_.size(); }

private:
    struct Entry {
        std::string key;
        Phase phase = Phase::waiting;
        Clock::time_point since;  // when it started waiting on its client
        bool given_up = false;
    };
    struct Client {
        std::unordered_set<uint64_t> ids;  // its connections that count
        std::size_t handshakes = 0;
        double tokens = 0;  // handshakes it may start now
        Clock::time_point refilled;
    };

    void refill(Client& c, Clock::time_point now, std::size_t rate) const;
    uint64_t oldest_waiting(const Client& c) const;
    uint64_t oldest_waiting_of_heaviest() const;
    void give_up(uint64_t id);
    void forget_idle_clients(Clock::time_point now, std::size_t rate);

    std::unordered_map<uint64_t, Entry> entries_;
    std::unordered_map<std::string, Client> clients_;
    std::size_t open_ = 0;
    std::size_t rate_ = AdmissionLimits{}.handshake_rate;  // the last one applied, to know a full bucket
    std::size_t swept_to_ = 0;  // clients left by the last sweep
};

}  // namespace loyalty::server
