#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::core {

enum class EntryKind { earn, reverse, redeem, adjust, expire, release, merge, bonus, returned };

std::string_view to_string(EntryKind k);
std::optional<EntryKind> entry_kind_from(std::string_view s);

// One append-only ledger line. A change to pending and available in one step (a release, later)
// is one entry, so each bucket's balance is the plain sum of its column.
struct Entry {
    int64_t entry_id = 0;  // assigned by the store
    std::string member_id;
    EntryKind kind = EntryKind::earn;
    int64_t available_delta = 0;
    int64_t pending_delta = 0;
    // Lifetime earnings the entry moves: the points for earn and reverse; on a merge, what the
    // absorbed member had earned, so a recount from entries still matches the survivor's total.
    int64_t earned_delta = 0;
    std::string reason;
    std::string ref_type;  // "order", "idempotency_key", …
    std::string ref_id;
    std::string detail;    // how it was computed, e.g. "rate=10000 amount=1130000"
    int64_t occurred_at = 0;
    int64_t created_at = 0;
    int64_t available_after = 0;
    int64_t pending_after = 0;
};

// A credit of points, remembered so that debits can take the points that expire soonest and an
// expiry never takes points that were already spent. `remaining` is what is left of it; a pending
// lot (release_at set) counts towards the pending balance until maintenance releases it.
struct Lot {
    int64_t lot_id = 0;  // assigned by the store
    std::string member_id;
    std::string source_type;  // "order", "order_bonus", "bonus", "adjust", "carried"
    std::string source_id;
    int64_t points = 0;       // credited in all
    int64_t remaining = 0;
    int64_t earned_at = 0;
    std::optional<int64_t> release_at;  // pending until then
    std::optional<int64_t> expires_at;  // never when absent
    bool pending() const { return release_at.has_value(); }
};

struct PointsRequest {
    std::string member_id;
    int64_t points = 0;
    std::string idempotency_key;
    std::string reason;
    // Who asked ("staff:lan"): kept in the entry's detail as "by staff:lan". Not part of the
    // request's identity, so a retry by anyone with the same key is the same request.
    std::string actor;
};

struct PointsResult {
    Entry entry;
    bool replayed = false;  // the idempotency key had already been used with this request
};

struct IdempotencyRecord {
    std::string key;
    std::string fingerprint;
    int64_t entry_id = 0;
};

struct TransactionPage {
    std::vector<Entry> entries;
    std::optional<int64_t> next_before;
};

}  // namespace loyalty::core
