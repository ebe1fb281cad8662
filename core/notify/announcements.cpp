#include "notify/announcements.hpp"

#include <algorithm>

#include "engine.hpp"
#include "notify/events.hpp"
#include "platform_writes.hpp"
#include "program/bonuses.hpp"
#include "program/calendar.hpp"
#include "util/timestamp.hpp"

namespace loyalty::core {
namespace {

constexpr std::size_t events_per_transaction = 256;

// Runs `record` over `items` a batch per transaction; a failed batch is reported and the rest goes on.
template <class Item, class Record>
void in_batches(Store& store, const ShopProgram& p, const std::vector<Item>& items, const char* step,
                MaintenanceReport& report, Record record) {
    for (std::size_t from = 0; from < items.size(); from += events_per_transaction) {
        std::size_t to = std::min(items.size(), from + events_per_transaction);
        try {
            store.write([&](Transaction& tx) {
                for (std::size_t i = from; i < to; ++i) record(tx, items[i]);
            });
        } catch (const std::exception& e) {
            const auto* error = dynamic_cast<const Error*>(&e);
            if (error && error->status() == Status::storage) throw;
            report.failures.push_back({p.shop_id, "", step, e.what()});
        }
    }
}

}  // namespace

void announce_birthdays(Store& store, const ShopProgram& p, int64_t now, MaintenanceReport& report) {
    if (!p.notifications.wants(event_birthday)) return;
    const int year = local_date(now, *p.zone).year;
    std::vector<std::string> members;
    for (const auto& month_day : birthdays_on(now, *p.zone)) {
        auto born = store.read([&](Transaction& tx) { return tx.members_born_on(p.shop_id, month_day); });
        members.insert(members.end(), born.begin(), born.end());
    }
    in_batches(store, p, members, "birthday event", report, [&](Transaction& tx, const std::string& member_id) {
        record_event(tx, p, member_id, event_birthday, "birthday:" + member_id + ":" + std::to_string(year),
                     "{\"year\":" + std::to_string(year) + "}", now, {{"year", std::to_string(year)}});
    });
}

void announce_expiring(Store& store, const ShopProgram& p, int64_t now, MaintenanceReport& report) {
    if (!p.notifications.wants(event_points_expiring)) return;
    const int64_t until = add_days(now, p.notifications.expiring_days, *p.zone);
    auto due = store.read([&](Transaction& tx) { return tx.expiring_points(p.shop_id, now, until); });
    in_batches(store, p, due, "expiring event", report, [&](Transaction& tx, const MemberExpiry& x) {
        const std::string data = "{\"points\":" + std::to_string(x.points) +
                                 ",\"expires_at\":" + json_string(format_timestamp(x.expires_at, *p.zone)) + "}";
        record_event(tx, p, x.member_id, event_points_expiring,
                     "expiring:" + x.member_id + ":" + std::to_string(x.expires_at), data, now,
                     {{"points", format_points(x.points)}, {"expires", format_date(x.expires_at, *p.zone)}});
    });
}

}  // namespace loyalty::core
