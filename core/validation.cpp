#include "validation.hpp"

#include "util/amounts.hpp"
#include "util/error.hpp"
#include "util/phone.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

void validate_birthday(const std::string& birthday) {
    if (birthday.empty()) return;
    auto utc = Zone::load("UTC");
    if (birthday.size() != 10 || !parse_timestamp(birthday, *utc))
        fail(Status::invalid_argument, "customer.birthday \"" + birthday + "\" is not a date (YYYY-MM-DD)");
}

}  // namespace

void require_text(const std::string& value, const char* what, bool required) {
    if (required && value.empty()) fail(Status::invalid_argument, std::string(what) + " is required");
    if (value.size() > max_text)
        fail(Status::invalid_argument, std::string(what) + " is longer than " + std::to_string(max_text) + " bytes");
}

namespace {

// Why `raw` identifies no one, or "" when its canonical form `phone` does.
std::string no_identity(const std::string& raw, const std::optional<std::string>& phone,
                        const std::vector<std::string>& placeholders) {
    if (!phone) return "\"" + raw + "\" is not a valid Vietnamese phone number";
    if (placeholder_phone(*phone)) return "\"" + raw + "\" is a placeholder number (one digit repeated, or a run)";
    for (const auto& p : placeholders)
        if (p == *phone) return "\"" + raw + "\" is on the shop's list of placeholder numbers";
    return {};
}

}  // namespace

CustomerPhone read_phone(const std::string& raw, const std::vector<std::string>& placeholders) {
    if (raw.empty()) return {};
    auto phone = canonical_phone(raw);
    if (no_identity(raw, phone, placeholders).empty()) return {*phone, ""};
    return {"", raw};
}

std::string identity_or_fail(const std::string& raw, const std::vector<std::string>& placeholders, const char* what) {
    if (raw.empty()) return {};
    auto phone = canonical_phone(raw);
    std::string why = no_identity(raw, phone, placeholders);
    if (!why.empty()) fail(Status::invalid_argument, std::string(what) + " " + why + ": it identifies no member");
    return *phone;
}

void require_identity(const CustomerInput& c, const CustomerPhone& phone, const std::vector<std::string>& placeholders) {
    if (!c.customer_id.empty() || !phone.identity.empty()) return;
    fail(Status::invalid_argument, "customer.phone " + no_identity(c.phone, canonical_phone(c.phone), placeholders) +
                                       ": it identifies no member; give customer_id with platform");
}

void validate_customer(const CustomerInput& c) {
    require_text(c.platform, "customer.platform", false);
    require_text(c.customer_id, "customer.customer_id", false);
    require_text(c.name, "customer.name", false);
    require_text(c.email, "customer.email", false);
    require_text(c.group, "customer.group", false);
    require_text(c.phone, "customer.phone", false);
    if (c.customer_id.empty() != c.platform.empty())
        fail(Status::invalid_argument, "customer.customer_id and customer.platform go together");
    if (c.customer_id.empty() && c.phone.empty())
        fail(Status::invalid_argument, "customer needs customer_id with platform, or a phone");
    validate_birthday(c.birthday);
}

void validate_order(const OrderInput& o) {
    require_text(o.order_id, "order_id");
    if (o.amount < 0) fail(Status::invalid_argument, "amount must not be negative");
    if (o.refunded_amount < 0) fail(Status::invalid_argument, "refunded_amount must not be negative");
    require_in_range(o.amount, "amount");
    if (o.refunded_amount > o.amount) fail(Status::invalid_argument, "refunded_amount is larger than amount");
    if (o.status == OrderStatus::paid && o.refunded_amount != 0)
        fail(Status::invalid_argument, "a paid order with refunds is partially_refunded");
    if (o.version && *o.version < 0) fail(Status::invalid_argument, "version must not be negative");
    for (const auto& line : o.lines) {
        if (line.quantity < 0 || line.amount < 0)
            fail(Status::invalid_argument, "lines must not have negative quantity or amount");
        require_in_range(line.amount, "lines[].amount");
        require_in_range(line.quantity, "lines[].quantity");
    }
    if (o.discount_codes.size() > 100) fail(Status::invalid_argument, "an order has at most 100 discount_codes");
    for (const auto& code : o.discount_codes) require_text(code, "discount_codes[]", false);
    validate_customer(o.customer);
}

void validate_return(const OrderReturn& r) {
    require_text(r.order_id, "return order_id");
    require_text(r.return_id, "return_id");
    if (r.amount < 0) fail(Status::invalid_argument, "a return's amount must not be negative");
    require_in_range(r.amount, "return amount");
    if (r.version && *r.version < 0) fail(Status::invalid_argument, "version must not be negative");
}

}  // namespace loyalty::core
