#pragma once
// Recording an event in the transaction of the change that caused it, with one delivery job per
// endpoint of the shop that wants its type (docs/notifications.md). A shop whose endpoints want
// none of a type records nothing for it: events cost the ledger nothing until someone listens.
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/ledger.hpp"
#include "domain/program.hpp"
#include "domain/rewards.hpp"
#include "notify/messages.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Records `type` for the member unless the shop has `dedup_key` already, so applying the same
// cause again never makes a second event. `data` is a JSON object's text; `vars` fill the
// placeholders of the shop's messages about the event.
void record_event(Transaction& tx, const ShopProgram& program, const std::string& member_id, std::string_view type,
                  const std::string& dedup_key, const std::string& data, int64_t now, const MessageVars& vars = {});

// The event an entry stands for, if any: points.earned (earn and bonus credits), points.redeemed,
// points.expired, order.reversed (reverse, returned).
void record_entry_event(Transaction& tx, const ShopProgram& program, const Entry& entry, int64_t now);
// Whether record_entry_event would record one for `entry` (which names it by its id).
bool entry_event_wanted(const ShopProgram& program, const Entry& entry);

void record_tier_event(Transaction& tx, const ShopProgram& program, const std::string& member_id,
                       const std::string& previous, const std::string& next, int64_t since, int64_t now);

// reward.granted when issued, grant.used when used.
void record_grant_event(Transaction& tx, const ShopProgram& program, const Grant& grant, std::string_view type,
                        int64_t now);

}  // namespace loyalty::core
