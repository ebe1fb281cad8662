#pragma once
// Request targets: path segments and query parameters, percent-decoded (by Boost.URL).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loyalty::server {

struct Target {
    std::vector<std::string> segments;  // "/api/v1/shops/demo" -> {"api", "v1", "shops", "demo"}
    std::vector<std::pair<std::string, std::string>> query;
    const std::string* param(std::string_view name) const;
};

// nullopt when the target is not origin-form, a percent escape is malformed, or a decoded segment
// or parameter holds a control character (%00, %0A, ...).
std::optional<Target> parse_target(std::string_view target);

}  // namespace loyalty::server
