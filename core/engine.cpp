#include "engine.hpp"

#include <chrono>
#include <mutex>

#include "util/error.hpp"
#include "util/ids.hpp"
#include "util/phone.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

constexpr std::size_t max_text = 1000;  // bytes for names, ids, reasons: generous, but bounded
constexpr int max_page = 500;

void require_text(const std::string& value, const char* what, bool required = true) {
    if (required && value.empty()) fail(Status::invalid_argument, std::string(what) + " is required");
    if (value.size() > max_text)
        fail(Status::invalid_argument, std::string(what) + " is longer than " + std::to_string(max_text) + " bytes");
}

std::string canonical_or_fail(const std::string& raw, const char* what) {
    if (raw.empty()) return {};
    auto phone = canonical_phone(raw);
    if (!phone) fail(Status::invalid_argument, std::string(what) + " \"" + raw + "\" is not a phone number");
    return *phone;
}

void validate_birthday(const std::string& birthday) {
    if (birthday.empty()) return;
    auto utc = Zone::load("UTC");
    if (birthday.size() != 10 || !parse_timestamp(birthday, *utc))
        fail(Status::invalid_argument, "customer.birthday \"" + birthday + "\" is not a date (YYYY-MM-DD)");
}

void validate_customer(const CustomerInput& c) {
    require_text(c.platform, "customer.platform", false);
    require_text(c.customer_id, "customer.customer_id", false);
    require_text(c.name, "customer.name", false);
    require_text(c.email, "customer.email", false);
    if (c.customer_id.empty() != c.platform.empty())
        fail(Status::invalid_argument, "customer.customer_id and customer.platform go together");
    if (c.customer_id.empty() && c.phone.empty())
        fail(Status::invalid_argument, "customer needs customer_id with platform, or a phone");
    validate_birthday(c.birthday);
}

void validate_order(const OrderInput& o) {
    require_text(o.order_id, "order_id");
    if (o.amount < 0) fail(Status::invalid_argument, "amount must not be negative");
    if (o.refunded_amount < 0) fail(Status::invalid_argument, "refunded_amount must not be negative");
    if (o.refunded_amount > o.amount) fail(Status::invalid_argument, "refunded_amount is larger than amount");
    if (o.status == OrderStatus::paid && o.refunded_amount != 0)
        fail(Status::invalid_argument, "a paid order with refunds is partially_refunded");
    if (o.version && *o.version < 0) fail(Status::invalid_argument, "version must not be negative");
    for (const auto& line : o.lines) {
        if (line.quantity < 0 || line.amount < 0)
            fail(Status::invalid_argument, "lines must not have negative quantity or amount");
    }
    validate_customer(o.customer);
}

// Order states only move forward when the platform gives no version: a replayed older state must
// not undo a newer one. Cancelled is last because a cancelled order is finished.
int progress_rank(OrderStatus s) {
    switch (s) {
        case OrderStatus::pending: return 0;
        case OrderStatus::paid: return 1;
        case OrderStatus::partially_refunded: return 2;
        case OrderStatus::refunded: return 3;
        case OrderStatus::cancelled: return 4;
    }
    return 0;
}

bool same_state(const OrderState& stored, const OrderInput& in) {
    return stored.status == in.status && stored.amount == in.amount && stored.refunded_amount == in.refunded_amount;
}

bool supersedes(const OrderState& stored, const OrderInput& in) {
    if (stored.status == OrderStatus::cancelled) return false;
    if (stored.version && in.version) return *in.version > *stored.version;
    if (same_state(stored, in)) return false;
    int from = progress_rank(stored.status), to = progress_rank(in.status);
    if (to != from) return to > from;
    return in.status == OrderStatus::partially_refunded && in.refunded_amount > stored.refunded_amount;
}

bool earns(OrderStatus s) { return s == OrderStatus::paid || s == OrderStatus::partially_refunded; }

__extension__ typedef __int128 wide_int;  // GCC and Clang both have it; -Wpedantic needs telling

// floor(earned * kept / amount) without overflow: both factors can approach 2^63.
int64_t scaled(int64_t earned, int64_t kept, int64_t amount) {
    if (amount <= 0) return 0;
    return static_cast<int64_t>(static_cast<wide_int>(earned) * kept / amount);
}

int64_t target_points(OrderStatus status, int64_t amount, int64_t refunded, int64_t rate) {
    if (!earns(status) || rate <= 0) return 0;
    int64_t earned = amount / rate;
    if (status == OrderStatus::paid) return earned;
    return scaled(earned, amount - refunded, amount);
}

int64_t target_spend(OrderStatus status, int64_t amount, int64_t refunded) {
    if (!earns(status)) return 0;
    return amount - refunded;
}

std::string fingerprint(EntryKind kind, const PointsRequest& r) {
    std::string f(to_string(kind));
    f += '\n' + r.member_id + '\n' + std::to_string(r.points) + '\n' + r.reason;
    return f;
}

Member require_member(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    auto m = tx.member(shop_id, member_id);
    if (!m) fail(Status::not_found, "member \"" + member_id + "\" not found in shop \"" + shop_id + "\"");
    return *m;
}

// Fills the profile fields a customer record gives; empty fields leave what is known.
bool merge_profile(Member& m, const CustomerInput& c, const std::string& phone) {
    bool changed = false;
    auto take = [&](std::string& field, const std::string& value) {
        if (!value.empty() && field != value) {
            field = value;
            changed = true;
        }
    };
    take(m.name, c.name);
    take(m.phone, phone);
    take(m.email, c.email);
    take(m.birthday, c.birthday);
    return changed;
}

struct Resolved {
    Member member;
    bool created = false;
};

// Finds the member a customer record speaks of (platform reference first, then phone) or makes one.
Resolved resolve_member(Transaction& tx, const std::string& shop_id, const CustomerInput& c, const std::string& phone,
                        int64_t now) {
    std::optional<std::string> id;
    PlatformRef ref{c.platform, c.customer_id};
    bool has_ref = !c.customer_id.empty();
    if (has_ref) id = tx.member_by_ref(shop_id, ref);
    if (!id && !phone.empty()) id = tx.member_by_phone(shop_id, phone);
    if (id) {
        Member m = require_member(tx, shop_id, *id);
        if (has_ref && !tx.member_by_ref(shop_id, ref)) tx.put_ref(shop_id, ref, m.member_id);
        return {std::move(m), false};
    }
    Member m;
    m.member_id = random_id("m_");
    m.created_at = now;
    merge_profile(m, c, phone);
    tx.insert_member(shop_id, m);
    if (has_ref) tx.put_ref(shop_id, ref, m.member_id);
    return {std::move(m), true};
}

}  // namespace

Engine::Engine(std::unique_ptr<Store> store, ProgramDecoder decoder, Clock clock)
    : store_(std::move(store)), decoder_(std::move(decoder)), clock_(std::move(clock)) {
    std::vector<StoredShop> stored;
    store_->read([&](Transaction& tx) { stored = tx.shops(); });
    for (const auto& s : stored) {
        auto program = std::make_shared<ShopProgram>(decoder_(s.definition));
        shops_[program->shop_id] = std::move(program);
    }
}

int64_t Engine::now() const {
    if (clock_) return clock_();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Engine::put_shop(ShopProgram program) {
    require_text(program.shop_id, "shop_id");
    if (program.spend_per_point <= 0) fail(Status::invalid_argument, "earn.spend_per_point must be positive");
    if (!program.zone) fail(Status::invalid_argument, "timezone \"" + program.timezone + "\" is not known");
    auto shared = std::make_shared<const ShopProgram>(std::move(program));
    // Holding the lock across the write keeps the cache in the order the store applied the puts.
    std::unique_lock lock(shops_mutex_);
    store_->write([&](Transaction& tx) { tx.put_shop({shared->shop_id, shared->definition}, now()); });
    shops_[shared->shop_id] = shared;
}

std::shared_ptr<const ShopProgram> Engine::shop(const std::string& shop_id) const {
    std::shared_lock lock(shops_mutex_);
    auto it = shops_.find(shop_id);
    if (it == shops_.end()) fail(Status::not_found, "shop \"" + shop_id + "\" not found");
    return it->second;
}

OrderResult Engine::record_order(const std::string& shop_id, const OrderInput& in) {
    auto program = shop(shop_id);
    validate_order(in);
    std::string phone = canonical_or_fail(in.customer.phone, "customer.phone");
    OrderResult result;
    int64_t t = now();
    store_->write([&](Transaction& tx) {
        result = {};
        auto stored = tx.order(shop_id, in.order_id);
        Member member;
        OrderState next;
        if (stored) {
            member = require_member(tx, shop_id, stored->member_id);
            next = *stored;
            if (!supersedes(*stored, in)) {
                // A newer version of the same state moves the version on, so an older one in between stays out.
                if (stored->version && in.version && *in.version > *stored->version && same_state(*stored, in)) {
                    next.version = in.version;
                    next.updated_at = t;
                    tx.put_order(shop_id, next);
                }
                result.member_id = member.member_id;
                result.available = member.balances.available;
                result.pending = member.balances.pending;
                return;
            }
        } else {
            member = resolve_member(tx, shop_id, in.customer, phone, t).member;
            next.order_id = in.order_id;
            next.member_id = member.member_id;
        }
        bool changed = !stored || !same_state(*stored, in);
        if (next.earn_rate == 0 && earns(in.status)) next.earn_rate = program->spend_per_point;
        int64_t points = target_points(in.status, in.amount, in.refunded_amount, next.earn_rate);
        int64_t spend = target_spend(in.status, in.amount, in.refunded_amount);
        int64_t delta = points - next.points;
        int64_t spend_delta = spend - next.spend;

        Balances after = member.balances;
        after.available += delta;
        after.lifetime_earned += delta;
        after.lifetime_spend += spend_delta;
        if (delta != 0) {
            Entry e;
            e.member_id = member.member_id;
            e.kind = delta > 0 ? EntryKind::earn : EntryKind::reverse;
            e.available_delta = delta;
            e.reason = "order " + std::string(to_string(in.status));
            e.ref_type = "order";
            e.ref_id = in.order_id;
            e.detail = "rate=" + std::to_string(next.earn_rate) + " amount=" + std::to_string(in.amount) +
                       " refunded=" + std::to_string(in.refunded_amount);
            e.occurred_at = in.occurred_at;
            e.created_at = t;
            e.available_after = after.available;
            e.pending_after = after.pending;
            tx.append_entry(shop_id, e);
        }
        if (after != member.balances) tx.set_balances(shop_id, member.member_id, after);
        next.status = in.status;
        next.amount = in.amount;
        next.refunded_amount = in.refunded_amount;
        if (in.version) next.version = in.version;
        next.points = points;
        next.spend = spend;
        next.occurred_at = in.occurred_at;
        next.updated_at = t;
        tx.put_order(shop_id, next);

        result.member_id = member.member_id;
        result.applied = changed;
        result.points_delta = delta;
        result.available = after.available;
        result.pending = after.pending;
    });
    return result;
}

UpsertResult Engine::upsert_customer(const std::string& shop_id, const CustomerInput& c) {
    shop(shop_id);
    validate_customer(c);
    std::string phone = canonical_or_fail(c.phone, "customer.phone");
    UpsertResult result;
    int64_t t = now();
    store_->write([&](Transaction& tx) {
        auto resolved = resolve_member(tx, shop_id, c, phone, t);
        if (!resolved.created && merge_profile(resolved.member, c, phone)) tx.update_profile(shop_id, resolved.member);
        result = {resolved.member.member_id, resolved.created};
    });
    return result;
}

Member Engine::member(const std::string& shop_id, const MemberQuery& q) {
    shop(shop_id);
    int forms = !q.member_id.empty() + !q.phone.empty() + (!q.platform.empty() || !q.customer_id.empty());
    if (forms != 1)
        fail(Status::invalid_argument, "query needs exactly one of member_id, phone, or platform with customer_id");
    if (q.platform.empty() != q.customer_id.empty())
        fail(Status::invalid_argument, "platform and customer_id go together");
    std::string phone = canonical_or_fail(q.phone, "phone");
    Member result;
    store_->read([&](Transaction& tx) {
        std::optional<std::string> id;
        if (!q.member_id.empty()) id = q.member_id;
        else if (!phone.empty()) id = tx.member_by_phone(shop_id, phone);
        else id = tx.member_by_ref(shop_id, {q.platform, q.customer_id});
        std::optional<Member> m;
        if (id) m = tx.member(shop_id, *id);
        if (!m) fail(Status::not_found, "no member matches the query in shop \"" + shop_id + "\"");
        result = std::move(*m);
    });
    return result;
}

Balances Engine::balances(const std::string& shop_id, const std::string& member_id) {
    shop(shop_id);
    require_text(member_id, "member_id");
    Balances b;
    store_->read([&](Transaction& tx) { b = require_member(tx, shop_id, member_id).balances; });
    return b;
}

TransactionPage Engine::transactions(const std::string& shop_id, const std::string& member_id, int limit,
                                     std::optional<int64_t> before) {
    shop(shop_id);
    require_text(member_id, "member_id");
    if (limit < 1 || limit > max_page)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_page));
    TransactionPage page;
    store_->read([&](Transaction& tx) {
        require_member(tx, shop_id, member_id);
        page.entries = tx.entries(shop_id, member_id, limit + 1, before);
    });
    if (static_cast<int>(page.entries.size()) > limit) {
        page.entries.resize(limit);
        page.next_before = page.entries.back().entry_id;
    }
    return page;
}

PointsResult Engine::adjust_points(const std::string& shop_id, const PointsRequest& r) {
    if (r.points == 0) fail(Status::invalid_argument, "points must not be zero");
    require_text(r.reason, "reason");
    return post_points(shop_id, r, EntryKind::adjust);
}

PointsResult Engine::redeem_points(const std::string& shop_id, const PointsRequest& r) {
    if (r.points <= 0) fail(Status::invalid_argument, "points must be positive");
    return post_points(shop_id, r, EntryKind::redeem);
}

PointsResult Engine::post_points(const std::string& shop_id, const PointsRequest& r, EntryKind kind) {
    shop(shop_id);
    require_text(r.member_id, "member_id");
    require_text(r.idempotency_key, "idempotency_key");
    require_text(r.reason, "reason", false);
    std::string print = fingerprint(kind, r);
    PointsResult result;
    int64_t t = now();
    store_->write([&](Transaction& tx) {
        result = {};
        if (auto seen = tx.idempotency(shop_id, r.idempotency_key)) {
            if (seen->fingerprint != print)
                fail(Status::conflict, "idempotency_key \"" + r.idempotency_key + "\" was used for a different request");
            auto first = tx.entry(shop_id, seen->entry_id);
            if (!first) fail(Status::internal, "idempotency record points at a missing entry");
            result = {*first, true};
            return;
        }
        Member m = require_member(tx, shop_id, r.member_id);
        int64_t delta = kind == EntryKind::redeem ? -r.points : r.points;
        Balances after = m.balances;
        after.available += delta;
        if (delta < 0 && after.available < 0)
            fail(Status::insufficient_points, "member \"" + r.member_id + "\" has " +
                                                  std::to_string(m.balances.available) + " points available, " +
                                                  std::to_string(-delta) + " requested");
        Entry e;
        e.member_id = m.member_id;
        e.kind = kind;
        e.available_delta = delta;
        e.reason = r.reason.empty() ? std::string(to_string(kind)) : r.reason;
        e.ref_type = "idempotency_key";
        e.ref_id = r.idempotency_key;
        e.occurred_at = t;
        e.created_at = t;
        e.available_after = after.available;
        e.pending_after = after.pending;
        e.entry_id = tx.append_entry(shop_id, e);
        tx.set_balances(shop_id, m.member_id, after);
        tx.put_idempotency(shop_id, {r.idempotency_key, print, e.entry_id});
        result = {e, false};
    });
    return result;
}

MaintenanceReport Engine::run_maintenance(int64_t now_seconds) {
    MaintenanceReport report;
    report.now = now_seconds;
    store_->read([&](Transaction& tx) {
        report.entries = tx.entry_count();
        report.mismatches = tx.balance_mismatches();
    });
    return report;
}

}  // namespace loyalty::core
