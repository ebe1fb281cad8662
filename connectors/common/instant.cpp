#include "instant.hpp"

#include <string>

#include "util/timestamp.hpp"

namespace loyalty::connectors {

std::optional<int64_t> parse_instant_micros(std::string_view text, const core::Zone& local) {
    auto seconds = core::parse_timestamp(text, local);
    if (!seconds) return std::nullopt;
    int64_t micros = 0;
    // parse_timestamp validated the shape; the fraction, if any, follows the seconds' '.'.
    auto dot = text.find('.');
    if (dot != std::string_view::npos && dot > 10) {
        int64_t scale = 100000;
        for (std::size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            if (scale > 0) micros += (text[i] - '0') * scale;
            scale /= 10;
        }
    }
    return *seconds * 1000000 + micros;
}

}  // namespace loyalty::connectors
