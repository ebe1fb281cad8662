#include "headers.hpp"

#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void Headers::add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }

const std::string* Headers::find(std::string_view name) const {
    for (const auto& [key, value] : items_) {
        if (key.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; same && i < key.size(); ++i) same = lower(key[i]) == lower(name[i]);
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

boost::json::object Headers::to_json() const {
    boost::json::object o;
    // Names as received, so a quarantined delivery shows what the platform sent; a repeated
    // header keeps its first value, as find() does.
    for (const auto& [name, value] : items_)
        if (find(name) == &value) o[name] = value;
    return o;
}

Headers Headers::from_json(const boost::json::object& o) {
    Headers headers;
    for (const auto& [name, value] : o) {
        if (!value.is_string())
            core::fail(core::Status::invalid_argument, "headers[\"" + std::string(name) + "\"] must be a string");
        headers.add(std::string(name), std::string(value.get_string()));
    }
    return headers;
}

}  // namespace loyalty::connectors
