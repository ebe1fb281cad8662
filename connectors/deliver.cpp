#include "deliver.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <exception>

#include "common/text.hpp"
#include "connector.hpp"
#include "engine.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::connectors {
namespace {

DeliveryOutcome outcome_of(core::IngestOutcome o) {
    switch (o) {
        case core::IngestOutcome::applied: return DeliveryOutcome::applied;
        case core::IngestOutcome::duplicate: return DeliveryOutcome::duplicate;
        case core::IngestOutcome::stale: return DeliveryOutcome::stale;
        case core::IngestOutcome::ignored: return DeliveryOutcome::ignored;
    }
    return DeliveryOutcome::ignored;
}

// The organisation a Haravan delivery without a shop in its URL names (X-Haravan-Org-Id); "" when none.
std::string haravan_org(const DeliveryRequest& r) {
    const std::string* org = r.headers.find("X-Haravan-Org-Id");
    return org ? trimmed(*org) : std::string();
}

// The shop the delivery is for, or the reason none is: a shop not configured here (yet) is the
// platform's business to retry, not an error in the delivery.
std::shared_ptr<const core::ShopProgram> find_shop(core::Engine& engine, const DeliveryRequest& r,
                                                   std::string& why) {
    try {
        if (r.shop_id) return engine.shop(*r.shop_id);
        if (r.platform == "haravan") return engine.shop_by_org(r.platform, haravan_org(r));
    } catch (const core::Error& e) {
        if (e.status() != core::Status::not_found) throw;
        why = e.what();
        return nullptr;
    }
    core::fail(core::Status::invalid_argument, "shop_id is absent (only Haravan deliveries name their shop)");
}

// A history delivery kept in quarantine carries this header among its stored headers, so its
// replay is history too. Only pulled objects set it: a webhook's own header of that name is dropped.
constexpr std::string_view history_header = "X-Loyalty-History";

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

Headers kept_headers(const Headers& headers, bool history) {
    Headers kept;
    for (const auto& [name, value] : headers.all())
        if (!same_name(name, history_header)) kept.add(name, value);
    if (history) kept.add(std::string(history_header), "true");
    return kept;
}

core::Delivery mapped(const core::ShopProgram& shop, const Connector& connector, const Headers& headers,
                      std::string_view body, bool history) {
    core::Delivery delivery = connector.map(headers, body, *shop.zone);
    delivery.platform = std::string(connector.platform());
    delivery.history = history;
    return delivery;
}

core::IngestResult apply(core::Engine& engine, const core::ShopProgram& shop, const Connector& connector,
                         const Headers& headers, std::string_view body, std::optional<int64_t> replaying,
                         bool history) {
    return engine.ingest(shop.shop_id, mapped(shop, connector, headers, body, history), replaying);
}

// Content that cannot be read (`error` is invalid_argument) is kept for an operator, never lost; any other error (a
// store failure) is rethrown, for the platform to retry.
void keep(core::Engine& engine, const core::ShopProgram& shop, const Connector& connector, const Headers& headers,
          std::string_view body, bool history, const std::exception_ptr& error, DeliveryResult& result) {
    try {
        std::rethrow_exception(error);
    } catch (const core::Error& e) {
        if (e.status() != core::Status::invalid_argument) throw;
        core::QuarantinedDelivery q;
        q.shop_id = shop.shop_id;
        q.platform = std::string(connector.platform());
        q.headers = boost::json::serialize(kept_headers(headers, history).to_json());
        q.body = std::string(body);
        q.error = e.what();
        result.quarantine_id = engine.quarantine(std::move(q));
        result.outcome = DeliveryOutcome::quarantined;
        result.message = std::string(e.what()) + " (delivery kept in quarantine as " +
                         std::to_string(result.quarantine_id) + ")";
    }
}

// Applies an authentic delivery, or keeps it; `mapping` when it was mapped already.
void apply_or_keep(core::Engine& engine, const core::ShopProgram& shop, const Connector& connector,
                   const Headers& headers, std::string_view body, bool history, DeliveryResult& result,
                   const core::Delivery* mapping = nullptr) {
    try {
        result.ingest = mapping ? engine.ingest(shop.shop_id, *mapping)
                                : apply(engine, shop, connector, headers, body, std::nullopt, history);
        result.outcome = outcome_of(result.ingest.outcome);
    } catch (...) {
        keep(engine, shop, connector, headers, body, history, std::current_exception(), result);
    }
}

void require_pulled_size(std::string_view body) {
    if (body.size() > max_delivery_body)
        core::fail(core::Status::invalid_argument, "a pulled object of " + std::to_string(body.size()) +
                                                       " bytes is over the limit of " + std::to_string(max_delivery_body));
}

// The shop pulled objects go to; throws as deliver_pulled documents.
std::shared_ptr<const core::ShopProgram> pulling_shop(core::Engine& engine, const std::string& shop_id,
                                                      const std::string& platform) {
    auto shop = engine.shop(shop_id);
    if (!shop->connection(platform))
        core::fail(core::Status::not_found, "shop \"" + shop_id + "\" has no " + platform + " connection");
    return shop;
}

// The shop removed the app: its link is marked disconnected so nothing more is pulled or written;
// its members, ledger and program stay.
void stop_link(core::Engine& engine, const std::string& shop_id, const std::string& platform, DeliveryResult& result) {
    core::EventResult e;
    e.type = "skipped";
    e.ref = "app/uninstalled";
    if (engine.platform_link(shop_id, platform)) {
        engine.set_link_state(shop_id, platform, core::LinkState::disconnected, "the shop uninstalled the app");
        e.applied = true;
        e.note = "the app was uninstalled: the link is disconnected, nothing is deleted";
    } else {
        e.note = "the app was uninstalled; this shop was connected by hand, so nothing changes";
    }
    result.ingest.outcome = core::IngestOutcome::ignored;
    result.ingest.events.push_back(std::move(e));
    result.outcome = DeliveryOutcome::ignored;
}

}  // namespace

std::string_view to_string(DeliveryOutcome o) {
    switch (o) {
        case DeliveryOutcome::applied: return "applied";
        case DeliveryOutcome::duplicate: return "duplicate";
        case DeliveryOutcome::stale: return "stale";
        case DeliveryOutcome::ignored: return "ignored";
        case DeliveryOutcome::quarantined: return "quarantined";
        case DeliveryOutcome::unauthenticated: return "unauthenticated";
        case DeliveryOutcome::unknown_shop: return "unknown_shop";
    }
    return "unknown";
}

const Connector& connector_named(const std::string& platform) {
    const auto* c = find_connector(platform);
    if (!c) core::fail(core::Status::not_found, "platform \"" + platform + "\" is not one of haravan, sapo, kiotviet");
    return *c;
}

DeliveryResult deliver(core::Engine& engine, const DeliveryRequest& r) {
    const Connector& connector = connector_named(r.platform);
    if (r.body.size() > max_delivery_body)
        core::fail(core::Status::invalid_argument, "body is " + std::to_string(r.body.size()) +
                                                       " bytes, over the limit of " + std::to_string(max_delivery_body));
    DeliveryResult result;
    auto shop = find_shop(engine, r, result.message);
    if (!shop) {
        result.outcome = DeliveryOutcome::unknown_shop;
        return result;
    }
    result.shop_id = shop->shop_id;
    const core::Connection* connection = shop->connection(r.platform);
    if (!connection) {
        result.outcome = DeliveryOutcome::unknown_shop;
        result.message = "shop \"" + shop->shop_id + "\" has no " + r.platform + " connection (shop.connections)";
        return result;
    }
    if (!connector.verify(r.headers, r.body, connection->secrets)) {
        result.outcome = DeliveryOutcome::unauthenticated;
        result.message = r.platform + " signature does not verify for shop \"" + shop->shop_id +
                         "\": a forged delivery, or the shop's secret is not the one the platform signs with";
        return result;
    }
    if (connector.uninstalls(r.headers)) {
        stop_link(engine, shop->shop_id, r.platform, result);
        return result;
    }
    apply_or_keep(engine, *shop, connector, r.headers, r.body, false, result);
    return result;
}

EarlyDelivery check_early(const core::Engine& engine, const DeliveryRequest& r) {
    EarlyDelivery early;
    try {
        const Connector* connector = find_connector(r.platform);
        if (!connector || r.body.size() > max_delivery_body) return early;
        std::shared_ptr<const core::ShopProgram> shop;
        if (r.shop_id) shop = engine.fresh_shop(*r.shop_id);
        else if (r.platform == "haravan") shop = engine.fresh_shop_by_org(r.platform, haravan_org(r));
        if (!shop) return early;
        const core::Connection* connection = shop->connection(r.platform);
        if (!connection || !connector->verify(r.headers, r.body, connection->secrets) || connector->uninstalls(r.headers))
            return early;
        core::Delivery delivery = mapped(*shop, *connector, r.headers, r.body, false);
        if (engine.known_duplicate(*shop, delivery)) {
            DeliveryResult result;
            result.shop_id = shop->shop_id;
            result.outcome = DeliveryOutcome::duplicate;
            result.ingest.outcome = core::IngestOutcome::duplicate;
            early.duplicate = std::move(result);
        } else {
            early.checked = CheckedDelivery{std::move(shop), std::move(delivery)};
        }
    } catch (...) {
        early = {};  // content deliver keeps in quarantine, or a failure it reports
    }
    return early;
}

DeliveryResult deliver(core::Engine& engine, const DeliveryRequest& r, CheckedDelivery checked) {
    // A program changed since the check (another instance's change, read within the second) may differ in its
    // secrets or its zone: then the delivery is checked again.
    std::shared_ptr<const core::ShopProgram> current;
    try {
        current = engine.shop(checked.shop->shop_id);
    } catch (const core::Error&) {
        return deliver(engine, r);
    }
    if (current != checked.shop) return deliver(engine, r);
    DeliveryResult result;
    result.shop_id = current->shop_id;
    const Connector& connector = connector_named(r.platform);
    apply_or_keep(engine, *current, connector, r.headers, r.body, false, result, &checked.delivery);
    return result;
}

DeliveryResult deliver_pulled(core::Engine& engine, const std::string& shop_id, const std::string& platform,
                              const Headers& headers, std::string_view body, bool history) {
    const Connector& connector = connector_named(platform);
    require_pulled_size(body);
    auto shop = pulling_shop(engine, shop_id, platform);
    DeliveryResult result;
    result.shop_id = shop_id;
    apply_or_keep(engine, *shop, connector, headers, body, history, result);
    return result;
}

std::vector<DeliveryResult> deliver_pulled(core::Engine& engine, const std::string& shop_id,
                                           const std::string& platform, const std::vector<PulledObject>& objects,
                                           bool history) {
    const Connector& connector = connector_named(platform);
    for (const PulledObject& o : objects) require_pulled_size(o.body);
    auto shop = pulling_shop(engine, shop_id, platform);
    std::vector<DeliveryResult> results(objects.size());
    if (objects.empty()) return results;
    std::vector<core::Delivery> deliveries;
    std::vector<std::size_t> delivered;  // the object each delivery came from
    for (std::size_t i = 0; i < objects.size(); ++i) {
        results[i].shop_id = shop_id;
        try {
            deliveries.push_back(mapped(*shop, connector, objects[i].headers, objects[i].body, history));
            delivered.push_back(i);
        } catch (...) {
            keep(engine, *shop, connector, objects[i].headers, objects[i].body, history, std::current_exception(),
                 results[i]);
        }
    }
    auto slots = engine.ingest_batch(shop_id, deliveries);
    for (std::size_t k = 0; k < slots.size(); ++k) {
        DeliveryResult& result = results[delivered[k]];
        const PulledObject& o = objects[delivered[k]];
        if (slots[k].error) {
            keep(engine, *shop, connector, o.headers, o.body, history, slots[k].error, result);
            continue;
        }
        result.ingest = std::move(slots[k].result);
        result.outcome = outcome_of(result.ingest.outcome);
    }
    return results;
}

core::IngestResult replay(core::Engine& engine, int64_t quarantine_id) {
    auto item = engine.quarantined_one(quarantine_id);
    if (item.resolved_at)
        core::fail(core::Status::conflict, "quarantined delivery " + std::to_string(quarantine_id) +
                                               " is already resolved (" + item.resolution + ")");
    auto shop = engine.shop(item.shop_id);
    const Connector& connector = connector_named(item.platform);
    boost::json::error_code ec;
    auto stored = boost::json::parse(item.headers, ec);
    if (ec || !stored.is_object())
        core::fail(core::Status::internal, "quarantined delivery " + std::to_string(quarantine_id) +
                                               " has stored headers that are not a JSON object");
    Headers headers = Headers::from_json(stored.get_object());
    return apply(engine, *shop, connector, headers, item.body, quarantine_id, headers.flag(history_header));
}

}  // namespace loyalty::connectors
