#include "common/customer_fields.hpp"
#include "fields.hpp"
#include "go_detail.hpp"

namespace loyalty::connectors::sapo_go {

using namespace sapo_fields;

core::CustomerInput map_customer(const json::object* profile, const std::string& id, const core::Zone& zone) {
    core::CustomerInput in;
    in.platform = "sapo";
    in.customer_id = customer_id(id);
    if (!profile) return in;
    const json::object& c = *profile;
    // GO keeps one full name as the shop typed it, family name first already.
    in.name = lenient_text(c, "name");
    in.phone = readable_phone(lenient_text(c, "phone_number"));
    in.email = lenient_text(c, "email");
    in.birthday = birthday_date(lenient_text(c, "dob"), zone);
    in.group = group_of(c);
    return in;
}

}  // namespace loyalty::connectors::sapo_go
