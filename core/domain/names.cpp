// The words the ledger and orders are stored and shown with; one table each so parsing and
// printing cannot disagree.
#include <array>
#include <utility>

#include "domain/games.hpp"
#include "domain/ledger.hpp"
#include "domain/order.hpp"
#include "domain/platform_link.hpp"
#include "domain/rewards.hpp"
#include "domain/staff.hpp"

namespace loyalty::core {
namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, 5> order_statuses{{
    {OrderStatus::pending, "pending"},
    {OrderStatus::paid, "paid"},
    {OrderStatus::partially_refunded, "partially_refunded"},
    {OrderStatus::refunded, "refunded"},
    {OrderStatus::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<EntryKind, std::string_view>, 9> entry_kinds{{
    {EntryKind::earn, "earn"},
    {EntryKind::reverse, "reverse"},
    {EntryKind::redeem, "redeem"},
    {EntryKind::adjust, "adjust"},
    {EntryKind::expire, "expire"},
    {EntryKind::release, "release"},
    {EntryKind::merge, "merge"},
    {EntryKind::bonus, "bonus"},
    {EntryKind::returned, "return"},
}};

constexpr std::array<std::pair<GameKind, std::string_view>, 2> game_kinds{{
    {GameKind::wheel, "wheel"},
    {GameKind::scratch, "scratch"},
}};
constexpr std::array<std::pair<PlayRefusal, std::string_view>, 6> play_refusals{{
    {PlayRefusal::none, "none"},
    {PlayRefusal::closed, "closed"},
    {PlayRefusal::not_in_audience, "not_in_audience"},
    {PlayRefusal::nothing_to_win, "nothing_to_win"},
    {PlayRefusal::no_plays, "no_plays"},
    {PlayRefusal::insufficient_points, "insufficient_points"},
}};
constexpr std::array<std::pair<RewardKind, std::string_view>, 5> reward_kinds{{
    {RewardKind::gift, "gift"},
    {RewardKind::voucher_amount, "voucher_amount"},
    {RewardKind::voucher_pct, "voucher_pct"},
    {RewardKind::free_units, "free_units"},
    {RewardKind::rebate, "rebate"},
}};

constexpr std::array<std::pair<GrantStatus, std::string_view>, 3> grant_statuses{{
    {GrantStatus::issued, "issued"},
    {GrantStatus::used, "used"},
    {GrantStatus::voided, "voided"},
}};

constexpr std::array<std::pair<LinkState, std::string_view>, 5> link_states{{
    {LinkState::connecting, "connecting"},
    {LinkState::backfilling, "backfilling"},
    {LinkState::live, "live"},
    {LinkState::error, "error"},
    {LinkState::disconnected, "disconnected"},
}};

constexpr std::array<std::pair<HistoryMode, std::string_view>, 2> history_modes{{
    {HistoryMode::points, "points"},
    {HistoryMode::spend_only, "spend_only"},
}};

constexpr std::array<std::pair<JobStatus, std::string_view>, 3> job_statuses{{
    {JobStatus::pending, "pending"},
    {JobStatus::done, "done"},
    {JobStatus::failed, "failed"},
}};

constexpr std::array<std::pair<StaffRole, std::string_view>, 3> staff_roles{{
    {StaffRole::owner, "owner"},
    {StaffRole::cashier, "cashier"},
    {StaffRole::viewer, "viewer"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view s) {
    for (const auto& [v, name] : table)
        if (name == s) return v;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(OrderStatus s) { return name_of(order_statuses, s); }
std::optional<OrderStatus> order_status_from(std::string_view s) { return value_of(order_statuses, s); }
std::string_view to_string(EntryKind k) { return name_of(entry_kinds, k); }
std::optional<EntryKind> entry_kind_from(std::string_view s) { return value_of(entry_kinds, s); }
std::string_view to_string(GameKind k) { return name_of(game_kinds, k); }
std::optional<GameKind> game_kind_from(std::string_view s) { return value_of(game_kinds, s); }
std::string_view to_string(PlayRefusal r) { return name_of(play_refusals, r); }
std::string_view to_string(RewardKind k) { return name_of(reward_kinds, k); }
std::optional<RewardKind> reward_kind_from(std::string_view s) { return value_of(reward_kinds, s); }
std::string_view to_string(GrantStatus s) { return name_of(grant_statuses, s); }
std::optional<GrantStatus> grant_status_from(std::string_view s) { return value_of(grant_statuses, s); }
std::string_view to_string(LinkState s) { return name_of(link_states, s); }
std::optional<LinkState> link_state_from(std::string_view s) { return value_of(link_states, s); }
std::string_view to_string(HistoryMode m) { return name_of(history_modes, m); }
std::optional<HistoryMode> history_mode_from(std::string_view s) { return value_of(history_modes, s); }
std::string_view to_string(JobStatus s) { return name_of(job_statuses, s); }
std::optional<JobStatus> job_status_from(std::string_view s) { return value_of(job_statuses, s); }

std::string_view to_string(StaffRole r) { return name_of(staff_roles, r); }
std::optional<StaffRole> staff_role_from(std::string_view s) { return value_of(staff_roles, s); }

}  // namespace loyalty::core
