#pragma once
// The store's primitives as SQL, written once for every SQL backend. The queries run on whatever
// Session the store hands in (a SQLite or a libpq connection); the store owns BEGIN/COMMIT, and
// retries.
#include "storage/sql/statement.hpp"
#include "storage/store.hpp"

namespace loyalty::core::sql {

class SqlTransaction final : public Transaction {
public:
    explicit SqlTransaction(Session& db) : db_(db) {}

    // members.cpp
    std::vector<StoredShop> shops() override;
    std::optional<StoredShop> shop(const std::string& shop_id) override;
    void put_shop(const StoredShop& shop, int64_t now) override;
    std::optional<Member> member(const std::string& shop, const std::string& member_id) override;
    std::vector<PlatformRef> member_refs(const std::string& shop, const std::string& member_id) override;
    std::optional<std::string> member_by_ref(const std::string& shop, const PlatformRef& ref) override;
    std::optional<Member> referenced_member(const std::string& shop, const PlatformRef& ref) override;
    std::optional<std::string> member_by_phone(const std::string& shop, const std::string& phone) override;
    std::vector<MergedMember> merged_members(const std::string& shop) override;
    void insert_member(const std::string& shop, const Member& m) override;
    void update_profile(const std::string& shop, const Member& m) override;
    void set_group(const std::string& shop, const std::string& member_id, const std::string& group,
                   bool by_shop) override;
    void put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) override;
    std::optional<int64_t> ref_version(const std::string& shop, const PlatformRef& ref) override;
    void set_ref_version(const std::string& shop, const PlatformRef& ref, int64_t version) override;
    std::optional<std::string> remove_ref(const std::string& shop, const PlatformRef& ref) override;
    void mark_merged(const std::string& shop, const std::string& from, const std::string& into) override;
    void move_refs(const std::string& shop, const std::string& from, const std::string& into) override;
    void move_orders(const std::string& shop, const std::string& from, const std::string& into) override;

    // orders_ledger.cpp
    std::optional<OrderState> order(const std::string& shop, const std::string& order_id) override;
    void put_order(const std::string& shop, const OrderState& o) override;
    int64_t append_entry(const std::string& shop, const Entry& e) override;
    void append_entry_later(const std::string& shop, const Entry& e) override;
    void set_balances(const std::string& shop, const std::string& member_id, const Balances& b) override;
    std::optional<Entry> entry(const std::string& shop, int64_t entry_id) override;
    std::vector<Entry> entries(const std::string& shop, const std::string& member_id, int limit,
                               std::optional<int64_t> before) override;
    int64_t entry_count() override;
    std::optional<IdempotencyRecord> idempotency(const std::string& shop, const std::string& key) override;
    void put_idempotency(const std::string& shop, const IdempotencyRecord& r) override;
    std::vector<BalanceMismatch> balance_mismatches() override;

    // program.cpp
    OrderTotals order_totals(const std::string& shop, const std::string& member_id, int64_t from,
                             std::optional<int64_t> to) override;
    void set_tier(const std::string& shop, const std::string& member_id, const TierState& t) override;
    std::vector<std::string> members_due_review(const std::string& shop, int64_t boundary, int64_t now,
                                                int limit) override;
    std::vector<std::string> members_born_on(const std::string& shop, const std::string& month_day) override;
    bool add_marker(const std::string& shop, const std::string& member_id, const std::string& marker,
                    int64_t now) override;
    void remove_marker(const std::string& shop, const std::string& member_id, const std::string& marker) override;
    void insert_lot(const std::string& shop, const Lot& lot) override;
    void update_lot(const std::string& shop, const Lot& lot) override;
    std::optional<Lot> lot_by_source(const std::string& shop, const std::string& member_id,
                                     const std::string& source_type, const std::string& source_id) override;
    std::vector<Lot> open_lots(const std::string& shop, const std::string& member_id) override;
    std::vector<Lot> due_lots(const std::string& shop, LotDue due, int64_t now, int limit) override;
    void move_lots(const std::string& shop, const std::string& from, const std::string& into) override;

    // rewards.cpp
    int64_t reward_claimed(const std::string& shop, const std::string& reward_id) override;
    void add_reward_claimed(const std::string& shop, const std::string& reward_id, int64_t delta) override;
    int64_t insert_grant(const std::string& shop, const Grant& g) override;
    void update_grant(const std::string& shop, const Grant& g) override;
    std::optional<Grant> grant(const std::string& shop, int64_t grant_id) override;
    std::optional<Grant> grant_by_code(const std::string& shop, const std::string& code) override;
    std::optional<Grant> grant_by_key(const std::string& shop, const std::string& idempotency_key) override;
    std::vector<Grant> grants_by_source(const std::string& shop, const std::string& source) override;
    std::vector<Grant> grants(const std::string& shop, const GrantQuery& q) override;
    void move_grants(const std::string& shop, const std::string& from, const std::string& into) override;
    std::optional<OrderPayment> order_payment(const std::string& shop, const std::string& order_id) override;
    void put_order_payment(const std::string& shop, const OrderPayment& p) override;

    // games.cpp
    std::vector<PrizeCount> prize_counts(const std::string& shop, const std::string& game_id, int64_t day) override;
    void add_prize_won(const std::string& shop, const std::string& game_id, const std::string& prize_id, int64_t day,
                       int64_t points) override;
    int64_t insert_play(const std::string& shop, const GamePlay& play) override;
    void update_play_outcome(const std::string& shop, const GamePlay& play) override;
    std::optional<GamePlay> play_by_key(const std::string& shop, const std::string& idempotency_key) override;
    std::vector<GamePlay> plays(const std::string& shop, const PlayQuery& q) override;
    std::optional<OrderPlays> order_plays(const std::string& shop, const std::string& game_id,
                                          const std::string& order_id) override;
    void put_order_plays(const std::string& shop, const OrderPlays& plays) override;
    std::vector<OrderPlays> unused_order_plays(const std::string& shop, const std::string& game_id,
                                               const std::string& member_id) override;
    void move_game_plays(const std::string& shop, const std::string& from, const std::string& into) override;

    // distributor.cpp
    void put_order_lines(const std::string& shop, const std::string& order_id, const std::vector<OrderLine>& lines,
                         bool replace) override;
    std::vector<PeriodLine> period_lines(const std::string& shop, const std::string& member_id, int64_t from,
                                         int64_t to) override;
    std::vector<MemberSpend> period_spend(const std::string& shop, const std::string& member_id, int64_t from,
                                          int64_t to) override;
    std::optional<int64_t> settled_at(const std::string& shop, const std::string& program_id,
                                      const std::string& period) override;
    void put_settlement(const std::string& shop, const std::string& program_id, const std::string& period,
                        int64_t settled_at) override;
    void add_standing(const std::string& shop, const std::string& program_id, const std::string& period,
                      const Standing& s) override;
    std::vector<Standing> standings(const std::string& shop, const std::string& program_id,
                                    const std::string& period) override;
    std::vector<MemberStart> member_starts(const std::string& shop, const std::string& member_id) override;
    std::vector<MemberMarker> markers_with_prefix(const std::string& shop, const std::string& prefix) override;

    // order_returns.cpp
    bool add_order_return(const std::string& shop, const std::string& order_id, const std::string& return_id,
                          int64_t amount, int64_t now) override;

    // deliveries.cpp
    std::optional<std::string> delivery(const std::string& shop, const std::string& platform,
                                        const std::string& key) override;
    void put_delivery(const std::string& shop, const std::string& platform, const std::string& key,
                      const std::string& outcome, int64_t now) override;
    int64_t forget_deliveries(int64_t before) override;
    int64_t quarantine_open_count() override;
    int64_t add_quarantine(const QuarantinedDelivery& q) override;
    std::vector<QuarantinedDelivery> quarantined(const QuarantineQuery& q) override;
    std::optional<QuarantinedDelivery> quarantined_one(int64_t quarantine_id) override;
    void resolve_quarantine(int64_t quarantine_id, const std::string& resolution, int64_t now) override;

    // apps.cpp
    std::optional<PlatformLink> platform_link(const std::string& shop, const std::string& platform) override;
    std::vector<PlatformLink> platform_links(const std::string& shop) override;
    void put_platform_link(const PlatformLink& link) override;
    bool set_sync_progress(const std::string& shop, const std::string& platform, const SyncProgress& p,
                           std::optional<int64_t> reconciled_at, int64_t now) override;
    std::vector<PlatformRef> linked_refs(const std::string& shop, const std::string& member_id) override;
    std::optional<int64_t> enqueue_job(const NewJob& job, int64_t now) override;
    std::optional<OutboxJob> job(int64_t job_id) override;
    std::optional<OutboxJob> job_by_key(const std::string& shop, const std::string& dedup_key) override;
    std::vector<OutboxJob> lease_jobs(const std::string& shop, int64_t now, int64_t until, int limit,
                                      JobLane lane) override;
    std::vector<OutboxJob> replay_event_jobs(const std::string& shop, int64_t from_event, int64_t to_event,
                                             bool failed_only, int64_t now) override;
    std::optional<int64_t> oldest_pending_job(const std::string& shop, const std::string& platform) override;
    std::optional<int64_t> insert_event(const Event& e) override;
    std::optional<MemberContact> member_contact(const std::string& shop, const std::string& member_id) override;
    std::optional<MemberContact> contact_by_page_token(const std::string& token) override;
    void put_member_contact(const MemberContact& c) override;
    int64_t count_messages_since(const std::string& shop, const std::string& sequence_key, int64_t since) override;
    std::vector<Member> member_page_after(const std::string& shop, const std::string& after, int limit) override;
    std::optional<ChannelToken> channel_token(const std::string& shop, const std::string& channel) override;
    void put_channel_token(const ChannelToken& t) override;
    bool insert_campaign(const Campaign& c) override;
    std::optional<Campaign> campaign(const std::string& shop, const std::string& campaign_id) override;
    std::vector<Campaign> campaigns(const std::string& shop) override;
    CampaignCounts campaign_counts(const std::string& shop, const std::string& campaign_id) override;
    std::vector<MemberExpiry> expiring_points(const std::string& shop, int64_t after, int64_t until) override;
    void update_job(const OutboxJob& job) override;
    std::vector<OutboxJob> jobs(const std::string& shop, const JobQuery& q) override;
    JobCounts job_counts(const std::string& shop, const std::string& platform) override;
    // staff.cpp
    std::optional<StaffMember> staff_member(const std::string& username) override;
    std::vector<StaffMember> staff(const std::string& shop) override;
    bool insert_staff(const StaffMember& s) override;
    void update_staff(const StaffMember& s) override;
    bool remove_staff(const std::string& username) override;
    void insert_session(const StaffSession& s) override;
    std::optional<StaffSession> session(const std::string& token_hash) override;
    void touch_session(const std::string& token_hash, int64_t now) override;
    void remove_session(const std::string& token_hash) override;
    void remove_sessions(const std::string& username, std::optional<int64_t> before) override;
    int64_t append_audit(const AuditRecord& r) override;
    std::vector<AuditRecord> audit(const std::string& shop, const AuditQuery& q) override;
    // personal_data.cpp
    std::vector<std::string> absorbed_members(const std::string& shop, const std::string& member_id) override;
    std::vector<Lot> member_lots(const std::string& shop, const std::string& member_id) override;
    std::vector<MemberMarker> member_markers(const std::string& shop, const std::string& member_id) override;
    std::vector<std::string> member_order_ids(const std::string& shop, const std::string& member_id) override;
    std::vector<OrderLine> order_lines(const std::string& shop, const std::string& order_id) override;
    std::vector<std::string> member_payment_orders(const std::string& shop, const std::string& member_id) override;
    std::vector<MemberStanding> member_standings(const std::string& shop, const std::string& member_id) override;
    std::vector<Event> member_events(const std::string& shop, const std::string& member_id) override;
    std::vector<int64_t> member_job_ids(const std::string& shop, const std::string& member_id) override;
    std::vector<AuditRecord> member_audit(const std::string& shop, const std::string& member_id) override;
    int64_t erase_profile(const std::string& shop, const std::string& member_id) override;
    int64_t remove_member_refs(const std::string& shop, const std::string& member_id) override;
    int64_t scrub_standings(const std::string& shop, const std::string& member_id) override;
    void rewrite_job(int64_t job_id, const std::string& payload, const std::string& dedup_key) override;
    void scrub_quarantine(int64_t quarantine_id, int64_t now) override;
    // reports.cpp
    ShopTotals shop_totals(const std::string& shop) override;
    int64_t active_members(const std::string& shop, int64_t since) override;
    std::vector<DayKindSum> entry_days(const std::string& shop, int64_t from, int64_t offset) override;
    std::vector<TierCount> tier_counts(const std::string& shop) override;
    std::vector<MemberSummary> top_members(const std::string& shop, int limit) override;
    std::vector<DeliveryFigures> delivery_figures(const std::string& shop, int64_t since) override;
    DirectoryPage directory(const std::string& shop, const DirectoryFilter& f) override;

    // segments.cpp
    std::vector<RfmInput> rfm_inputs(const std::string& shop, const std::string& after, int limit) override;
    void replace_rfm(const std::string& shop, const std::string& month, const std::string& after,
                     const std::optional<std::string>& through, const std::vector<MemberRfm>& rows) override;
    std::optional<MemberRfm> member_rfm(const std::string& shop, const std::string& member_id) override;
    std::optional<RfmRun> rfm_run(const std::string& shop) override;
    void put_rfm_run(const RfmRun& run) override;
    std::vector<SegmentCount> segment_counts(const std::string& shop, const std::string& month) override;
    int64_t prune_segment_months(const std::string& shop, const std::string& month, int limit) override;

    // order_reports.cpp
    std::vector<CohortSize> cohort_sizes(const std::string& shop, const std::vector<int64_t>& bounds) override;
    std::vector<CohortActivity> cohort_activity(const std::string& shop, const std::vector<int64_t>& bounds) override;
    PaidOrderTotals paid_order_totals(const std::string& shop, int64_t from, int64_t to) override;
    std::vector<PaidOrderMonth> paid_order_months(const std::string& shop, const std::vector<int64_t>& bounds) override;
    // points_reports.cpp
    PointsBalance points_before(const std::string& shop, int64_t before) override;
    std::vector<PointsFlowMonth> points_flows(const std::string& shop, const std::vector<int64_t>& bounds) override;
    std::vector<TierPoints> tier_points(const std::string& shop, int64_t from, int64_t to) override;
    // reward_reports.cpp
    std::vector<RewardClaims> reward_claims(const std::string& shop, int64_t from, int64_t to, int limit) override;

    // read_ahead.cpp
    void read_ahead(const OrderReadAhead& keys) override;
    void forget_read_ahead() override { ahead_.reset(); }

private:
    // The three reads read_ahead runs together, each query and its row reader written once with its own method.
    static const Query& delivery_query();
    static std::optional<std::string> delivery_row(Call& c);
    static const Query& order_query();
    static std::optional<OrderState> order_row(Call& c);
    static const Query& referenced_member_query();
    static std::optional<Member> referenced_member_row(Call& c);
    struct Ahead {
        OrderReadAhead keys;
        std::optional<std::string> delivery;
        std::optional<OrderState> order;
        std::optional<Member> member;
        uint64_t calls = 0;  // the session's count when they were read
    };
    // The read-ahead, while no statement has run since it.
    const Ahead* ahead() const { return ahead_ && ahead_->calls == db_.calls ? &*ahead_ : nullptr; }

    Session& db_;
    std::optional<Ahead> ahead_;
};

}  // namespace loyalty::core::sql
