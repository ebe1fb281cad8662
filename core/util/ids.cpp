#include "util/ids.hpp"

#include <mutex>
#include <random>

namespace loyalty::core {

std::string random_id(std::string_view prefix) {
    static std::mutex mutex;
    static std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seq{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seq);
    }()};
    static constexpr char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    uint64_t hi = 0, lo = 0;
    {
        std::lock_guard lock(mutex);
        hi = generator();
        lo = generator();
    }
    std::string id(prefix);
    for (int i = 0; i < 10; ++i, hi >>= 5) id += alphabet[hi & 31];
    for (int i = 0; i < 10; ++i, lo >>= 5) id += alphabet[lo & 31];
    return id;
}

}  // namespace loyalty::core
