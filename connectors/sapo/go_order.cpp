#include <algorithm>
#include <array>

#include "common/money.hpp"
#include "fields.hpp"
#include "go_detail.hpp"
#include "util/error.hpp"

namespace loyalty::connectors::sapo_go {

using namespace sapo_fields;

namespace {

std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const json::object& element_object(const json::value& v, const std::string& path) {
    if (!v.is_object()) refuse(path + " must be an object");
    return v.get_object();
}

// The first of `keys` present as an amount; the field names Sapo GO uses for return amounts are
// not documented, so every plausible one is read (connectors/README.md lists them).
template <std::size_t N>
std::optional<int64_t> first_money(const json::object& o, const std::array<const char*, N>& keys,
                                   const std::string& path) {
    for (const char* key : keys)
        if (auto amount = optional_money(o, key, path + "." + key)) return amount;
    return std::nullopt;
}

// A line's value after its discounts: line_amount when given, else price × quantity − discount.
std::optional<int64_t> line_value(const json::object& line, const std::string& path) {
    if (auto amount = first_money(line, std::array{"line_amount", "total_amount", "amount"}, path)) return amount;
    auto price = optional_money(line, "price", path + ".price");
    auto quantity = optional_money(line, "quantity", path + ".quantity");
    if (!price || !quantity) return std::nullopt;
    int64_t gross = checked_mul(*price, *quantity, path + ".price");
    int64_t discount = optional_money(line, "discount_amount", path + ".discount_amount").value_or(0);
    return std::max<int64_t>(0, gross - discount);
}

int64_t return_goods(const json::object& r, const std::string& path) {
    for (const char* key : {"order_return_line_items", "line_items", "return_line_items"}) {
        const json::array* lines = optional_array(r, key, path + "." + key);
        if (!lines || lines->empty()) continue;
        int64_t total = 0;
        for (std::size_t i = 0; i < lines->size(); ++i) {
            std::string line_path = at(path + "." + key, i);
            auto value = line_value(element_object((*lines)[i], line_path), line_path);
            if (!value) refuse(line_path + " has no amount (line_amount, total_amount, amount, or price and quantity)");
            total = checked_add(total, *value, path + "." + key);
        }
        return total;
    }
    if (auto amount = first_money(r, std::array{"total_amount", "total", "amount"}, path)) return *amount;
    refuse(path + " has no amount (line items, total_amount, total or amount)");
}

std::vector<core::OrderLine> read_lines(const json::object& o) {
    std::vector<core::OrderLine> lines;
    const json::array* items = optional_array(o, "order_line_items", "order.order_line_items");
    if (!items) return lines;
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string path = at("order.order_line_items", i);
        const json::object& item = element_object((*items)[i], path);
        auto value = line_value(item, path);
        if (!value) continue;  // lines are informative; the order's amount stands alone
        // GO quantities are decimal (weighed goods); the whole units are kept.
        int64_t quantity = optional_money(item, "quantity", path + ".quantity").value_or(0);
        lines.push_back({lenient_text(item, "sku"), quantity, *value, {}});
    }
    return lines;
}

int64_t delivery_fee(const json::object& o) {
    const json::value* fee = find(o, "delivery_fee");
    if (!fee) return 0;
    if (fee->is_object()) return optional_money(fee->get_object(), "fee", "order.delivery_fee.fee").value_or(0);
    return read_money(*fee, "order.delivery_fee");
}

}  // namespace

int64_t eligible_amount(const json::object& o) {
    int64_t total = require_money(o, "total", "order.total");
    int64_t tax = optional_money(o, "total_tax", "order.total_tax").value_or(0);
    int64_t fee = delivery_fee(o);
    // total is what the customer pays: goods after discounts, plus tax (inclusive or exclusive
    // pricing alike) and the delivery fee. Neither earns points.
    return std::max<int64_t>(0, total - tax - fee);
}

int64_t returned_goods(const json::object& o) {
    const json::array* returns = optional_array(o, "order_returns", "order.order_returns");
    if (!returns) return 0;
    int64_t total = 0;
    for (std::size_t i = 0; i < returns->size(); ++i) {
        std::string path = at("order.order_returns", i);
        const json::object& r = element_object((*returns)[i], path);
        auto status = optional_text(r, "status", path + ".status");
        if (status && *status == "cancelled") continue;
        total = checked_add(total, return_goods(r, path), "order.order_returns");
    }
    return total;
}

MappedOrder map_order(const json::object& o, int64_t version, const core::Zone& zone) {
    MappedOrder m;
    core::OrderInput& in = m.order;
    in.order_id = order_id(require_id(o, "id", "order.id"));
    in.amount = eligible_amount(o);
    in.occurred_at = require_seconds(o, "created_on", "order.created_on", zone);
    in.version = version;

    std::string status = require_text(o, "status", "order.status");
    if (status == "cancelled") {
        in.status = core::OrderStatus::cancelled;
    } else if (status == "draft") {
        in.status = core::OrderStatus::pending;
    } else if (require_text(o, "payment_status", "order.payment_status") != "paid") {
        // unpaid, partially_paid, and any state GO adds later: nothing earned yet.
        in.status = core::OrderStatus::pending;
    } else {
        auto returned = optional_text(o, "return_status", "order.return_status");
        if (returned && *returned == "returned") {
            in.status = core::OrderStatus::refunded;
            in.refunded_amount = in.amount;
        } else if (returned && *returned == "partially_returned") {
            const json::array* returns = optional_array(o, "order_returns", "order.order_returns");
            if (!returns || returns->empty())
                refuse("order.order_returns is required when order.return_status is partially_returned");
            in.status = core::OrderStatus::partially_refunded;
            in.refunded_amount = std::min(returned_goods(o), in.amount);
        } else {
            in.status = core::OrderStatus::paid;
        }
    }

    in.lines = read_lines(o);
    auto buyer = optional_id(o, "customer_id", "order.customer_id");
    const json::object* data = optional_object(o, "customer_data", "order.customer_data");
    if (!buyer && data) buyer = optional_id(*data, "id", "order.customer_data.id");
    if (!buyer) {
        m.walk_in = true;
        return m;
    }
    in.customer = map_customer(data, *buyer, zone);
    return m;
}

}  // namespace loyalty::connectors::sapo_go
