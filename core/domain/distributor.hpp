#pragma once
// Programs for agents and distributors: volume bonuses, period targets and rankings, settled per
// calendar period in the shop's time zone, and the programs for partners of long standing:
// anniversaries (granted by maintenance) and yearly appreciation lists (settled like the others).
// docs/distributor.md is the user-facing description.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loyalty::core {

enum class PeriodKind { order, month, quarter, year };

// A calendar period in the shop's zone: [from, to). `key` is "2026", "2026-Q4" or "2026-11".
struct Period {
    PeriodKind kind = PeriodKind::quarter;
    std::string key;
    int64_t from = 0;
    int64_t to = 0;
};

// What a program gives: points, a reward from the catalogue (as a grant), or both.
struct Award {
    int64_t points = 0;
    std::string reward_id;
};

// At least `units` of the listed SKUs or categories, in one order (period order) or over a period.
struct VolumeProgram {
    std::string program_id;
    PeriodKind period = PeriodKind::quarter;
    std::vector<std::string> skus;
    std::vector<std::string> categories;
    std::vector<std::string> groups;  // empty: every member
    int64_t units = 0;
    bool repeat = false;  // every further `units` earns again
    Award award;
};

struct TargetBand {
    int64_t spend = 0;
    int64_t points = 0;
    int64_t rebate_pct = 0;  // of the period's net spend, given as a rebate grant
};

struct TargetProgram {
    std::string program_id;
    PeriodKind period = PeriodKind::quarter;
    std::vector<std::string> groups;
    std::vector<TargetBand> bands;  // ascending spend
};

struct RankPrize {
    int64_t up_to = 0;  // ranks up to this one (after the previous prize's) get it
    Award award;
};

struct RankingProgram {
    std::string program_id;
    PeriodKind period = PeriodKind::year;
    std::vector<std::string> groups;
    std::vector<RankPrize> prizes;  // ascending up_to
};

// Where a member's years with the shop are counted from.
enum class AnniversaryStart { first_order, joined };

// An award on a member's listed anniversaries, once per anniversary, granted by maintenance.
struct AnniversaryProgram {
    std::string program_id;
    std::vector<int64_t> years;  // ascending; empty when every_years is set
    int64_t every_years = 0;     // 0 when years is set
    AnniversaryStart since = AnniversaryStart::first_order;
    int64_t min_spend_past_year = 0;  // net spend in the 12 months before the anniversary day
    std::vector<std::string> groups;
    Award award;

    bool listed(int64_t anniversary) const {
        if (anniversary < 1) return false;
        if (every_years > 0) return anniversary % every_years == 0;
        for (int64_t y : years)
            if (y == anniversary) return true;
        return false;
    }
};

// A yearly list of members with at least `min_years` since their first paid order at the end of
// the year and at least `min_spend` net spend in it; settled like the other period programs.
struct AppreciationProgram {
    std::string program_id;
    int64_t min_years = 1;
    int64_t min_spend = 0;
    std::vector<std::string> groups;
    Award award;
};

struct DistributorPrograms {
    std::vector<VolumeProgram> volume;
    std::vector<TargetProgram> targets;
    std::vector<RankingProgram> rankings;
    std::vector<AnniversaryProgram> anniversaries;
    std::vector<AppreciationProgram> appreciations;
    int64_t settle_after_days = -1;  // maintenance settles closed periods this long after; -1: never
    bool empty() const {
        return volume.empty() && targets.empty() && rankings.empty() && anniversaries.empty() &&
               appreciations.empty();
    }
};

// One member's line in a settlement or a leaderboard.
struct Standing {
    std::string member_id;
    std::string name;
    int64_t rank = 0;     // rankings only
    int64_t spend = 0;    // net spend in the period
    int64_t units = 0;    // volume programs
    int64_t band = -1;    // the highest target band reached, -1 none
    int64_t times = 0;    // volume: times earned; appreciation: 1 when listed; anniversary: its number
    int64_t points = 0;   // awarded
    int64_t grant_id = 0; // awarded
    int64_t rebate = 0;   // VND, in the grant
    int64_t reached_at = 0;
    std::optional<int64_t> next_threshold;  // the next band's spend, the next multiple of units, or the spend of the rank above
};

struct ProgramSettlement {
    std::string program_id;
    std::string kind;  // "volume", "target", "ranking", "anniversary", "appreciation"
    Period period;
    int64_t settled_at = 0;
    bool already_settled = false;
    std::vector<Standing> standings;
};

struct SettleRequest {
    std::string period;      // "2026-Q4", "2026-11", "2026"
    std::string program_id;  // empty: every program of that period kind
    std::optional<int64_t> at;
};

struct SettlementReport {
    std::vector<ProgramSettlement> programs;
};

struct LeaderboardRequest {
    std::string program_id;
    std::optional<int64_t> at;  // default now: the period containing it
    int limit = 100;
};

}  // namespace loyalty::core
