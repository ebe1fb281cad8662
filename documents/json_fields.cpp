#include "json_fields.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include "common/exact_json.hpp"
#include "util/error.hpp"

namespace loyalty::documents {

using core::fail;
using core::Status;

std::string field_path(std::string_view path, std::string_view key) {
    if (path.empty()) return std::string(key);
    return std::string(path) + "." + std::string(key);
}

void bad(const std::string& message) { core::fail(core::Status::invalid_argument, message); }

json::object parse_object(const char* text, std::string_view what) {
    if (!text) fail(Status::invalid_argument, std::string(what) + " is NULL");
    return parse_object(std::string_view(text, std::strlen(text)), what);
}

json::object parse_object(std::string_view text, std::string_view what) {
    connectors::ParseFailure failure;
    json::value v = connectors::parse_json(text, false, 64, failure);
    if (!failure.duplicate_key.empty())
        fail(Status::invalid_argument, std::string(what) + "." + failure.duplicate_key +
                                           " is given twice: which value counts is not clear");
    if (failure.failed) fail(Status::invalid_argument, std::string(what) + " is not valid JSON: " + failure.message);
    if (!v.is_object()) fail(Status::invalid_argument, std::string(what) + " must be a JSON object");
    return std::move(v.as_object());
}

namespace {
const json::value* present(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return nullptr;
    return &it->value();
}
}  // namespace

std::optional<std::string> get_string(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(Status::invalid_argument, field_path(path, key) + " must be a string");
    const auto& s = v->get_string();
    return std::string(s.data(), s.size());
}

std::string require_string(const json::object& o, std::string_view key, std::string_view path) {
    auto s = get_string(o, key, path);
    if (!s || s->empty()) fail(Status::invalid_argument, field_path(path, key) + " is required");
    return *s;
}

std::optional<int64_t> get_integer(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return static_cast<int64_t>(v->get_uint64());
    if (v->is_uint64() || v->is_double())
        fail(Status::invalid_argument,
             field_path(path, key) + " must be a whole number between -9223372036854775808 and 9223372036854775807");
    fail(Status::invalid_argument, field_path(path, key) + " must be a number, not " +
                                       (v->is_string() ? "a string" : "a " + std::string(json::to_string(v->kind()))));
}

int64_t require_integer(const json::object& o, std::string_view key, std::string_view path) {
    auto n = get_integer(o, key, path);
    if (!n) fail(Status::invalid_argument, field_path(path, key) + " is required");
    return *n;
}

const json::object* get_object(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return nullptr;
    if (!v->is_object()) fail(Status::invalid_argument, field_path(path, key) + " must be an object");
    return &v->get_object();
}

const json::array* get_array(const json::object& o, std::string_view key, std::string_view path) {
    const json::value* v = present(o, key);
    if (!v) return nullptr;
    if (!v->is_array()) fail(Status::invalid_argument, field_path(path, key) + " must be an array");
    return &v->get_array();
}

void reject_unknown(const json::object& o, std::initializer_list<std::string_view> allowed, std::string_view path) {
    reject_unknown(o, std::span<const std::string_view>(allowed.begin(), allowed.size()), path);
}

void reject_unknown(const json::object& o, std::span<const std::string_view> allowed, std::string_view path) {
    for (const auto& kv : o) {
        bool known = false;
        for (auto a : allowed) known = known || kv.key() == a;
        if (!known) {
            std::string names;
            for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
            fail(Status::invalid_argument, "unknown field " + field_path(path, kv.key()) + " (expected " + names + ")");
        }
    }
}

}  // namespace loyalty::documents
