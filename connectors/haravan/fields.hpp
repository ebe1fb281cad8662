#pragma once
// Reading Haravan's JSON with the field's path in every refusal, so an operator looking at a
// quarantined delivery sees which field broke it ("order.refunds[1].transactions[0].amount").
//
// The split between required and optional follows one rule: what the loyalty mapping cannot do
// without (ids, timestamps, amounts) is required and must have the right type; what only enriches
// a member (email, names, group) is optional and dropped when it has an unexpected type.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::haravan {

namespace json = boost::json;

[[noreturn]] void refuse(const std::string& message);

std::string at(std::string_view path, std::string_view key);  // "order" + "id" -> "order.id"
std::string at(std::string_view path, std::size_t index);     // "order.refunds" + 1 -> "order.refunds[1]"

// The member, or nullptr when it is absent or JSON null: Haravan writes null for "not set".
const json::value* present(const json::object& o, std::string_view key);

const json::object& object_at(const json::value& v, std::string_view path);
// nullptr when absent or null; refuses anything but an array.
const json::array* optional_array(const json::object& o, std::string_view key, std::string_view path);
// nullptr when absent or null; refuses anything but an object.
const json::object* optional_object(const json::object& o, std::string_view key, std::string_view path);

// An id as decimal text: a non-negative integer or a string of digits. Haravan writes 0 for "no
// such object" (a refund's embedded line item has "id": 0), so 0 reads as absent.
std::optional<std::string> optional_id(const json::object& o, std::string_view key, std::string_view path);
std::string required_id(const json::object& o, std::string_view key, std::string_view path);

std::string required_string(const json::object& o, std::string_view key, std::string_view path);
// "" when absent, null or not a string.
std::string optional_string(const json::object& o, std::string_view key);
// nullopt when absent or null; refuses anything but a string.
std::optional<std::string> optional_text(const json::object& o, std::string_view key, std::string_view path);

// Amounts through read_money: exact, fraction dropped, negative refused.
int64_t required_money(const json::object& o, std::string_view key, std::string_view path);
int64_t optional_money(const json::object& o, std::string_view key, std::string_view path);  // 0 when absent
// Refund transactions carry the money going back as a negative amount ("amount": -1500000.0000):
// the size is what counts, so the sign is dropped here and only here.
int64_t money_magnitude(const json::object& o, std::string_view key, std::string_view path);

// A count (quantity): a non-negative integer, or a decimal whose fraction is dropped.
int64_t optional_count(const json::object& o, std::string_view key, std::string_view path);  // 0 when absent

// Timestamps carry a zone on Haravan; `zone` only reads one that does not.
int64_t required_micros(const json::object& o, std::string_view key, std::string_view path, const core::Zone& zone);
int64_t required_seconds(const json::object& o, std::string_view key, std::string_view path, const core::Zone& zone);

// ASCII letters and the Latin-1 capitals (À, Ô, …) lowered, so "Thành Công" and "THÀNH CÔNG" compare
// equal to "thành công". Other characters are kept.
std::string lowered(std::string_view text);

}  // namespace loyalty::connectors::haravan
