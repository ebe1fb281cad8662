// Returns applied to orders (OrderReturn), one row per return, kept for good: a return pulled
// again long after its delivery key was forgotten still finds its row and refunds nothing.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {

bool SqlTransaction::add_order_return(const std::string& shop, const std::string& order_id,
                                      const std::string& return_id, int64_t amount, int64_t now) {
    static constexpr Query q{QueryId::add_order_return,
                             "INSERT INTO order_returns (shop_id, order_id, return_id, amount, applied_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (shop_id, order_id, return_id) DO NOTHING"};
    Call c(db_, q);
    c.bind(shop).bind(order_id).bind(return_id).bind(amount).bind(now).run();
    return c.changes() == 1;
}

}  // namespace loyalty::core::sql
