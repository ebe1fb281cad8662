// Platform deliveries into the ledger, and the quarantine for those that cannot be applied.
#include <algorithm>
#include <variant>

#include "engine.hpp"
#include "member_resolution.hpp"
#include "order_ledger.hpp"
#include "order_return.hpp"
#include "rewards/order_codes.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// Every event is checked before the transaction starts, so one bad object refuses the delivery whole.
std::vector<CustomerPhone> validate_delivery(const Delivery& d, const std::vector<std::string>& placeholders) {
    require_text(d.platform, "delivery platform");
    require_text(d.key, "delivery key");
    std::vector<CustomerPhone> phones;
    for (const auto& event : d.events) {
        CustomerPhone phone = std::visit(
            overloaded{
                [&](const CustomerUpsert& u) {
                    validate_customer(u.customer);
                    if (u.customer.customer_id.empty())
                        fail(Status::invalid_argument, "a platform customer needs its customer_id");
                    return read_phone(u.customer.phone, placeholders);
                },
                [](const CustomerUnlink& u) {
                    require_text(u.ref.platform, "customer.platform");
                    require_text(u.ref.customer_id, "customer.customer_id");
                    return CustomerPhone{};
                },
                [&](const OrderUpdate& o) {
                    validate_order(o.order);
                    CustomerPhone phone = read_phone(o.order.customer.phone, placeholders);
                    require_identity(o.order.customer, phone, placeholders);
                    return phone;
                },
                [](const OrderReturn& r) {
                    validate_return(r);
                    return CustomerPhone{};
                },
                [](const Skipped&) { return CustomerPhone{}; },
            },
            event);
        phones.push_back(std::move(phone));
    }
    return phones;
}

IngestOutcome outcome_of(const std::vector<EventResult>& events) {
    bool any_applied = false, any_stale = false, any_unchanged = false, all_skipped = true;
    for (const auto& e : events) {
        if (e.type == "skipped") continue;
        all_skipped = false;
        any_applied = any_applied || e.applied;
        any_stale = any_stale || e.stale;
        // An order or customer already in exactly this state: nothing new, as a retry would be.
        any_unchanged = any_unchanged || (e.type != "customer_unlinked" && !e.applied && !e.stale);
    }
    if (all_skipped) return IngestOutcome::ignored;
    if (any_applied) return IngestOutcome::applied;
    if (any_stale) return IngestOutcome::stale;
    if (any_unchanged) return IngestOutcome::duplicate;
    return IngestOutcome::applied;
}

// The quarantined delivery, read in the transaction that resolves it, so two replays (or a replay
// and a dismissal) racing resolve it once: the second gets conflict.
QuarantinedDelivery open_quarantined(Transaction& tx, int64_t quarantine_id) {
    auto item = tx.quarantined_one(quarantine_id);
    if (!item) fail(Status::not_found, "no quarantined delivery " + std::to_string(quarantine_id));
    if (item->resolved_at)
        fail(Status::conflict, "quarantined delivery " + std::to_string(quarantine_id) + " is already resolved (" +
                                   item->resolution + ")");
    return *item;
}

}  // namespace

std::string_view to_string(IngestOutcome o) {
    switch (o) {
        case IngestOutcome::applied: return "applied";
        case IngestOutcome::duplicate: return "duplicate";
        case IngestOutcome::stale: return "stale";
        case IngestOutcome::ignored: return "ignored";
    }
    return "?";
}

IngestResult Engine::ingest(const std::string& shop_id, const Delivery& d, std::optional<int64_t> replaying) {
    auto program = shop(shop_id);
    std::vector<CustomerPhone> phones = validate_delivery(d, program->placeholder_phones);
    IngestResult result;
    // A delivery seen before is answered from a read, beside the single writer instead of queued behind it:
    // platforms retry in bursts, and their retries should not slow the new orders. A reader sees a delivery only
    // once its commit is durable. The writer checks again below, for the delivery two callers bring at once; a
    // replay always writes, since it resolves its quarantine entry.
    if (!replaying &&
        store_->read([&](Transaction& tx) { return tx.delivery(shop_id, d.platform, d.key).has_value(); })) {
        recent_deliveries_.remember(shop_id, d.platform, d.key, now());
        result.outcome = IngestOutcome::duplicate;
        return result;
    }
    int64_t t = now();
    result = store_->write_for(shop_id,
                               [&](Transaction& tx) { return apply_delivery(tx, *program, d, phones, t, replaying); });
    // Committed, durably: every outcome leaves the key stored.
    recent_deliveries_.remember(shop_id, d.platform, d.key, t);
    return result;
}

bool Engine::known_duplicate(const ShopProgram& program, const Delivery& d) const {
    if (!recent_deliveries_.knows(program.shop_id, d.platform, d.key, now())) return false;
    // ingest checks the delivery before it looks for the key, and refuses one it cannot take, even seen before.
    try {
        validate_delivery(d, program.placeholder_phones);
    } catch (const Error&) {
        return false;
    }
    return true;
}

std::vector<BatchIngest> Engine::ingest_batch(const std::string& shop_id, const std::vector<Delivery>& deliveries) {
    auto program = shop(shop_id);
    std::vector<BatchIngest> slots(deliveries.size());
    std::vector<std::vector<CustomerPhone>> phones(deliveries.size());
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
        try {
            phones[i] = validate_delivery(deliveries[i], program->placeholder_phones);
        } catch (const Error&) {
            slots[i].error = std::current_exception();
        }
    }
    if (std::all_of(slots.begin(), slots.end(), [](const BatchIngest& s) { return s.error != nullptr; })) return slots;
    int64_t t = now();
    try {
        auto results = store_->write_for(shop_id, [&](Transaction& tx) {
            std::vector<IngestResult> applied(deliveries.size());
            for (std::size_t i = 0; i < deliveries.size(); ++i)
                if (!slots[i].error)
                    applied[i] = apply_delivery(tx, *program, deliveries[i], phones[i], t, std::nullopt);
            return applied;
        });
        for (std::size_t i = 0; i < deliveries.size(); ++i) {
            if (slots[i].error) continue;
            slots[i].result = std::move(results[i]);
            recent_deliveries_.remember(shop_id, deliveries[i].platform, deliveries[i].key, t);
        }
    } catch (const Error&) {
        // One delivery refused the batch (or the store failed): each goes again alone, so the refusal is that
        // delivery's and the others are applied. A store failure fails them all again, each in its slot.
        for (std::size_t i = 0; i < deliveries.size(); ++i) {
            if (slots[i].error) continue;
            try {
                slots[i].result = ingest(shop_id, deliveries[i]);
            } catch (const std::exception&) {
                slots[i].error = std::current_exception();
            }
        }
    }
    return slots;
}

IngestResult Engine::apply_delivery(Transaction& tx, const ShopProgram& program, const Delivery& d,
                                    const std::vector<CustomerPhone>& phones, int64_t t,
                                    std::optional<int64_t> replaying) {
    const std::string& shop_id = program.shop_id;
    IngestResult result;
    if (replaying) open_quarantined(tx, *replaying);
    // A replay is resolved in the transaction that applies it, so it is applied and marked once.
    auto resolve = [&] {
        if (replaying) tx.resolve_quarantine(*replaying, "replayed: " + std::string(to_string(result.outcome)), t);
    };
    // One order, the usual delivery: its first reads go together (one round trip on PostgreSQL).
    struct ForgetReadAhead {
        Transaction& tx;
        ~ForgetReadAhead() { tx.forget_read_ahead(); }
    } forget{tx};
    if (d.events.size() == 1) {
        if (const auto* u = std::get_if<OrderUpdate>(&d.events[0])) {
            OrderReadAhead keys{shop_id, d.platform, d.key, u->order.order_id, std::nullopt};
            if (!u->order.customer.customer_id.empty())
                keys.customer = PlatformRef{u->order.customer.platform, u->order.customer.customer_id};
            tx.read_ahead(keys);
        }
    }
    if (tx.delivery(shop_id, d.platform, d.key)) {
        result.outcome = IngestOutcome::duplicate;
        resolve();
        return result;
    }
    for (std::size_t i = 0; i < d.events.size(); ++i) {
        const CustomerPhone& phone = phones[i];
        EventResult r = std::visit(
            overloaded{
                [&](const CustomerUpsert& u) {
                    EventResult e;
                    e.type = "customer";
                    e.ref = u.customer.customer_id;
                    PlatformRef ref{u.customer.platform, u.customer.customer_id};
                    if (auto seen = u.version ? tx.ref_version(shop_id, ref) : std::nullopt;
                        seen && *seen >= *u.version) {
                        e.member_id = tx.member_by_ref(shop_id, ref).value_or("");
                        e.stale = *seen > *u.version;
                        if (e.stale) e.note = "a newer update of this customer was already applied";
                        return e;
                    }
                    // History brings customers the shop already had: no welcome bonus.
                    auto resolved = d.history ? resolve_member(tx, shop_id, u.customer, phone, t)
                                              : admit_member(tx, program, u.customer, phone, t);
                    if (u.version) tx.set_ref_version(shop_id, ref, *u.version);
                    e.member_id = resolved.member.member_id;
                    e.applied = resolved.changed;
                    e.created = resolved.created;
                    if (!resolved.merged.empty())
                        e.note = "member " + resolved.merged + " merged into " + e.member_id + ": same phone";
                    return e;
                },
                [&](const CustomerUnlink& u) {
                    EventResult e;
                    e.type = "customer_unlinked";
                    e.ref = u.ref.customer_id;
                    auto member = tx.remove_ref(shop_id, u.ref);
                    e.applied = member.has_value();
                    e.member_id = member.value_or("");
                    e.note = member ? "platform reference removed; the member and its ledger stay"
                                    : "no member had this platform reference";
                    return e;
                },
                [&](const OrderUpdate& o) {
                    OrderResult applied = apply_order(tx, program, o.order, phone, t, d.history);
                    EventResult e;
                    e.type = "order";
                    e.ref = o.order.order_id;
                    e.member_id = applied.member_id;
                    e.status = std::string(to_string(o.order.status));
                    e.applied = applied.applied;
                    e.stale = applied.stale;
                    e.points_delta = applied.points_delta;
                    if (applied.stale) e.note = "a newer state of this order was already applied";
                    else e.note = use_order_codes(tx, program, o.order, t);
                    return e;
                },
                [&](const OrderReturn& r) { return apply_return(tx, program, r, t, d.history); },
                [&](const Skipped& s) {
                    EventResult e;
                    e.type = "skipped";
                    e.ref = s.what;
                    e.note = s.reason;
                    return e;
                },
            },
            d.events[i]);
        result.events.push_back(std::move(r));
    }
    result.outcome = outcome_of(result.events);
    tx.put_delivery(shop_id, d.platform, d.key, std::string(to_string(result.outcome)), t);
    resolve();
    return result;
}

int64_t Engine::quarantine(QuarantinedDelivery item) {
    item.received_at = now();
    return store_->write([&](Transaction& tx) { return tx.add_quarantine(item); });
}

std::vector<QuarantinedDelivery> Engine::quarantined(const QuarantineQuery& query) {
    // One more than a page is allowed: callers ask for it to learn whether another page follows.
    if (query.limit < 1 || query.limit > max_page + 1)
        fail(Status::invalid_argument, "limit must be between 1 and " + std::to_string(max_page));
    return store_->read([&](Transaction& tx) { return tx.quarantined(query); });
}

QuarantinedDelivery Engine::quarantined_one(int64_t quarantine_id) {
    auto item = store_->read([&](Transaction& tx) { return tx.quarantined_one(quarantine_id); });
    if (!item) fail(Status::not_found, "no quarantined delivery " + std::to_string(quarantine_id));
    return *item;
}

void Engine::resolve_quarantine(int64_t quarantine_id, const std::string& resolution) {
    int64_t t = now();
    store_->write([&](Transaction& tx) {
        open_quarantined(tx, quarantine_id);
        tx.resolve_quarantine(quarantine_id, resolution, t);
    });
}

}  // namespace loyalty::core
