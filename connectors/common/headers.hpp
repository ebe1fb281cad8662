#pragma once
// A delivery's HTTP headers. Names compare case-insensitively: platforms are seen sending
// `X-Haravan-Hmacsha256` and `X-Haravan-HmacSha256` for the same header.
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loyalty::connectors {

class Headers {
public:
    void add(std::string name, std::string value);
    // The first value of `name`, or nullptr.
    const std::string* find(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }
    // Whether `name` is set to `true` or `1` (any case, blanks around ignored): how the platforms
    // flag a test delivery (`X-Haravan-Test`, `x-sapo-test`).
    bool flag(std::string_view name) const;

    // As a JSON object of strings (how a quarantined delivery keeps them), and back: a value that
    // is not a string is refused as invalid_argument.
    boost::json::object to_json() const;
    static Headers from_json(const boost::json::object& headers);

private:
    std::vector<std::pair<std::string, std::string>> items_;  // names as received
};

}  // namespace loyalty::connectors
