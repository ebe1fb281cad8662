#pragma once
// Once-only bonuses (docs/program.md, "Bonuses"). Each is guarded by a marker on the member, so a
// replayed event or a second maintenance run never pays twice.
#include <optional>
#include <string>
#include <vector>

#include "points_book.hpp"

namespace loyalty::core {

void pay_welcome(Book& book);
// The birthday bonus if `book.now` is the member's birthday in the shop's calendar.
void pay_birthday(Book& book);
// "MM-DD" of the birthdays that fall on the local date of `t` (two on 28 February in a common year).
std::vector<std::string> birthdays_on(int64_t t, const Zone& zone);

// The first-order bonus rides on the order that earned it: pending with it, taken back with it.
// Returns the bonus now carried by the order.
int64_t grant_first_order(Book& book, const std::string& order_id, const LotSource& source);
void take_back_first_order(Book& book, const std::string& order_id, int64_t bonus);
// An order from the platform's history counted for the member: they are no new customer, so no
// later order earns the first-order bonus.
void mark_first_order_past(Book& book);

}  // namespace loyalty::core
