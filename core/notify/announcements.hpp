#pragma once
// Events that come from the calendar rather than from a change: a member's birthday and points
// about to expire. Maintenance runs them; each event's dedup key (the member and the day, or the
// member and the expiry time) makes a second run find nothing new.
#include <cstdint>

#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

struct MaintenanceReport;

// birthday: members born on today's local date, once per member and year.
void announce_birthdays(Store& store, const ShopProgram& p, int64_t now, MaintenanceReport& report);
// points.expiring: available points that expire within the shop's expiring_days, once per member
// and expiry time.
void announce_expiring(Store& store, const ShopProgram& p, int64_t now, MaintenanceReport& report);

}  // namespace loyalty::core
