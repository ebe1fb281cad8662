// The order path's first reads sent together: on PostgreSQL one round trip in the shop's lane instead of three.
#include <optional>

#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

void SqlTransaction::read_ahead(const OrderReadAhead& keys) {
    ahead_.reset();
    if (!db_.pipelines()) return;
    Call delivery(db_, delivery_query());
    delivery.bind(keys.shop).bind(keys.platform).bind(keys.delivery_key);
    Call order(db_, order_query());
    order.bind(keys.shop).bind(keys.order_id);
    std::optional<Call> member;
    if (keys.customer) {
        member.emplace(db_, referenced_member_query());
        member->bind(keys.shop).bind(keys.customer->platform).bind(keys.customer->customer_id);
        db_.run_together({&delivery.statement(), &order.statement(), &member->statement()});
    } else {
        db_.run_together({&delivery.statement(), &order.statement()});
    }
    Ahead a;
    a.keys = keys;
    a.delivery = delivery_row(delivery);
    a.order = order_row(order);
    if (member) a.member = referenced_member_row(*member);
    a.calls = db_.calls;
    ahead_ = std::move(a);
}

}  // namespace loyalty::core::sql
