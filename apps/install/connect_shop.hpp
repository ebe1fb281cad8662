#pragma once
// What an install changes in the shop's program: its connection to the platform, verifying
// deliveries with the app's secret beside any the shop had before (both verify during a switch).
#include <string>

#include "engine.hpp"

namespace loyalty::apps {

struct Connecting {
    std::string shop_id;      // empty: the shop the platform names, made if none carries it
    std::string platform;     // "haravan", "sapo", "kiotviet"
    std::string account;      // Haravan's org id, Sapo's store, KiotViet's retailer
    std::string secret;       // what the platform signs webhooks with
    std::string default_id;   // the new shop's id when none carries the account: "haravan-<org>", …
};

// The shop the install connects: the one asked for, else the one already linked to this account on
// this platform, else a new shop (`default_id`, the default program). Its connection is added or
// updated in one put of its definition; returns the shop's id.
std::string connect_shop(core::Engine& engine, const Connecting& c);

}  // namespace loyalty::apps
