#include "admission.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace loyalty::server {

std::string_view refusal_name(Refusal r) {
    static constexpr std::array<std::string_view, refusal_count> names{
        "none", "address_full", "full", "handshakes", "handshake_rate"};
    return names[static_cast<std::size_t>(r)];
}

std::string client_key(const boost::asio::ip::address& address) {
    if (address.is_v4()) return address.to_string();
    auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

void Admission::refill(Client& c, Clock::time_point now, std::size_t rate) const {
    const double elapsed = std::chrono::duration<double>(now - c.refilled).count();
    if (elapsed > 0) c.tokens = std::min(static_cast<double>(rate), c.tokens + elapsed * static_cast<double>(rate));
    c.refilled = now;
}

Admission::Decision Admission::admit(uint64_t id, const std::string& key, bool tls, Clock::time_point now,
                                     const AdmissionLimits& limits) {
    rate_ = limits.handshake_rate;
    forget_idle_clients(now, limits.handshake_rate);
    auto [it, fresh] = clients_.try_emplace(key);
    Client& c = it->second;
    if (fresh) {
        c.tokens = static_cast<double>(limits.handshake_rate);
        c.refilled = now;
    }
    Decision d;
    if (tls) {
        refill(c, now, limits.handshake_rate);
        // Both are refused outright rather than making room: a stalled handshake is no better than a new one.
        if (c.handshakes >= limits.handshakes_per_address) return {false, Refusal::handshakes, 0};
        if (c.tokens < 1) return {false, Refusal::handshake_rate, 0};
    }
    if (c.ids.size() >= limits.per_address) {
        // A client at its own limit makes room among its own connections, never another client's.
        d.victim = oldest_waiting(c);
        if (!d.victim) return {false, Refusal::address_full, 0};
        d.reason = Refusal::address_full;
    } else if (open_ >= limits.max_connections) {
        // The server is full: the client holding the most connections gives up its longest-waiting one, so
        // a client with few keeps them and a new client always finds room unless every connection is busy.
        d.victim = oldest_waiting_of_heaviest();
        if (!d.victim) return {false, Refusal::full, 0};
        d.reason = Refusal::full;
    }
    if (d.victim) give_up(d.victim);
    if (tls) {
        c.tokens -= 1;
        ++c.handshakes;
    }
    entries_[id] = Entry{key, tls ? Phase::handshake : Phase::waiting, now, false};
    c.ids.insert(id);
    ++open_;
    d.admitted = true;
    return d;
}

void Admission::phase(uint64_t id, Phase phase, Clock::time_point now) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    Entry& e = it->second;
    if (!e.given_up && e.phase == Phase::handshake && phase != Phase::handshake) --clients_[e.key].handshakes;
    e.phase = phase;
    e.since = now;
}

void Admission::remove(uint64_t id, Clock::time_point now) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    if (!it->second.given_up) give_up(id);
    auto client = clients_.find(it->second.key);
    entries_.erase(it);
    if (client == clients_.end() || !client->second.ids.empty()) return;
    refill(client->second, now, rate_);
    // Kept while its bucket is short of full, so that closing its connections does not reset its rate.
    if (client->second.tokens >= static_cast<double>(rate_)) clients_.erase(client);
}

std::size_t Admission::from(const std::string& key) const {
    auto it = clients_.find(key);
    return it == clients_.end() ? 0 : it->second.ids.size();
}

uint64_t Admission::oldest_waiting(const Client& c) const {
    uint64_t oldest = 0;
    Clock::time_point since = Clock::time_point::max();
    for (uint64_t id : c.ids) {
        const Entry& e = entries_.at(id);
        if (e.phase != Phase::busy && (e.since < since || (e.since == since && id < oldest))) {
            oldest = id;
            since = e.since;
        }
    }
    return oldest;
}

uint64_t Admission::oldest_waiting_of_heaviest() const {
    std::vector<const Client*> clients;
    clients.reserve(clients_.size());
    for (const auto& [key, c] : clients_)
        if (!c.ids.empty()) clients.push_back(&c);
    std::sort(clients.begin(), clients.end(), [](const Client* a, const Client* b) { return a->ids.size() > b->ids.size(); });
    // Clients holding as many are one group: its longest-waiting connection goes first.
    for (std::size_t group = 0; group < clients.size();) {
        std::size_t end = group;
        uint64_t oldest = 0;
        Clock::time_point since = Clock::time_point::max();
        for (; end < clients.size() && clients[end]->ids.size() == clients[group]->ids.size(); ++end) {
            const uint64_t id = oldest_waiting(*clients[end]);
            if (id && entries_.at(id).since < since) {
                oldest = id;
                since = entries_.at(id).since;
            }
        }
        if (oldest) return oldest;
        group = end;
    }
    return 0;
}

void Admission::give_up(uint64_t id) {
    Entry& e = entries_.at(id);
    Client& c = clients_[e.key];
    c.ids.erase(id);
    if (e.phase == Phase::handshake) --c.handshakes;
    e.given_up = true;
    --open_;
}

// Clients with no connection and a full bucket carry nothing worth keeping. Swept only when the table has
// grown past twice what the last sweep left, so the cost per accept stays constant however many
// addresses come and go.
void Admission::forget_idle_clients(Clock::time_point now, std::size_t rate) {
    static constexpr std::size_t floor = 4096;
    if (clients_.size() < std::max(floor, 2 * swept_to_)) return;
    for (auto it = clients_.begin(); it != clients_.end();) {
        refill(it->second, now, rate);
        if (it->second.ids.empty() && it->second.tokens >= static_cast<double>(rate))
            it = clients_.erase(it);
        else
            ++it;
    }
    swept_to_ = clients_.size();
}

}  // namespace loyalty::server
