#pragma once
// An authenticated delivery that could not be applied (unparseable, a required field missing).
// Kept whole so an operator can replay it once the cause is fixed; nothing acknowledged is lost.
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty::core {

struct QuarantinedDelivery {
    int64_t quarantine_id = 0;  // assigned by the store
    std::string shop_id;
    std::string platform;
    std::string headers;  // the delivery's headers as a JSON object
    std::string body;     // the raw bytes, exactly as received
    std::string error;
    int64_t received_at = 0;
    std::optional<int64_t> resolved_at;
    std::string resolution;  // "applied", "duplicate", … once replayed; or why it was dismissed
};

struct QuarantineQuery {
    std::string shop_id;          // empty: every shop
    bool include_resolved = false;
    int limit = 50;
    std::optional<int64_t> after;  // quarantine_id cursor, oldest first
};

}  // namespace loyalty::core
