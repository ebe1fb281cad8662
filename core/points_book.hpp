#pragma once
// Every movement of a member's points goes through here, so the ledger entry, the cached balances
// and the lots (credits remembered for pending points, expiry and debit order) move together.
// Invariant after every call: the member's available lots hold max(0, available) and the pending
// lots hold `pending` (docs/program.md, "Lots and expiry").
#include <cstdint>
#include <optional>
#include <string>

#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

struct Book {
    Transaction& tx;
    const ShopProgram& program;
    Member& member;  // balances kept current by every call
    int64_t now;
    const std::string& shop() const { return program.shop_id; }
};

// What an entry says about itself; the book fills in the amounts and balances.
struct EntryNote {
    EntryKind kind = EntryKind::earn;
    std::string reason;
    std::string ref_type;
    std::string ref_id;
    std::string detail;
    int64_t occurred_at = 0;
    bool counts_as_earned = false;  // moves lifetime_earned (order points)
    bool id_unread = false;  // the caller reads nothing of the entry posted, so the store need not wait for its id
};

// The credit a lot stands for. `release_at` set: credited as pending until then.
struct LotSource {
    std::string type;
    std::string id;
    int64_t earned_at = 0;
    std::optional<int64_t> release_at;
};

// Adds to (or takes back from) the lot of `source`, creating it on the first credit: pending while
// the lot is pending, available after. Posts one entry unless `delta` is 0 and returns it. A caller that
// knows the source is new (an order never stored before) says so, and the lookup of its lot is skipped.
Entry change_source(Book& book, const LotSource& source, int64_t delta, const EntryNote& note,
                    bool source_is_new = false);
// Takes available points from the lots that expire soonest; the caller has checked the balance.
Entry debit(Book& book, int64_t points, const EntryNote& note);
// Moves a pending lot to available.
void release_lot(Book& book, Lot lot);
// Expires what is left of an available lot.
void expire_lot(Book& book, Lot lot);
// After a merge moved lots and balances together: lots above max(0, available) are the debt of one
// side paying for the other, taken in debit order without an entry (the merge entries moved them).
void settle_lots(Transaction& tx, const std::string& shop_id, const Member& member);

std::optional<int64_t> expiry_for(const ShopProgram& program, int64_t earned_at);

}  // namespace loyalty::core
