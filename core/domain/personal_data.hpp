#pragma once
// What a shop keeps about one member, for the member to see (export) and to have erased (Vietnam's
// decree 13/2023/ND-CP on personal data; docs/personal-data.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/distributor.hpp"
#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/notifications.hpp"
#include "domain/order.hpp"
#include "domain/platform_link.hpp"
#include "domain/quarantine.hpp"
#include "domain/rewards.hpp"
#include "domain/staff.hpp"

namespace loyalty::core {

// The marker an erased member record carries; its time is when it was first erased.
inline constexpr std::string_view erased_marker = "erased";
// What an erased delivery or platform write says instead of an answer, so no one mistakes it for a
// failure of the endpoint or the platform.
inline constexpr std::string_view erased_job_error = "member erased";

struct MemberMarker {
    std::string member_id;
    std::string marker;  // "welcome", "birthday:2027", "erased", …
    int64_t created_at = 0;
};

// A settled period's standing of one member, with the program and period it belongs to.
struct MemberStanding {
    std::string program_id;
    std::string period;
    Standing standing;
};

struct MemberOrder {
    OrderState order;
    std::vector<OrderLine> lines;  // as first paid; amount is not kept
};

// Everything else the store holds keyed by a member (the member itself is read with the program):
// the record asked for (after merges) and every record merged into it, which are the same person.
struct MemberExport {
    std::vector<Member> absorbed;        // records merged into it (directly or through another)
    std::optional<MemberContact> contact;
    std::optional<int64_t> erased_at;
    std::vector<Entry> entries;          // of every record, by entry id
    std::vector<Lot> lots;               // by lot id
    std::vector<MemberMarker> markers;
    std::vector<Grant> grants;           // by grant id
    std::vector<MemberOrder> orders;     // by order id
    std::vector<OrderPayment> payments;  // points that paid for orders, by order id
    std::vector<MemberStanding> standings;
    std::vector<Event> events;           // by event id
    std::vector<OutboxJob> jobs;         // deliveries of their events and writes to platforms about them
    std::vector<QuarantinedDelivery> quarantined;  // kept raw bodies that carry their phone or email
    std::vector<AuditRecord> audit;      // staff and operator actions that named them, oldest first
};

// What an erasure changed. Counts are of this call: erasing again finds nothing left to change.
struct ErasureReport {
    std::string member_id;
    int64_t erased_at = 0;      // the first erasure's time
    bool already_erased = false;
    int64_t records = 0;        // member records whose personal fields were emptied
    int64_t refs = 0;           // platform references removed
    int64_t deliveries = 0;     // undelivered event deliveries stopped and emptied
    int64_t platform_writes = 0;  // writes to platforms whose customer id was removed
    int64_t quarantined = 0;    // raw bodies removed
    int64_t standings = 0;      // names removed from settled standings
    bool page_link = false;     // the member's page link was revoked
};

}  // namespace loyalty::core
