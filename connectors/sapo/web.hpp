#pragma once
// Sapo Web / Omni (*.mysapo.net, Shopify-like, timestamps ending in `_on`). The Sapo connector
// verifies the signature, then hands every delivery that is not Sapo GO here.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/headers.hpp"
#include "domain/delivery.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors::sapo_web {

core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone);

// An order body in its latest state. `walk_in` when it names no customer (the order then earns
// nothing and the caller skips it).
struct MappedOrder {
    core::OrderInput order;
    bool walk_in = false;
};
MappedOrder map_order(const boost::json::object& order, const core::Zone& zone);

// Eligible spend: the goods after every discount, without shipping (common/goods.hpp: a
// subtotal_price that still holds the order's discounts has total_discounts taken off).
int64_t eligible_amount(const boost::json::object& order);

// The goods value refunded so far, from `refunds[]`: refund_line_items subtotals when a refund
// lists them, else its successful refund transactions.
int64_t refunded_goods(const boost::json::object& order);

// A customer object (a customers/* body, or an order's `customer`); `path` names it in errors.
core::CustomerInput map_customer(const boost::json::object& customer, const std::string& path, const core::Zone& zone);

}  // namespace loyalty::connectors::sapo_web
