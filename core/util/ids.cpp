#include "util/ids.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>

namespace loyalty::core {

namespace {

// In ASCII order, so the characters sort as the numbers they encode.
constexpr char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr uint64_t tail_mask = (uint64_t{1} << 50) - 1;

void append_base32(std::string& out, uint64_t value) {
    char digits[10];
    for (int i = 9; i >= 0; --i, value >>= 5) digits[i] = alphabet[value & 31];
    out.append(digits, sizeof digits);
}

}  // namespace

std::string creation_ordered_id(std::string_view prefix, int64_t now_ms, uint64_t random_tail, int64_t& last_ms,
                                uint64_t& last_tail) {
    int64_t ms = std::max<int64_t>(now_ms, 0);
    uint64_t tail = random_tail & tail_mask;
    if (ms <= last_ms) {
        ms = last_ms;
        tail = (last_tail + 1) & tail_mask;
        // 2^50 ids in one millisecond cannot happen; if the count wraps, borrow the next millisecond.
        if (tail == 0) ++ms;
    }
    last_ms = ms;
    last_tail = tail;
    std::string id(prefix);
    id.reserve(prefix.size() + 20);
    append_base32(id, static_cast<uint64_t>(ms));
    append_base32(id, tail);
    return id;
}

std::string creation_ordered_id(std::string_view prefix) {
    static std::mutex mutex;
    static std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seq{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seq);
    }()};
    static int64_t last_ms = -1;
    static uint64_t last_tail = 0;
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    std::lock_guard lock(mutex);
    return creation_ordered_id(prefix, now_ms, generator(), last_ms, last_tail);
}

}  // namespace loyalty::core
