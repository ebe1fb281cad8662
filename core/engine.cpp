#include "engine.hpp"
#include "program/shop_checks.hpp"

#include <chrono>
#include <mutex>

#include "idempotency.hpp"
#include "member_resolution.hpp"
#include "order_ledger.hpp"
#include "rewards/order_codes.hpp"
#include "points_book.hpp"
#include "util/amounts.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

std::string fingerprint(EntryKind kind, const PointsRequest& r) {
    std::string f(to_string(kind));
    f += '\n' + r.member_id + '\n' + std::to_string(r.points) + '\n' + r.reason;
    return f;
}

}  // namespace

namespace {

constexpr int64_t shop_recheck_ms = 1000;
// How old a cached program fresh_shop still gives. What it serves answers only retries of deliveries already
// stored, so a change another instance made (a secret rotated) may take this long to reach it, and no longer.
constexpr int64_t fresh_shop_ms = 60000;

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Engine::Engine(std::unique_ptr<Store> store, ProgramDecoder decoder, Clock clock)
    : store_(std::move(store)), decoder_(std::move(decoder)), clock_(std::move(clock)) {
    auto stored = store_->read([](Transaction& tx) { return tx.shops(); });
    std::unique_lock lock(shops_mutex_);
    for (const auto& s : stored) cache(std::make_shared<const ShopProgram>(decoder_(s.definition)));
}

int64_t Engine::now() const {
    if (clock_) return clock_();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Engine::cache(const std::shared_ptr<const ShopProgram>& program) const {
    auto& entry = shops_[program->shop_id];
    entry.program = program;
    if (!entry.checked_ms) entry.checked_ms = std::make_shared<std::atomic<int64_t>>(0);
    entry.checked_ms->store(steady_ms());
}

void Engine::put_shop(ShopProgram program) {
    check_shop(program);
    auto shared = std::make_shared<const ShopProgram>(std::move(program));
    // Holding the lock across the write keeps the cache in the order the store applied the puts.
    std::unique_lock lock(shops_mutex_);
    store_->write([&](Transaction& tx) { tx.put_shop({shared->shop_id, shared->definition}, now()); });
    cache(shared);
}

std::shared_ptr<const ShopProgram> Engine::change_shop(const std::string& shop_id, const ShopChange& change) {
    require_text(shop_id, "shop_id");
    std::unique_lock lock(shops_mutex_);
    std::shared_ptr<const ShopProgram> result;
    store_->write([&](Transaction& tx) {
        std::optional<StoredShop> stored = tx.shop(shop_id);
        std::optional<std::string> before;
        if (stored) before = stored->definition;
        std::optional<std::string> after = change(before);
        if (!after) {
            if (!stored) fail(Status::not_found, "shop \"" + shop_id + "\" not found");
            result = std::make_shared<const ShopProgram>(decoder_(stored->definition));
            return;
        }
        auto program = std::make_shared<const ShopProgram>(decoder_(*after));
        if (program->shop_id != shop_id)
            fail(Status::invalid_argument, "shop_id \"" + program->shop_id + "\" differs from \"" + shop_id + "\"");
        check_shop(*program);
        tx.put_shop({shop_id, program->definition}, now());
        result = program;
    });
    cache(result);
    return result;
}

std::shared_ptr<const ShopProgram> Engine::shop(const std::string& shop_id) const {
    const int64_t t = steady_ms();
    std::shared_ptr<const ShopProgram> cached;
    {
        std::shared_lock lock(shops_mutex_);
        auto it = shops_.find(shop_id);
        if (it != shops_.end()) {
            cached = it->second.program;
            int64_t checked = it->second.checked_ms->load();
            // Fresh, or another caller is re-reading it right now: the cached program serves.
            if (t - checked < shop_recheck_ms || !it->second.checked_ms->compare_exchange_strong(checked, t))
                return cached;
        }
    }
    // Not cached, or due for a check: another process sharing the store may have changed it.
    auto stored = store_->read([&](Transaction& tx) { return tx.shop(shop_id); });
    if (!stored) {
        if (cached) return cached;
        fail(Status::not_found, "shop \"" + shop_id + "\" not found");
    }
    if (cached && cached->definition == stored->definition) return cached;
    auto program = std::make_shared<const ShopProgram>(decoder_(stored->definition));
    std::unique_lock lock(shops_mutex_);
    auto it = shops_.find(shop_id);
    // A put by this instance while the store was read is newer than what was read: it stays.
    if (it != shops_.end() && it->second.program != cached) return it->second.program;
    cache(program);
    return program;
}

std::shared_ptr<const ShopProgram> Engine::shop_by_org(const std::string& platform, const std::string& org_id) {
    if (org_id.empty()) fail(Status::not_found, "no " + platform + " organisation id was given");
    auto find = [&] { return cached_by_org(platform, org_id); };
    if (auto found = find()) return shop(found->shop_id);  // shop() keeps it current
    // Not cached: another instance may have connected it. Bounded, since anyone can send an org id.
    int64_t t = steady_ms() / 1000;
    int64_t last = org_refresh_at_.load();
    if (t != last && org_refresh_at_.compare_exchange_strong(last, t)) {
        refresh_shops();
        if (auto found = find()) return found;
    }
    fail(Status::not_found, "no shop has a " + platform + " connection with org_id \"" + org_id + "\"");
}

std::shared_ptr<const ShopProgram> Engine::cached_by_org(const std::string& platform,
                                                          const std::string& org_id) const {
    std::shared_lock lock(shops_mutex_);
    return by_org_locked(platform, org_id);
}

std::shared_ptr<const ShopProgram> Engine::by_org_locked(const std::string& platform, const std::string& org_id) const {
    std::shared_ptr<const ShopProgram> found;
    for (const auto& [id, entry] : shops_) {
        const Connection* c = entry.program->connection(platform);
        if (!c || c->org_id != org_id) continue;
        if (found)
            fail(Status::conflict, "shops \"" + found->shop_id + "\" and \"" + id + "\" both have " + platform +
                                       " org_id \"" + org_id + "\"");
        found = entry.program;
    }
    return found;
}

std::shared_ptr<const ShopProgram> Engine::fresh_locked(const std::string& shop_id) const {
    auto it = shops_.find(shop_id);
    if (it == shops_.end() || steady_ms() - it->second.checked_ms->load() >= fresh_shop_ms) return nullptr;
    return it->second.program;
}

// put_shop holds the lock across a store write: a caller that must not wait does without it.
std::shared_ptr<const ShopProgram> Engine::fresh_shop(const std::string& shop_id) const {
    std::shared_lock lock(shops_mutex_, std::try_to_lock);
    return lock.owns_lock() ? fresh_locked(shop_id) : nullptr;
}

std::shared_ptr<const ShopProgram> Engine::fresh_shop_by_org(const std::string& platform,
                                                             const std::string& org_id) const {
    std::shared_lock lock(shops_mutex_, std::try_to_lock);
    if (!lock.owns_lock() || org_id.empty()) return nullptr;
    try {
        auto found = by_org_locked(platform, org_id);
        return found ? fresh_locked(found->shop_id) : nullptr;
    } catch (const Error&) {
        return nullptr;  // two shops claim it: shop_by_org says so
    }
}

std::vector<std::shared_ptr<const ShopProgram>> Engine::refresh_shops() {
    // Read under the lock: put_shop holds it across its write, so this never caches a program
    // older than one this instance just stored.
    std::unique_lock lock(shops_mutex_);
    auto stored = store_->read([](Transaction& tx) { return tx.shops(); });
    std::vector<std::shared_ptr<const ShopProgram>> programs;
    for (const auto& s : stored) {
        auto it = shops_.find(s.shop_id);
        if (it == shops_.end() || it->second.program->definition != s.definition)
            cache(std::make_shared<const ShopProgram>(decoder_(s.definition)));
        programs.push_back(shops_[s.shop_id].program);
    }
    return programs;
}

OrderResult Engine::record_order(const std::string& shop_id, const OrderInput& in) {
    auto program = shop(shop_id);
    validate_order(in);
    CustomerPhone phone = read_phone(in.customer.phone, program->placeholder_phones);
    require_identity(in.customer, phone, program->placeholder_phones);
    int64_t t = now();
    return store_->write_for(shop_id, [&](Transaction& tx) {
        OrderResult result = apply_order(tx, *program, in, phone, t);
        if (!result.stale) use_order_codes(tx, *program, in, t);
        return result;
    });
}

UpsertResult Engine::upsert_customer(const std::string& shop_id, const CustomerInput& c) {
    auto program = shop(shop_id);
    validate_customer(c);
    CustomerPhone phone = read_phone(c.phone, program->placeholder_phones);
    require_identity(c, phone, program->placeholder_phones);
    int64_t t = now();
    return store_->write_for(shop_id, [&](Transaction& tx) {
        auto resolved = admit_member(tx, *program, c, phone, t);
        return UpsertResult{resolved.member.member_id, resolved.created};
    });
}

Member Engine::member(const std::string& shop_id, const MemberQuery& q) {
    auto program = shop(shop_id);
    std::string phone = checked_member_query(q, program->placeholder_phones);
    return store_->read([&](Transaction& tx) {
        Member m = queried_member(tx, shop_id, q, phone);
        m.refs = tx.member_refs(shop_id, m.member_id);
        return m;
    });
}

Balances Engine::balances(const std::string& shop_id, const std::string& member_id) {
    shop(shop_id);
    require_text(member_id, "member_id");
    return store_->read([&](Transaction& tx) { return require_member(tx, shop_id, member_id).balances; });
}

TransactionPage Engine::transactions(const std::string& shop_id, const std::string& member_id, int limit,
                                     std::optional<int64_t> before) {
    shop(shop_id);
    require_text(member_id, "member_id");
    if (limit < 1 || limit > max_page)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_page));
    TransactionPage page;
    page.entries = store_->read([&](Transaction& tx) {
        require_member(tx, shop_id, member_id);
        return tx.entries(shop_id, member_id, limit + 1, before);
    });
    if (static_cast<int>(page.entries.size()) > limit) {
        page.entries.resize(limit);
        page.next_before = page.entries.back().entry_id;
    }
    return page;
}

PointsResult Engine::adjust_points(const std::string& shop_id, const PointsRequest& r) {
    if (r.points == 0) fail(Status::invalid_argument, "points must not be zero");
    require_in_range(r.points, "points");
    require_text(r.reason, "reason");
    return post_points(shop_id, r, EntryKind::adjust);
}

PointsResult Engine::redeem_points(const std::string& shop_id, const PointsRequest& r) {
    if (r.points <= 0) fail(Status::invalid_argument, "points must be positive");
    require_in_range(r.points, "points");
    return post_points(shop_id, r, EntryKind::redeem);
}

PointsResult Engine::post_points(const std::string& shop_id, const PointsRequest& r, EntryKind kind) {
    auto program = shop(shop_id);
    require_text(r.member_id, "member_id");
    require_text(r.idempotency_key, "idempotency_key");
    require_text(r.reason, "reason", false);
    std::string print = fingerprint(kind, r);
    PointsResult result;
    int64_t t = now();
    store_->write_for(shop_id, [&](Transaction& tx) {
        result = {};
        if (auto seen = replay_of(tx, shop_id, r.idempotency_key, print)) {
            auto first = tx.entry(shop_id, seen->entry_id);
            if (!first) fail(Status::internal, "idempotency record points at a missing entry");
            result = {*first, true};
            return;
        }
        Member m = require_member(tx, shop_id, r.member_id);
        int64_t delta = kind == EntryKind::redeem ? -r.points : r.points;
        if (delta < 0 && m.balances.available + delta < 0)
            fail(Status::insufficient_points, "member \"" + r.member_id + "\" has " +
                                                  std::to_string(m.balances.available) + " points available, " +
                                                  std::to_string(-delta) + " requested",
                 ErrorDetails::shortfall(m.balances.available, -delta));
        Book book{tx, *program, m, t};
        EntryNote note{kind, r.reason.empty() ? std::string(to_string(kind)) : r.reason, "idempotency_key",
                       r.idempotency_key, r.actor.empty() ? "" : "by " + r.actor, t, false};
        Entry e = delta > 0 ? change_source(book, {"adjust", r.idempotency_key, t, std::nullopt}, delta, note)
                            : debit(book, -delta, note);
        tx.put_idempotency(shop_id, {r.idempotency_key, print, e.entry_id});
        result = {e, false};
    });
    return result;
}

EngineStats Engine::stats() {
    return store_->read([](Transaction& tx) {
        EngineStats s;
        s.entries = tx.entry_count();
        s.quarantine_open = tx.quarantine_open_count();
        return s;
    });
}

}  // namespace loyalty::core
