// invoice.update: an invoice is KiotViet's completed sale, the only object that earns points.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <limits>

#include "common/instant.hpp"
#include "common/money.hpp"
#include "internal.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::connectors::kiotviet {
namespace {

core::OrderStatus status_of(const json::object& invoice, const std::string& path) {
    const std::string where = path + ".Status";
    const json::value* value = field(invoice, "Status");
    if (!value) refuse(where + " is required");
    const int64_t code = read_code(*value, where);
    switch (code) {
        case 1: return core::OrderStatus::paid;        // Hoàn thành: the sale is done
        case 2: return core::OrderStatus::cancelled;   // Đã hủy
        case 3: return core::OrderStatus::pending;     // Đang xử lý: awaiting delivery
        // Không giao được: the delivery failed, but the shop may deliver again and complete the
        // invoice; cancelled would be final in the engine and forfeit that later sale.
        case 5: return core::OrderStatus::pending;
        default: break;
    }
    // An unknown status is quarantined rather than guessed at: an operator can replay it once known.
    refuse(where + " " + std::to_string(code) +
           " is not an invoice status KiotViet documents (1, 2, 3, 5)");
}

// Surcharges (Thu khác) are part of Total but are not goods: shops use them for shipping charged
// to the customer and for VAT. Each entry's Price is the amount it added.
int64_t surcharges_of(const json::object& invoice, const std::string& path) {
    const json::value* list = field(invoice, "InvoiceOrderSurcharges");
    if (!list) return 0;
    const std::string where = path + ".InvoiceOrderSurcharges";
    if (!list->is_array()) refuse(where + " must be an array");
    int64_t sum = 0;
    const auto& items = list->get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string at = where + "[" + std::to_string(i) + "]";
        const json::object& surcharge = as_object(items[i], at);
        const json::value* price = field(surcharge, "Price");
        if (!price) continue;
        int64_t amount = read_money(*price, at + ".Price");
        if (amount > std::numeric_limits<int64_t>::max() - sum) refuse(where + " add up to more than the largest amount (2^63-1 VND)");
        sum += amount;
    }
    return sum;
}

int64_t occurred_at(const json::object& invoice, const std::string& path, const core::Zone& zone) {
    const std::string where = path + ".PurchaseDate";
    const json::value* value = field(invoice, "PurchaseDate");
    if (!value) refuse(where + " is required");
    if (!value->is_string()) refuse(where + " must be a date-time string");
    auto seconds = core::parse_timestamp(text_of(*value), zone);
    if (!seconds) refuse(where + " \"" + std::string(text_of(*value).substr(0, 64)) + "\" is not a date-time");
    return *seconds;
}

// A non-negative quantity or amount, fraction dropped; nullopt when it is anything else.
std::optional<int64_t> whole(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64() < 0 ? std::nullopt : std::optional<int64_t>(v->get_int64());
    if (v->is_string()) return parse_money_text(text_of(*v));
    return std::nullopt;
}

// The lines are for the operator and reports; points come from the invoice's amount. A detail that
// does not read (weighed goods are fractional, some payloads lack SubTotal) leaves the lines out
// altogether rather than a partial list that would not add up.
std::vector<core::OrderLine> lines_of(const json::object& invoice) {
    std::vector<core::OrderLine> lines;
    const json::value* details = field(invoice, "InvoiceDetails");
    if (!details || !details->is_array()) return lines;
    for (const auto& item : details->get_array()) {
        if (!item.is_object()) return {};
        const json::object& detail = item.get_object();
        auto quantity = whole(field(detail, "Quantity"));
        auto amount = whole(field(detail, "SubTotal"));
        const json::value* code = field(detail, "ProductCode");
        if (!quantity || !amount || !code || !code->is_string()) return {};
        lines.push_back(core::OrderLine{std::string(text_of(*code)), *quantity, *amount, {}});
    }
    return lines;
}

void map_invoice(const json::object& invoice, const std::string& path, const core::Zone& zone, Events& out) {
    core::OrderInput order;
    order.order_id = std::string(platform) + ":" + required_id(invoice, "Id", path);

    // A sale to nobody in particular: KiotViet leaves CustomerId out, null, or 0.
    const json::value* customer_id = field(invoice, "CustomerId");
    if (customer_id && customer_id->is_string() && customer_id->get_string().empty()) customer_id = nullptr;
    std::string customer = customer_id ? read_id(*customer_id, path + ".CustomerId") : std::string();
    if (customer.empty() || is_zero_id(customer)) {
        out.emplace_back(core::Skipped{"order " + order.order_id, "no customer: walk-in sales earn nothing"});
        return;
    }

    order.status = status_of(invoice, path);
    const json::value* total = field(invoice, "Total");
    if (!total) refuse(path + ".Total is required");
    int64_t due = read_money(*total, path + ".Total");
    int64_t surcharges = surcharges_of(invoice, path);
    order.amount = surcharges < due ? due - surcharges : 0;
    // No refund webhook exists (returns are polled from the API), so nothing here is ever refunded.
    order.refunded_amount = 0;
    order.occurred_at = occurred_at(invoice, path, zone);
    order.version = modified_version(invoice, path + ".ModifiedDate", zone);
    order.customer.platform = std::string(platform);
    order.customer.customer_id = std::move(customer);
    order.customer.name = optional_text(invoice, "CustomerName", path);
    order.lines = lines_of(invoice);
    out.emplace_back(core::OrderUpdate{std::move(order)});
}

}  // namespace

void map_invoice_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out) {
    for (const auto& item : objects_of(data, path)) map_invoice(*item.object, item.path, zone, out);
}

void map_invoice_delete(const json::value* data, const std::string& path, Events& out) {
    // Not a documented webhook: KiotViet cancels invoices (Status 2 on invoice.update) rather than
    // deleting them. Reversing points on an undocumented signal could claw back real sales, so a
    // deletion is shown to the operator and changes nothing.
    static const std::string reason =
        "invoice.delete is not a documented KiotViet webhook; a cancelled invoice arrives as invoice.update "
        "with Status 2, so a deletion changes no points (review it by hand)";
    std::vector<std::string> ids;
    if (data) {
        try {
            ids = removed_ids(*data, path);
        } catch (const core::Error&) {
            ids.clear();  // its shape is as undocumented as the event: nothing to refuse it for
        }
    }
    if (ids.empty()) {
        out.emplace_back(core::Skipped{"invoice.delete", reason});
        return;
    }
    for (const auto& id : ids) out.emplace_back(core::Skipped{"order " + std::string(platform) + ":" + id, reason});
}

}  // namespace loyalty::connectors::kiotviet
