#pragma once
// Reading Sapo bodies field by field. Every refusal names the field's path ("order.total is
// required") so an operator reading the quarantine knows which field broke the delivery. Both
// Sapo APIs share these readers; what a field means stays in the web_* and go_* files.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/headers.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::sapo_fields {

namespace json = boost::json;

// Refuses the delivery: invalid_argument with `message`, which names the field path.
[[noreturn]] void refuse(const std::string& message);

// The body parsed exactly (no double anywhere), which must be a JSON object; `what` names it.
json::object parse_object(std::string_view body, std::string_view what);

// The member `key`, or nullptr when it is absent or JSON null: Sapo sends null for "not set".
const json::value* find(const json::object& o, std::string_view key);

// An object or array member; nullptr when absent or null; any other type is refused.
const json::object* optional_object(const json::object& o, std::string_view key, const std::string& path);
const json::array* optional_array(const json::object& o, std::string_view key, const std::string& path);

// A text member; std::nullopt when absent or null; a non-string is refused.
std::optional<std::string> optional_text(const json::object& o, std::string_view key, const std::string& path);
std::string require_text(const json::object& o, std::string_view key, const std::string& path);

// A platform id (a positive integer, or its decimal text) as decimal text.
std::optional<std::string> optional_id(const json::object& o, std::string_view key, const std::string& path);
std::string require_id(const json::object& o, std::string_view key, const std::string& path);

// VND through read_money: integers, decimal text, fractions dropped; negatives and > int64 refused.
std::optional<int64_t> optional_money(const json::object& o, std::string_view key, const std::string& path);
int64_t require_money(const json::object& o, std::string_view key, const std::string& path);

// A timestamp as unix seconds / microseconds; zone-less text is local time in `zone`.
int64_t require_seconds(const json::object& o, std::string_view key, const std::string& path, const core::Zone& zone);
int64_t require_micros(const json::object& o, std::string_view key, const std::string& path, const core::Zone& zone);

// Sums that refuse to wrap: amounts come from the body and a forger with the secret, or a bug,
// must not turn a huge sum negative.
int64_t checked_add(int64_t a, int64_t b, const std::string& path);
int64_t checked_mul(int64_t a, int64_t b, const std::string& path);

// The customer's group: `group_name`, else `customer_group.name`; "" when neither is text. Both
// Sapo APIs send either shape, depending on the shop's settings.
std::string group_of(const json::object& customer);

// A short stable fingerprint of the raw body, for dedup keys of deliveries that carry no
// version: the same retried body gives the same text, another body another.
std::string body_digest(std::string_view body);

// A header value with surrounding blanks removed, or std::nullopt when absent.
std::optional<std::string> header_text(const Headers& headers, std::string_view name);

// Profile fields are never a reason to refuse a delivery: text as is, a number as its digits
// (a phone sent as 84912345678), anything else "".
std::string lenient_text(const json::object& o, std::string_view key);

// `x-sapo-test: true`: the sample notification Sapo sends from its webhook settings, whose
// made-up order must not earn anyone points.
bool is_test_delivery(const Headers& headers);

}  // namespace loyalty::connectors::sapo_fields
