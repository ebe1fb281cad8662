#pragma once
// The pieces of the Sapo GO mapping (go.hpp is what the connector calls).
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "domain/delivery.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::sapo_go {

// Sapo GO and Sapo Web keep separate id sequences but share the connection name "sapo", so GO's
// ids carry a prefix: GO customer 5 and Web customer 5 are different people, GO order 1001 and
// Web order 1001 different orders.
inline std::string order_id(const std::string& go_id) { return "sapo:go:" + go_id; }
inline std::string customer_id(const std::string& go_id) { return "go:" + go_id; }

struct MappedOrder {
    core::OrderInput order;
    bool walk_in = false;
};
// `version` is the delivery's x-event-version.
MappedOrder map_order(const boost::json::object& order, int64_t version, const core::Zone& zone);

// Eligible spend: total without total_tax and without the delivery fee.
int64_t eligible_amount(const boost::json::object& order);

// The goods value of the order's returns that were not cancelled.
int64_t returned_goods(const boost::json::object& order);

// A customer profile: a customers/* body or an order's customer_data. `id` is Sapo GO's id.
core::CustomerInput map_customer(const boost::json::object* profile, const std::string& id, const core::Zone& zone);

}  // namespace loyalty::connectors::sapo_go
