#pragma once
// The operating system's CSPRNG (getrandom): what grant codes and game draws are made from, so no
// one can predict or replay them.
#include <cstddef>
#include <cstdint>

namespace loyalty::core {

void fill_random(unsigned char* out, std::size_t size);
// Uniform in [0, n) for n > 0, without modulo bias.
uint64_t random_below(uint64_t n);

}  // namespace loyalty::core
