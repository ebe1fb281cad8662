#include "fields.hpp"

#include <string>

#include "common/crypto.hpp"
#include "common/exact_json.hpp"
#include "common/instant.hpp"
#include "common/money.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::connectors::sapo_fields {

void refuse(const std::string& message) { core::fail(core::Status::invalid_argument, message); }

namespace {

std::string_view type_name(const json::value& v) {
    switch (v.kind()) {
        case json::kind::object:
            return "an object";
        case json::kind::array:
            return "an array";
        case json::kind::string:
            return "text";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::null:
            return "null";
        default:
            return "a number";
    }
}

[[noreturn]] void wrong_type(const std::string& path, std::string_view wanted, const json::value& v) {
    refuse(path + " must be " + std::string(wanted) + ", not " + std::string(type_name(v)));
}

// Quoted for a message, cut short: the text came from the body and may be long or hostile.
std::string quoted(std::string_view text) {
    return "\"" + std::string(text.substr(0, 64)) + (text.size() > 64 ? "…\"" : "\"");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

json::object parse_object(std::string_view body, std::string_view what) {
    json::value v = parse_exact(body);
    if (!v.is_object()) wrong_type(std::string(what), "a JSON object", v);
    return std::move(v.get_object());
}

const json::value* find(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

const json::object* optional_object(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = find(o, key);
    if (!v) return nullptr;
    if (!v->is_object()) wrong_type(path, "an object", *v);
    return &v->get_object();
}

const json::array* optional_array(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = find(o, key);
    if (!v) return nullptr;
    if (!v->is_array()) wrong_type(path, "an array", *v);
    return &v->get_array();
}

std::optional<std::string> optional_text(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = find(o, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) wrong_type(path, "text", *v);
    return std::string(v->get_string());
}

std::string require_text(const json::object& o, std::string_view key, const std::string& path) {
    auto text = optional_text(o, key, path);
    if (!text || text->empty()) refuse(path + " is required");
    return *text;
}

std::optional<std::string> optional_id(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = find(o, key);
    if (!v) return std::nullopt;
    if (v->is_int64()) {
        if (v->get_int64() < 0) refuse(path + " must not be negative");
        return std::to_string(v->get_int64());
    }
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_string()) {
        std::string_view text(v->get_string().data(), v->get_string().size());
        bool digits = !text.empty() && text.size() <= 20;
        for (char c : text)
            digits = digits && c >= '0' && c <= '9';
        if (!digits) refuse(path + " " + quoted(text) + " is not a Sapo id (digits)");
        return std::string(text);
    }
    wrong_type(path, "an id (a whole number)", *v);
}

std::string require_id(const json::object& o, std::string_view key, const std::string& path) {
    auto id = optional_id(o, key, path);
    if (!id) refuse(path + " is required");
    return *id;
}

std::optional<int64_t> optional_money(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = find(o, key);
    if (!v) return std::nullopt;
    return read_money(*v, path);
}

int64_t require_money(const json::object& o, std::string_view key, const std::string& path) {
    auto amount = optional_money(o, key, path);
    if (!amount) refuse(path + " is required");
    return *amount;
}

int64_t require_seconds(const json::object& o, std::string_view key, const std::string& path, const core::Zone& zone) {
    std::string text = require_text(o, key, path);
    auto seconds = core::parse_timestamp(text, zone);
    if (!seconds) refuse(path + " " + quoted(text) + " is not a timestamp");
    return *seconds;
}

int64_t require_micros(const json::object& o, std::string_view key, const std::string& path, const core::Zone& zone) {
    std::string text = require_text(o, key, path);
    auto micros = parse_instant_micros(text, zone);
    if (!micros) refuse(path + " " + quoted(text) + " is not a timestamp");
    return *micros;
}

int64_t checked_add(int64_t a, int64_t b, const std::string& path) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) refuse(path + " adds up to more than 2^63-1 VND");
    return sum;
}

int64_t checked_mul(int64_t a, int64_t b, const std::string& path) {
    int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) refuse(path + " multiplies out to more than 2^63-1 VND");
    return product;
}

std::string body_digest(std::string_view body) {
    // A keyed hash used as a plain digest; the key only separates it from signature uses.
    return hex_encode(hmac_sha256("sapo-delivery-digest", body).substr(0, 16));
}

std::optional<std::string> header_text(const Headers& headers, std::string_view name) {
    const std::string* value = headers.find(name);
    if (!value) return std::nullopt;
    return std::string(trim(*value));
}

std::string lenient_text(const json::object& o, std::string_view key) {
    const json::value* v = find(o, key);
    if (!v) return {};
    if (v->is_string()) return std::string(trim(std::string_view(v->get_string().data(), v->get_string().size())));
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return {};
}

std::string group_of(const json::object& customer) {
    std::string group = lenient_text(customer, "group_name");
    if (group.empty()) {
        if (const json::value* g = find(customer, "customer_group"); g && g->is_object())
            group = lenient_text(g->get_object(), "name");
    }
    return group;
}

bool is_test_delivery(const Headers& headers) { return headers.flag("x-sapo-test"); }

}  // namespace loyalty::connectors::sapo_fields
