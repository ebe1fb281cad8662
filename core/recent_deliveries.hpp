#pragma once
// Delivery keys this process knows are durably stored, kept in memory so that a platform's retry of one can be
// answered without the store: by an I/O thread, before the request would wait for an engine thread.
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loyalty::core {

class RecentDeliveries {
public:
    // Keeps up to `capacity` keys (the oldest remembered go first), each for at most `max_age` seconds.
    explicit RecentDeliveries(std::size_t capacity = 1 << 16, int64_t max_age = 3600);
    // `now` in seconds. Only a key whose delivery is in the store, durably, may be remembered.
    void remember(std::string_view shop_id, std::string_view platform, std::string_view key, int64_t now);
    bool knows(std::string_view shop_id, std::string_view platform, std::string_view key, int64_t now) const;

private:
    static constexpr std::size_t shard_count = 8;  // I/O and engine threads rarely wait for one another
    struct Seen {
        int64_t at = 0;
        uint64_t turn = 0;  // which remembering of the key this is, so an older slot of the ring does not evict it
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Seen> seen;
        std::vector<std::string> ring;  // the keys in the order remembered; the next slot is the oldest
        std::size_t next = 0;
        uint64_t turns = 0;
    };
    Shard& shard_of(const std::string& joined) const;

    std::size_t per_shard_;
    int64_t max_age_;
    mutable std::array<Shard, shard_count> shards_;
};

}  // namespace loyalty::core
