#include <array>
#include <limits>

#include "fields.hpp"
#include "go.hpp"
#include "go_detail.hpp"
#include "util/error.hpp"

namespace loyalty::connectors::sapo_go {

using namespace sapo_fields;

namespace {

// Every order topic carries the whole order in its latest state, returns and refunds included.
// `orders/updated` is Sapo Web's name; accepted so a mislabelled topic does not lose orders.
constexpr std::array order_topics{"orders/create",         "orders/update",       "orders/updated",
                                  "orders/cancelled",      "orders/finalized",    "orders/fulfilled",
                                  "orders/paid",           "orders/received",     "orders/create_return",
                                  "orders/receive_return", "orders/create_refund"};
constexpr std::array customer_topics{"customers/create", "customers/update"};

template <std::size_t N>
bool one_of(const std::array<const char*, N>& topics, std::string_view topic) {
    for (const char* t : topics)
        if (topic == t) return true;
    return false;
}

// x-event-version: a non-negative decimal integer, monotonic per object. Read only for the
// topics that use it: a delivery of a topic loyalty skips is never refused.
std::optional<int64_t> event_version(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    if (text->empty() || text->size() > 19)
        refuse("header x-event-version \"" + text->substr(0, 32) + "\" is not an integer");
    int64_t value = 0;
    for (char c : *text) {
        if (c < '0' || c > '9') refuse("header x-event-version \"" + text->substr(0, 32) + "\" is not an integer");
        if (value > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10)
            refuse("header x-event-version is larger than 2^63-1");
        value = value * 10 + (c - '0');
    }
    return value;
}

struct Envelope {
    std::string tenant;                  // x-sapo-tenant-domain
    std::optional<std::string> object;   // x-sapo-object-id
    std::optional<std::string> version;  // x-event-version, unread
};

std::string key(const core::Delivery& d, const Envelope& e, const std::string& object, const std::string& version) {
    return "sapo:go:" + e.tenant + ":" + d.topic + ":" + object + ":" + version;
}

core::Delivery skipped(core::Delivery d, const Envelope& e, std::string_view body, std::string what,
                       std::string reason) {
    d.key = key(d, e, e.object.value_or(""), body_digest(body));
    d.events.push_back(core::Skipped{std::move(what), std::move(reason)});
    return d;
}

core::Delivery order_delivery(core::Delivery d, const Envelope& e, std::string_view body, const core::Zone& zone) {
    auto version = event_version(e.version);
    if (!version) refuse("header x-event-version is required for Sapo GO order deliveries");
    json::object o = parse_object(body, "order");
    MappedOrder m = map_order(o, *version, zone);
    d.key = key(d, e, e.object.value_or(require_id(o, "id", "order.id")), std::to_string(*version));
    if (m.walk_in)
        d.events.push_back(core::Skipped{"order " + m.order.order_id, "no customer: walk-in sales earn nothing"});
    else
        d.events.push_back(core::OrderUpdate{std::move(m.order)});
    return d;
}

core::Delivery customer_delivery(core::Delivery d, const Envelope& e, std::string_view body, const core::Zone& zone) {
    auto version = event_version(e.version);
    json::object c = parse_object(body, "customer");
    std::string id = require_id(c, "id", "customer.id");
    d.key = key(d, e, e.object.value_or(id), version ? std::to_string(*version) : body_digest(body));
    core::CustomerUpsert upsert{map_customer(&c, id, zone)};
    upsert.version = version;  // x-event-version orders a customer's updates as it does an order's
    d.events.push_back(std::move(upsert));
    return d;
}

core::Delivery unlink_delivery(core::Delivery d, const Envelope& e, std::string_view body) {
    json::object c = parse_object(body, "customer");
    // The body may be the bare id; the header names the object too.
    auto id = optional_id(c, "id", "customer.id");
    if (!id) id = e.object;
    if (!id || id->empty()) refuse("customer.id is required");
    d.key = key(d, e, *id, "delete");
    d.events.push_back(core::CustomerUnlink{{"sapo", customer_id(*id)}});
    return d;
}

}  // namespace

bool is_go(const Headers& headers) {
    return headers.find("x-sapo-tenant-domain") || headers.find("x-sapo-object-id") || headers.find("x-event-version");
}

core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone) {
    auto topic = header_text(headers, "x-sapo-topic");
    if (!topic || topic->empty()) refuse("header x-sapo-topic is required");
    core::Delivery d{"sapo", "", *topic, {}};
    Envelope e{header_text(headers, "x-sapo-tenant-domain").value_or(""), header_text(headers, "x-sapo-object-id"),
               header_text(headers, "x-event-version")};
    if (e.object && e.object->empty()) e.object.reset();

    if (is_test_delivery(headers))
        return skipped(std::move(d), e, body, "test delivery", "x-sapo-test: a sample notification, not a real event");
    if (one_of(order_topics, *topic)) return order_delivery(std::move(d), e, body, zone);
    if (one_of(customer_topics, *topic)) return customer_delivery(std::move(d), e, body, zone);
    if (*topic == "customers/delete") return unlink_delivery(std::move(d), e, body);
    return skipped(std::move(d), e, body, *topic, "not a loyalty topic");
}

}  // namespace loyalty::connectors::sapo_go
