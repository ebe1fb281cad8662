// Staff accounts through the C ABI: what loyaltyctl's `staff` commands call.
#include "calls_dashboard.hpp"
#include "handle.hpp"
#include "json_fields.hpp"
#include "loyalty/loyalty.h"

namespace {

namespace documents = loyalty::documents;
using namespace loyalty::abi;

}  // namespace

extern "C" {

LOYALTY_API int loyalty_add_staff(loyalty_engine* e, const char* shop_id, const char* request_json, char** staff_json) {
    return guarded([&] {
        require_out(staff_json, "staff_json");
        auto& engine = engine_of(e);
        std::string id = text_arg(shop_id, "shop_id");
        auto request = documents::parse_object(request_json, "request");
        *staff_json = copy_out(boost::json::serialize(documents::add_staff(engine, id, request)));
    });
}

LOYALTY_API int loyalty_list_staff(loyalty_engine* e, const char* shop_id, char** staff_json) {
    return guarded([&] {
        require_out(staff_json, "staff_json");
        auto& engine = engine_of(e);
        *staff_json = copy_out(boost::json::serialize(documents::list_staff(engine, text_arg(shop_id, "shop_id"))));
    });
}

LOYALTY_API int loyalty_remove_staff(loyalty_engine* e, const char* shop_id, const char* username) {
    return guarded([&] {
        auto& engine = engine_of(e);
        engine.remove_staff(text_arg(shop_id, "shop_id"), text_arg(username, "username"));
    });
}

LOYALTY_API int loyalty_reset_staff_password(loyalty_engine* e, const char* shop_id, const char* request_json,
                                             char** staff_json) {
    return guarded([&] {
        require_out(staff_json, "staff_json");
        auto& engine = engine_of(e);
        std::string id = text_arg(shop_id, "shop_id");
        auto request = documents::parse_object(request_json, "request");
        *staff_json = copy_out(boost::json::serialize(documents::reset_staff_password(engine, id, request)));
    });
}

}  // extern "C"
