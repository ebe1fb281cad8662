#pragma once
// Requests that carry an idempotency key: a key seen before either replays its first result (same
// request) or is refused (a different one). Keys share one space across redemptions, adjustments,
// claims and payments.
#include <optional>
#include <string>

#include "storage/store.hpp"
#include "util/error.hpp"

namespace loyalty::core {

// The record of `key` if it was used before with this same request (`fingerprint`); nullopt if it
// is new. Throws Status::conflict when it was used for a different request.
inline std::optional<IdempotencyRecord> replay_of(Transaction& tx, const std::string& shop_id, const std::string& key,
                                                  const std::string& fingerprint) {
    auto seen = tx.idempotency(shop_id, key);
    if (seen && seen->fingerprint != fingerprint)
        fail(Status::conflict, "idempotency_key \"" + key + "\" was used for a different request");
    return seen;
}

}  // namespace loyalty::core
