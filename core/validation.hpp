#pragma once
// Checks every request passes before it reaches the store, so a refused call changes nothing.
#include <string>

#include "domain/member.hpp"
#include "domain/order.hpp"

namespace loyalty::core {

constexpr std::size_t max_text = 1000;  // bytes for names, ids, reasons: generous, but bounded
constexpr int max_page = 500;

void require_text(const std::string& value, const char* what, bool required = true);
// The canonical phone, or "" for none; throws invalid_argument naming `what` when unreadable.
std::string canonical_or_fail(const std::string& raw, const char* what);
void validate_customer(const CustomerInput& c);
void validate_order(const OrderInput& o);

}  // namespace loyalty::core
