#include "calls.hpp"
#include "codec.hpp"
#include "haravan/handshake.hpp"
#include "util/error.hpp"

namespace loyalty::documents {

json::object encode_delivery(const connectors::DeliveryResult& result) { return encode_ingest_result(result.ingest); }

std::string haravan_handshake(core::Engine& engine, const std::string& shop_id, const std::string& mode,
                              const std::string& verify_token, const std::string& challenge) {
    auto shop = engine.shop(shop_id);
    const auto* connection = shop->connection("haravan");
    if (!connection)
        core::fail(core::Status::not_found,
                   "shop \"" + shop->shop_id + "\" has no haravan connection (shop.connections)");
    auto answer = connectors::haravan_challenge(mode, verify_token, challenge, connection->verify_token);
    if (!answer)
        core::fail(core::Status::unauthenticated,
                   "Haravan handshake refused for shop \"" + shop->shop_id +
                       "\": hub.mode must be subscribe and hub.verify_token the shop's verify_token");
    return *answer;
}

json::object list_quarantine(core::Engine& engine, const json::object& q) {
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
    return {{"deliveries", std::move(list)}, {"next_after", next}};
}

json::object replay_quarantine(core::Engine& engine, int64_t quarantine_id) {
    return encode_ingest_result(connectors::replay(engine, quarantine_id));
}

json::object dismiss_quarantine(core::Engine& engine, int64_t quarantine_id, const std::string& reason) {
    if (reason.empty()) core::fail(core::Status::invalid_argument, "reason is required");
    std::string resolution = "dismissed: " + reason;
    engine.resolve_quarantine(quarantine_id, resolution);
    return {{"quarantine_id", quarantine_id}, {"resolution", resolution}};
}

}  // namespace loyalty::documents
