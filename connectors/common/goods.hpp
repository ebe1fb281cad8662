#pragma once
// What the customer paid for goods, from an order's totals, on the platforms whose orders look like
// Haravan's and Sapo Web's. Their `subtotal_price` is not the same thing everywhere: Haravan's own
// sample orders have it equal to `total_line_items_price`, i.e. before order-level discounts, while
// a Shopify-style order has it after them. The totals tell which one an order uses.
#include <cstdint>
#include <optional>

namespace loyalty::connectors {

struct OrderTotals {
    int64_t subtotal = 0;                    // subtotal_price
    std::optional<int64_t> line_items_price; // total_line_items_price, or Σ price × quantity
    int64_t discounts = 0;                   // total_discounts
    int64_t total = 0;                       // total_price: what the customer pays, shipping and tax included
    int64_t shipping = 0;                    // Σ shipping_lines[].price
};

// The goods after every discount, never below 0 and never above total − shipping:
// - subtotal + discounts == line_items_price: the subtotal is already after discounts;
// - otherwise (Haravan's samples: subtotal == line_items_price): subtotal − discounts.
int64_t goods_after_discounts(const OrderTotals& t);

}  // namespace loyalty::connectors
