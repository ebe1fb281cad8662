#pragma once
// Why the server turned a new connection away, or gave up an open one to make room for it: the
// `reason` label of loyalty_connections_refused_total and loyalty_connections_given_up_total.
#include <cstddef>
#include <string_view>

namespace loyalty::server {

enum class Refusal {
    none,
    address_full,    // the client address holds limits.max_connections_per_address
    full,            // the server holds limits.max_connections
    handshakes,      // the client address has limits.max_handshakes_per_address in progress
    handshake_rate,  // the client address started limits.handshakes_per_second_per_address this second
    count_
};
constexpr std::size_t refusal_count = static_cast<std::size_t>(Refusal::count_);
std::string_view refusal_name(Refusal r);

}  // namespace loyalty::server
