// The memory of delivery keys known to be stored (core/recent_deliveries.hpp): what lets a retry be answered
// without the store.
#include <catch2/catch.hpp>

#include <string>

#include "recent_deliveries.hpp"

using loyalty::core::RecentDeliveries;

TEST_CASE("a remembered key is known for its shop and platform only, and for max_age seconds") {
    RecentDeliveries recent(64, 3600);
    CHECK_FALSE(recent.knows("shop", "haravan", "k1", 100));
    recent.remember("shop", "haravan", "k1", 100);
    CHECK(recent.knows("shop", "haravan", "k1", 100));
    CHECK(recent.knows("shop", "haravan", "k1", 3699));
    CHECK_FALSE(recent.knows("shop", "haravan", "k1", 3700));
    CHECK_FALSE(recent.knows("shop", "sapo", "k1", 100));
    CHECK_FALSE(recent.knows("other", "haravan", "k1", 100));
    // The parts stay apart: no shop "sho" with platform "phara...".
    recent.remember("ab", "c", "d", 100);
    CHECK_FALSE(recent.knows("a", "bc", "d", 100));
    // Remembered again, the hour starts again.
    recent.remember("shop", "haravan", "k1", 3000);
    CHECK(recent.knows("shop", "haravan", "k1", 6000));
}

TEST_CASE("past its capacity the memory lets the oldest keys go, not one remembered again since") {
    // 8 shards of 2 keys each.
    RecentDeliveries recent(16, 3600);
    recent.remember("shop", "haravan", "kept", 1);
    for (int i = 0; i < 400; ++i) {
        recent.remember("shop", "haravan", "k" + std::to_string(i), 1);
        recent.remember("shop", "haravan", "kept", 1);  // remembered again after every other key
    }
    CHECK(recent.knows("shop", "haravan", "kept", 1));
    int known = 0;
    for (int i = 0; i < 400; ++i) known += recent.knows("shop", "haravan", "k" + std::to_string(i), 1);
    CHECK(known <= 16);
    CHECK(recent.knows("shop", "haravan", "k399", 1));
    CHECK_FALSE(recent.knows("shop", "haravan", "k0", 1));
}
