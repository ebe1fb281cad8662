#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "common/instant.hpp"
#include "common/text.hpp"
#include "internal.hpp"
#include "util/error.hpp"

namespace loyalty::connectors::kiotviet {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string_view view(const json::string& s) { return {s.data(), s.size()}; }

// Quotes a piece of the offending value into an error message without letting a huge one through.
std::string quoted(std::string_view text) { return "\"" + std::string(text.substr(0, 64)) + "\""; }

}  // namespace

[[noreturn]] void refuse(const std::string& message) { core::fail(core::Status::invalid_argument, message); }

std::string_view text_of(const json::value& value) { return view(value.get_string()); }

std::optional<int64_t> modified_version(const json::object& object, const std::string& where, const core::Zone& zone) {
    const json::value* value = field(object, "ModifiedDate");
    if (!value) return std::nullopt;
    if (!value->is_string()) refuse(where + " must be a date-time string");
    std::string_view text = text_of(*value);
    if (text.substr(0, 10) == "0001-01-01") return std::nullopt;
    auto micros = parse_instant_micros(text, zone);
    if (!micros || *micros < 0) refuse(where + " " + quoted(text) + " is not a date-time");
    return micros;
}

const json::value* field(const json::object& object, std::string_view name) {
    const json::value* found = object.if_contains(name);
    if (!found) {
        for (const auto& member : object) {
            if (same_ignoring_case(std::string_view(member.key().data(), member.key().size()), name)) {
                found = &member.value();
                break;
            }
        }
    }
    if (found && found->is_null()) return nullptr;
    return found;
}

const json::object& as_object(const json::value& value, const std::string& path) {
    if (!value.is_object()) refuse(path + " must be an object");
    return value.get_object();
}

std::vector<Item> objects_of(const json::value& data, const std::string& path) {
    std::vector<Item> out;
    if (data.is_object()) {
        out.push_back({&data.get_object(), path});
        return out;
    }
    if (!data.is_array()) refuse(path + " must be an array of objects");
    const auto& items = data.get_array();
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string at = path + "[" + std::to_string(i) + "]";
        const json::object& object = as_object(items[i], at);
        out.push_back({&object, std::move(at)});
    }
    return out;
}

std::string read_id(const json::value& value, const std::string& path) {
    if (value.is_int64()) {
        if (value.get_int64() < 0) refuse(path + " must not be negative");
        return std::to_string(value.get_int64());
    }
    if (value.is_uint64()) return std::to_string(value.get_uint64());
    // parse_exact hands integers beyond 64 bits over as their digits, so they stay exact here.
    if (value.is_string() && all_digits(view(value.get_string()))) return std::string(view(value.get_string()));
    if (value.is_string()) refuse(path + " " + quoted(view(value.get_string())) + " is not an id (digits)");
    refuse(path + " must be an id (an integer)");
}

bool is_zero_id(std::string_view id) { return id.find_first_not_of('0') == std::string_view::npos; }

std::string required_id(const json::object& object, std::string_view name, const std::string& path) {
    const std::string where = path + "." + std::string(name);
    const json::value* value = field(object, name);
    if (!value) refuse(where + " is required");
    std::string id = read_id(*value, where);
    if (is_zero_id(id)) refuse(where + " must be a positive id");
    return id;
}

int64_t read_code(const json::value& value, const std::string& path) {
    if (value.is_int64()) return value.get_int64();
    if (value.is_string()) {
        std::string_view text = view(value.get_string());
        if (all_digits(text) && text.size() <= 9) return std::stoll(std::string(text));
        refuse(path + " " + quoted(text) + " is not a status code");
    }
    refuse(path + " must be an integer");
}

std::string optional_text(const json::object& object, std::string_view name, const std::string& path) {
    const json::value* value = field(object, name);
    if (!value) return {};
    if (!value->is_string()) refuse(path + "." + std::string(name) + " must be a string");
    return trimmed(view(value->get_string()));
}

std::vector<std::string> removed_ids(const json::value& data, const std::string& path) {
    std::vector<std::string> ids;
    auto take = [&](const json::value& v, const std::string& at) {
        std::string id = read_id(v, at);
        if (is_zero_id(id)) refuse(at + " must be a positive id");
        ids.push_back(std::move(id));
    };
    auto from_object = [&](const json::object& object, const std::string& at) {
        const std::string where = at + ".RemoveId";
        const json::value* removed = field(object, "RemoveId");
        if (!removed) refuse(where + " is required");
        if (removed->is_array()) {
            const auto& list = removed->get_array();
            for (std::size_t k = 0; k < list.size(); ++k) take(list[k], where + "[" + std::to_string(k) + "]");
        } else {
            take(*removed, where);  // a single id rather than a list: same meaning
        }
    };
    // What webhooks send: the bare ids ([3001, 3002]). The list endpoints' {"RemoveId": [...]}
    // shape, alone or in a list, is read too.
    if (data.is_object()) {
        from_object(data.get_object(), path);
    } else if (data.is_array()) {
        const auto& list = data.get_array();
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string at = path + "[" + std::to_string(k) + "]";
            if (list[k].is_object()) from_object(list[k].get_object(), at);
            else take(list[k], at);
        }
    } else {
        refuse(path + " must be an array of ids or objects");
    }
    return ids;
}

}  // namespace loyalty::connectors::kiotviet
