// customer.update and customer.delete. KiotViet has no customer.create: update fires on creation.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "common/customer_fields.hpp"
#include "common/instant.hpp"
#include "common/text.hpp"
#include "internal.hpp"

namespace loyalty::connectors::kiotviet {
namespace {

// The customer's group as the shop named it. The REST API gives `Groups` as text (several names
// separated by `|` when the customer is in several groups); an array of names or of {Name} objects
// is read too. Anything else is left out: a group never justifies refusing a delivery.
std::string group_of(const json::object& customer) {
    const json::value* groups = field(customer, "Groups");
    if (!groups) groups = field(customer, "GroupName");
    if (!groups) return {};
    if (groups->is_string()) return trimmed({groups->get_string().data(), groups->get_string().size()});
    if (!groups->is_array()) return {};
    std::string joined;
    for (const auto& item : groups->get_array()) {
        const json::value* name = &item;
        if (item.is_object()) {
            name = field(item.get_object(), "Name");
            if (!name) name = field(item.get_object(), "GroupName");
        }
        if (!name || !name->is_string()) continue;
        std::string text = trimmed({name->get_string().data(), name->get_string().size()});
        if (text.empty()) continue;
        if (!joined.empty()) joined += '|';
        joined += text;
    }
    return joined;
}

core::CustomerInput read_customer(const json::object& c, const std::string& path, const core::Zone& zone) {
    core::CustomerInput in;
    in.platform = std::string(platform);
    in.customer_id = required_id(c, "Id", path);
    in.name = optional_text(c, "Name", path);
    in.phone = readable_phone(optional_text(c, "ContactNumber", path));
    in.email = optional_text(c, "Email", path);
    if (const json::value* birth = field(c, "BirthDate"); birth && birth->is_string()) {
        in.birthday = birthday_date({birth->get_string().data(), birth->get_string().size()}, zone);
    }
    in.group = group_of(c);
    return in;
}

}  // namespace

void map_customer_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out) {
    for (const auto& item : objects_of(data, path)) {
        core::CustomerUpsert upsert{read_customer(*item.object, item.path, zone)};
        // ModifiedDate orders a customer's updates, so a late older one does not undo a newer one;
        // an unreadable one only loses that ordering.
        if (const json::value* modified = field(*item.object, "ModifiedDate"); modified && modified->is_string())
            upsert.version = parse_instant_micros({modified->get_string().data(), modified->get_string().size()}, zone);
        out.emplace_back(std::move(upsert));
    }
}

void map_customer_delete(const json::value& data, const std::string& path, Events& out) {
    for (auto& id : removed_ids(data, path))
        out.emplace_back(core::CustomerUnlink{core::PlatformRef{std::string(platform), std::move(id)}});
}

}  // namespace loyalty::connectors::kiotviet
