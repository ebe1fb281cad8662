// The webhook entry points over connectors::deliver: what was decided, told as a status, a result
// document and, when the delivery was kept in quarantine, its id in the last error's document.
#include "handle.hpp"
#include "loyalty/loyalty.h"

namespace {

namespace core = loyalty::core;
namespace connectors = loyalty::connectors;
namespace documents = loyalty::documents;
using namespace loyalty::abi;

}  // namespace

extern "C" {

LOYALTY_API int loyalty_ingest_webhook(loyalty_engine* e, const char* platform, const char* shop_id,
                                       const char* headers_json, const char* body, size_t body_len,
                                       char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        connectors::DeliveryRequest request;
        request.platform = text_arg(platform, "platform");
        connectors::connector_named(request.platform);
        request.headers = connectors::Headers::from_json(documents::parse_object(headers_json, "headers"));
        if (shop_id) request.shop_id = shop_id;
        else if (request.platform != "haravan")
            core::fail(core::Status::invalid_argument, "shop_id is NULL (only Haravan deliveries name their shop)");
        if (!body && body_len) core::fail(core::Status::invalid_argument, "body is NULL");
        request.body = std::string_view(body ? body : "", body_len);
        auto result = connectors::deliver(engine, request);
        using connectors::DeliveryOutcome;
        switch (result.outcome) {
            case DeliveryOutcome::unknown_shop: core::fail(core::Status::not_found, result.message);
            case DeliveryOutcome::unauthenticated: core::fail(core::Status::unauthenticated, result.message);
            case DeliveryOutcome::quarantined:
                core::fail(core::Status::invalid_argument, result.message,
                           core::ErrorDetails::quarantined(result.quarantine_id));
            default: *result_json = copy_out(boost::json::serialize(documents::encode_delivery(result)));
        }
    });
}

LOYALTY_API int loyalty_haravan_handshake(loyalty_engine* e, const char* shop_id, const char* mode,
                                          const char* verify_token, const char* challenge, char** response_body) {
    return guarded([&] {
        require_out(response_body, "response_body");
        auto& engine = engine_of(e);
        *response_body = copy_out(documents::haravan_handshake(engine, text_arg(shop_id, "shop_id"),
                                                               text_arg(mode, "mode"),
                                                               text_arg(verify_token, "verify_token"),
                                                               text_arg(challenge, "challenge")));
    });
}

LOYALTY_API int loyalty_list_quarantine(loyalty_engine* e, const char* query_json, char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto query = documents::parse_object(query_json, "query");
        *result_json = copy_out(boost::json::serialize(documents::list_quarantine(engine, query)));
    });
}

LOYALTY_API int loyalty_replay_quarantine(loyalty_engine* e, int64_t quarantine_id, char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        *result_json = copy_out(boost::json::serialize(documents::replay_quarantine(engine_of(e), quarantine_id)));
    });
}

LOYALTY_API int loyalty_dismiss_quarantine(loyalty_engine* e, int64_t quarantine_id, const char* reason) {
    return guarded([&] {
        auto& engine = engine_of(e);
        documents::dismiss_quarantine(engine, quarantine_id, text_arg(reason, "reason"));
    });
}

}  // extern "C"
