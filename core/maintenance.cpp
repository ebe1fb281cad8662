// Maintenance: the program's time-driven work (docs/program.md, "Maintenance"). Each step finds its
// work from the data (review times, lot states, markers) and records what it did there, so a second
// run with the same time finds nothing, and work is done in bounded transactions.
#include <map>

#include "distributor/settlement.hpp"
#include "engine.hpp"
#include "member_resolution.hpp"
#include "points_book.hpp"
#include "program/bonuses.hpp"
#include "program/calendar.hpp"
#include "program/periods.hpp"
#include "program/tier_status.hpp"

namespace loyalty::core {
namespace {

constexpr int64_t delivery_memory = 90 * 24 * 3600;  // seconds a delivery key is remembered for dedup
constexpr int batch = 256;                            // members or lots per transaction

// Runs `step` over lots due at `now`, a batch per transaction, each member's balances kept current
// across its lots in the batch.
int64_t for_due_lots(Store& store, const ShopProgram& p, LotDue due, int64_t now,
                     void (*step)(Book&, Lot)) {
    int64_t done = 0;
    for (bool more = true; more;) {
        int64_t in_batch = 0;
        store.write([&](Transaction& tx) {
            in_batch = 0;
            std::map<std::string, Member> members;
            for (Lot& lot : tx.due_lots(p.shop_id, due, now, batch)) {
                auto it = members.find(lot.member_id);
                if (it == members.end()) it = members.emplace(lot.member_id, require_member(tx, p.shop_id, lot.member_id)).first;
                Book book{tx, p, it->second, now};
                step(book, std::move(lot));
                ++in_batch;
            }
        });
        done += in_batch;
        more = in_batch == batch;
    }
    return done;
}

}  // namespace

void Engine::maintain_shop(const ShopProgram& p, int64_t now, MaintenanceReport& report) {
    if (p.tiers) {
        const int64_t boundary = review_boundary(p, now);
        for (bool more = true; more;) {
            int64_t in_batch = 0;
            store_->write([&](Transaction& tx) {
                in_batch = 0;
                for (const auto& id : tx.members_due_review(p.shop_id, boundary, now, batch)) {
                    Member m = require_member(tx, p.shop_id, id);
                    Book book{tx, p, m, now};
                    review_tier(book);
                    ++in_batch;
                }
            });
            report.tiers_reviewed += in_batch;
            more = in_batch == batch;
        }
    }
    report.lots_released += for_due_lots(*store_, p, LotDue::release, now, [](Book& b, Lot l) { release_lot(b, std::move(l)); });
    report.lots_expired += for_due_lots(*store_, p, LotDue::expiry, now, [](Book& b, Lot l) { expire_lot(b, std::move(l)); });
    if (p.bonuses.birthday > 0) {
        for (const auto& month_day : birthdays_on(now, *p.zone)) {
            int64_t paid = 0;
            store_->write([&](Transaction& tx) {
                paid = 0;
                for (const auto& id : tx.members_born_on(p.shop_id, month_day)) {
                    Member m = require_member(tx, p.shop_id, id);
                    if (m.created_at > now) continue;
                    int64_t before = m.balances.available;
                    Book book{tx, p, m, now};
                    pay_birthday(book);
                    paid += m.balances.available != before;
                }
            });
            report.birthday_bonuses += paid;
        }
    }
    if (p.distributor.settle_after_days >= 0) {
        // Only the period that closed last: older ones were either settled then or predate the program.
        for (const auto& ref : programs_of(p)) {
            if (ref.period() == PeriodKind::order) continue;
            Period last = period_before(period_at(ref.period(), now, *p.zone), *p.zone);
            if (add_days(last.to, p.distributor.settle_after_days, *p.zone) > now) continue;
            // Read first: once settled, the hourly run should not queue a write that changes nothing.
            bool settled_before = false;
            store_->read([&](Transaction& tx) { settled_before = tx.settled_at(p.shop_id, ref.id(), last.key).has_value(); });
            if (settled_before) continue;
            bool settled_now = false;
            store_->write([&](Transaction& tx) { settled_now = !settle_program(tx, p, ref, last, now).already_settled; });
            report.periods_settled += settled_now;
        }
    }
}

MaintenanceReport Engine::run_maintenance(int64_t now_seconds) {
    MaintenanceReport report;
    report.now = now_seconds;
    // Another instance may have changed a program since this one cached it.
    auto programs = refresh_shops();
    // Every instance schedules maintenance; one at a time runs it (each step is idempotent anyway,
    // so this only saves the others the work).
    bool ran = store_->exclusive("maintenance", [&] {
        for (const auto& p : programs) maintain_shop(*p, now_seconds, report);
        // Platforms retry for hours or days, not months; past that, an order's version still keeps a
        // very late retry from applying twice, so old keys can go and the table stays bounded.
        int64_t forgotten = 0;
        store_->write([&](Transaction& tx) { forgotten = tx.forget_deliveries(now_seconds - delivery_memory); });
        report.deliveries_forgotten = forgotten;
    });
    report.skipped = !ran;
    store_->read([&](Transaction& tx) {
        report.entries = tx.entry_count();
        report.mismatches = tx.balance_mismatches();
    });
    return report;
}

}  // namespace loyalty::core
