#pragma once
// Platform timestamps as versions: updated_at / modified_on / ModifiedDate order an object's
// states, and two updates can fall within one second, so fractions count.
#include <cstdint>
#include <optional>
#include <string_view>

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors {

// Microseconds since the unix epoch. Text as core::parse_timestamp accepts it (a zone, or local
// time in `local` when it has none); fraction digits beyond microseconds are dropped.
std::optional<int64_t> parse_instant_micros(std::string_view text, const core::Zone& local);

}  // namespace loyalty::connectors
