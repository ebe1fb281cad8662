#pragma once
// What a platform delivery means, in the core's own terms. Connectors turn a webhook into one of
// these; the engine applies all of its events in one transaction, or none.
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/member.hpp"
#include "domain/order.hpp"

namespace loyalty::core {

// A customer created or changed on the platform. `customer.platform`/`customer_id` are required.
struct CustomerUpsert {
    CustomerInput customer;
    // The platform's update time or event version for this customer, when it gives one: an older
    // update arriving late must not overwrite a newer profile.
    std::optional<int64_t> version = std::nullopt;
};

// The platform deleted its customer: the reference goes, the member and its ledger stay.
struct CustomerUnlink {
    PlatformRef ref;
};

// An order in its latest state. `order.order_id` is namespaced by the connector ("haravan:1001")
// so orders from two platforms never collide; `order.version` orders the platform's updates.
struct OrderUpdate {
    OrderInput order;
};

// A return of goods the platform records apart from the order (KiotViet's returns): `amount` (VND)
// is added to the order's refunded amount once per `return_id`, capped at the order's amount, and
// the points move as a partial refund does. A return of an order not known yet is skipped.
struct OrderReturn {
    std::string order_id;   // namespaced as the order's ("kiotviet:1001")
    std::string return_id;  // the platform's id of the return
    int64_t amount = 0;     // VND refunded by the return, >= 0
    int64_t occurred_at = 0;
    std::optional<int64_t> version = std::nullopt;  // the platform's modification time, for the operator
};

// Something in the delivery that does not concern loyalty (a walk-in sale, a draft, a product).
struct Skipped {
    std::string what;    // "order haravan:1002", "product"
    std::string reason;  // "no customer: walk-in sales earn nothing"
};

using DeliveryEvent = std::variant<CustomerUpsert, CustomerUnlink, OrderUpdate, OrderReturn, Skipped>;

struct Delivery {
    std::string platform;  // "haravan", "sapo", "kiotviet"
    std::string key;       // the same delivery retried has the same key
    std::string topic;     // as the platform names it, for the operator
    std::vector<DeliveryEvent> events;
    // The platform's past, brought in when a shop that ran a programme elsewhere connects
    // (backfill in "spend_only" mode): members and orders are recorded, spend counts, but nothing
    // posts points (docs/program.md, "History without points").
    bool history = false;
};

enum class IngestOutcome { applied, duplicate, stale, ignored };
std::string_view to_string(IngestOutcome o);

struct EventResult {
    std::string type;       // "customer", "customer_unlinked", "order", "return", "skipped"
    std::string ref;        // the platform customer id or the order id
    std::string member_id;  // empty when none
    std::string status;     // the order's state, for orders
    bool applied = false;   // the ledger or the member changed
    bool stale = false;     // an older state than one already applied
    bool created = false;   // a member was created
    int64_t points_delta = 0;
    std::string note;       // why it was skipped or stale; members merged
};

struct IngestResult {
    IngestOutcome outcome = IngestOutcome::ignored;
    std::vector<EventResult> events;
};

// One delivery's slot in a batch: its result, or the error ingest would have thrown for it alone.
struct BatchIngest {
    IngestResult result;
    std::exception_ptr error;
};

}  // namespace loyalty::core
