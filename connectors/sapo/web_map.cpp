#include <array>

#include "common/instant.hpp"
#include "fields.hpp"
#include "util/error.hpp"
#include "web.hpp"

namespace loyalty::connectors::sapo_web {

using namespace sapo_fields;

namespace {

// Every order topic carries the whole order in its latest state. `orders/update` is GO's name;
// accepted here too so a mislabelled subscription does not silently lose orders.
constexpr std::array order_topics{"orders/create",
                                  "orders/updated",
                                  "orders/update",
                                  "orders/paid",
                                  "orders/cancelled",
                                  "orders/fulfilled",
                                  "orders/partially_fulfilled"};
// customers/disable only stops the customer logging in to the shop; they are still a buyer.
constexpr std::array customer_topics{"customers/create", "customers/update", "customers/enable", "customers/disable"};

template <std::size_t N>
bool one_of(const std::array<const char*, N>& topics, std::string_view topic) {
    for (const char* t : topics)
        if (topic == t) return true;
    return false;
}

std::string key_prefix(const std::string& topic) { return "sapo:web:" + topic + ":"; }

core::Delivery skipped(core::Delivery d, std::string_view body, std::string what, std::string reason) {
    d.key = key_prefix(d.topic) + body_digest(body);
    d.events.push_back(core::Skipped{std::move(what), std::move(reason)});
    return d;
}

// Sapo Web marks an order placed in test mode with "test": true (live orders carry false).
bool test_order(const json::object& o) {
    const json::value* test = find(o, "test");
    if (!test) return false;
    if (test->is_bool()) return test->get_bool();
    return test->is_string() && (test->get_string() == "true" || test->get_string() == "1");
}

core::Delivery order_delivery(core::Delivery d, std::string_view body, const core::Zone& zone) {
    json::object o = parse_object(body, "order");
    if (test_order(o)) return skipped(std::move(d), body, "test order", "order.test is true: a test order earns nothing");
    MappedOrder m = map_order(o, zone);
    // Validated by map_order; the raw text keeps the key exactly what Sapo sent.
    d.key = key_prefix(d.topic) + require_id(o, "id", "order.id") + ":" +
            require_text(o, "modified_on", "order.modified_on");
    if (m.walk_in)
        d.events.push_back(core::Skipped{"order " + m.order.order_id, "no customer: walk-in sales earn nothing"});
    else
        d.events.push_back(core::OrderUpdate{std::move(m.order)});
    return d;
}

core::Delivery customer_delivery(core::Delivery d, std::string_view body, const core::Zone& zone) {
    json::object c = parse_object(body, "customer");
    core::CustomerInput customer = map_customer(c, "customer", zone);
    auto modified = optional_text(c, "modified_on", "customer.modified_on");
    d.key = key_prefix(d.topic) + customer.customer_id + ":" + (modified ? *modified : body_digest(body));
    core::CustomerUpsert upsert{std::move(customer)};
    // modified_on orders a customer's updates, so a late older one does not undo a newer one.
    if (modified) upsert.version = parse_instant_micros(*modified, zone);
    d.events.push_back(std::move(upsert));
    return d;
}

core::Delivery unlink_delivery(core::Delivery d, std::string_view body) {
    json::object c = parse_object(body, "customer");
    std::string id = require_id(c, "id", "customer.id");
    // Deleting twice means the same: one key per customer.
    d.key = key_prefix(d.topic) + id;
    d.events.push_back(core::CustomerUnlink{{"sapo", id}});
    return d;
}

}  // namespace

core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone) {
    auto topic = header_text(headers, "X-Sapo-Topic");
    if (!topic || topic->empty()) core::fail(core::Status::invalid_argument, "header X-Sapo-Topic is required");
    core::Delivery d{"sapo", "", *topic, {}};

    if (is_test_delivery(headers))
        return skipped(std::move(d), body, "test delivery", "x-sapo-test: a sample notification, not a real event");
    if (one_of(order_topics, *topic)) return order_delivery(std::move(d), body, zone);
    if (one_of(customer_topics, *topic)) return customer_delivery(std::move(d), body, zone);
    if (*topic == "customers/delete") return unlink_delivery(std::move(d), body);
    if (*topic == "orders/delete")
        return skipped(std::move(d), body, *topic,
                       "a deletion carries no order state: cancellations arrive as orders/cancelled, and removing an "
                       "archived order must not take back points it earned");
    if (*topic == "refunds/create")
        return skipped(std::move(d), body, *topic,
                       "the body is the refund, not the order: the order's state and refunds[] arrive on "
                       "orders/updated");
    return skipped(std::move(d), body, *topic, "not a loyalty topic");
}

}  // namespace loyalty::connectors::sapo_web
