// KiotViet: X-Hub-Signature over the raw body, and an envelope batching several notifications,
// each with an Action and the objects it concerns. See connectors/README.md for the rules.
#include "kiotviet.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "common/exact_json.hpp"
#include "internal.hpp"
#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

using namespace kiotviet;

[[noreturn]] void refuse(const std::string& message) { core::fail(core::Status::invalid_argument, message); }

// "invoice.update", lower-cased and cut to its first two segments: some integrations report an
// Action carrying the retailer id after it ("invoice.update.500123").
std::string action_kind(std::string_view action) {
    std::string kind;
    int dots = 0;
    for (char c : action) {
        if (c == '.' && ++dots == 2) break;
        kind += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return kind;
}

// The delivery id KiotViet keeps across retries of one delivery (only Attempt changes).
std::string delivery_id(const json::object& envelope) {
    const json::value* id = field(envelope, "Id");
    if (!id) refuse("Id is required");
    if (id->is_string()) {
        std::string text(id->get_string().data(), id->get_string().size());
        if (text.empty()) refuse("Id must not be empty");
        return text;
    }
    if (id->is_int64() || id->is_uint64()) return read_id(*id, "Id");
    refuse("Id must be a string");
}

const json::value& data_of(const json::object& notification, const std::string& path) {
    const json::value* data = field(notification, "Data");
    if (!data) refuse(path + ".Data is required");
    return *data;
}

void map_notification(const json::object& n, const std::string& path, const std::string& action,
                      const core::Zone& zone, Events& out) {
    const std::string kind = action_kind(action);
    if (kind == "customer.update") return map_customer_update(data_of(n, path), path + ".Data", zone, out);
    if (kind == "customer.delete") return map_customer_delete(data_of(n, path), path + ".Data", out);
    if (kind == "invoice.update") return map_invoice_update(data_of(n, path), path + ".Data", zone, out);
    if (kind == "return.update") return map_return_update(data_of(n, path), path + ".Data", zone, out);
    if (kind == "invoice.delete") return map_invoice_delete(field(n, "Data"), path + ".Data", out);
    if (kind == "order.update") {
        out.emplace_back(core::Skipped{
            action, "orders are pre-orders: points are earned on the invoice the order becomes, so counting "
                    "orders too would credit the sale twice"});
        return;
    }
    out.emplace_back(core::Skipped{action, "not about customers or sales: nothing for loyalty"});
}

class KiotVietConnector final : public Connector {
public:
    std::string_view platform() const override { return kiotviet::platform; }

    // KiotViet ends a subscription on any 4xx. A signature that does not verify is most often a
    // secret configured wrong, and an unknown shop one not configured yet: both answer 503, so
    // KiotViet retries and the retries apply once it is fixed. A delivery kept in quarantine is
    // not lost, so it is acknowledged.
    HttpPolicy http_policy() const override {
        return {503, 503, 200, "answering 503 so KiotViet retries instead of unsubscribing"};
    }

    bool verify(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets) const override {
        const std::string* signature = headers.find("X-Hub-Signature");
        if (!signature) return false;
        return signature_matches(*signature, body, secrets);
    }

    core::Delivery map(const Headers&, std::string_view body, const core::Zone& zone) const override {
        json::value root = parse_exact(body);
        if (!root.is_object()) refuse("body must be a JSON object (the KiotViet envelope)");
        const json::object& envelope = root.get_object();

        core::Delivery delivery;
        delivery.platform = std::string(kiotviet::platform);
        delivery.key = std::string(kiotviet::platform) + ":" + delivery_id(envelope);

        const json::value* notifications = field(envelope, "Notifications");
        if (!notifications) refuse("Notifications is required");
        if (!notifications->is_array()) refuse("Notifications must be an array");
        const auto& list = notifications->get_array();
        std::vector<std::string> actions;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string path = "Notifications[" + std::to_string(i) + "]";
            const json::object& n = as_object(list[i], path);
            const json::value* action = field(n, "Action");
            if (!action) refuse(path + ".Action is required");
            if (!action->is_string()) refuse(path + ".Action must be a string");
            std::string name(action->get_string().data(), action->get_string().size());
            map_notification(n, path, name, zone, delivery.events);
            bool seen = false;
            for (const auto& a : actions) seen = seen || a == name;
            if (!seen) actions.push_back(std::move(name));
        }
        for (const auto& a : actions) delivery.topic += (delivery.topic.empty() ? "" : ",") + a;
        // The engine reports a delivery by its events; an envelope with none still deserves a line.
        if (delivery.events.empty())
            delivery.events.emplace_back(core::Skipped{"delivery " + delivery.key, "the envelope holds no objects"});
        return delivery;
    }
};

}  // namespace

const Connector& kiotviet_connector() {
    static const KiotVietConnector connector;
    return connector;
}

}  // namespace loyalty::connectors
