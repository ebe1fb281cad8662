#pragma once
// Messages to members over Zalo and SMS (docs/notifications.md): queued in the outbox in the
// transaction of the event or campaign that causes them, unless the member opted out, has no phone
// or has had the shop's daily number already. Quiet hours are kept when they are sent, so a
// message that waits (for the morning, or for a retry) is never delivered at night.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/member.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// Values for a message's {placeholders}, already formatted for a Vietnamese reader.
using MessageVars = std::vector<std::pair<std::string, std::string>>;

// `text` with each {name} that `value` gives a value for replaced; any other braces are left as written.
std::string fill_placeholders(std::string_view text,
                              const std::function<std::optional<std::string>(std::string_view)>& value);
std::string render_message(std::string_view text, const MessageVars& vars);
// The names written as {name} in `text`.
std::vector<std::string> placeholders_in(std::string_view text);

std::string format_points(int64_t points);  // 1.250.000 (a dot between thousands)
std::string format_date(int64_t t, const Zone& zone);  // 05/12/2026

// The outbox's sequence of a member's messages: sent one at a time, in order, across channels.
std::string message_sequence(const std::string& member_id);

enum class MessageOutcome { queued, already, opted_out, no_phone, over_daily_limit };

struct MessageJob {
    std::string kind;       // the event type, or "campaign:ID"
    std::string dedup_key;  // one message per key, however often its cause is applied
    std::optional<int64_t> event_id;
    std::optional<int64_t> due_at;
};

// Queues `rule` for `member`, filling the common placeholders ({shop}, {name}, {balance}, {tier})
// unless `vars` has them; {link} is filled when the message is sent, so a rotated link never goes out.
MessageOutcome enqueue_message(Transaction& tx, const ShopProgram& program, const Member& member,
                               const MessageRule& rule, MessageVars vars, const MessageJob& job, int64_t now);

// The shop's messages about an event `type` the core has just recorded as `event_id`.
void enqueue_event_messages(Transaction& tx, const ShopProgram& program, const std::string& member_id,
                            std::string_view type, int64_t event_id, const MessageVars& vars, int64_t now);

// When the shop's quiet hours that `now` falls in end; nullopt outside them.
std::optional<int64_t> quiet_until(const ShopProgram& program, int64_t now);

}  // namespace loyalty::core
