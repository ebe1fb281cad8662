#include "api_text.hpp"

#include <boost/json.hpp>

#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::apps {

std::string utc_text(int64_t t) {
    static const auto utc = core::Zone::load("UTC");
    std::string s = core::format_timestamp(t, *utc);
    if (s.ends_with("+00:00")) s.replace(s.size() - 6, 6, "Z");
    return s;
}

std::string id_text(const boost::json::value* v) {
    if (!v) return {};
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_string()) return std::string(v->get_string());
    return {};
}

boost::json::value id_value(const std::string& id) {
    bool digits = !id.empty() && id.size() <= 18;
    for (char c : id) digits = digits && c >= '0' && c <= '9';
    return digits ? boost::json::value(std::stoll(id)) : boost::json::value(id);
}

}  // namespace loyalty::apps
