#pragma once
// The pieces of the KiotViet connector, shared between its files only.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/delivery.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::kiotviet {

namespace json = boost::json;
using Events = std::vector<core::DeliveryEvent>;

inline constexpr std::string_view platform = "kiotviet";

// --- fields.cpp: reading KiotViet's JSON with errors that name the field path ---

// Refuses the delivery: invalid_argument with `message`, which names the field path.
[[noreturn]] void refuse(const std::string& message);

// A string value's text (the caller checked it is a string).
std::string_view text_of(const json::value& value);

// ModifiedDate as the version of an invoice or a return, in microseconds: absent, null or .NET's
// DateTime.MinValue ("0001-01-01…", "never modified") is no version. `where` is the field's path as
// the payload spells it.
std::optional<int64_t> modified_version(const json::object& object, const std::string& where, const core::Zone& zone);

// The member `name`, or nullptr when it is absent or null. KiotViet's webhooks spell fields in
// PascalCase and its REST API in camelCase; an exact match wins, else the name matches ignoring case.
const json::value* field(const json::object& object, std::string_view name);

// `value` as an object; throws invalid_argument "<path> must be an object".
const json::object& as_object(const json::value& value, const std::string& path);

// The objects of a `Data` member, each with its path: an array of objects, or one object
// standing for itself.
struct Item {
    const json::object* object;
    std::string path;
};
std::vector<Item> objects_of(const json::value& data, const std::string& path);

// An id as decimal text, exactly as sent: integers, and digit strings (ids beyond 64 bits arrive as
// their source text). Zero is returned as "0": callers decide what zero means.
std::string read_id(const json::value& value, const std::string& path);
// The required, positive id in member `name`.
std::string required_id(const json::object& object, std::string_view name, const std::string& path);
bool is_zero_id(std::string_view id);

// A small integer code such as Status: an integer, or a string of digits.
int64_t read_code(const json::value& value, const std::string& path);

// Text of an optional member: empty when absent or null, trimmed; throws when it is not a string.
std::string optional_text(const json::object& object, std::string_view name, const std::string& path);

// The ids of a delete notification's `Data`: an array of bare ids (`[3001, 3002]`, what webhooks
// send), `{"RemoveId": [..]}`, or an array of such objects.
std::vector<std::string> removed_ids(const json::value& data, const std::string& path);

// --- signature.cpp ---
bool signature_matches(std::string_view header_value, std::string_view body, const std::vector<std::string>& secrets);

// --- customer.cpp ---
void map_customer_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out);
void map_customer_delete(const json::value& data, const std::string& path, Events& out);

// --- invoice.cpp ---
void map_invoice_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out);
void map_invoice_delete(const json::value* data, const std::string& path, Events& out);

// --- return.cpp: returns the apps pulled (Action "return.update", ours: KiotViet sends none) ---
void map_return_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out);

}  // namespace loyalty::connectors::kiotviet
