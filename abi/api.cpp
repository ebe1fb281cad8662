// The C entry points: argument checks, JSON in, core call, JSON out. Nothing else lives here.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "codec.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "loyalty/loyalty.h"
#include "shop_patch.hpp"
#include "storage/open_store.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace {

namespace core = loyalty::core;
namespace json = boost::json;
using namespace loyalty::abi;

// A shop in loyaltyd's configuration is a seed: put only when the shop is not stored yet, so a
// restart never reverts what the API or loyaltyctl changed. A stored program that differs from its
// seed is said on standard error, where loyaltyd's log goes.
void seed(core::Engine& engine, const core::ShopProgram& shop) {
    bool differs = false;
    engine.change_shop(shop.shop_id, [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
        differs = stored && *stored != shop.definition;
        if (stored) return std::nullopt;
        return shop.definition;
    });
    if (!differs) return;
    std::string line = json::serialize(json::object{
        {"level", "warning"},
        {"shop_id", shop.shop_id},
        {"message", "the stored program differs from its seed in the configuration; the stored one is in effect "
                    "(seeds are put only when a shop does not exist yet)"}});
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

extern "C" {

LOYALTY_API const char* loyalty_version(void) {
#define LOYALTY_STR2(x) #x
#define LOYALTY_STR(x) LOYALTY_STR2(x)
    return LOYALTY_STR(LOYALTY_VERSION_MAJOR) "." LOYALTY_STR(LOYALTY_VERSION_MINOR) "." LOYALTY_STR(
        LOYALTY_VERSION_PATCH);
}

LOYALTY_API const char* loyalty_status_name(int status) {
    switch (status) {
        case LOYALTY_OK: return "ok";
        case LOYALTY_INVALID_ARGUMENT: return "invalid_argument";
        case LOYALTY_NOT_FOUND: return "not_found";
        case LOYALTY_CONFLICT: return "conflict";
        case LOYALTY_INSUFFICIENT_POINTS: return "insufficient_points";
        case LOYALTY_UNAUTHENTICATED: return "unauthenticated";
        case LOYALTY_STORAGE: return "storage";
        case LOYALTY_INTERNAL: return "internal";
        default: return "unknown";
    }
}

LOYALTY_API const char* loyalty_last_error(void) { return last_error_text(); }

LOYALTY_API void loyalty_free(void* p) { std::free(p); }

LOYALTY_API int loyalty_open(const char* config_json, loyalty_engine** out) {
    return guarded([&] {
        require_out(out, "out");
        json::object config = parse_object(config_json, "config");
        // The server's keys may share the document (loyaltyd reads one file); loyalty_server_start reads them.
        reject_unknown(config,
                       {"storage", "shops", "sqlite", "postgresql", "listen", "insecure_http", "admin_token", "limits", "threads",
                        "maintenance_interval_s", "access_log"},
                       "config");
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
        std::vector<core::ShopProgram> shops;
        if (const json::array* list = get_array(config, "shops", "config")) {
            for (const auto& s : *list) {
                if (!s.is_object()) core::fail(core::Status::invalid_argument, "config.shops must hold objects");
                shops.push_back(decode_shop(s.get_object()));
            }
        }
        auto handle = std::make_unique<loyalty_engine>();
        handle->engine = std::make_unique<core::Engine>(core::open_store(url, settings), decode_shop_definition);
        for (const auto& shop : shops) seed(*handle->engine, shop);
        *out = handle.release();
    });
}

LOYALTY_API void loyalty_close(loyalty_engine* engine) {
    guarded([&] { delete engine; });
}

LOYALTY_API int loyalty_put_shop(loyalty_engine* e, const char* shop_json) {
    return guarded([&] {
        auto& engine = engine_of(e);
        json::object doc = parse_object(shop_json, "shop");
        // Decoded (so checked) by the engine once "***" secrets have their stored values back.
        engine.change_shop(require_string(doc, "shop_id", "shop"), [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
            json::object next = doc;
            if (stored) keep_secrets(next, parse_object(stored->c_str(), "stored shop"), false);
            return json::serialize(next);
        });
    });
}

LOYALTY_API int loyalty_patch_shop(loyalty_engine* e, const char* shop_id, const char* patch_json, char** shop_json) {
    return guarded([&] {
        require_out(shop_json, "shop_json");
        auto& engine = engine_of(e);
        std::string id = text_arg(shop_id, "shop_id");
        json::object patch = parse_object(patch_json, "patch");
        if (const json::value* named = patch.if_contains("shop_id"); named && !(named->is_string() && named->get_string() == id))
            core::fail(core::Status::invalid_argument, "patch.shop_id cannot change the shop's id");
        auto program = engine.change_shop(id, [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
            if (!stored) core::fail(core::Status::not_found, "shop \"" + id + "\" not found");
            json::object before = parse_object(stored->c_str(), "stored shop");
            json::value after = merge_patch(before, patch);
            keep_secrets(after.as_object(), before, true);
            return json::serialize(after);
        });
        *shop_json = copy_out(program->definition);
    });
}

LOYALTY_API int loyalty_get_shop(loyalty_engine* e, const char* shop_id, char** shop_json) {
    return guarded([&] {
        require_out(shop_json, "shop_json");
        auto program = engine_of(e).shop(text_arg(shop_id, "shop_id"));
        *shop_json = copy_out(program->definition);
    });
}

LOYALTY_API int loyalty_record_order(loyalty_engine* e, const char* shop_id, const char* order_json,
                                     char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        std::string shop = text_arg(shop_id, "shop_id");
        auto program = engine.shop(shop);
        auto order = decode_order(parse_object(order_json, "order"), *program->zone, wall_clock());
        *result_json = copy_out(json::serialize(encode_order_result(engine.record_order(shop, order))));
    });
}

LOYALTY_API int loyalty_upsert_customer(loyalty_engine* e, const char* shop_id, const char* customer_json,
                                        char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto customer = decode_customer(parse_object(customer_json, "customer"), "customer");
        auto r = engine.upsert_customer(text_arg(shop_id, "shop_id"), customer);
        *result_json = copy_out(json::serialize(json::object{{"member_id", r.member_id}, {"created", r.created}}));
    });
}

LOYALTY_API int loyalty_get_member(loyalty_engine* e, const char* shop_id, const char* query_json,
                                   char** member_json) {
    return guarded([&] {
        require_out(member_json, "member_json");
        auto& engine = engine_of(e);
        std::string shop = text_arg(shop_id, "shop_id");
        auto query = decode_member_query(parse_object(query_json, "query"));
        auto m = engine.member_details(shop, query);
        *member_json = copy_out(json::serialize(encode_member_details(m, *engine.shop(shop)->zone)));
    });
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
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        std::string shop = text_arg(shop_id, "shop_id");
        json::object q = parse_object(query_json, "query");
        reject_unknown(q, {"member_id", "limit", "before"}, "query");
        int64_t limit = get_integer(q, "limit", "query").value_or(50);
        if (limit < 1 || limit > 500) core::fail(core::Status::invalid_argument, "query.limit must be between 1 and 500");
        auto page = engine.transactions(shop, require_string(q, "member_id", "query"), static_cast<int>(limit),
                                        get_integer(q, "before", "query"));
        const auto& zone = *engine.shop(shop)->zone;
        json::array list;
        for (const auto& entry : page.entries) list.push_back(encode_entry(entry, zone));
        json::value next = nullptr;
        if (page.next_before) next = *page.next_before;
        *result_json = copy_out(json::serialize(json::object{{"transactions", std::move(list)}, {"next_before", next}}));
    });
}

static int post_points(loyalty_engine* e, const char* shop_id, const char* request_json, char** result_json,
                       bool redeem) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        std::string shop = text_arg(shop_id, "shop_id");
        auto request = decode_points_request(parse_object(request_json, "request"));
        auto r = redeem ? engine.redeem_points(shop, request) : engine.adjust_points(shop, request);
        *result_json = copy_out(json::serialize(encode_points_result(r, *engine.shop(shop)->zone)));
    });
}

LOYALTY_API int loyalty_adjust_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return post_points(e, shop_id, request_json, result_json, false);
}

LOYALTY_API int loyalty_redeem_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return post_points(e, shop_id, request_json, result_json, true);
}

LOYALTY_API int loyalty_quote(loyalty_engine* e, const char* shop_id, const char* request_json, char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_quote(parse_object(request_json, "request"), *program->zone);
        *result_json = copy_out(json::serialize(encode_quote(engine.quote(program->shop_id, request), *program)));
    });
}

LOYALTY_API int loyalty_set_tier(loyalty_engine* e, const char* shop_id, const char* request_json,
                                 char** member_json) {
    return guarded([&] {
        require_out(member_json, "member_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_tier_request(parse_object(request_json, "request"), *program->zone);
        auto m = engine.set_tier(program->shop_id, request);
        *member_json = copy_out(json::serialize(encode_member_details(m, *program->zone)));
    });
}

LOYALTY_API int loyalty_get_stats(loyalty_engine* e, char** stats_json) {
    return guarded([&] {
        require_out(stats_json, "stats_json");
        auto s = engine_of(e).stats();
        *stats_json = copy_out(
            json::serialize(json::object{{"entries", s.entries}, {"quarantine_open", s.quarantine_open}}));
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
        auto report = engine_of(e).run_maintenance(now_unix_seconds);
        *report_json = copy_out(json::serialize(encode_maintenance(report)));
    });
}

}  // extern "C"
