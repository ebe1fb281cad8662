// return.update: a return (Trả hàng) the apps pulled from GET /returns. KiotViet sends no return
// webhook; the apps hand each pulled return over in an envelope with this Action of our own.
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "common/instant.hpp"
#include "common/money.hpp"
#include "internal.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::connectors::kiotviet {
namespace {

// What the return takes off the order's spend: the goods' value returned (returnTotal) less the
// return's own discount (returnDiscount). That is the sale undone, whether the shop paid it back in
// cash (totalPayment) or set it against a new purchase, which earns on its own invoice. A return
// without returnTotal falls back to totalPayment, the money paid back.
int64_t amount_of(const json::object& r, const std::string& path) {
    if (const json::value* total = field(r, "ReturnTotal")) {
        int64_t goods = read_money(*total, path + ".returnTotal");
        const json::value* discount = field(r, "ReturnDiscount");
        int64_t off = discount ? read_money(*discount, path + ".returnDiscount") : 0;
        return off < goods ? goods - off : 0;
    }
    if (const json::value* paid = field(r, "TotalPayment")) return read_money(*paid, path + ".totalPayment");
    refuse(path + " has neither returnTotal nor totalPayment");
}

// KiotViet's return statuses: 1 returned (Đã trả), 2 cancelled (Đã hủy). Absent is taken as done.
bool cancelled(const json::object& r, const std::string& path) {
    const json::value* status = field(r, "Status");
    if (!status) return false;
    const int64_t code = read_code(*status, path + ".status");
    if (code == 1) return false;
    if (code == 2) return true;
    refuse(path + ".status " + std::to_string(code) + " is not a return status KiotViet documents (1, 2)");
}

int64_t returned_at(const json::object& r, const std::string& path, const core::Zone& zone) {
    for (const char* name : {"ReturnDate", "CreatedDate"}) {
        const json::value* value = field(r, name);
        if (!value) continue;
        if (!value->is_string()) refuse(path + "." + name + " must be a date-time string");
        auto seconds = core::parse_timestamp(text_of(*value), zone);
        if (!seconds) refuse(path + "." + name + " \"" + std::string(text_of(*value).substr(0, 64)) + "\" is not a date-time");
        return *seconds;
    }
    refuse(path + ".returnDate is required");
}

void map_return(const json::object& r, const std::string& path, const core::Zone& zone, Events& out) {
    const std::string id = required_id(r, "Id", path);
    const std::string what = "return " + std::string(platform) + ":" + id;
    const json::value* invoice = field(r, "InvoiceId");
    std::string invoice_id = invoice ? read_id(*invoice, path + ".invoiceId") : std::string();
    if (invoice_id.empty() || is_zero_id(invoice_id)) {
        out.emplace_back(core::Skipped{what, "a return without an invoice: no sale of ours to refund"});
        return;
    }
    if (cancelled(r, path)) {
        out.emplace_back(core::Skipped{what, "the return was cancelled: nothing went back"});
        return;
    }
    core::OrderReturn event;
    event.order_id = std::string(platform) + ":" + invoice_id;
    event.return_id = id;
    event.amount = amount_of(r, path);
    event.occurred_at = returned_at(r, path, zone);
    event.version = modified_version(r, path + ".modifiedDate", zone);
    out.emplace_back(std::move(event));
}

}  // namespace

void map_return_update(const json::value& data, const std::string& path, const core::Zone& zone, Events& out) {
    for (const auto& item : objects_of(data, path)) map_return(*item.object, item.path, zone, out);
}

}  // namespace loyalty::connectors::kiotviet
