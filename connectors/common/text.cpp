#include "text.hpp"

namespace loyalty::connectors {

std::string trimmed(std::string_view text) {
    constexpr std::string_view blank = " \t\r\n";
    auto first = text.find_first_not_of(blank);
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(blank);
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace loyalty::connectors
