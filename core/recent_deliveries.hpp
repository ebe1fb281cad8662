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
    // Keeps up to `capacity` keys (the oldest remembered go first), each for at most `max_age` seconds. Each key is
    // held as 128 bits of its SHA-256, about 80 bytes with its place in the tables: 21 MB when full.
    explicit RecentDeliveries(std::size_t capacity = 1 << 18, int64_t max_age = 3600);
    // `now` in seconds. Only a key whose delivery is in the store, durably, may be remembered.
    void remember(std::string_view shop_id, std::string_view platform, std::string_view key, int64_t now);
    bool knows(std::string_view shop_id, std::string_view platform, std::string_view key, int64_t now) const;

private:
    static constexpr std::size_t shard_count = 8;  // I/O and engine threads rarely wait for one another
    // Two keys share a digest with a chance of about 2^-128 per pair: never, where a shared one would answer a new
    // delivery as a duplicate.
    using Digest = std::array<uint64_t, 2>;
    struct DigestHash {
        std::size_t operator()(const Digest& d) const noexcept { return static_cast<std::size_t>(d[0]); }
    };
    static Digest digest_of(std::string_view shop_id, std::string_view platform, std::string_view key);
    struct Seen {
        int64_t at = 0;
        uint64_t turn = 0;  // which remembering of the key this is, so an older slot of the ring does not evict it
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<Digest, Seen, DigestHash> seen;
        std::vector<Digest> ring;  // the keys in the order remembered; the next slot is the oldest
        std::size_t next = 0;
        uint64_t turns = 0;
    };
    Shard& shard_of(const Digest& d) const { return shards_[d[1] % shard_count]; }

    std::size_t per_shard_;
    int64_t max_age_;
    mutable std::array<Shard, shard_count> shards_;
};

}  // namespace loyalty::core
