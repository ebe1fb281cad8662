// The C entry points: argument checks, JSON in, core call, JSON out. Nothing else lives here.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "codec.hpp"
#include "config_document.hpp"
#include "failure.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "loyalty/loyalty.h"
#include "storage/open_store.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace {

namespace core = loyalty::core;
namespace json = boost::json;
using namespace loyalty::abi;
using namespace loyalty::documents;

}  // namespace

extern "C" {

LOYALTY_API const char* loyalty_version(void) {
#define LOYALTY_STR2(x) #x
#define LOYALTY_STR(x) LOYALTY_STR2(x)
    return LOYALTY_STR(LOYALTY_VERSION_MAJOR) "." LOYALTY_STR(LOYALTY_VERSION_MINOR) "." LOYALTY_STR(
        LOYALTY_VERSION_PATCH);
}

LOYALTY_API const char* loyalty_status_name(int status) {
    if (status < LOYALTY_OK || status > LOYALTY_INTERNAL) return "unknown";
    return status_name(static_cast<core::Status>(status)).data();
}

LOYALTY_API const char* loyalty_last_error(void) { return last_error_text(); }

LOYALTY_API const char* loyalty_last_error_json(void) { return last_error_json(); }

LOYALTY_API void loyalty_free(void* p) { std::free(p); }

LOYALTY_API int loyalty_open(const char* config_json, loyalty_engine** out) {
    return guarded([&] {
        require_out(out, "out");
        json::object config = parse_object(config_json, "config");
        // The server's keys may share the document (loyaltyd reads one file); loyalty_server_start reads them.
        reject_unknown(config, loyalty::server::document_keys, "config");
        std::string url = require_string(config, "storage", "config");
        core::StoreSettings settings;
        if (const json::object* sqlite = get_object(config, "sqlite", "config")) {
            reject_unknown(*sqlite, {"synchronous", "busy_timeout_ms"}, "config.sqlite");
            auto busy = get_integer(*sqlite, "busy_timeout_ms", "config.sqlite").value_or(settings.busy_timeout_ms);
            if (busy < 0 || busy > 600000)
                core::fail(core::Status::invalid_argument, "config.sqlite.busy_timeout_ms must be 0..600000");
            settings.busy_timeout_ms = static_cast<int>(busy);
            std::string sync = get_string(*sqlite, "synchronous", "config.sqlite").value_or("full");
            if (sync != "full" && sync != "normal")
                core::fail(core::Status::invalid_argument, "config.sqlite.synchronous must be \"full\" or \"normal\"");
            settings.synchronous_full = sync == "full";
        }
        if (const json::object* pg = get_object(config, "postgresql", "config")) {
            reject_unknown(*pg, {"pool_size", "connect_timeout_s"}, "config.postgresql");
            auto pool = get_integer(*pg, "pool_size", "config.postgresql").value_or(settings.pool_size);
            if (pool < 1 || pool > 1000)
                core::fail(core::Status::invalid_argument, "config.postgresql.pool_size must be 1..1000");
            settings.pool_size = static_cast<int>(pool);
            auto timeout =
                get_integer(*pg, "connect_timeout_s", "config.postgresql").value_or(settings.connect_timeout_s);
            if (timeout < 1 || timeout > 600)
                core::fail(core::Status::invalid_argument, "config.postgresql.connect_timeout_s must be 1..600");
            settings.connect_timeout_s = static_cast<int>(timeout);
        }
        std::vector<core::ShopProgram> shops = decode_seeds(config);
        auto handle = std::make_unique<loyalty_engine>();
        handle->engine = std::make_unique<core::Engine>(core::open_store(url, settings), decode_shop_definition);
        for (const auto& shop : shops) seed_shop(*handle->engine, shop);
        *out = handle.release();
    });
}

LOYALTY_API void loyalty_close(loyalty_engine* engine) {
    guarded([&] { delete engine; });
}

LOYALTY_API int loyalty_put_shop(loyalty_engine* e, const char* shop_json) {
    return guarded([&] { put_shop(engine_of(e), parse_object(shop_json, "shop")); });
}

LOYALTY_API int loyalty_patch_shop(loyalty_engine* e, const char* shop_id, const char* patch_json, char** shop_json) {
    return guarded([&] {
        require_out(shop_json, "shop_json");
        auto& engine = engine_of(e);
        std::string id = text_arg(shop_id, "shop_id");
        *shop_json = copy_out(patch_shop(engine, id, parse_object(patch_json, "patch")));
    });
}

LOYALTY_API int loyalty_get_shop(loyalty_engine* e, const char* shop_id, char** shop_json) {
    return guarded([&] {
        require_out(shop_json, "shop_json");
        *shop_json = copy_out(shop_definition(engine_of(e), text_arg(shop_id, "shop_id")));
    });
}

LOYALTY_API int loyalty_record_order(loyalty_engine* e, const char* shop_id, const char* order_json,
                                     char** result_json) {
    return call_on_shop(e, shop_id, order_json, "order", result_json, "result_json", record_order);
}

LOYALTY_API int loyalty_upsert_customer(loyalty_engine* e, const char* shop_id, const char* customer_json,
                                        char** result_json) {
    return call_on_shop(e, shop_id, customer_json, "customer", result_json, "result_json", upsert_customer);
}

LOYALTY_API int loyalty_get_member(loyalty_engine* e, const char* shop_id, const char* query_json,
                                   char** member_json) {
    return call_on_shop(e, shop_id, query_json, "query", member_json, "member_json", get_member);
}

LOYALTY_API int loyalty_get_balance(loyalty_engine* e, const char* shop_id, const char* member_id,
                                    int64_t* available, int64_t* pending) {
    return guarded([&] {
        require_out(available, "available");
        require_out(pending, "pending");
        auto b = engine_of(e).balances(text_arg(shop_id, "shop_id"), text_arg(member_id, "member_id"));
        *available = b.available;
        *pending = b.pending;
    });
}

LOYALTY_API int loyalty_list_transactions(loyalty_engine* e, const char* shop_id, const char* query_json,
                                          char** result_json) {
    return call_on_shop(e, shop_id, query_json, "query", result_json, "result_json", list_transactions);
}

LOYALTY_API int loyalty_adjust_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", adjust_points);
}

LOYALTY_API int loyalty_redeem_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", redeem_points);
}

LOYALTY_API int loyalty_quote(loyalty_engine* e, const char* shop_id, const char* request_json, char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", quote);
}

LOYALTY_API int loyalty_set_tier(loyalty_engine* e, const char* shop_id, const char* request_json,
                                 char** member_json) {
    return call_on_shop(e, shop_id, request_json, "request", member_json, "member_json", set_tier);
}

LOYALTY_API int loyalty_get_stats(loyalty_engine* e, char** stats_json) {
    return guarded([&] {
        require_out(stats_json, "stats_json");
        *stats_json = copy_out(json::serialize(stats(engine_of(e))));
    });
}

LOYALTY_API int loyalty_check_storage(loyalty_engine* e) {
    return guarded([&] {
        auto health = engine_of(e).store().health();
        if (!health.ok) core::fail(core::Status::storage, health.problem);
    });
}

LOYALTY_API int loyalty_run_maintenance(loyalty_engine* e, int64_t now_unix_seconds, char** report_json) {
    return guarded([&] {
        require_out(report_json, "report_json");
        *report_json = copy_out(json::serialize(run_maintenance(engine_of(e), now_unix_seconds)));
    });
}

}  // extern "C"
