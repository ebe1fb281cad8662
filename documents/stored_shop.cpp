#include "stored_shop.hpp"

#include <boost/json/serialize.hpp>

#include "json_fields.hpp"
#include "util/error.hpp"

namespace loyalty::documents {
namespace {

// A shop document always has a shop_id and never a "version"; the envelope is exactly these two.
bool is_envelope(const json::object& o) {
    return o.size() == 2 && o.contains("version") && o.contains("shop") && o.at("shop").is_object();
}

}  // namespace

std::string stored_shop_text(const json::object& shop) {
    return json::serialize(json::object{{"version", shop_document_version}, {"shop", shop}});
}

json::object read_stored_shop(std::string_view text) {
    json::object o = parse_object(text, "stored shop");
    if (!is_envelope(o)) return o;  // version 0: the bare document, the same form as version 1's
    const json::value& version = o.at("version");
    if (!version.is_int64() || version.get_int64() < 1)
        core::fail(core::Status::invalid_argument, "stored shop has version " + json::serialize(version) + ", not a known one");
    if (version.get_int64() > shop_document_version)
        core::fail(core::Status::invalid_argument,
                   "stored shop was written by a newer release (document version " +
                       std::to_string(version.get_int64()) + ", this release reads up to " +
                       std::to_string(shop_document_version) + ")");
    return std::move(o.at("shop").as_object());
}

}  // namespace loyalty::documents
