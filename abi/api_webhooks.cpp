// The webhook entry points: authenticate, map through the platform's connector, apply, and keep
// what cannot be applied in quarantine.
#include "codec.hpp"
#include "connector.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "common/text.hpp"
#include "haravan/handshake.hpp"
#include "loyalty/loyalty.h"
#include "util/zone.hpp"

namespace {

namespace core = loyalty::core;
namespace connectors = loyalty::connectors;
namespace json = boost::json;
using namespace loyalty::abi;

constexpr std::size_t max_body = 16u << 20;  // far above any real delivery; bounds memory per call

const connectors::Connector& connector_for(const std::string& platform) {
    const auto* c = connectors::find_connector(platform);
    if (!c) core::fail(core::Status::not_found, "platform \"" + platform + "\" is not one of haravan, sapo, kiotviet");
    return *c;
}

const core::Connection& connection_for(const core::ShopProgram& shop, const std::string& platform) {
    const auto* c = shop.connection(platform);
    if (!c)
        core::fail(core::Status::not_found,
                   "shop \"" + shop.shop_id + "\" has no " + platform + " connection (shop.connections)");
    return *c;
}

// Maps and applies an authenticated delivery. Bad content goes to quarantine (unless it came from
// there) and the caller still gets invalid_argument, naming where it was kept.
// A replay (`replaying` set) is never quarantined again, and is resolved in the transaction that
// applies it.
json::object apply(core::Engine& engine, const core::ShopProgram& shop, const connectors::Connector& connector,
                   const connectors::Headers& headers, std::string_view body, const std::string& headers_text,
                   std::optional<int64_t> replaying = std::nullopt) {
    try {
        core::Delivery delivery = connector.map(headers, body, *shop.zone);
        delivery.platform = std::string(connector.platform());
        return encode_ingest_result(engine.ingest(shop.shop_id, delivery, replaying));
    } catch (const core::Error& e) {
        if (e.status() != core::Status::invalid_argument || replaying) throw;
        core::QuarantinedDelivery q;
        q.shop_id = shop.shop_id;
        q.platform = std::string(connector.platform());
        q.headers = headers_text;
        q.body = std::string(body);
        q.error = e.what();
        int64_t id = engine.quarantine(std::move(q));
        core::fail(core::Status::invalid_argument,
                   std::string(e.what()) + " (delivery kept in quarantine as " + std::to_string(id) + ")");
    }
}

}  // namespace

extern "C" {

LOYALTY_API int loyalty_ingest_webhook(loyalty_engine* e, const char* platform, const char* shop_id,
                                       const char* headers_json, const char* body, size_t body_len,
                                       char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        std::string name = text_arg(platform, "platform");
        const auto& connector = connector_for(name);
        json::object header_object = parse_object(headers_json, "headers");
        auto headers = decode_headers(header_object);
        std::shared_ptr<const core::ShopProgram> shop;
        if (shop_id) {
            shop = engine.shop(text_arg(shop_id, "shop_id"));
        } else if (name == "haravan") {
            // A public app's one URL for every shop: X-Haravan-Org-Id names the shop.
            const std::string* org = headers.find("X-Haravan-Org-Id");
            shop = engine.shop_by_org(name, org ? connectors::trimmed(*org) : std::string());
        } else {
            core::fail(core::Status::invalid_argument, "shop_id is NULL (only Haravan deliveries name their shop)");
        }
        const auto& connection = connection_for(*shop, name);
        if (!body && body_len) core::fail(core::Status::invalid_argument, "body is NULL");
        if (body_len > max_body)
            core::fail(core::Status::invalid_argument,
                       "body is " + std::to_string(body_len) + " bytes, over the limit of " + std::to_string(max_body));
        std::string_view raw(body ? body : "", body_len);
        if (!connector.verify(headers, raw, connection.secrets))
            core::fail(core::Status::unauthenticated,
                       name + " signature does not verify for shop \"" + shop->shop_id +
                           "\": a forged delivery, or the shop's secret is not the one the platform signs with");
        *result_json = copy_out(json::serialize(
            apply(engine, *shop, connector, headers, raw, json::serialize(header_object))));
    });
}

LOYALTY_API int loyalty_haravan_handshake(loyalty_engine* e, const char* shop_id, const char* mode,
                                          const char* verify_token, const char* challenge, char** response_body) {
    return guarded([&] {
        require_out(response_body, "response_body");
        auto shop = engine_of(e).shop(text_arg(shop_id, "shop_id"));
        const auto& connection = connection_for(*shop, "haravan");
        auto answer = connectors::haravan_challenge(text_arg(mode, "mode"), text_arg(verify_token, "verify_token"),
                                                    text_arg(challenge, "challenge"), connection.verify_token);
        if (!answer)
            core::fail(core::Status::unauthenticated,
                       "Haravan handshake refused for shop \"" + shop->shop_id +
                           "\": hub.mode must be subscribe and hub.verify_token the shop's verify_token");
        *response_body = copy_out(*answer);
    });
}

LOYALTY_API int loyalty_list_quarantine(loyalty_engine* e, const char* query_json, char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        json::object q = parse_object(query_json, "query");
        reject_unknown(q, {"shop_id", "include_resolved", "limit", "after"}, "query");
        core::QuarantineQuery query;
        query.shop_id = get_string(q, "shop_id", "query").value_or("");
        if (auto it = q.find("include_resolved"); it != q.end()) {
            if (!it->value().is_bool())
                core::fail(core::Status::invalid_argument, "query.include_resolved must be true or false");
            query.include_resolved = it->value().get_bool();
        }
        int64_t limit = get_integer(q, "limit", "query").value_or(50);
        if (limit < 1 || limit > 500) core::fail(core::Status::invalid_argument, "query.limit must be between 1 and 500");
        query.limit = static_cast<int>(limit) + 1;
        query.after = get_integer(q, "after", "query");
        auto items = engine.quarantined(query);
        json::value next = nullptr;
        if (static_cast<int64_t>(items.size()) > limit) {
            items.resize(static_cast<std::size_t>(limit));
            next = items.back().quarantine_id;
        }
        json::array list;
        for (const auto& item : items) list.push_back(encode_quarantined(item));
        *result_json = copy_out(json::serialize(json::object{{"deliveries", std::move(list)}, {"next_after", next}}));
    });
}

LOYALTY_API int loyalty_replay_quarantine(loyalty_engine* e, int64_t quarantine_id, char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto item = engine.quarantined_one(quarantine_id);
        if (item.resolved_at)
            core::fail(core::Status::conflict, "quarantined delivery " + std::to_string(quarantine_id) +
                                                   " is already resolved (" + item.resolution + ")");
        auto shop = engine.shop(item.shop_id);
        const auto& connector = connector_for(item.platform);
        auto headers = decode_headers(parse_object(item.headers.c_str(), "stored headers"));
        *result_json =
            copy_out(json::serialize(apply(engine, *shop, connector, headers, item.body, item.headers, quarantine_id)));
    });
}

LOYALTY_API int loyalty_dismiss_quarantine(loyalty_engine* e, int64_t quarantine_id, const char* reason) {
    return guarded([&] {
        auto& engine = engine_of(e);
        std::string why = text_arg(reason, "reason");
        if (why.empty()) core::fail(core::Status::invalid_argument, "reason is required");
        engine.resolve_quarantine(quarantine_id, "dismissed: " + why);
    });
}

}  // extern "C"
