#pragma once
// Haravan's order object: orders/create, updated, paid, cancelled and fulfilled all carry it whole.
#include <string>
#include <string_view>

#include "domain/delivery.hpp"
#include "haravan/fields.hpp"

namespace loyalty::connectors::haravan {

struct OrderEvent {
    std::string key;  // "haravan:<topic>:<order id>:<updated_at>"
    core::DeliveryEvent event;
};

// `topic` as normalised by the connector (lower case). An order without a customer is a Skipped
// walk-in sale; everything else is an OrderUpdate.
OrderEvent map_order(std::string_view topic, const json::object& order, const core::Zone& zone);

// cancelled_at / cancelled_status / financial_status -> the core's order states (connectors/README.md).
core::OrderStatus order_status(const json::object& order, std::string_view path);

}  // namespace loyalty::connectors::haravan
