#include "haravan/customer.hpp"

#include "common/customer_fields.hpp"
#include "common/text.hpp"

namespace loyalty::connectors::haravan {

std::optional<core::CustomerInput> read_customer(const json::object& c, std::string_view path, const core::Zone& zone) {
    auto id = optional_id(c, "id", path);
    if (!id) return std::nullopt;

    core::CustomerInput out;
    out.platform = "haravan";
    out.customer_id = *id;
    // An unreadable phone would make the engine refuse the whole delivery; the member is still
    // worth keeping, so the phone alone goes.
    out.phone = readable_phone(optional_string(c, "phone"));
    // Haravan stores the family name in last_name.
    out.name = full_name(optional_string(c, "last_name"), optional_string(c, "first_name"));
    out.email = trimmed(optional_string(c, "email"));
    // Haravan stores a birthday as the instant of local midnight.
    out.birthday = birthday_date(optional_string(c, "birthday"), zone);
    out.group = trimmed(optional_string(c, "group_name"));
    return out;
}

}  // namespace loyalty::connectors::haravan
