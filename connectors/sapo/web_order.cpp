#include <algorithm>
#include <limits>

#include "common/discount_codes.hpp"
#include "common/goods.hpp"

#include "fields.hpp"
#include "util/error.hpp"
#include "web.hpp"

namespace loyalty::connectors::sapo_web {

using namespace sapo_fields;

namespace {

std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const json::object& element_object(const json::value& v, const std::string& path) {
    if (!v.is_object()) core::fail(core::Status::invalid_argument, path + " must be an object");
    return v.get_object();
}

// The goods a refund gives back, from its refund lines (subtotal: after discounts, without tax
// and shipping), or nullopt when it lists none or a line lacks its subtotal.
std::optional<int64_t> refund_lines_total(const json::object& refund, const std::string& path) {
    const json::array* lines = optional_array(refund, "refund_line_items", path + ".refund_line_items");
    if (!lines || lines->empty()) return std::nullopt;
    int64_t total = 0;
    for (std::size_t i = 0; i < lines->size(); ++i) {
        std::string line_path = at(path + ".refund_line_items", i);
        auto subtotal = optional_money(element_object((*lines)[i], line_path), "subtotal", line_path + ".subtotal");
        if (!subtotal) return std::nullopt;
        total = checked_add(total, *subtotal, path + ".refund_line_items");
    }
    return total;
}

// Money actually sent back: transactions of kind "refund" that succeeded. A transaction without
// kind or status is counted, as Sapo's refund objects list only refund transactions.
int64_t refund_transactions_total(const json::object& refund, const std::string& path) {
    const json::array* transactions = optional_array(refund, "transactions", path + ".transactions");
    if (!transactions) return 0;
    int64_t total = 0;
    for (std::size_t i = 0; i < transactions->size(); ++i) {
        std::string t_path = at(path + ".transactions", i);
        const json::object& t = element_object((*transactions)[i], t_path);
        auto kind = optional_text(t, "kind", t_path + ".kind");
        auto status = optional_text(t, "status", t_path + ".status");
        if (kind && *kind != "refund") continue;
        if (status && *status != "success") continue;
        total = checked_add(total, require_money(t, "amount", t_path + ".amount"), path + ".transactions");
    }
    return total;
}

std::vector<core::OrderLine> read_lines(const json::object& o) {
    std::vector<core::OrderLine> lines;
    const json::array* items = optional_array(o, "line_items", "order.line_items");
    if (!items) return lines;
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string path = at("order.line_items", i);
        const json::object& item = element_object((*items)[i], path);
        auto quantity = optional_money(item, "quantity", path + ".quantity");
        auto price = optional_money(item, "price", path + ".price");
        if (!quantity || !price) continue;  // lines are informative; the order's amount stands alone
        int64_t discount = optional_money(item, "total_discount", path + ".total_discount").value_or(0);
        int64_t gross = checked_mul(*price, *quantity, path + ".price");
        lines.push_back({lenient_text(item, "sku"), *quantity, std::max<int64_t>(0, gross - discount), {}});
    }
    return lines;
}

int64_t shipping(const json::object& o) {
    const json::array* lines = optional_array(o, "shipping_lines", "order.shipping_lines");
    if (!lines) return 0;
    int64_t total = 0;
    for (std::size_t i = 0; i < lines->size(); ++i) {
        std::string path = at("order.shipping_lines", i);
        auto price = optional_money(element_object((*lines)[i], path), "price", path + ".price");
        total = checked_add(total, price.value_or(0), "order.shipping_lines");
    }
    return total;
}

bool is_cancelled(const json::object& o) {
    auto status = optional_text(o, "status", "order.status");
    if (status && *status == "cancelled") return true;
    const json::value* cancelled_on = find(o, "cancelled_on");
    return cancelled_on && !(cancelled_on->is_string() && cancelled_on->get_string().empty());
}

}  // namespace

int64_t eligible_amount(const json::object& o) {
    OrderTotals t;
    t.subtotal = require_money(o, "subtotal_price", "order.subtotal_price");
    t.line_items_price = optional_money(o, "total_line_items_price", "order.total_line_items_price");
    t.discounts = optional_money(o, "total_discounts", "order.total_discounts").value_or(0);
    t.shipping = shipping(o);
    // Without total_price only the discounts bound the goods.
    t.total = optional_money(o, "total_price", "order.total_price").value_or(std::numeric_limits<int64_t>::max());
    return goods_after_discounts(t);
}

int64_t refunded_goods(const json::object& o) {
    const json::array* refunds = optional_array(o, "refunds", "order.refunds");
    if (!refunds) return 0;
    int64_t total = 0;
    for (std::size_t i = 0; i < refunds->size(); ++i) {
        std::string path = at("order.refunds", i);
        const json::object& refund = element_object((*refunds)[i], path);
        auto goods = refund_lines_total(refund, path);
        int64_t amount = goods ? *goods : refund_transactions_total(refund, path);
        total = checked_add(total, amount, "order.refunds");
    }
    return total;
}

MappedOrder map_order(const json::object& o, const core::Zone& zone) {
    MappedOrder m;
    core::OrderInput& in = m.order;
    in.order_id = "sapo:" + require_id(o, "id", "order.id");
    in.amount = eligible_amount(o);
    in.occurred_at = require_seconds(o, "created_on", "order.created_on", zone);
    in.version = require_micros(o, "modified_on", "order.modified_on", zone);
    // Read even when the status ignores it, so a malformed refund never passes unseen.
    int64_t refunded = std::min(refunded_goods(o), in.amount);

    if (is_cancelled(o)) {
        in.status = core::OrderStatus::cancelled;
    } else {
        std::string financial = require_text(o, "financial_status", "order.financial_status");
        if (financial == "paid" || financial == "partially_refunded") {
            // A refund recorded in refunds[] wins over a financial_status that has not caught up.
            in.status = refunded > 0 || financial == "partially_refunded" ? core::OrderStatus::partially_refunded
                                                                          : core::OrderStatus::paid;
            in.refunded_amount = refunded;
        } else if (financial == "refunded") {
            in.status = core::OrderStatus::refunded;
            in.refunded_amount = in.amount;
        } else if (financial == "voided") {
            in.status = core::OrderStatus::cancelled;
        } else {
            // pending, authorized, partially_paid, and any state Sapo adds later: nothing earned yet.
            in.status = core::OrderStatus::pending;
        }
    }

    in.lines = read_lines(o);
    in.discount_codes = read_discount_codes(o, "order");
    const json::object* customer = optional_object(o, "customer", "order.customer");
    // POS sales without a buyer come as null, or as an object with no id.
    if (!customer || !find(*customer, "id")) {
        m.walk_in = true;
        return m;
    }
    in.customer = map_customer(*customer, "order.customer", zone);
    return m;
}

}  // namespace loyalty::connectors::sapo_web
