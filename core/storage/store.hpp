#pragma once
// The one interface every storage backend implements. The engine expresses each operation as a
// function over a transaction; the backend decides how transactions are grouped and made durable.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/order.hpp"
#include "domain/quarantine.hpp"

namespace loyalty::core {

struct StoredShop {
    std::string shop_id;
    std::string definition;
};

struct BalanceMismatch {
    std::string shop_id;
    std::string member_id;
    Balances cached;
    Balances recomputed;
};

// Reads and writes inside one transaction. Every call throws core::Error(Status::storage) on a
// backend failure; the whole transaction is then discarded.
class Transaction {
public:
    virtual ~Transaction() = default;

    virtual std::vector<StoredShop> shops() = 0;
    virtual void put_shop(const StoredShop& shop, int64_t now) = 0;

    virtual std::optional<Member> member(const std::string& shop, const std::string& member_id) = 0;
    virtual std::optional<std::string> member_by_ref(const std::string& shop, const PlatformRef& ref) = 0;
    virtual std::optional<std::string> member_by_phone(const std::string& shop, const std::string& phone) = 0;
    virtual void insert_member(const std::string& shop, const Member& m) = 0;
    virtual void update_profile(const std::string& shop, const Member& m) = 0;
    virtual void put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) = 0;
    // The version of the platform's customer record last applied through this reference.
    virtual std::optional<int64_t> ref_version(const std::string& shop, const PlatformRef& ref) = 0;
    virtual void set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) = 0;
    // Removes the reference; returns the member it pointed at, if it existed.
    virtual std::optional<std::string> remove_ref(const std::string& shop, const PlatformRef& ref) = 0;
    // Merging: `from` keeps its row and entries, points at `into`, and gives up its phone, refs and orders.
    virtual void mark_merged(const std::string& shop, const std::string& from, const std::string& into) = 0;
    virtual void move_refs(const std::string& shop, const std::string& from, const std::string& into) = 0;
    virtual void move_orders(const std::string& shop, const std::string& from, const std::string& into) = 0;

    virtual std::optional<OrderState> order(const std::string& shop, const std::string& order_id) = 0;
    virtual void put_order(const std::string& shop, const OrderState& o) = 0;

    // Appends the entry (entries are never changed or removed) and returns its id.
    virtual int64_t append_entry(const std::string& shop, const Entry& e) = 0;
    // Replaces the member's cached balances; the engine calls it in the transaction that moved them.
    virtual void set_balances(const std::string& shop, const std::string& member_id, const Balances& b) = 0;
    virtual std::optional<Entry> entry(const std::string& shop, int64_t entry_id) = 0;
    virtual std::vector<Entry> entries(const std::string& shop, const std::string& member_id, int limit,
                                       std::optional<int64_t> before) = 0;
    virtual int64_t entry_count() = 0;
    virtual int64_t quarantine_open_count() = 0;

    virtual std::optional<IdempotencyRecord> idempotency(const std::string& shop, const std::string& key) = 0;
    virtual void put_idempotency(const std::string& shop, const IdempotencyRecord& r) = 0;

    // Deliveries already applied, by the connector's key: their outcome, for dedup.
    virtual std::optional<std::string> delivery(const std::string& shop, const std::string& platform,
                                                const std::string& key) = 0;
    virtual void put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                              const std::string& outcome, int64_t now) = 0;
    // Forgets delivery keys received before `before`; returns how many.
    virtual int64_t forget_deliveries(int64_t before) = 0;
    virtual int64_t add_quarantine(const QuarantinedDelivery& q) = 0;
    virtual std::vector<QuarantinedDelivery> quarantined(const QuarantineQuery& q) = 0;
    virtual std::optional<QuarantinedDelivery> quarantined_one(int64_t quarantine_id) = 0;
    virtual void resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) = 0;
    // Members whose cached balances differ from the sums of their entries.
    virtual std::vector<BalanceMismatch> balance_mismatches() = 0;
};

struct StoreHealth {
    bool ok = true;
    std::string problem;  // why not, when not ok
};

class Store {
public:
    virtual ~Store() = default;
    // Runs `fn` in a write transaction and returns once it is durable. Concurrent callers may share
    // one commit; a throw from `fn` discards only that caller's changes and is rethrown to it.
    // fn may be run again after a conflict or a lost connection; it must only assign what it
    // captures (never append to or add into it), so that only its last run's results are seen.
    virtual void write(const std::function<void(Transaction&)>& fn) = 0;
    // Runs `fn` against a consistent snapshot; writes inside it are an error. As with write, fn may
    // be run more than once.
    virtual void read(const std::function<void(Transaction&)>& fn) = 0;
    // Whether the store can serve calls right now. A server's health check asks this; it may block
    // for as long as a connection attempt takes.
    virtual StoreHealth health() { return {}; }
};

}  // namespace loyalty::core
