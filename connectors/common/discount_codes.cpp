#include "common/discount_codes.hpp"

#include "common/text.hpp"
#include "util/error.hpp"

namespace loyalty::connectors {

std::vector<std::string> read_discount_codes(const boost::json::object& order, std::string_view path) {
    std::vector<std::string> codes;
    auto it = order.find("discount_codes");
    if (it == order.end() || it->value().is_null()) return codes;
    if (!it->value().is_array())
        core::fail(core::Status::invalid_argument, std::string(path) + ".discount_codes must be an array");
    for (const auto& entry : it->value().get_array()) {
        const boost::json::value* code = &entry;
        if (entry.is_object()) {
            auto c = entry.get_object().find("code");
            code = c == entry.get_object().end() ? nullptr : &c->value();
        }
        if (!code || !code->is_string()) continue;
        std::string text = trimmed(std::string_view(code->get_string().data(), code->get_string().size()));
        if (!text.empty()) codes.push_back(std::move(text));
    }
    return codes;
}

}  // namespace loyalty::connectors
