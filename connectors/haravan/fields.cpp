#include "haravan/fields.hpp"

#include <limits>

#include "common/instant.hpp"
#include "common/money.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::connectors::haravan {
namespace {

std::string_view view(const json::string& s) { return {s.data(), s.size()}; }

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

// Leading zeros would make "007" and "7" two customers.
std::string without_leading_zeros(std::string_view digits) {
    std::size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0') ++i;
    return std::string(digits.substr(i));
}

std::string timestamp_text(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) refuse(at(path, key) + " is required");
    if (!v->is_string()) refuse(at(path, key) + " must be a timestamp string");
    return std::string(view(v->get_string()));
}

}  // namespace

void refuse(const std::string& message) { core::fail(core::Status::invalid_argument, message); }

std::string at(std::string_view path, std::string_view key) {
    std::string out(path);
    out += '.';
    out += key;
    return out;
}

std::string at(std::string_view path, std::size_t index) {
    return std::string(path) + "[" + std::to_string(index) + "]";
}

const json::value* present(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

const json::object& object_at(const json::value& v, std::string_view path) {
    if (!v.is_object()) refuse(std::string(path) + " must be a JSON object");
    return v.get_object();
}

const json::array* optional_array(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return nullptr;
    if (!v->is_array()) refuse(at(path, key) + " must be an array");
    return &v->get_array();
}

const json::object* optional_object(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return nullptr;
    return &object_at(*v, at(path, key));
}

std::optional<std::string> optional_id(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return std::nullopt;
    std::string id;
    if (v->is_int64() && v->get_int64() >= 0) id = std::to_string(v->get_int64());
    else if (v->is_uint64()) id = std::to_string(v->get_uint64());
    else if (v->is_string() && all_digits(view(v->get_string()))) id = without_leading_zeros(view(v->get_string()));
    else refuse(at(path, key) + " must be a non-negative integer id");
    if (id == "0") return std::nullopt;
    return id;
}

std::string required_id(const json::object& o, std::string_view key, std::string_view path) {
    auto id = optional_id(o, key, path);
    if (!id) refuse(at(path, key) + " is required");
    return *id;
}

std::string required_string(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) refuse(at(path, key) + " is required");
    if (!v->is_string()) refuse(at(path, key) + " must be a string");
    return std::string(view(v->get_string()));
}

std::string optional_string(const json::object& o, std::string_view key) {
    const json::value* v = present(o, key);
    if (!v || !v->is_string()) return {};
    return std::string(view(v->get_string()));
}

std::optional<std::string> optional_text(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) refuse(at(path, key) + " must be a string");
    return std::string(view(v->get_string()));
}

int64_t required_money(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) refuse(at(path, key) + " is required");
    return read_money(*v, at(path, key));
}

int64_t optional_money(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    return v ? read_money(*v, at(path, key)) : 0;
}

int64_t money_magnitude(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return 0;
    std::string field = at(path, key);
    if (v->is_int64() && v->get_int64() < 0) {
        if (v->get_int64() == std::numeric_limits<int64_t>::min())
            refuse(field + " is larger than the largest amount (2^63-1 VND)");
        return -v->get_int64();
    }
    if (v->is_string()) {
        std::string_view text = view(v->get_string());
        if (!text.empty() && text.front() == '-') {
            if (auto amount = parse_money_text(text.substr(1))) return *amount;
            refuse(field + " \"" + std::string(text.substr(0, 64)) +
                   "\" is not an amount of VND (a number up to 2^63-1 in size)");
        }
    }
    return read_money(*v, field);
}

int64_t optional_count(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return 0;
    if (v->is_int64() && v->get_int64() >= 0) return v->get_int64();
    if (v->is_uint64() || v->is_int64()) refuse(at(path, key) + " must be a count (0 up to 2^63-1)");
    if (v->is_string()) {
        if (auto n = parse_money_text(view(v->get_string()))) return *n;
    }
    refuse(at(path, key) + " must be a count (0 up to 2^63-1)");
}

int64_t required_micros(const json::object& o, std::string_view key, std::string_view path, const core::Zone& zone) {
    std::string text = timestamp_text(o, key, path);
    auto micros = parse_instant_micros(text, zone);
    if (!micros) refuse(at(path, key) + " \"" + text.substr(0, 64) + "\" is not a timestamp");
    return *micros;
}

int64_t required_seconds(const json::object& o, std::string_view key, std::string_view path, const core::Zone& zone) {
    std::string text = timestamp_text(o, key, path);
    auto seconds = core::parse_timestamp(text, zone);
    if (!seconds) refuse(at(path, key) + " \"" + text.substr(0, 64) + "\" is not a timestamp");
    return *seconds;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            // U+00C0..U+00DE are capitals whose small letter is 0x20 above, except U+00D7 (×).
            unsigned char next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return out;
}

}  // namespace loyalty::connectors::haravan
