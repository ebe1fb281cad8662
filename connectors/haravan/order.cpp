#include "haravan/order.hpp"

#include <optional>
#include <vector>

#include "common/discount_codes.hpp"
#include "common/text.hpp"
#include "haravan/customer.hpp"
#include "haravan/spend.hpp"

namespace loyalty::connectors::haravan {
namespace {

constexpr std::string_view kPath = "order";

std::vector<core::OrderLine> order_lines(const json::object& order) {
    std::vector<core::OrderLine> out;
    const json::array* items = optional_array(order, "line_items", kPath);
    if (!items) return out;
    std::string base = at(kPath, "line_items");
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string p = at(base, i);
        const json::object& line = object_at((*items)[i], p);
        core::OrderLine l;
        l.sku = trimmed(optional_string(line, "sku"));
        l.quantity = optional_count(line, "quantity", p);
        int64_t price = optional_money(line, "price", p);
        int64_t discount = optional_money(line, "total_discount", p);
        int64_t gross = 0;
        if (__builtin_mul_overflow(price, l.quantity, &gross))
            refuse(at(p, "price") + " x quantity is larger than the largest amount (2^63-1 VND)");
        // Haravan's line price is before discounts; total_discount is the whole line's.
        l.amount = gross > discount ? gross - discount : 0;
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace

core::OrderStatus order_status(const json::object& order, std::string_view path) {
    if (const json::value* cancelled_at = present(order, "cancelled_at")) {
        if (!cancelled_at->is_string()) refuse(at(path, "cancelled_at") + " must be a timestamp or null");
        if (!trimmed(optional_string(order, "cancelled_at")).empty()) return core::OrderStatus::cancelled;
    }
    if (lowered(trimmed(optional_string(order, "cancelled_status"))) == "cancelled") return core::OrderStatus::cancelled;
    std::string financial = lowered(trimmed(optional_text(order, "financial_status", path).value_or("")));
    if (financial == "voided") return core::OrderStatus::cancelled;
    if (financial == "paid") return core::OrderStatus::paid;
    if (financial == "partially_refunded") return core::OrderStatus::partially_refunded;
    if (financial == "refunded") return core::OrderStatus::refunded;
    // pending, authorized, partially_paid, missing, and any state Haravan adds later: nothing
    // earns until Haravan says the order is paid.
    return core::OrderStatus::pending;
}

OrderEvent map_order(std::string_view topic, const json::object& order, const core::Zone& zone) {
    std::string id = required_id(order, "id", kPath);
    int64_t version = required_micros(order, "updated_at", kPath, zone);
    std::string updated_at = required_string(order, "updated_at", kPath);
    OrderEvent out;
    out.key = "haravan:" + std::string(topic) + ":" + id + ":" + updated_at;
    std::string order_id = "haravan:" + id;

    std::optional<core::CustomerInput> customer;
    if (const json::object* c = optional_object(order, "customer", kPath)) customer = read_customer(*c, at(kPath, "customer"), zone);
    if (!customer) {
        out.event = core::Skipped{"order " + order_id, "no customer: walk-in sales earn nothing"};
        return out;
    }

    core::OrderInput o;
    o.order_id = order_id;
    o.version = version;
    o.occurred_at = required_seconds(order, "created_at", kPath, zone);
    o.status = order_status(order, kPath);
    o.amount = eligible_amount(order, kPath);
    int64_t refunded = refunds_total(order, kPath, o.amount);  // read in every state: a bad refund is a bad body
    switch (o.status) {
        case core::OrderStatus::partially_refunded: o.refunded_amount = refunded; break;
        // "refunded" is Haravan saying all of it went back, whatever detail refunds[] carries.
        case core::OrderStatus::refunded: o.refunded_amount = o.amount; break;
        // The engine keeps refunds to the refund states; a paid order with items back but no
        // money back yet still counts in full.
        default: o.refunded_amount = 0; break;
    }
    o.customer = std::move(*customer);
    o.lines = order_lines(order);
    o.discount_codes = read_discount_codes(order, kPath);
    out.event = core::OrderUpdate{std::move(o)};
    return out;
}

}  // namespace loyalty::connectors::haravan
