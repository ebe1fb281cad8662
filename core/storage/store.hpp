#pragma once
// The one interface every storage backend implements. The engine expresses each operation as a
// function over a transaction; the backend decides how transactions are grouped and made durable.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "domain/analytics.hpp"
#include "domain/distributor.hpp"
#include "domain/games.hpp"
#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/notifications.hpp"
#include "domain/personal_data.hpp"
#include "domain/order.hpp"
#include "domain/platform_link.hpp"
#include "domain/quarantine.hpp"
#include "domain/reports.hpp"
#include "domain/rewards.hpp"
#include "domain/segments.hpp"
#include "domain/staff.hpp"
#include "util/error.hpp"

namespace loyalty::core {

struct StoredShop {
    std::string shop_id;
    std::string definition;
};

// Sums over a member's orders paid in a time range: what tier qualification counts.
struct OrderTotals {
    int64_t spend = 0;
    int64_t points = 0;
};

enum class LotDue { release, expiry };

// One line of an order first paid in a period, with the share of the order still kept.
struct PeriodLine {
    std::string member_id;
    std::string order_id;
    int64_t paid_at = 0;
    int64_t spend = 0;          // the order's net spend now
    int64_t locked_amount = 0;  // the order's amount when it was first paid
    std::string sku;
    std::string category;
    int64_t quantity = 0;
    std::string name;   // the member's, as now
    std::string group;  // the member's customer group, as now
};

// A member's net spend over orders first paid in a period; `reached_at` is when the last of them
// that still counts was paid.
struct MemberSpend {
    std::string member_id;
    int64_t spend = 0;
    int64_t reached_at = 0;
    std::string name;   // the member's, as now
    std::string group;  // the member's customer group, as now
};

// When a live member joined and first paid an order that still counts (net spend > 0), if any:
// where anniversaries and appreciation lists count a member's years from.
struct MemberStart {
    std::string member_id;
    std::string name;
    std::string group;
    int64_t joined_at = 0;
    std::optional<int64_t> first_paid_at;
};

// A member record absorbed into another by a merge.
struct MergedMember {
    std::string member_id;
    std::string merged_into;
};

struct BalanceMismatch {
    std::string shop_id;
    std::string member_id;
    Balances cached;
    Balances recomputed;
};

// The reads an order's delivery starts with, named before any of them is needed (Transaction::read_ahead).
struct OrderReadAhead {
    std::string shop;
    std::string platform;
    std::string delivery_key;
    std::string order_id;
    std::optional<PlatformRef> customer;  // the order's customer, by platform reference
};

// Reads and writes inside one transaction. Every call throws core::Error(Status::storage) on a
// backend failure; the whole transaction is then discarded.
class Transaction {
public:
    virtual ~Transaction() = default;

    // The order path's first reads (the delivery's key, the order, the member by its reference), asked for together:
    // a store whose reads are round trips (PostgreSQL) sends them as one, and delivery, order and referenced_member
    // then answer those arguments from what came back, for as long as no other statement has run. A store whose reads
    // are local (SQLite) does nothing. forget_read_ahead drops the answers.
    virtual void read_ahead(const OrderReadAhead&) {}
    virtual void forget_read_ahead() {}

    virtual std::vector<StoredShop> shops() = 0;
    virtual std::optional<StoredShop> shop(const std::string& shop_id) = 0;
    virtual void put_shop(const StoredShop& shop, int64_t now) = 0;

    // The member's row, without its platform references: the write paths need only its balances and profile, and
    // the references would cost every order one more read. What shows a member reads them with member_refs.
    virtual std::optional<Member> member(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<PlatformRef> member_refs(const std::string& shop, const std::string& member_id) = 0;
    virtual std::optional<std::string> member_by_ref(const std::string& shop, const PlatformRef& ref) = 0;
    // The member the reference names, read with it (one statement where member_by_ref and member would be two).
    virtual std::optional<Member> referenced_member(const std::string& shop, const PlatformRef& ref) = 0;
    virtual std::optional<std::string> member_by_phone(const std::string& shop, const std::string& phone) = 0;
    virtual void insert_member(const std::string& shop, const Member& m) = 0;
    virtual void update_profile(const std::string& shop, const Member& m) = 0;
    virtual void put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) = 0;
    // The version of the platform's customer record last applied through this reference.
    virtual std::optional<int64_t> ref_version(const std::string& shop, const PlatformRef& ref) = 0;
    virtual void set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) = 0;
    // Removes the reference; returns the member it pointed at, if it existed.
    virtual std::optional<std::string> remove_ref(const std::string& shop, const PlatformRef& ref) = 0;
    // Merging: `from` keeps its row and entries, points at `into`, and gives up its phone, refs and orders.
    virtual void mark_merged(const std::string& shop, const std::string& from, const std::string& into) = 0;
    virtual void move_refs(const std::string& shop, const std::string& from, const std::string& into) = 0;
    virtual void move_orders(const std::string& shop, const std::string& from, const std::string& into) = 0;
    // Every member of the shop merged into another, by member id.
    virtual std::vector<MergedMember> merged_members(const std::string& shop) = 0;

    virtual std::optional<OrderState> order(const std::string& shop, const std::string& order_id) = 0;
    virtual void put_order(const std::string& shop, const OrderState& o) = 0;
    // Records that a return was applied to an order; false (and nothing written) when it was already.
    virtual bool add_order_return(const std::string& shop, const std::string& order_id, const std::string& return_id,
                                  int64_t amount, int64_t now) = 0;
    // Net spend and points of the member's orders first paid in [from, to); `to` absent is open.
    virtual OrderTotals order_totals(const std::string& shop, const std::string& member_id, int64_t from,
                                     std::optional<int64_t> to) = 0;

    virtual void set_tier(const std::string& shop, const std::string& member_id, const TierState& t) = 0;
    // Live members above the first level (or holding grace) last reviewed before `boundary`, or
    // whose manual tier ran out by `now`; at most `limit`.
    virtual std::vector<std::string> members_due_review(const std::string& shop, int64_t boundary, int64_t now,
                                                        int limit) = 0;
    // Live members whose birthday falls on `month_day` ("MM-DD").
    virtual std::vector<std::string> members_born_on(const std::string& shop, const std::string& month_day) = 0;
    // Records a once-only event for a member ("welcome", "birthday:2027", …); false if already there.
    virtual bool add_marker(const std::string& shop, const std::string& member_id, const std::string& marker,
                            int64_t now) = 0;
    virtual void remove_marker(const std::string& shop, const std::string& member_id, const std::string& marker) = 0;

    // Sent without waiting for its answer where the store can (nothing reads a new lot's id).
    virtual void insert_lot(const std::string& shop, const Lot& lot) = 0;
    virtual void update_lot(const std::string& shop, const Lot& lot) = 0;
    virtual std::optional<Lot> lot_by_source(const std::string& shop, const std::string& member_id,
                                             const std::string& source_type, const std::string& source_id) = 0;
    // The member's lots that still hold points, available ones in the order debits take them:
    // soonest expiry first (never last), then earliest earned, then first credited.
    virtual std::vector<Lot> open_lots(const std::string& shop, const std::string& member_id) = 0;
    // Lots due for release (pending, release_at <= now) or expiry (available, remaining > 0,
    // expires_at <= now); at most `limit`.
    virtual std::vector<Lot> due_lots(const std::string& shop, LotDue due, int64_t now, int limit) = 0;
    virtual void move_lots(const std::string& shop, const std::string& from, const std::string& into) = 0;

    // Appends the entry (entries are never changed or removed) and returns its id.
    virtual int64_t append_entry(const std::string& shop, const Entry& e) = 0;
    // The same, sent without waiting for the id where the store can.
    virtual void append_entry_later(const std::string& shop, const Entry& e) = 0;
    // Replaces the member's cached balances; the engine calls it in the transaction that moved them.
    virtual void set_balances(const std::string& shop, const std::string& member_id, const Balances& b) = 0;
    virtual std::optional<Entry> entry(const std::string& shop, int64_t entry_id) = 0;
    virtual std::vector<Entry> entries(const std::string& shop, const std::string& member_id, int limit,
                                       std::optional<int64_t> before) = 0;
    virtual int64_t entry_count() = 0;
    virtual int64_t quarantine_open_count() = 0;

    virtual std::optional<IdempotencyRecord> idempotency(const std::string& shop, const std::string& key) = 0;
    virtual void put_idempotency(const std::string& shop, const IdempotencyRecord& r) = 0;

    // Deliveries already applied, by the connector's key: their outcome, for dedup.
    virtual std::optional<std::string> delivery(const std::string& shop, const std::string& platform,
                                                const std::string& key) = 0;
    virtual void put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                              const std::string& outcome, int64_t now) = 0;
    // Forgets delivery keys received before `before`; returns how many.
    virtual int64_t forget_deliveries(int64_t before) = 0;
    virtual int64_t add_quarantine(const QuarantinedDelivery& q) = 0;
    virtual std::vector<QuarantinedDelivery> quarantined(const QuarantineQuery& q) = 0;
    virtual std::optional<QuarantinedDelivery> quarantined_one(int64_t quarantine_id) = 0;
    virtual void resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) = 0;
    // Members whose cached balances differ from the sums of their entries.
    virtual std::vector<BalanceMismatch> balance_mismatches() = 0;

    // A customer group the shop set is kept when the platform sends another (`by_shop`).
    virtual void set_group(const std::string& shop, const std::string& member_id, const std::string& group,
                           bool by_shop) = 0;

    // Grants issued from the catalogue entry and not voided: what its stock counts.
    virtual int64_t reward_claimed(const std::string& shop, const std::string& reward_id) = 0;
    virtual void add_reward_claimed(const std::string& shop, const std::string& reward_id, int64_t delta) = 0;
    // Stores a new grant and returns its id; throws Status::conflict when the code is taken.
    virtual int64_t insert_grant(const std::string& shop, const Grant& g) = 0;
    // Writes a grant's status and what came with it (used_*, voided_*, return_entry_id, member_id).
    virtual void update_grant(const std::string& shop, const Grant& g) = 0;
    virtual std::optional<Grant> grant(const std::string& shop, int64_t grant_id) = 0;
    virtual std::optional<Grant> grant_by_code(const std::string& shop, const std::string& code) = 0;
    virtual std::optional<Grant> grant_by_key(const std::string& shop, const std::string& idempotency_key) = 0;
    virtual std::vector<Grant> grants_by_source(const std::string& shop, const std::string& source) = 0;
    // Ascending grant id after `q.after`, at most `q.limit`.
    virtual std::vector<Grant> grants(const std::string& shop, const GrantQuery& q) = 0;
    virtual void move_grants(const std::string& shop, const std::string& from, const std::string& into) = 0;

    // Instant-win games (sql/games.cpp). What each prize of the game has given, in all and on `day`.
    virtual std::vector<PrizeCount> prize_counts(const std::string& shop, const std::string& game_id, int64_t day) = 0;
    virtual void add_prize_won(const std::string& shop, const std::string& game_id, const std::string& prize_id,
                               int64_t day, int64_t points) = 0;
    // Stores a new play (its outcome ids as given) and returns its id.
    virtual int64_t insert_play(const std::string& shop, const GamePlay& play) = 0;
    // Writes what the play gave and took: its entries and grant.
    virtual void update_play_outcome(const std::string& shop, const GamePlay& play) = 0;
    virtual std::optional<GamePlay> play_by_key(const std::string& shop, const std::string& idempotency_key) = 0;
    // Ascending play id after `q.after`, at most `q.limit`.
    virtual std::vector<GamePlay> plays(const std::string& shop, const PlayQuery& q) = 0;
    virtual std::optional<OrderPlays> order_plays(const std::string& shop, const std::string& game_id,
                                                  const std::string& order_id) = 0;
    virtual void put_order_plays(const std::string& shop, const OrderPlays& plays) = 0;  // insert or replace
    // The member's orders with plays left in the game, oldest earned first.
    virtual std::vector<OrderPlays> unused_order_plays(const std::string& shop, const std::string& game_id,
                                                       const std::string& member_id) = 0;
    virtual void move_game_plays(const std::string& shop, const std::string& from, const std::string& into) = 0;

    virtual std::optional<OrderPayment> order_payment(const std::string& shop, const std::string& order_id) = 0;
    virtual void put_order_payment(const std::string& shop, const OrderPayment& p) = 0;  // insert or replace

    // The order's lines as first paid (written when it first earns), replacing any written before; `replace` false
    // says there are none (the order was never stored), and saves their removal.
    virtual void put_order_lines(const std::string& shop, const std::string& order_id,
                                 const std::vector<OrderLine>& lines, bool replace = true) = 0;
    // Lines of orders first paid in [from, to), of one member or (empty) of every member.
    virtual std::vector<PeriodLine> period_lines(const std::string& shop, const std::string& member_id, int64_t from,
                                                 int64_t to) = 0;
    // Per member with net spend > 0 over orders first paid in [from, to); one member or every member.
    virtual std::vector<MemberSpend> period_spend(const std::string& shop, const std::string& member_id, int64_t from,
                                                  int64_t to) = 0;

    // When a program's period was settled; absent if it was not.
    virtual std::optional<int64_t> settled_at(const std::string& shop, const std::string& program_id,
                                              const std::string& period) = 0;
    // Records the settlement; throws Status::conflict if it was recorded already.
    virtual void put_settlement(const std::string& shop, const std::string& program_id, const std::string& period,
                                int64_t settled_at) = 0;
    virtual void add_standing(const std::string& shop, const std::string& program_id, const std::string& period,
                              const Standing& s) = 0;
    // A settled period's standings: by rank, then spend descending, then member id.
    virtual std::vector<Standing> standings(const std::string& shop, const std::string& program_id,
                                            const std::string& period) = 0;
    // Live members by member id, one member or (empty) every member.
    virtual std::vector<MemberStart> member_starts(const std::string& shop, const std::string& member_id) = 0;
    // The shop's markers that begin with `prefix`, by member id then marker.
    virtual std::vector<MemberMarker> markers_with_prefix(const std::string& shop, const std::string& prefix) = 0;

    // Platform apps: each shop's link to a platform, and the outbox of writes to the platforms.
    virtual std::optional<PlatformLink> platform_link(const std::string& shop, const std::string& platform) = 0;
    // The shop's links by platform; `shop` empty: every shop's, by shop then platform.
    virtual std::vector<PlatformLink> platform_links(const std::string& shop) = 0;
    virtual void put_platform_link(const PlatformLink& link) = 0;  // insert or replace, updated_at as given
    // Writes cursors and counts (and last_reconciled_at when given) together; false when the shop
    // has no link to the platform.
    virtual bool set_sync_progress(const std::string& shop, const std::string& platform, const SyncProgress& p,
                                   std::optional<int64_t> reconciled_at, int64_t now) = 0;
    // The member's references on platforms the shop has a link to in any state but disconnected.
    virtual std::vector<PlatformRef> linked_refs(const std::string& shop, const std::string& member_id) = 0;
    // Adds a pending job due at `now` unless the shop has its dedup key already; returns the new
    // job's id, or nullopt when the key was there.
    virtual std::optional<int64_t> enqueue_job(const NewJob& job, int64_t now) = 0;
    virtual std::optional<OutboxJob> job(int64_t job_id) = 0;
    virtual std::optional<OutboxJob> job_by_key(const std::string& shop, const std::string& dedup_key) = 0;
    // Leases until `until` at most `limit` pending jobs of `lane` due by `now` whose lease (if any)
    // ran out and that no earlier pending job of their sequence key holds back, of one shop or
    // (empty) of every shop, oldest due first; returns them as leased.
    virtual std::vector<OutboxJob> lease_jobs(const std::string& shop, int64_t now, int64_t until, int limit,
                                              JobLane lane) = 0;
    // The delivered or failed jobs of events from_event..to_event (failed ones only when asked)
    // made pending again, due at `now`, attempts reset; returns them by job id.
    virtual std::vector<OutboxJob> replay_event_jobs(const std::string& shop, int64_t from_event, int64_t to_event,
                                                     bool failed_only, int64_t now) = 0;
    // When the oldest pending job of the platform was enqueued; absent when none is pending.
    virtual std::optional<int64_t> oldest_pending_job(const std::string& shop, const std::string& platform) = 0;
    // Records an event unless the shop has its dedup key already; returns the new event's id.
    virtual std::optional<int64_t> insert_event(const Event& e) = 0;
    virtual std::optional<MemberContact> member_contact(const std::string& shop, const std::string& member_id) = 0;
    virtual std::optional<MemberContact> contact_by_page_token(const std::string& token) = 0;
    virtual void put_member_contact(const MemberContact& c) = 0;  // insert or replace
    // Messages (Zalo, SMS) of a sequence enqueued at or after `since`, whatever became of them.
    virtual int64_t count_messages_since(const std::string& shop, const std::string& sequence_key, int64_t since) = 0;
    // Members not merged away, by member id after `after`: id, name, phone, balances, tier, group.
    virtual std::vector<Member> member_page_after(const std::string& shop, const std::string& after, int limit) = 0;
    virtual std::optional<ChannelToken> channel_token(const std::string& shop, const std::string& channel) = 0;
    virtual void put_channel_token(const ChannelToken& t) = 0;  // insert or replace
    // Records a campaign unless the shop has its id already; returns whether it did.
    virtual bool insert_campaign(const Campaign& c) = 0;
    virtual std::optional<Campaign> campaign(const std::string& shop, const std::string& campaign_id) = 0;
    virtual std::vector<Campaign> campaigns(const std::string& shop) = 0;  // newest first
    // The campaign's messages by status.
    virtual CampaignCounts campaign_counts(const std::string& shop, const std::string& campaign_id) = 0;
    // Per member and expiry time, the available points of lots that expire in (after, until].
    virtual std::vector<MemberExpiry> expiring_points(const std::string& shop, int64_t after, int64_t until) = 0;
    // Writes a job's status, attempts, next_attempt_at, leased_until, last_error, result and done_at.
    virtual void update_job(const OutboxJob& job) = 0;
    // Ascending job id after `q.after`, at most `q.limit`.
    virtual std::vector<OutboxJob> jobs(const std::string& shop, const JobQuery& q) = 0;
    // `platform` empty: every platform's jobs.
    virtual JobCounts job_counts(const std::string& shop, const std::string& platform) = 0;

    // Personal data (core/personal_data.cpp, docs/personal-data.md): what is kept keyed by one member
    // record, and the writes that erase it. Merged records are asked for one by one.
    virtual std::vector<std::string> absorbed_members(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<Lot> member_lots(const std::string& shop, const std::string& member_id) = 0;  // every lot
    virtual std::vector<MemberMarker> member_markers(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<std::string> member_order_ids(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<OrderLine> order_lines(const std::string& shop, const std::string& order_id) = 0;
    virtual std::vector<std::string> member_payment_orders(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<MemberStanding> member_standings(const std::string& shop, const std::string& member_id) = 0;
    virtual std::vector<Event> member_events(const std::string& shop, const std::string& member_id) = 0;
    // Deliveries of the record's events and writes to platforms that name it, by job id.
    virtual std::vector<int64_t> member_job_ids(const std::string& shop, const std::string& member_id) = 0;
    // Audit records whose target is the member or a path under /api/v1/shops/{shop}/members/{id}.
    virtual std::vector<AuditRecord> member_audit(const std::string& shop, const std::string& member_id) = 0;
    // Empties name, phone, phone_text, email and birthday; returns 1 when any was set.
    virtual int64_t erase_profile(const std::string& shop, const std::string& member_id) = 0;
    virtual int64_t remove_member_refs(const std::string& shop, const std::string& member_id) = 0;  // how many
    virtual int64_t scrub_standings(const std::string& shop, const std::string& member_id) = 0;     // names emptied
    virtual void rewrite_job(int64_t job_id, const std::string& payload, const std::string& dedup_key) = 0;
    // Drops the kept body; an open delivery is resolved "erased" at `now`.
    virtual void scrub_quarantine(int64_t quarantine_id, int64_t now) = 0;

    // Staff accounts, their sessions and the audit trail (usernames are one namespace over shops).
    virtual std::optional<StaffMember> staff_member(const std::string& username) = 0;
    virtual std::vector<StaffMember> staff(const std::string& shop) = 0;  // by username
    virtual bool insert_staff(const StaffMember& s) = 0;                  // false when the username is taken
    // Writes role, password_hash, last_login_at, failed_logins and locked_until.
    virtual void update_staff(const StaffMember& s) = 0;
    virtual bool remove_staff(const std::string& username) = 0;  // with its sessions; false when absent
    virtual void insert_session(const StaffSession& s) = 0;
    // The session with the member's shop and role as they are now; absent once the member is gone.
    virtual std::optional<StaffSession> session(const std::string& token_hash) = 0;
    virtual void touch_session(const std::string& token_hash, int64_t now) = 0;
    virtual void remove_session(const std::string& token_hash) = 0;
    // The member's sessions begun before `before`; every one of them when absent.
    virtual void remove_sessions(const std::string& username, std::optional<int64_t> before) = 0;
    virtual int64_t append_audit(const AuditRecord& r) = 0;  // returns its id
    virtual std::vector<AuditRecord> audit(const std::string& shop, const AuditQuery& q) = 0;  // newest first

    // Reports: what the dashboard shows of a shop (live members only).
    virtual ShopTotals shop_totals(const std::string& shop) = 0;
    virtual int64_t active_members(const std::string& shop, int64_t since) = 0;
    // Sums per local day (day = (occurred_at + offset) / 86400) and kind, of entries since `from`.
    virtual std::vector<DayKindSum> entry_days(const std::string& shop, int64_t from, int64_t offset) = 0;
    virtual std::vector<TierCount> tier_counts(const std::string& shop) = 0;  // by stored name
    virtual std::vector<MemberSummary> top_members(const std::string& shop, int limit) = 0;
    // Per platform that delivered (by platform): its latest delivery, and those kept for dedup and
    // those quarantined since `since`.
    virtual std::vector<DeliveryFigures> delivery_figures(const std::string& shop, int64_t since) = 0;
    virtual DirectoryPage directory(const std::string& shop, const DirectoryFilter& f) = 0;

    // Segments (core/segments/, docs/program.md "Segments"). Pages go by member id in the store's
    // own order, so a page's range (after, its last id] is what replace_rfm replaces.
    // Live members after `after`, at most `limit`, each with the paid orders that count for them.
    virtual std::vector<RfmInput> rfm_inputs(const std::string& shop, const std::string& after, int limit) = 0;
    // Replaces the scores kept for members in (after, through], or every member after `after` when
    // `through` is absent, now and under `month`, with `rows`.
    virtual void replace_rfm(const std::string& shop, const std::string& month, const std::string& after,
                             const std::optional<std::string>& through, const std::vector<MemberRfm>& rows) = 0;
    virtual std::optional<MemberRfm> member_rfm(const std::string& shop, const std::string& member_id) = 0;
    virtual std::optional<RfmRun> rfm_run(const std::string& shop) = 0;
    virtual void put_rfm_run(const RfmRun& run) = 0;  // insert or replace
    virtual std::vector<SegmentCount> segment_counts(const std::string& shop, const std::string& month) = 0;
    // Drops at most `limit` members' segments of the oldest month before `month`; how many it dropped.
    virtual int64_t prune_segment_months(const std::string& shop, const std::string& month, int limit) = 0;

    // Analytics (core/reports/, docs/program.md "Reports"), each aggregated by the store. `bounds`
    // are a window's month starts then its end (ReportWindow::bounds); a row's month is an index
    // into them. A paid order is one whose status is paid or partially_refunded, counted at paid_at.
    // Members whose first paid order ever falls in the window, by that month: how many, how many
    // have paid twice or more.
    virtual std::vector<CohortSize> cohort_sizes(const std::string& shop, const std::vector<int64_t>& bounds) = 0;
    // Those members again, by cohort and by month of the window they paid in.
    virtual std::vector<CohortActivity> cohort_activity(const std::string& shop, const std::vector<int64_t>& bounds) = 0;
    virtual PaidOrderTotals paid_order_totals(const std::string& shop, int64_t from, int64_t to) = 0;
    virtual std::vector<PaidOrderMonth> paid_order_months(const std::string& shop, const std::vector<int64_t>& bounds) = 0;
    // The ledger's sums before `before`, and its flows by month of the window.
    virtual PointsBalance points_before(const std::string& shop, int64_t before) = 0;
    virtual std::vector<PointsFlowMonth> points_flows(const std::string& shop, const std::vector<int64_t>& bounds) = 0;
    // Catalogue claims issued in [from, to) and not voided, most claimed first, at most `limit`.
    virtual std::vector<RewardClaims> reward_claims(const std::string& shop, int64_t from, int64_t to, int limit) = 0;
    // Live members by stored tier, with the points they (and members merged into them) earned and
    // redeemed in [from, to).
    virtual std::vector<TierPoints> tier_points(const std::string& shop, int64_t from, int64_t to) = 0;
};

struct StoreHealth {
    bool ok = true;
    std::string problem;  // why not, when not ok
};

class Store {
public:
    virtual ~Store() = default;
    // Runs `fn` in a write transaction and returns what it returned once that is durable.
    // Concurrent callers may share one commit; a throw from `fn` discards only that caller's
    // changes and is rethrown to it. fn may be run again after a conflict or a lost connection:
    // only the value of its last run is returned, so a caller gets its results from the return
    // value and leaves what it captures alone.
    template <class Fn>
    auto write(Fn&& fn) {
        return run([this](const Body& body) { run_write(body); }, fn);
    }
    // A write to the rows of one shop, as write describes. A backend shared by several instances may run one shop's
    // writes one transaction at a time and several of them in one transaction, instead of letting them race.
    template <class Fn>
    auto write_for(const std::string& shop_id, Fn&& fn) {
        return run([this, &shop_id](const Body& body) { run_shop_write(shop_id, body); }, fn);
    }
    // Runs `fn` against a consistent snapshot and returns what it returned; writes inside it are
    // an error. As with write, fn may be run more than once.
    template <class Fn>
    auto read(Fn&& fn) {
        return run([this](const Body& body) { run_read(body); }, fn);
    }
    // Whether the store can serve calls right now. A server's health check asks this; it may block
    // for as long as a connection attempt takes.
    virtual StoreHealth health() { return {}; }
    // Runs `fn` unless another holder of `name` (in this process or another one sharing the
    // store) is running it now; returns whether it ran. Lets every instance schedule maintenance
    // while one at a time does it. A single-process store just runs it.
    virtual bool exclusive(const std::string& name, const std::function<void()>& fn) {
        (void)name;
        fn();
        return true;
    }

protected:
    // What a backend implements: run `fn` as write or read describes, as often as it needs to.
    virtual void run_write(const std::function<void(Transaction&)>& fn) = 0;
    virtual void run_read(const std::function<void(Transaction&)>& fn) = 0;
    virtual void run_shop_write(const std::string& shop_id, const std::function<void(Transaction&)>& fn) {
        (void)shop_id;
        run_write(fn);
    }

private:
    using Body = std::function<void(Transaction&)>;

    template <class Runner, class Fn>
    auto run(const Runner& runner, Fn& fn) {
        using Result = std::remove_cvref_t<std::invoke_result_t<Fn&, Transaction&>>;
        if constexpr (std::is_void_v<Result>) {
            runner([&](Transaction& tx) { fn(tx); });
        } else {
            std::optional<Result> result;
            runner([&](Transaction& tx) {
                result.reset();  // a run that throws leaves nothing of its own behind
                result.emplace(fn(tx));
            });
            if (!result) fail(Status::internal, "store returned without running the transaction");
            return std::move(*result);
        }
    }
};

}  // namespace loyalty::core
