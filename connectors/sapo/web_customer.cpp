#include "common/customer_fields.hpp"
#include "fields.hpp"
#include "web.hpp"

namespace loyalty::connectors::sapo_web {

using namespace sapo_fields;

core::CustomerInput map_customer(const json::object& c, const std::string& path, const core::Zone& zone) {
    core::CustomerInput in;
    in.platform = "sapo";
    in.customer_id = require_id(c, "id", path + ".id");
    in.email = lenient_text(c, "email");
    in.phone = readable_phone(lenient_text(c, "phone"));
    in.name = full_name(lenient_text(c, "last_name"), lenient_text(c, "first_name"));
    if (in.name.empty()) in.name = lenient_text(c, "name");
    in.birthday = birthday_date(lenient_text(c, "dob"), zone);
    // Not in the Shopify shape; Sapo Web customers carry a group when the shop uses groups.
    in.group = group_of(c);
    return in;
}

}  // namespace loyalty::connectors::sapo_web
