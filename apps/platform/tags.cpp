#include "tags.hpp"

#include <string_view>

namespace loyalty::apps {

std::string retagged(const std::string& tags, const std::string& tier) {
    std::string out;
    auto add = [&](std::string_view tag) {
        if (!out.empty()) out += ", ";
        out += tag;
    };
    std::size_t start = 0;
    while (start <= tags.size()) {
        std::size_t comma = tags.find(',', start);
        std::string_view tag = std::string_view(tags).substr(start, comma == std::string::npos ? std::string::npos
                                                                                                : comma - start);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (!tag.empty() && !tag.starts_with("loyalty:")) add(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (!tier.empty()) add("loyalty:" + tier);
    return out;
}

}  // namespace loyalty::apps
