#pragma once
// One webhook delivery, from raw request to typed outcome: find the shop, check the signature, map
// through the platform's connector, apply, or keep it in quarantine. The C ABI and the HTTPS server
// both deliver through here, so they decide alike and neither reads the other's messages.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/headers.hpp"
#include "domain/delivery.hpp"

namespace loyalty::core {
class Engine;
struct ShopProgram;
}

namespace loyalty::connectors {

class Connector;

struct DeliveryRequest {
    std::string platform;
    std::optional<std::string> shop_id;  // absent: the delivery names its shop (X-Haravan-Org-Id)
    Headers headers;
    std::string_view body;
};

enum class DeliveryOutcome { applied, duplicate, stale, ignored, quarantined, unauthenticated, unknown_shop };
std::string_view to_string(DeliveryOutcome o);

struct DeliveryResult {
    DeliveryOutcome outcome = DeliveryOutcome::ignored;
    std::string shop_id;             // empty when no shop was found
    core::IngestResult ingest;       // applied, duplicate, stale, ignored
    int64_t quarantine_id = 0;       // quarantined
    std::string message;             // why it was not applied: quarantined, unauthenticated, unknown_shop

    bool accepted() const { return outcome != DeliveryOutcome::unauthenticated && outcome != DeliveryOutcome::unknown_shop; }
};

inline constexpr std::size_t max_delivery_body = 16u << 20;  // far above any real delivery

// Throws core::Error for what is not about this delivery's content: a platform that is not one of
// ours (not_found), a body over max_delivery_body (invalid_argument), two shops claiming one
// Haravan org (conflict), a store failure (storage).
DeliveryResult deliver(core::Engine& engine, const DeliveryRequest& request);

// A webhook checked on a thread that must not wait (the server's I/O threads), from memory alone: its shop's
// cached program, its signature and its mapping.
struct CheckedDelivery {
    std::shared_ptr<const core::ShopProgram> shop;
    core::Delivery delivery;
};
struct EarlyDelivery {
    // What deliver would answer, for a delivery the engine knows to be a duplicate (core::Engine::known_duplicate).
    std::optional<DeliveryResult> duplicate;
    // Otherwise, an authentic delivery mapped, for deliver to take on without checking and mapping it again.
    std::optional<CheckedDelivery> checked;
};
// Both empty say nothing (a shop not cached, a signature that does not verify, content that does not map, an
// uninstall): deliver does all of it. Never throws.
EarlyDelivery check_early(const core::Engine& engine, const DeliveryRequest& request);

// deliver, taking on what check_early found for the same request: it is used when the shop's program is still
// the one deliver would use, and done again otherwise.
DeliveryResult deliver(core::Engine& engine, const DeliveryRequest& request, CheckedDelivery checked);

// An object an app pulled from the platform's API (backfill, reconciliation), given as the webhook
// the platform would have sent for it. It is as authentic as the API call that returned it (TLS to
// the platform with the shop's token), so no signature is checked; otherwise it goes the way of a
// delivery, so an object pulled and its webhook received are one change, never two. Throws
// not_found for an unknown shop or one without that platform's connection.
// `history`: the object is the shop's past, brought in by a backfill in spend_only mode
// (core::Delivery::history): it is recorded and counts as spend but posts no points. Kept in
// quarantine, it stays history when replayed.
DeliveryResult deliver_pulled(core::Engine& engine, const std::string& shop_id, const std::string& platform,
                              const Headers& headers, std::string_view body, bool history = false);

struct PulledObject {
    Headers headers;
    std::string body;
};
// A page of pulled objects, the bulk path of backfills: applied in order in one transaction with one durable commit
// (core::Engine::ingest_batch). Each gets the result deliver_pulled would give it alone, in the same order; what
// deliver_pulled would throw for one object is thrown for the page, after the objects before it are applied.
std::vector<DeliveryResult> deliver_pulled(core::Engine& engine, const std::string& shop_id,
                                           const std::string& platform, const std::vector<PulledObject>& objects,
                                           bool history = false);

// Applies a quarantined delivery again, marking it replayed in the transaction that applies it.
// Content that still cannot be read throws invalid_argument, and the delivery stays where it is.
core::IngestResult replay(core::Engine& engine, int64_t quarantine_id);

// The platform's connector; throws not_found for a name that is none of ours.
const Connector& connector_named(const std::string& platform);

}  // namespace loyalty::connectors
