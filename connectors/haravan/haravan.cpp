// The Haravan connector: signature, then the topic decides which mapping reads the body.
#include "haravan.hpp"

#include "common/crypto.hpp"
#include "common/exact_json.hpp"
#include "common/instant.hpp"
#include "common/text.hpp"
#include "haravan/customer.hpp"
#include "haravan/fields.hpp"
#include "haravan/order.hpp"
#include "haravan/signature.hpp"

namespace loyalty::connectors {
namespace {

using haravan::json::object;

enum class TopicKind { order, customer_upsert, customer_delete, other };

TopicKind classify(std::string_view topic) {
    if (topic == "orders/create" || topic == "orders/updated" || topic == "orders/paid" ||
        topic == "orders/cancelled" || topic == "orders/fulfilled")
        return TopicKind::order;
    if (topic == "customers/create" || topic == "customers/update") return TopicKind::customer_upsert;
    if (topic == "customers/delete") return TopicKind::customer_delete;
    return TopicKind::other;
}

// A stable name for a body that has no id and timestamp to name it by: the same delivery retried
// carries the same bytes.
std::string body_digest(std::string_view body) { return hex_encode(hmac_sha256("haravan delivery", body)); }

// Haravan posts the object itself; a body wrapped Shopify-style ({"order": {...}}) is read too.
const object& unwrapped(const haravan::json::value& doc, std::string_view wrapper) {
    const object& o = haravan::object_at(doc, "body");
    if (o.size() == 1) {
        if (const auto* inner = o.if_contains(wrapper); inner && inner->is_object()) return inner->get_object();
    }
    return o;
}

core::Delivery map_customer_upsert(std::string_view topic, const object& c, std::string_view body,
                                   const core::Zone& zone, core::Delivery d) {
    std::string id = haravan::required_id(c, "id", "customer");
    auto customer = haravan::read_customer(c, "customer", zone);
    if (!customer) haravan::refuse("customer.id is required");
    std::string updated_at = haravan::optional_string(c, "updated_at");
    // Without updated_at two different updates would share a key and the second be dropped.
    d.key = "haravan:" + std::string(topic) + ":" + id + ":" + (updated_at.empty() ? body_digest(body) : updated_at);
    core::CustomerUpsert upsert{std::move(*customer)};
    // The update time orders a customer's updates, so a late older one does not undo a newer one.
    if (!updated_at.empty()) upsert.version = parse_instant_micros(updated_at, zone);
    d.events.emplace_back(std::move(upsert));
    return d;
}

class HaravanConnector final : public Connector {
public:
    std::string_view platform() const override { return "haravan"; }

    bool verify(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets) const override {
        return haravan::signature_verifies(headers, body, secrets);
    }

    bool uninstalls(const Headers& headers) const override {
        const std::string* topic = headers.find("X-Haravan-Topic");
        return topic && haravan::lowered(trimmed(*topic)) == "app/uninstalled";
    }

    core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone) const override {
        const std::string* header = headers.find("X-Haravan-Topic");
        std::string raw_topic = header ? trimmed(*header) : std::string();
        if (raw_topic.empty()) haravan::refuse("X-Haravan-Topic header is required");
        std::string topic = haravan::lowered(raw_topic);

        core::Delivery d;
        d.platform = "haravan";
        d.topic = raw_topic;
        if (headers.flag("X-Haravan-Test")) {
            // A sample Haravan sends from the webhook settings: its made-up order must earn nothing.
            d.key = "haravan:test:" + topic + ":" + body_digest(body);
            d.events.emplace_back(core::Skipped{"test delivery", "X-Haravan-Test: a sample notification, not a real event"});
            return d;
        }
        TopicKind kind = classify(topic);
        if (kind == TopicKind::other) {
            // Not parsed: a body loyalty does not read cannot make the delivery fail.
            d.key = "haravan:" + topic + ":" + body_digest(body);
            d.events.emplace_back(core::Skipped{topic, "topic " + topic + " does not concern loyalty"});
            return d;
        }

        auto doc = parse_exact(body);
        switch (kind) {
            case TopicKind::order: {
                auto mapped = haravan::map_order(topic, unwrapped(doc, "order"), zone);
                d.key = std::move(mapped.key);
                d.events.push_back(std::move(mapped.event));
                return d;
            }
            case TopicKind::customer_upsert:
                return map_customer_upsert(topic, unwrapped(doc, "customer"), body, zone, std::move(d));
            case TopicKind::customer_delete: {
                const object& c = unwrapped(doc, "customer");
                std::string id = haravan::required_id(c, "id", "customer");
                // Delete bodies may carry no updated_at; a customer is deleted once, so its id
                // alone then names the event.
                std::string updated_at = haravan::optional_string(c, "updated_at");
                d.key = "haravan:" + topic + ":" + id + (updated_at.empty() ? "" : ":" + updated_at);
                d.events.emplace_back(core::CustomerUnlink{core::PlatformRef{"haravan", id}});
                return d;
            }
            case TopicKind::other: break;
        }
        return d;
    }
};

}  // namespace

const Connector& haravan_connector() {
    static const HaravanConnector connector;
    return connector;
}

}  // namespace loyalty::connectors
