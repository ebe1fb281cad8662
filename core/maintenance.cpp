// Maintenance: the program's time-driven work (docs/program.md, "Maintenance"). Each step finds its
// work from the data (review times, lot states, markers) and records what it did there, so a second
// run with the same time finds nothing, and work is done in bounded transactions.
#include <functional>
#include <map>
#include <set>

#include "distributor/anniversaries.hpp"
#include "distributor/settlement.hpp"
#include "engine.hpp"
#include "member_resolution.hpp"
#include "notify/announcements.hpp"
#include "points_book.hpp"
#include "program/bonuses.hpp"
#include "program/calendar.hpp"
#include "program/periods.hpp"
#include "program/tier_status.hpp"
#include "segments/compute.hpp"
#include "validation.hpp"
#include "util/error.hpp"

namespace loyalty::core {
namespace {

constexpr int64_t delivery_memory = 90 * 24 * 3600;  // seconds a delivery key is remembered for dedup
constexpr int batch = 256;                            // members or lots per transaction

// A failure that retrying may cure (the store is unavailable) stops maintenance; any other is
// one member's or one shop's, reported while the rest goes on.
bool isolated(const std::exception& e) {
    const auto* error = dynamic_cast<const Error*>(&e);
    return !error || error->status() != Status::storage;
}

// One step of maintenance over the items `due` lists, a batch per transaction. When a batch
// fails, its items are run one per transaction: the one that fails is reported and left out of
// later batches, and every other item is done.
template <class Item>
class Batches {
public:
    using Due = std::function<std::vector<Item>(Transaction&, int limit)>;
    using Key = std::function<std::string(const Item&)>;
    using MemberOf = std::function<std::string(const Item&)>;
    // Runs the step on the items of one transaction; returns what it counts.
    using Step = std::function<int64_t(Transaction&, const std::vector<Item>&)>;

    Batches(Store& store, const ShopProgram& p, std::string name, MaintenanceReport& report)
        : store_(store), p_(p), name_(std::move(name)), report_(report) {}

    int64_t run(const Due& due, const Key& key, const MemberOf& member_of, const Step& step) {
        int64_t done = 0;
        for (bool more = true; more;) {
            std::vector<Item> items;
            int64_t counted = 0;
            const int limit = batch + static_cast<int>(failed_.size());
            try {
                store_.write([&](Transaction& tx) {
                    items = pending(tx, due, key, limit, more);
                    counted = step(tx, items);
                });
                done += counted;
            } catch (const std::exception& e) {
                if (!isolated(e)) throw;
                if (items.empty()) {  // the listing itself failed: nothing to split, the step stops here
                    report_.failures.push_back({p_.shop_id, "", name_, e.what()});
                    break;
                }
                done += one_by_one(items, due, key, member_of, step, limit);
            }
        }
        return done;
    }

private:
    std::vector<Item> pending(Transaction& tx, const Due& due, const Key& key, int limit, bool& more) {
        std::vector<Item> listed = due(tx, limit);
        more = static_cast<int>(listed.size()) >= limit;
        std::vector<Item> items;
        for (auto& item : listed)
            if (!failed_.count(key(item))) items.push_back(std::move(item));
        return items;
    }

    int64_t one_by_one(const std::vector<Item>& batch_items, const Due& due, const Key& key, const MemberOf& member_of,
                       const Step& step, int limit) {
        int64_t done = 0;
        for (const auto& item : batch_items) {
            const std::string k = key(item);
            try {
                int64_t counted = 0;
                store_.write([&](Transaction& tx) {
                    // Listed again inside the transaction, so the step sees the item as it is now.
                    std::vector<Item> one;
                    for (auto& fresh : due(tx, limit))
                        if (key(fresh) == k) one.push_back(std::move(fresh));
                    counted = step(tx, one);
                });
                done += counted;
            } catch (const std::exception& e) {
                if (!isolated(e)) throw;
                failed_.insert(k);
                report_.failures.push_back({p_.shop_id, member_of(item), name_, e.what()});
            }
        }
        return done;
    }

    Store& store_;
    const ShopProgram& p_;
    std::string name_;
    MaintenanceReport& report_;
    std::set<std::string> failed_;
};

// Runs `step` over lots due at `now`, each member's balances kept current across its lots in the
// transaction.
int64_t for_due_lots(Store& store, const ShopProgram& p, LotDue due, int64_t now, const char* name,
                     MaintenanceReport& report, void (*step)(Book&, Lot)) {
    Batches<Lot> batches(store, p, name, report);
    return batches.run(
        [&](Transaction& tx, int limit) { return tx.due_lots(p.shop_id, due, now, limit); },
        [](const Lot& lot) { return std::to_string(lot.lot_id); }, [](const Lot& lot) { return lot.member_id; },
        [&](Transaction& tx, const std::vector<Lot>& lots) {
            std::map<std::string, Member> members;
            for (const Lot& lot : lots) {  // copied, not moved: a failed batch reports its lots
                auto it = members.find(lot.member_id);
                if (it == members.end())
                    it = members.emplace(lot.member_id, require_member(tx, p.shop_id, lot.member_id)).first;
                Book book{tx, p, it->second, now};
                step(book, lot);
            }
            return static_cast<int64_t>(lots.size());
        });
}

std::string same(const std::string& id) { return id; }

// Merges made through a phone that identifies no one under today's rules (docs/program.md,
// "Identity"): listed for review, never undone by the engine.
std::vector<SuspectMerge> suspect_merges(Transaction& tx, const ShopProgram& p) {
    std::map<std::string, SuspectMerge> by_survivor;
    for (const auto& merged : tx.merged_members(p.shop_id)) {
        auto survivor = find_member(tx, p.shop_id, merged.merged_into);
        if (!survivor || survivor->phone.empty()) continue;
        if (!read_phone(survivor->phone, p.placeholder_phones).identity.empty()) continue;
        auto& s = by_survivor[survivor->member_id];
        s.shop_id = p.shop_id;
        s.member_id = survivor->member_id;
        s.phone = survivor->phone;
        s.merged.push_back(merged.member_id);
    }
    std::vector<SuspectMerge> out;
    for (auto& [id, s] : by_survivor) out.push_back(std::move(s));
    return out;
}

// Anniversaries due at `now` of every live member, at most `limit`: the member's marker for an
// anniversary leaves it off the list once paid, so the list shrinks as batches pay.
std::vector<AnniversaryDue> anniversaries_due(Transaction& tx, const ShopProgram& p, const AnniversaryProgram& a,
                                              int64_t now, int limit) {
    const auto granted = tx.markers_with_prefix(p.shop_id, "anniversary:" + a.program_id + ":");
    std::vector<AnniversaryDue> out;
    for (const MemberStart& m : tx.member_starts(p.shop_id, "")) {
        if (static_cast<int>(out.size()) >= limit) break;
        if (auto due = anniversary_due(tx, p, a, m, now, granted)) out.push_back(std::move(*due));
    }
    return out;
}

int64_t grant_anniversaries(Store& store, const ShopProgram& p, const AnniversaryProgram& a, int64_t now,
                            MaintenanceReport& report) {
    // Read first: on most runs nothing is due, and the hourly run should not queue an empty write.
    if (store.read([&](Transaction& tx) { return anniversaries_due(tx, p, a, now, 1).empty(); })) return 0;
    Batches<AnniversaryDue> batches(store, p, "anniversary " + a.program_id, report);
    return batches.run(
        [&](Transaction& tx, int limit) { return anniversaries_due(tx, p, a, now, limit); },
        [](const AnniversaryDue& d) { return d.member_id; }, [](const AnniversaryDue& d) { return d.member_id; },
        [&](Transaction& tx, const std::vector<AnniversaryDue>& due) {
            int64_t paid = 0;
            for (const auto& d : due) paid += grant_anniversary(tx, p, a, d, now);
            return paid;
        });
}

}  // namespace

void Engine::maintain_shop(const ShopProgram& p, int64_t now, MaintenanceReport& report) {
    if (p.tiers) {
        const int64_t boundary = review_boundary(p, now);
        Batches<std::string> reviews(*store_, p, "tier_review", report);
        report.tiers_reviewed += reviews.run(
            [&](Transaction& tx, int limit) { return tx.members_due_review(p.shop_id, boundary, now, limit); }, same,
            same, [&](Transaction& tx, const std::vector<std::string>& ids) {
                for (const auto& id : ids) {
                    Member m = require_member(tx, p.shop_id, id);
                    Book book{tx, p, m, now};
                    review_tier(book);
                }
                return static_cast<int64_t>(ids.size());
            });
    }
    report.lots_released += for_due_lots(*store_, p, LotDue::release, now, "release", report,
                                         [](Book& b, Lot l) { release_lot(b, std::move(l)); });
    report.lots_expired += for_due_lots(*store_, p, LotDue::expiry, now, "expiry", report,
                                        [](Book& b, Lot l) { expire_lot(b, std::move(l)); });
    if (p.bonuses.birthday > 0) {
        for (const auto& month_day : birthdays_on(now, *p.zone)) {
            Batches<std::string> birthdays(*store_, p, "birthday", report);
            // The marker each payment leaves keeps a member from being paid twice, however the
            // members are split into transactions.
            report.birthday_bonuses += birthdays.run(
                [&](Transaction& tx, int) { return tx.members_born_on(p.shop_id, month_day); }, same, same,
                [&](Transaction& tx, const std::vector<std::string>& ids) {
                    int64_t paid = 0;
                    for (const auto& id : ids) {
                        Member m = require_member(tx, p.shop_id, id);
                        if (m.created_at > now) continue;
                        int64_t before = m.balances.available;
                        Book book{tx, p, m, now};
                        pay_birthday(book);
                        paid += m.balances.available != before;
                    }
                    return paid;
                });
        }
    }
    for (const auto& a : p.distributor.anniversaries)
        report.anniversary_awards += grant_anniversaries(*store_, p, a, now, report);
    announce_birthdays(*store_, p, now, report);
    announce_expiring(*store_, p, now, report);
    auto suspects = store_->read([&](Transaction& tx) { return suspect_merges(tx, p); });
    for (auto& s : suspects) report.suspect_merges.push_back(std::move(s));
    if (p.distributor.settle_after_days >= 0) {
        // Only the period that closed last: older ones were either settled then or predate the program.
        for (const auto& ref : programs_of(p)) {
            if (ref.period() == PeriodKind::order || !ref.settles()) continue;
            Period last = period_before(period_at(ref.period(), now, *p.zone), *p.zone);
            if (add_days(last.to, p.distributor.settle_after_days, *p.zone) > now) continue;
            try {
                // Read first: once settled, the hourly run should not queue a write that changes nothing.
                bool settled_before =
                    store_->read([&](Transaction& tx) { return tx.settled_at(p.shop_id, ref.id(), last.key).has_value(); });
                if (settled_before) continue;
                bool settled_now =
                    store_->write([&](Transaction& tx) { return !settle_program(tx, p, ref, last, now).already_settled; });
                report.periods_settled += settled_now;
            } catch (const std::exception& e) {
                if (!isolated(e)) throw;
                report.failures.push_back({p.shop_id, "", "settle " + ref.id() + " " + last.key, e.what()});
            }
        }
    }
    try {
        if (auto scored = compute_segments(*store_, p, now)) report.members_segmented += *scored;
    } catch (const std::exception& e) {
        if (!isolated(e)) throw;
        report.failures.push_back({p.shop_id, "", "segments", e.what()});
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
        for (const auto& p : programs) {
            try {
                maintain_shop(*p, now_seconds, report);
            } catch (const std::exception& e) {
                // What maintain_shop did before the failure is committed (bounded transactions); the
                // next run finds the rest from the data.
                if (!isolated(e)) throw;
                report.failures.push_back({p->shop_id, "", "shop", e.what()});
            }
        }
        // Platforms retry for hours or days, not months; past that, an order's version still keeps a
        // very late retry from applying twice, so old keys can go and the table stays bounded.
        report.deliveries_forgotten =
            store_->write([&](Transaction& tx) { return tx.forget_deliveries(now_seconds - delivery_memory); });
    });
    report.skipped = !ran;
    try {
        store_->read([&](Transaction& tx) {
            report.entries = tx.entry_count();
            report.mismatches = tx.balance_mismatches();
        });
    } catch (const std::exception& e) {
        if (!isolated(e)) throw;
        report.failures.push_back({"", "", "ledger_check", e.what()});
    }
    return report;
}

}  // namespace loyalty::core
