#pragma once
// Every statement SqlTransaction runs, by name. A Query's id is its identity: the backends cache
// their prepared statements by it (an index into an array), never by the text's address.
#include <cstddef>

namespace loyalty::core::sql {

// One name per statement text; a method with several shapes (one per index) has one per shape.
enum class QueryId : int {
    // members.cpp
    shops,
    shop,
    put_shop,
    member,
    member_refs,
    member_by_ref,
    member_by_phone,
    insert_member,
    update_profile,
    merged_members,
    set_group,
    put_ref,
    ref_version,
    set_ref_version,
    remove_ref,
    mark_merged,
    move_refs,
    move_orders,
    // orders_ledger.cpp
    order,
    put_order,
    append_entry,
    set_balances,
    entry,
    entries,
    entry_count,
    idempotency,
    put_idempotency,
    balance_mismatches,
    // program.cpp
    order_totals,
    set_tier,
    members_due_review,
    members_born_on,
    add_marker,
    remove_marker,
    insert_lot,
    update_lot,
    lot_by_source,
    open_lots,
    due_lots_release,
    due_lots_expiry,
    move_lots,
    // rewards.cpp
    reward_claimed,
    add_reward_stock,
    add_reward_claimed,
    insert_grant,
    update_grant,
    grant,
    grant_by_code,
    grant_by_key,
    grants_by_source,
    grants_by_code,
    grants_by_member,
    grants_by_shop,
    move_grants,
    order_payment,
    put_order_payment,
    // distributor.cpp
    delete_order_lines,
    insert_order_line,
    period_lines,
    period_lines_of_member,
    period_spend,
    period_spend_of_member,
    settled_at,
    put_settlement,
    add_standing,
    standings,
    member_starts,
    member_starts_of_member,
    markers_with_prefix,
    // deliveries.cpp
    delivery,
    put_delivery,
    forget_deliveries,
    quarantine_open_count,
    add_quarantine,
    quarantined,
    quarantined_one,
    resolve_quarantine,
    // apps.cpp
    platform_link,
    platform_links_of_shop,
    platform_links_all,
    put_platform_link,
    set_sync_progress,
    linked_refs,
    enqueue_job,
    job,
    job_by_key,
    lease_jobs,
    lease_jobs_of_shop,
    lease_notification_jobs,
    lease_notification_jobs_of_shop,
    replay_event_jobs,
    oldest_pending_job,
    insert_event,
    expiring_points,
    member_contact,
    contact_by_page_token,
    put_member_contact,
    // messages.cpp
    count_messages_since,
    member_page_after,
    channel_token,
    put_channel_token,
    insert_campaign,
    campaign,
    campaigns,
    campaign_counts,
    update_job,
    jobs,
    job_counts,
    // order_returns.cpp
    add_order_return,
    // staff.cpp
    staff_member,
    staff_of_shop,
    insert_staff,
    update_staff,
    remove_staff_sessions,
    remove_staff,
    insert_session,
    session,
    touch_session,
    remove_session,
    remove_sessions_all,
    remove_sessions_before,
    append_audit,
    audit,
    audit_before,
    // reports.cpp
    shop_totals,
    active_members,
    entry_days,
    tier_counts,
    top_members,
    delivery_figures,
    directory,
    directory_count,
    // personal_data.cpp
    absorbed_members,
    member_lots,
    member_markers,
    member_order_ids,
    order_lines_of,
    member_payment_orders,
    member_standings,
    member_events,
    member_job_ids,
    member_audit,
    erase_profile,
    remove_member_refs,
    scrub_standings,
    rewrite_job,
    scrub_quarantine,

    count_  // not a query: how many there are
};

inline constexpr std::size_t query_count = static_cast<std::size_t>(QueryId::count_);

// A statement's text is written once, for both backends, in the form dialect.hpp describes.
struct Query {
    QueryId id;
    const char* text;

    std::size_t index() const { return static_cast<std::size_t>(id); }
};

}  // namespace loyalty::core::sql
