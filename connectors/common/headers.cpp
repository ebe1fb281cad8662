#include "headers.hpp"

#include <algorithm>

namespace loyalty::connectors {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void Headers::add(std::string name, std::string value) {
    std::transform(name.begin(), name.end(), name.begin(), lower);
    items_.emplace_back(std::move(name), std::move(value));
}

const std::string* Headers::find(std::string_view name) const {
    for (const auto& [key, value] : items_) {
        if (key.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; same && i < key.size(); ++i) same = key[i] == lower(name[i]);
        if (same) return &value;
    }
    return nullptr;
}

bool Headers::flag(std::string_view name) const {
    const std::string* value = find(name);
    if (!value) return false;
    std::string v;
    for (char c : *value)
        if (c != ' ' && c != '\t') v += lower(c);
    return v == "true" || v == "1";
}

}  // namespace loyalty::connectors
