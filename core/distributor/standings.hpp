#pragma once
// Where each member stands in a program over a period: what settlement pays and leaderboards show.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "distributor/program_ref.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// The program award a standing earns (a volume or appreciation award, or a ranking prize); targets
// have none, and anniversaries are paid by maintenance, not from standings.
const Award* award_of(const ProgramRef& ref, const Standing& s);
// The standings of the program's members (those whose group it is open to, with units or spend in
// the period), ranked: units (volume) or net spend descending, then who reached it first, then
// member id. Each carries the award settlement would give now. `member_id` empty: every member;
// otherwise only that member, unranked: placing one member would read every member's spend, which
// a member read should not cost (the leaderboard does that). An anniversary program's standings are
// the members whose listed anniversary falls in the period (anniversary_standings).
std::vector<Standing> compute_standings(Transaction& tx, const ShopProgram& p, const ProgramRef& ref,
                                        const Period& period, const std::string& member_id);

}  // namespace loyalty::core
