// The platform apps' state through the C ABI: a shop's sync status, and starting a backfill or a
// reconciliation that a running loyaltyd's workers then carry out.
#include "calls.hpp"
#include "handle.hpp"
#include "json_fields.hpp"
#include "loyalty/loyalty.h"
#include "sync_documents.hpp"

namespace {

namespace apps = loyalty::apps;
namespace documents = loyalty::documents;
using namespace loyalty::abi;

}  // namespace

extern "C" {

LOYALTY_API int loyalty_get_sync_status(loyalty_engine* e, const char* shop_id, char** status_json) {
    return guarded([&] {
        require_out(status_json, "status_json");
        auto& engine = engine_of(e);
        *status_json = copy_out(boost::json::serialize(apps::sync_status_document(engine, text_arg(shop_id, "shop_id"))));
    });
}

LOYALTY_API int loyalty_start_sync(loyalty_engine* e, const char* shop_id, const char* request_json,
                                   char** status_json) {
    return guarded([&] {
        require_out(status_json, "status_json");
        auto& engine = engine_of(e);
        std::string id = text_arg(shop_id, "shop_id");
        auto request = documents::parse_object(request_json, "request");
        *status_json = copy_out(boost::json::serialize(
            apps::start_sync_document(engine, id, request, apps::SyncSettings{}, documents::wall_clock())));
    });
}

}  // extern "C"
