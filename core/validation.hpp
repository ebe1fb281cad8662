#pragma once
// Checks every request passes before it reaches the store, so a refused call changes nothing.
#include <string>
#include <vector>

#include "domain/delivery.hpp"
#include "domain/member.hpp"
#include "domain/order.hpp"

namespace loyalty::core {

constexpr std::size_t max_text = 1000;  // bytes for names, ids, reasons: generous, but bounded
constexpr int max_page = 500;

void require_text(const std::string& value, const char* what, bool required = true);
// A customer record's phone: its identity when it is a valid number and no placeholder (neither
// one of placeholder_phone's patterns nor in the shop's `placeholders`, canonical forms); else the
// text, kept but identifying no one.
CustomerPhone read_phone(const std::string& raw, const std::vector<std::string>& placeholders);
// A phone to look a member up by: its identity, or invalid_argument naming `what` and saying why
// the number identifies no one.
std::string identity_or_fail(const std::string& raw, const std::vector<std::string>& placeholders, const char* what);
// A customer is named by a platform reference or by an identity phone: without either, every
// record would make a new member.
void require_identity(const CustomerInput& c, const CustomerPhone& phone, const std::vector<std::string>& placeholders);
void validate_customer(const CustomerInput& c);
void validate_order(const OrderInput& o);
void validate_return(const OrderReturn& r);

}  // namespace loyalty::core
