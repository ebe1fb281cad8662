#include "util/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <limits>

#include "util/error.hpp"

namespace loyalty::core {

void fill_random(unsigned char* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = getrandom(out + got, size - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(Status::internal, "the system's random source failed");
        }
        got += static_cast<std::size_t>(n);
    }
}

uint64_t random_below(uint64_t n) {
    if (n == 0) fail(Status::internal, "random_below(0)");
    // Values at or above the largest multiple of n would make the low residues likelier: draw again.
    const uint64_t max = std::numeric_limits<uint64_t>::max();
    const uint64_t limit = max - (max % n + 1) % n;
    for (;;) {
        unsigned char bytes[8];
        fill_random(bytes, sizeof bytes);
        uint64_t v = 0;
        for (unsigned char b : bytes) v = (v << 8) | b;
        if (v <= limit) return v % n;
    }
}

}  // namespace loyalty::core
