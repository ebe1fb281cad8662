#include "util/grant_code.hpp"

#include <array>

#include "util/random.hpp"

namespace loyalty::core {
namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t code_chars = 16;
constexpr std::size_t group_chars = 4;

std::string grouped(std::string_view plain) {
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && i % group_chars == 0) out += '-';
        out += plain[i];
    }
    return out;
}

}  // namespace

std::string new_grant_code() {
    std::array<unsigned char, code_chars> bytes{};
    fill_random(bytes.data(), bytes.size());
    std::string plain;
    // 256 is a multiple of 32, so each byte's low five bits are uniform.
    for (unsigned char b : bytes) plain += alphabet[b & 31];
    return grouped(plain);
}

std::string normal_grant_code(std::string_view typed) {
    std::string plain;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        if (alphabet.find(c) == std::string_view::npos) return {};
        plain += c;
    }
    if (plain.size() != code_chars) return {};
    return grouped(plain);
}

}  // namespace loyalty::core
