#include "distributor/order_grants.hpp"

#include "program/eligibility.hpp"
#include "program/volume.hpp"
#include "rewards/grant_issue.hpp"

namespace loyalty::core {
namespace {

std::string source_of(const VolumeProgram& v, const std::string& order_id) {
    return "volume:" + v.program_id + ":order:" + order_id;
}


}  // namespace

void grant_order_volume(Book& book, const std::string& order_id, const std::vector<OrderLine>& lines) {
    for (const auto& v : book.program.distributor.volume) {
        if (v.period != PeriodKind::order || v.award.reward_id.empty() || !in_groups(v.groups, book.member.group)) continue;
        const Reward* reward = book.program.reward(v.award.reward_id);
        int64_t times = times_earned(v, basket_units(v, lines));
        if (!reward || times <= 0) continue;
        issue_grant(book, *reward, {source_of(v, order_id), times, 0, "", 0, ""});
    }
}

void void_order_volume(Book& book, const std::string& order_id) {
    for (const auto& v : book.program.distributor.volume) {
        if (v.period != PeriodKind::order || v.award.reward_id.empty()) continue;
        for (Grant& g : book.tx.grants_by_source(book.shop(), source_of(v, order_id)))
            if (g.status == GrantStatus::issued) void_issued(book, g, "order " + order_id + " not kept");
    }
}

}  // namespace loyalty::core
