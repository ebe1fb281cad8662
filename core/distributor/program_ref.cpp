#include "distributor/program_ref.hpp"

#include "program/eligibility.hpp"

namespace loyalty::core {

const std::string& ProgramRef::id() const {
    return volume ? volume->program_id : target ? target->program_id : ranking->program_id;
}

PeriodKind ProgramRef::period() const { return volume ? volume->period : target ? target->period : ranking->period; }

const std::vector<std::string>& ProgramRef::groups() const {
    return volume ? volume->groups : target ? target->groups : ranking->groups;
}

const char* ProgramRef::kind() const { return volume ? "volume" : target ? "target" : "ranking"; }

bool ProgramRef::open_to(const std::string& group) const {
    return in_groups(groups(), group);
}

std::vector<ProgramRef> programs_of(const ShopProgram& p) {
    std::vector<ProgramRef> out;
    for (const auto& v : p.distributor.volume) out.push_back({&v, nullptr, nullptr});
    for (const auto& t : p.distributor.targets) out.push_back({nullptr, &t, nullptr});
    for (const auto& r : p.distributor.rankings) out.push_back({nullptr, nullptr, &r});
    return out;
}

std::optional<ProgramRef> find_program(const ShopProgram& p, const std::string& program_id) {
    for (const auto& ref : programs_of(p))
        if (ref.id() == program_id) return ref;
    return std::nullopt;
}

}  // namespace loyalty::core
