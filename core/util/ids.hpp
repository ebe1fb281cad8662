#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::core {

// An identifier that sorts by creation: `prefix`, then the milliseconds since the Unix epoch in 10
// base-32 characters, then 10 more (50 bits) drawn at random once a millisecond and counted up within it.
// 20 lowercase characters after the prefix, as ids made before were. Sorting by creation is what keeps a
// store's member-keyed rows together: members created close in time share b-tree pages in every index
// keyed by member, instead of each new member dirtying a random page of each. The random part keeps ids
// made by separate processes on one database from colliding; an id is never a credential.
std::string creation_ordered_id(std::string_view prefix);

// The same from a given clock reading and state, for tests: `last_ms` and `last_tail` are the previous
// id's parts, updated. A clock that steps back keeps the previous millisecond, so ids stay in order.
std::string creation_ordered_id(std::string_view prefix, int64_t now_ms, uint64_t random_tail, int64_t& last_ms,
                                uint64_t& last_tail);

}  // namespace loyalty::core
