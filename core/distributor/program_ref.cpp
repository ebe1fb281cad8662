#include "distributor/program_ref.hpp"

#include "program/eligibility.hpp"

namespace loyalty::core {

const std::string& ProgramRef::id() const {
    if (volume) return volume->program_id;
    if (target) return target->program_id;
    if (ranking) return ranking->program_id;
    return anniversary ? anniversary->program_id : appreciation->program_id;
}

PeriodKind ProgramRef::period() const {
    if (volume) return volume->period;
    if (target) return target->period;
    if (ranking) return ranking->period;
    return PeriodKind::year;
}

const std::vector<std::string>& ProgramRef::groups() const {
    if (volume) return volume->groups;
    if (target) return target->groups;
    if (ranking) return ranking->groups;
    return anniversary ? anniversary->groups : appreciation->groups;
}

const char* ProgramRef::kind() const {
    if (volume) return "volume";
    if (target) return "target";
    if (ranking) return "ranking";
    return anniversary ? "anniversary" : "appreciation";
}

bool ProgramRef::open_to(const std::string& group) const {
    return in_groups(groups(), group);
}

std::vector<ProgramRef> programs_of(const ShopProgram& p) {
    std::vector<ProgramRef> out;
    const auto& d = p.distributor;
    for (const auto& v : d.volume) out.emplace_back().volume = &v;
    for (const auto& t : d.targets) out.emplace_back().target = &t;
    for (const auto& r : d.rankings) out.emplace_back().ranking = &r;
    for (const auto& a : d.anniversaries) out.emplace_back().anniversary = &a;
    for (const auto& a : d.appreciations) out.emplace_back().appreciation = &a;
    return out;
}

std::optional<ProgramRef> find_program(const ShopProgram& p, const std::string& program_id) {
    for (const auto& ref : programs_of(p))
        if (ref.id() == program_id) return ref;
    return std::nullopt;
}

}  // namespace loyalty::core
