#pragma once
// The loyalty engine: shop programs, members and the points ledger, over one Store.
// Thread-safe: every operation is one store transaction; the program cache has its own lock.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "domain/analytics.hpp"
#include "domain/delivery.hpp"
#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/personal_data.hpp"
#include "domain/order.hpp"
#include "domain/platform_link.hpp"
#include "domain/program.hpp"
#include "domain/quarantine.hpp"
#include "domain/reports.hpp"
#include "domain/staff.hpp"
#include "program/earning.hpp"
#include "program/tier_status.hpp"
#include "recent_deliveries.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// A member or shop that maintenance could not bring up to date; the rest went on without it.
struct MaintenanceFailure {
    std::string shop_id;
    std::string member_id;  // empty when the failure is the shop's (a settlement, its program)
    // "tier_review", "release", "expiry", "birthday", "settle <program> <period>", "segments", "shop"
    std::string step;
    std::string error;
};

// A member that absorbed others through a phone that no longer identifies anyone (a placeholder,
// or a number outside the numbering plan): possibly strangers merged, for the shop to review.
struct SuspectMerge {
    std::string shop_id;
    std::string member_id;            // the survivor
    std::string phone;                // the phone the merge went by
    std::vector<std::string> merged;  // the members it absorbed
};

struct MaintenanceReport {
    int64_t now = 0;
    int64_t entries = 0;
    int64_t deliveries_forgotten = 0;
    int64_t tiers_reviewed = 0;
    int64_t lots_released = 0;
    int64_t lots_expired = 0;
    int64_t birthday_bonuses = 0;
    int64_t periods_settled = 0;
    int64_t anniversary_awards = 0;
    int64_t members_segmented = 0;  // scored by the day's RFM computation (docs/program.md, "Segments")
    bool skipped = false;  // another instance was running maintenance; only the ledger check ran
    std::vector<BalanceMismatch> mismatches;
    std::vector<MaintenanceFailure> failures;
    std::vector<SuspectMerge> suspect_merges;
};

// Figures for monitoring, cheap enough to read on every scrape.
struct EngineStats {
    int64_t entries = 0;
    int64_t quarantine_open = 0;
};

struct ExpiringPoints {
    int64_t points = 0;
    int64_t at = 0;
};

// A member with what the program says about them now.
// Where a member stands in one of the shop's distributor programs for the current period.
struct ProgramProgress {
    std::string program_id;
    std::string kind;  // "volume", "target", "ranking"
    Period period;
    Standing standing;
};

struct MemberDetails {
    Member member;
    bool opted_out = false;  // the member asked for no messages
    std::optional<TierView> tier;  // when the shop has tiers
    std::vector<ExpiringPoints> expiring;
    std::optional<MemberRfm> rfm;  // absent before the member's first paid order is scored
    std::vector<ProgramProgress> programs;  // the programs open to the member's group
};

// A member's own points page: the shop, the member now, the latest entries, and the rewards they can
// claim now (enough points, their tier and group, in stock).
struct MemberPage {
    std::shared_ptr<const ShopProgram> program;
    MemberDetails details;
    std::vector<Entry> entries;  // newest first, at most 20
    std::vector<Reward> claimable;
};

// What a shop keeps about one member (core/personal_data.cpp): the member as loyalty_get_member shows
// them, and everything the store holds keyed by them.
struct PersonalData {
    MemberDetails details;
    MemberExport kept;
};

struct QuoteRequest {
    std::string member_id;  // empty: a guest on the first level, or on `tier`
    std::string tier;       // a level to quote a guest on ("what would a Gold member earn"); not with a member
    int64_t amount = 0;
    std::vector<OrderLine> lines;
    int64_t redeem_points = 0;
    std::optional<int64_t> at;
};

struct Quote {
    std::string member_id;
    std::string tier;
    int64_t discount_pct = 0;
    int64_t discount = 0;
    int64_t available = 0;
    int64_t redeem_max_points = 0;
    int64_t redeem_max_amount = 0;
    int64_t redeem_points = 0;
    int64_t redeem_amount = 0;
    int64_t tier_pct = 100;
    Earning earn;
};

struct TierRequest {
    std::string member_id;
    std::string tier;
    int64_t until = 0;
};

struct UpsertResult {
    std::string member_id;
    bool created = false;
};

// The member's standing in each distributor program open to their group, in its current period.
std::vector<ProgramProgress> program_progress(Transaction& tx, const ShopProgram& p, const Member& m, int64_t now);

class Engine {
public:
    // Turns a stored shop definition back into a program (the ABI layer owns the format).
    using ProgramDecoder = std::function<ShopProgram(const std::string& definition)>;
    using Clock = std::function<int64_t()>;  // unix seconds

    Engine(std::unique_ptr<Store> store, ProgramDecoder decoder, Clock clock = {});

    void put_shop(ShopProgram program);
    // Changes a shop's stored program in one transaction: `change` gets the stored definition
    // (nullopt for a shop not stored yet) and returns the new one, or nullopt to leave it as it is.
    // The new definition is decoded (so validated) before it is written. Returns the program in
    // effect afterwards. Put, patch and seeds are each one such change.
    using ShopChange = std::function<std::optional<std::string>(const std::optional<std::string>& stored)>;
    std::shared_ptr<const ShopProgram> change_shop(const std::string& shop_id, const ShopChange& change);
    std::shared_ptr<const ShopProgram> shop(const std::string& shop_id) const;  // throws not_found
    // The shop whose `platform` connection carries `org_id` (Haravan's X-Haravan-Org-Id); throws
    // not_found when none does and conflict when two shops claim it.
    std::shared_ptr<const ShopProgram> shop_by_org(const std::string& platform, const std::string& org_id);
    // The same two from memory alone, for a caller that must not wait for the store (an I/O thread): the cached
    // program if the store was read for it in the last minute, else nullptr, which says nothing (ask shop() or
    // shop_by_org()). Only known_duplicate's callers use it: a change made by another instance reaches them late.
    std::shared_ptr<const ShopProgram> fresh_shop(const std::string& shop_id) const;
    std::shared_ptr<const ShopProgram> fresh_shop_by_org(const std::string& platform, const std::string& org_id) const;
    // Every shop stored, by id, as the store has them now.
    std::vector<std::shared_ptr<const ShopProgram>> all_shops() { return refresh_shops(); }

    OrderResult record_order(const std::string& shop_id, const OrderInput& order);
    UpsertResult upsert_customer(const std::string& shop_id, const CustomerInput& customer);
    Member member(const std::string& shop_id, const MemberQuery& query);
    Balances balances(const std::string& shop_id, const std::string& member_id);
    TransactionPage transactions(const std::string& shop_id, const std::string& member_id, int limit,
                                 std::optional<int64_t> before);
    PointsResult adjust_points(const std::string& shop_id, const PointsRequest& request);
    PointsResult redeem_points(const std::string& shop_id, const PointsRequest& request);
    MemberDetails member_details(const std::string& shop_id, const MemberQuery& query);
    // Sets the member's customer group as the shop decides it; `group` absent hands the group back
    // to the platform (cleared until the platform next sends one).
    // The member as the change left it, read in the transaction that made it.
    MemberDetails set_group(const std::string& shop_id, const std::string& member_id,
                            const std::optional<std::string>& group);

    // Rewards (docs/rewards.md).
    ClaimResult claim_reward(const std::string& shop_id, const ClaimRequest& request);
    GrantPage grants(const std::string& shop_id, const GrantQuery& query);
    Grant use_grant(const std::string& shop_id, const GrantUse& request);
    Grant void_grant(const std::string& shop_id, const GrantVoid& request);
    // Points paying part of an order; given back when the order is cancelled or fully refunded.
    PaymentResult pay_with_points(const std::string& shop_id, const PaymentRequest& request);

    // Instant-win games (core/games/, docs/games.md). A play uses a play an order earned, else buys one
    // with the game's cost_points; the draw, its debit, the prize's counts and the prize are one
    // transaction, and a repeated idempotency key returns the first play.
    PlayResult play_game(const std::string& shop_id, const PlayRequest& request);
    PlayPage game_plays(const std::string& shop_id, const PlayQuery& query);
    // Whether the member can play the game now, their plays left and the odds in force.
    GameStatus game_status(const std::string& shop_id, const std::string& game_id, const std::string& member_id);

    // Distributor programs (docs/distributor.md).
    SettlementReport settle_period(const std::string& shop_id, const SettleRequest& request);
    ProgramSettlement leaderboard(const std::string& shop_id, const LeaderboardRequest& request);
    MaintenanceReport run_maintenance(int64_t now);
    // What a basket would earn, the tier discount, and what points could pay; writes nothing.
    Quote quote(const std::string& shop_id, const QuoteRequest& request);
    // Puts a member on a tier until a time, whatever the rules say (docs/program.md, "Manual tier").
    MemberDetails set_tier(const std::string& shop_id, const TierRequest& request);  // read as set_group
    EngineStats stats();

    // Applies every event of a platform delivery in one transaction, or none; a delivery whose key
    // was seen before changes nothing and is reported as a duplicate.
    // When `replaying` names a quarantined delivery, it is marked replayed in the same transaction
    // (conflict if it was resolved already): applied and resolved together, or neither.
    IngestResult ingest(const std::string& shop_id, const Delivery& delivery,
                        std::optional<int64_t> replaying = std::nullopt);
    // The bulk path of backfills and imports: deliveries of one shop applied in order, in one transaction with one
    // durable commit. Each is applied as ingest applies it (a key seen before, in the store or earlier in the batch,
    // is a duplicate). One that ingest would refuse gets that error in its slot and changes nothing; the others are
    // applied all the same. Throws only for what is not about one delivery (an unknown shop).
    std::vector<BatchIngest> ingest_batch(const std::string& shop_id, const std::vector<Delivery>& deliveries);
    // Whether ingest would answer `delivery` as a duplicate, known from memory alone: this engine stored it, or found
    // it stored, within the last hour, and it is a delivery ingest would take. False says nothing: ask ingest.
    bool known_duplicate(const ShopProgram& program, const Delivery& delivery) const;
    // Keeps an authenticated delivery that could not be applied; returns its id.
    int64_t quarantine(QuarantinedDelivery item);
    std::vector<QuarantinedDelivery> quarantined(const QuarantineQuery& query);
    QuarantinedDelivery quarantined_one(int64_t quarantine_id);  // throws not_found
    // Throws not_found, or conflict when it is resolved already (checked in the same transaction).
    void resolve_quarantine(int64_t quarantine_id, const std::string& resolution);

    // Platform apps (core/platform_apps.cpp): each shop's link to a platform, kept for the apps
    // layer, and the outbox of writes to the platforms. Bad input throws invalid_argument and
    // changes nothing. The shop need not be stored yet (an install starts before its program).
    // Inserts or replaces the link; returns it as stored (updated_at is now).
    PlatformLink put_platform_link(PlatformLink link);
    std::optional<PlatformLink> platform_link(const std::string& shop_id, const std::string& platform);
    std::vector<PlatformLink> platform_links(const std::string& shop_id);  // by platform
    std::vector<PlatformLink> all_platform_links();                        // by shop, then platform
    // Writes the cursors and counts together (and last_reconciled_at when given); not_found when
    // the shop has no link to the platform.
    PlatformLink update_sync_progress(const std::string& shop_id, const std::string& platform,
                                      const SyncProgress& progress,
                                      std::optional<int64_t> reconciled_at = std::nullopt);
    // Moves the link to `state` with its error (cleared when absent); not_found without a link.
    PlatformLink set_link_state(const std::string& shop_id, const std::string& platform, LinkState state,
                                const std::optional<std::string>& error = std::nullopt);

    // Replaces the link's credentials alone (a renewed token), leaving its walk and state as they
    // are; not_found without a link.
    PlatformLink set_link_credentials(const std::string& shop_id, const std::string& platform,
                                      const std::string& credentials);

    // Adds a pending job, due now; a dedup key the shop has already changes nothing. Returns the
    // job with that key, as stored.
    OutboxJob enqueue_job(const NewJob& job);
    // In one write: the pending jobs due at `now` that no worker holds (of one shop, or of every
    // shop), oldest due first, at most `limit`, each leased for `lease_seconds`. A job leased here
    // is not claimed again until its lease runs out or it fails.
    // Each lane's workers claim only its jobs: the apps the platforms' writes, loyaltyd's notifier
    // the deliveries to the shops' endpoints.
    std::vector<OutboxJob> claim_jobs(int64_t now, int64_t lease_seconds, int limit,
                                      const std::optional<std::string>& shop_id = std::nullopt,
                                      JobLane lane = JobLane::platform);
    // Marks the job done with what the platform answered. A job no longer pending is left as it is.
    OutboxJob complete_job(int64_t job_id, const std::string& result);
    // Records a failed attempt: a platform's write is due again after 30 s doubling per attempt
    // (at most 6 h), or failed (kept, listed) after 12 attempts; a delivery of an event as
    // notifications.hpp says (5 s doubling, at most 1 h, jittered, failed after 72 h of waits).
    // Conflict unless the job is pending.
    OutboxJob fail_job(int64_t job_id, const std::string& error, int64_t now);
    // Records what became of several claimed jobs (done, or a failed attempt at `now`) in one write,
    // as complete_job and fail_job each do, except that a job no longer pending is left as it is;
    // returns them in the same order.
    std::vector<OutboxJob> finish_jobs(const std::vector<JobOutcome>& outcomes, int64_t now);
    // A failed job made pending again, due at `now`, its attempts reset. Conflict unless failed.
    OutboxJob retry_job(int64_t job_id, int64_t now);
    OutboxJob job(int64_t job_id);  // throws not_found
    JobPage jobs(const std::string& shop_id, const JobQuery& query);
    // Of one platform's jobs, or every platform's when `platform` is empty.
    JobCounts job_counts(const std::string& shop_id, const std::string& platform = "");

    // Events to the shops' endpoints (core/notify/event_calls.cpp, docs/notifications.md). A
    // delivery is one event to one endpoint: an outbox job of platform "webhook".
    JobPage event_deliveries(const std::string& shop_id, const JobQuery& query);  // by job id
    // The delivered or failed deliveries of events from_event..to_event (only failed ones when
    // asked) due again now, attempts reset; returns them. Not found when the shop is not stored.
    std::vector<OutboxJob> replay_events(const std::string& shop_id, int64_t from_event, int64_t to_event,
                                         bool failed_only);
    EventBacklog event_backlog(const std::string& shop_id);
    // Messages to members, of one channel ("sms", "zalo") or, with `query.platform` empty, both.
    JobPage messages(const std::string& shop_id, const JobQuery& query);

    // The member's own points page (core/notify/member_page.cpp): the token of its link, made on
    // first use; with `rotate` a new one, after which the old link shows nothing.
    std::string member_page_token(const std::string& shop_id, const std::string& member_id, bool rotate);
    // What the page shows for a token; absent for a token that is unknown or was rotated away.
    std::optional<MemberPage> member_page(const std::string& token);
    // Sets the member's choice about messages; returns the member.
    MemberDetails set_opted_out(const std::string& shop_id, const std::string& member_id, bool opted_out);

    // Campaigns (core/notify/campaigns.cpp): one message to every member of some tiers or groups,
    // queued in one transaction, each member's due `60 / per_minute` seconds after the previous
    // one's. Creating an id the shop has already returns the stored campaign and queues nothing.
    Campaign create_campaign(Campaign campaign);
    std::optional<std::pair<Campaign, CampaignCounts>> campaign(const std::string& shop_id,
                                                                const std::string& campaign_id);
    std::vector<std::pair<Campaign, CampaignCounts>> campaigns(const std::string& shop_id);
    // A channel's tokens as last refreshed (core/notify/channel_tokens.cpp), for the notifier.
    std::optional<ChannelToken> channel_token(const std::string& shop_id, const std::string& channel);
    void put_channel_token(ChannelToken token);  // updated_at is now
    // Whether the member asked for no messages.
    bool opted_out(const std::string& shop_id, const std::string& member_id);

    // Staff accounts and their sessions (core/staff/staff.cpp, docs/dashboard.md). A username is
    // one login over every shop; passwords are hashed with scrypt, outside any transaction.
    // Throws conflict when the username is taken, not_found for a shop that is not stored.
    StaffMember add_staff(const std::string& shop_id, const std::string& username, StaffRole role,
                          const std::string& password);
    std::vector<StaffMember> staff(const std::string& shop_id);
    // Conflict for the shop's last owner: someone must be left who can manage staff.
    void remove_staff(const std::string& shop_id, const std::string& username);
    // Signs the member out everywhere and lifts a lock from failed logins.
    StaffMember reset_staff_password(const std::string& shop_id, const std::string& username,
                                     const std::string& password);
    // Never throws for wrong credentials: they are an outcome, as is a lock after repeated failures.
    LoginResult login(const std::string& username, const std::string& password, const SessionPolicy& policy);
    // The session a cookie's token names, while it is within the policy's timeouts.
    std::optional<StaffSession> session(const std::string& token, const SessionPolicy& policy);
    void logout(const std::string& token);
    // A session for the shop's owner after a platform install (the account "<platform>-<shop>",
    // made on first use, signs in through the platform only).
    LoginResult platform_owner_session(const std::string& shop_id, const std::string& platform);
    void record_audit(AuditRecord record);  // `at` is now
    std::vector<AuditRecord> audit(const std::string& shop_id, const AuditQuery& query);

    // Personal data (core/personal_data.cpp, docs/personal-data.md). Each is one write transaction
    // that records `actor` ("staff:lan", "admin_token", …) in the shop's audit trail with it. A merged
    // id names its survivor; both cover every record merged into it. not_found for an unknown member.
    PersonalData export_member(const std::string& shop_id, const std::string& member_id, const std::string& actor);
    // Removes the personal fields and platform references for good, revokes the page link, stops and
    // empties undelivered deliveries and platform writes, drops kept raw bodies that carry the phone
    // or email; the ledger, orders and grants stay under the member id. Erasing again changes nothing.
    ErasureReport erase_member(const std::string& shop_id, const std::string& member_id, const std::string& actor);

    // Reports (core/reports.cpp): the shop's figures today, and its members as a filtered list.
    ShopOverview overview(const std::string& shop_id);
    DirectoryPage directory(const std::string& shop_id, const DirectoryQuery& query);
    // Members per RFM segment this local month and the month before (core/segments/report.cpp).
    SegmentReport segment_report(const std::string& shop_id);
    // Analytics over the last `months` local months, this one included (core/reports/,
    // docs/program.md "Reports"); months 1-36, rewards' limit 1-100, else invalid_argument.
    CohortReport cohort_report(const std::string& shop_id, int months);
    RepeatPurchaseReport repeat_purchase_report(const std::string& shop_id, int months);
    LiabilityReport liability_report(const std::string& shop_id, int months);
    RewardReport reward_report(const std::string& shop_id, int months, int limit);
    TierReport tier_report(const std::string& shop_id, int months);

    Store& store() { return *store_; }

private:
    // One delivery's events, applied in the caller's transaction (ingest and ingest_batch).
    IngestResult apply_delivery(Transaction& tx, const ShopProgram& program, const Delivery& d,
                                const std::vector<CustomerPhone>& phones, int64_t now,
                                std::optional<int64_t> replaying);
    PointsResult post_points(const std::string& shop_id, const PointsRequest& request, EntryKind kind);
    void maintain_shop(const ShopProgram& program, int64_t now, MaintenanceReport& report);
    // A page of the shop's outbox jobs as `query` asks (its platform already checked by the caller).
    JobPage job_page(const std::string& shop_id, const JobQuery& query);
    // Re-reads every shop's program from the store (other instances may have changed them).
    std::vector<std::shared_ptr<const ShopProgram>> refresh_shops();
    int64_t now() const;

    // The cached shop whose `platform` connection carries `org_id`; throws conflict when two do.
    std::shared_ptr<const ShopProgram> cached_by_org(const std::string& platform, const std::string& org_id) const;
    std::shared_ptr<const ShopProgram> by_org_locked(const std::string& platform, const std::string& org_id) const;
    // fresh_shop's answer, for a caller holding shops_mutex_.
    std::shared_ptr<const ShopProgram> fresh_locked(const std::string& shop_id) const;

    std::unique_ptr<Store> store_;
    ProgramDecoder decoder_;
    Clock clock_;
    mutable std::shared_mutex shops_mutex_;
    // A cache of the store's shops: filled on a miss, refreshed by maintenance.
    // Each cached program is compared with the store at most once a second (by the first caller
    // after that second), so a change another process made is in effect here within about a second.
    struct CachedShop {
        std::shared_ptr<const ShopProgram> program;
        std::shared_ptr<std::atomic<int64_t>> checked_ms;  // steady clock; shared so readers can claim a re-check
    };
    void cache(const std::shared_ptr<const ShopProgram>& program) const;  // caller holds shops_mutex_ uniquely
    mutable std::map<std::string, CachedShop, std::less<>> shops_;
    // When an unknown org id last made this instance read every shop: anyone can send one, so the
    // store is read for them at most once a second.
    std::atomic<int64_t> org_refresh_at_{0};
    // Delivery keys known to be stored durably: what known_duplicate answers from.
    mutable RecentDeliveries recent_deliveries_;
};

}  // namespace loyalty::core
