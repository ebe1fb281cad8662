#pragma once
// The codes an order applied at checkout, as Haravan and Sapo Web send them:
// "discount_codes": [{"code": "TET2024", "amount": 200000.0000, "type": "fixed_amount"}, ...].
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace loyalty::connectors {

// The trimmed, non-empty codes of `order`'s discount_codes, in order. Absent or null: none. An entry
// that is a bare string counts as its code; one without a text code is passed over (it cannot name
// a grant). Anything but an array is refused (invalid_argument naming `path`.discount_codes).
std::vector<std::string> read_discount_codes(const boost::json::object& order, std::string_view path);

}  // namespace loyalty::connectors
