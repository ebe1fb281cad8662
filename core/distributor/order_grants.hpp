#pragma once
// Rewards that volume bonuses of one order give as grants: issued when the order is first paid,
// voided (if still unused) when it is cancelled or fully refunded. Their points ride on the
// order's earning instead (program/earning.cpp), so refunds take them back with the order.
#include <string>
#include <vector>

#include "domain/order.hpp"
#include "points_book.hpp"

namespace loyalty::core {

void grant_order_volume(Book& book, const std::string& order_id, const std::vector<OrderLine>& lines);
void void_order_volume(Book& book, const std::string& order_id);

}  // namespace loyalty::core
