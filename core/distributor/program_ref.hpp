#pragma once
// One of the shop's distributor programs, whichever list it is in.
#include <optional>
#include <string>
#include <vector>

#include "domain/program.hpp"

namespace loyalty::core {

struct ProgramRef {
    const VolumeProgram* volume = nullptr;
    const TargetProgram* target = nullptr;
    const RankingProgram* ranking = nullptr;
    const AnniversaryProgram* anniversary = nullptr;
    const AppreciationProgram* appreciation = nullptr;

    const std::string& id() const;
    // Anniversaries are listed by the calendar year their day falls in.
    PeriodKind period() const;
    const std::vector<std::string>& groups() const;
    const char* kind() const;  // "volume", "target", "ranking", "anniversary", "appreciation"
    bool open_to(const std::string& group) const;
    // Whether periods of it are settled; anniversaries are granted by maintenance on the day instead.
    bool settles() const { return anniversary == nullptr; }
};

std::vector<ProgramRef> programs_of(const ShopProgram& p);
std::optional<ProgramRef> find_program(const ShopProgram& p, const std::string& program_id);

}  // namespace loyalty::core
