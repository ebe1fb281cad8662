#include "recent_deliveries.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

namespace loyalty::core {

namespace {

// The three parts joined by a byte none of them may hold, so ("a", "bc") and ("ab", "c") stay apart.
std::string joined(std::string_view shop_id, std::string_view platform, std::string_view key) {
    std::string j;
    j.reserve(shop_id.size() + platform.size() + key.size() + 2);
    j.append(shop_id).push_back('\0');
    j.append(platform).push_back('\0');
    j.append(key);
    return j;
}

}  // namespace

RecentDeliveries::RecentDeliveries(std::size_t capacity, int64_t max_age)
    : per_shard_(std::max<std::size_t>(1, capacity / shard_count)), max_age_(max_age) {}

RecentDeliveries::Digest RecentDeliveries::digest_of(std::string_view shop_id, std::string_view platform,
                                                     std::string_view key) {
    const std::string j = joined(shop_id, platform, key);
    unsigned char sha[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(j.data()), j.size(), sha);
    Digest d;
    std::memcpy(d.data(), sha, sizeof d);
    return d;
}

void RecentDeliveries::remember(std::string_view shop_id, std::string_view platform, std::string_view key,
                                int64_t now) {
    const Digest j = digest_of(shop_id, platform, key);
    Shard& s = shard_of(j);
    std::lock_guard lock(s.mutex);
    if (s.ring.size() < per_shard_) {
        s.ring.push_back(j);
    } else {
        Digest& oldest = s.ring[s.next];
        auto it = s.seen.find(oldest);
        // The slot's turn is the number of keys remembered before it came round again.
        if (it != s.seen.end() && it->second.turn + per_shard_ <= s.turns) s.seen.erase(it);
        oldest = j;
        s.next = (s.next + 1) % per_shard_;
    }
    s.seen[j] = Seen{now, s.turns++};
}

bool RecentDeliveries::knows(std::string_view shop_id, std::string_view platform, std::string_view key,
                             int64_t now) const {
    const Digest j = digest_of(shop_id, platform, key);
    const Shard& s = shard_of(j);
    std::lock_guard lock(s.mutex);
    auto it = s.seen.find(j);
    return it != s.seen.end() && now - it->second.at < max_age_;
}

}  // namespace loyalty::core
