#include "codec.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"

namespace loyalty::documents {
namespace {

std::vector<core::OrderLine> decode_lines(const json::object& o, const std::string& owner) {
    std::vector<core::OrderLine> out;
    const json::array* lines = get_array(o, "lines", owner);
    if (!lines) return out;
    for (std::size_t i = 0; i < lines->size(); ++i) {
        std::string path = owner + ".lines[" + std::to_string(i) + "]";
        if (!(*lines)[i].is_object()) core::fail(core::Status::invalid_argument, path + " must be an object");
        const auto& line = (*lines)[i].get_object();
        // Hosts pass their own line objects; fields other than these are theirs and ignored.
        core::OrderLine l{get_string(line, "sku", path).value_or(""), get_integer(line, "quantity", path).value_or(0),
                          get_integer(line, "amount", path).value_or(0),
                          get_string(line, "category", path).value_or("")};
        if (l.quantity < 0 || l.amount < 0)
            core::fail(core::Status::invalid_argument, path + " must not have a negative quantity or amount");
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace

core::CustomerInput decode_customer(const json::object& c, std::string_view path) {
    core::CustomerInput in;
    in.platform = get_string(c, "platform", path).value_or("");
    in.customer_id = get_string(c, "customer_id", path).value_or("");
    in.phone = get_string(c, "phone", path).value_or("");
    in.name = get_string(c, "name", path).value_or("");
    in.email = get_string(c, "email", path).value_or("");
    in.birthday = get_string(c, "birthday", path).value_or("");
    in.group = get_string(c, "group", path).value_or("");
    return in;
}

core::OrderInput decode_order(const json::object& o, const core::Zone& zone, int64_t now) {
    core::OrderInput in;
    in.order_id = require_string(o, "order_id", "order");
    std::string status = require_string(o, "status", "order");
    auto s = core::order_status_from(status);
    if (!s)
        core::fail(core::Status::invalid_argument,
                   "order.status \"" + status + "\" is not one of pending, paid, partially_refunded, refunded, cancelled");
    in.status = *s;
    in.amount = require_integer(o, "amount", "order");
    in.refunded_amount = get_integer(o, "refunded_amount", "order").value_or(0);
    in.version = get_integer(o, "version", "order");
    in.occurred_at = now;
    if (auto when = get_string(o, "occurred_at", "order")) {
        auto t = core::parse_timestamp(*when, zone);
        if (!t)
            core::fail(core::Status::invalid_argument,
                       "order.occurred_at \"" + *when + "\" is not a timestamp (e.g. 2024-05-13T14:20:00+07:00)");
        in.occurred_at = *t;
    }
    const json::object* customer = get_object(o, "customer", "order");
    if (!customer) core::fail(core::Status::invalid_argument, "order.customer is required");
    in.customer = decode_customer(*customer, "order.customer");
    in.lines = decode_lines(o, "order");
    // Codes applied at checkout: one equal to an issued grant's code marks the grant used (docs/rewards.md).
    if (const json::array* codes = get_array(o, "discount_codes", "order")) {
        for (std::size_t i = 0; i < codes->size(); ++i) {
            if (!(*codes)[i].is_string())
                core::fail(core::Status::invalid_argument,
                           "order.discount_codes[" + std::to_string(i) + "] must be a string");
            const auto& code = (*codes)[i].get_string();
            in.discount_codes.emplace_back(code.data(), code.size());
        }
    }
    return in;
}

core::QuoteRequest decode_quote(const json::object& q, const core::Zone& zone) {
    reject_unknown(q, {"member_id", "tier", "amount", "lines", "redeem_points", "at"}, "request");
    core::QuoteRequest r;
    r.member_id = get_string(q, "member_id", "request").value_or("");
    r.tier = get_string(q, "tier", "request").value_or("");
    r.amount = require_integer(q, "amount", "request");
    if (r.amount < 0) core::fail(core::Status::invalid_argument, "request.amount must not be negative");
    r.lines = decode_lines(q, "request");
    r.redeem_points = get_integer(q, "redeem_points", "request").value_or(0);
    if (auto when = get_string(q, "at", "request")) {
        r.at = core::parse_timestamp(*when, zone);
        if (!r.at) core::fail(core::Status::invalid_argument, "request.at \"" + *when + "\" is not a timestamp");
    }
    return r;
}

core::TierRequest decode_tier_request(const json::object& q, const core::Zone& zone) {
    reject_unknown(q, {"member_id", "tier", "until"}, "request");
    core::TierRequest r;
    r.member_id = require_string(q, "member_id", "request");
    r.tier = require_string(q, "tier", "request");
    std::string until = require_string(q, "until", "request");
    auto t = core::parse_timestamp(until, zone);
    if (!t) core::fail(core::Status::invalid_argument, "request.until \"" + until + "\" is not a timestamp");
    r.until = *t;
    return r;
}

core::MemberQuery decode_member_query(const json::object& q) {
    reject_unknown(q, {"member_id", "phone", "platform", "customer_id"}, "query");
    core::MemberQuery out;
    out.member_id = get_string(q, "member_id", "query").value_or("");
    out.phone = get_string(q, "phone", "query").value_or("");
    out.platform = get_string(q, "platform", "query").value_or("");
    out.customer_id = get_string(q, "customer_id", "query").value_or("");
    return out;
}

core::PointsRequest decode_points_request(const json::object& r) {
    reject_unknown(r, {"member_id", "points", "idempotency_key", "reason"}, "request");
    core::PointsRequest out;
    out.member_id = require_string(r, "member_id", "request");
    out.points = require_integer(r, "points", "request");
    out.idempotency_key = require_string(r, "idempotency_key", "request");
    out.reason = get_string(r, "reason", "request").value_or("");
    return out;
}

}  // namespace loyalty::documents
