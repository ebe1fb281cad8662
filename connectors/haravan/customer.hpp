#pragma once
// Haravan's customer object, as the body of customers/* deliveries and inside an order.
#include <optional>
#include <string>
#include <string_view>

#include "domain/member.hpp"
#include "haravan/fields.hpp"

namespace loyalty::connectors::haravan {

// The customer, or nullopt when the object names none (no id, or Haravan's 0). `path` names the
// object in refusals ("customer", "order.customer").
std::optional<core::CustomerInput> read_customer(const json::object& c, std::string_view path, const core::Zone& zone);

}  // namespace loyalty::connectors::haravan
