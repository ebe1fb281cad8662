#include "storage/postgres/pg_schema.hpp"

#include <array>
#include <string>

namespace loyalty::core::postgres {
namespace {

// Append only: a released migration is never edited, a change is a new one. Every table's primary
// key starts with shop_id, so the tables can be distributed by shop; ids the database assigns
// (entries, quarantine, lots, grants) come from identity columns and are unique on their own as well.
constexpr std::array<const char*, 12> migrations{
    R"sql(
CREATE TABLE shops (
    shop_id     text PRIMARY KEY,
    definition  text NOT NULL,
    updated_at  bigint NOT NULL
);
CREATE TABLE members (
    shop_id          text NOT NULL,
    member_id        text NOT NULL,
    name             text NOT NULL DEFAULT '',
    phone            text NOT NULL DEFAULT '',
    email            text NOT NULL DEFAULT '',
    birthday         text NOT NULL DEFAULT '',
    group_name       text NOT NULL DEFAULT '',
    merged_into      text,
    created_at       bigint NOT NULL,
    available        bigint NOT NULL DEFAULT 0,
    pending          bigint NOT NULL DEFAULT 0,
    lifetime_earned  bigint NOT NULL DEFAULT 0,
    lifetime_spend   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, member_id)
);
CREATE INDEX members_by_phone ON members (shop_id, phone, created_at) WHERE phone <> '' AND merged_into IS NULL;
CREATE TABLE member_refs (
    shop_id      text NOT NULL,
    platform     text NOT NULL,
    customer_id  text NOT NULL,
    member_id    text NOT NULL,
    version      bigint,
    PRIMARY KEY (shop_id, platform, customer_id)
);
CREATE INDEX member_refs_by_member ON member_refs (shop_id, member_id);
CREATE TABLE orders (
    shop_id          text NOT NULL,
    order_id         text NOT NULL,
    member_id        text NOT NULL,
    status           text NOT NULL,
    amount           bigint NOT NULL,
    refunded_amount  bigint NOT NULL,
    version          bigint,
    earn_rate        bigint NOT NULL,
    points           bigint NOT NULL,
    spend            bigint NOT NULL,
    occurred_at      bigint NOT NULL,
    updated_at       bigint NOT NULL,
    PRIMARY KEY (shop_id, order_id)
);
CREATE INDEX orders_by_member ON orders (shop_id, member_id);
CREATE TABLE entries (
    shop_id          text NOT NULL,
    entry_id         bigint GENERATED ALWAYS AS IDENTITY,
    member_id        text NOT NULL,
    kind             text NOT NULL,
    available_delta  bigint NOT NULL,
    pending_delta    bigint NOT NULL,
    earned_delta     bigint NOT NULL DEFAULT 0,
    reason           text NOT NULL,
    ref_type         text NOT NULL,
    ref_id           text NOT NULL,
    detail           text NOT NULL,
    occurred_at      bigint NOT NULL,
    created_at       bigint NOT NULL,
    available_after  bigint NOT NULL,
    pending_after    bigint NOT NULL,
    PRIMARY KEY (shop_id, entry_id)
);
CREATE INDEX entries_by_member ON entries (shop_id, member_id, entry_id);
-- The ledger is append-only: the database itself refuses to change history.
CREATE FUNCTION entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only';
END
$$;
CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();
CREATE TABLE idempotency (
    shop_id      text NOT NULL,
    key          text NOT NULL,
    fingerprint  text NOT NULL,
    entry_id     bigint NOT NULL,
    PRIMARY KEY (shop_id, key)
);
CREATE TABLE deliveries (
    shop_id       text NOT NULL,
    platform      text NOT NULL,
    delivery_key  text NOT NULL,
    outcome       text NOT NULL,
    received_at   bigint NOT NULL,
    PRIMARY KEY (shop_id, platform, delivery_key)
);
-- Maintenance forgets old keys by age.
CREATE INDEX deliveries_by_age ON deliveries (received_at);
CREATE TABLE quarantine (
    shop_id        text NOT NULL,
    quarantine_id  bigint GENERATED ALWAYS AS IDENTITY,
    platform       text NOT NULL,
    headers        text NOT NULL,
    body           bytea NOT NULL,
    error          text NOT NULL,
    received_at    bigint NOT NULL,
    resolved_at    bigint,
    resolution     text NOT NULL DEFAULT '',
    PRIMARY KEY (shop_id, quarantine_id)
);
-- Operators name a quarantined delivery by its id alone.
CREATE INDEX quarantine_by_id ON quarantine (quarantine_id);
CREATE INDEX quarantine_open ON quarantine (shop_id, quarantine_id) WHERE resolved_at IS NULL;
)sql",
    // 2: program rules, as SQLite's migration 3: members' tiers; what an order locked when it first
    // earned; lots; once-only markers. Points already held become one lot per member that never expires.
    R"sql(
ALTER TABLE members ADD COLUMN tier text NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN tier_since bigint NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN tier_until bigint;
ALTER TABLE members ADD COLUMN tier_grace bigint NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN tier_reviewed_at bigint NOT NULL DEFAULT 0;
CREATE INDEX members_due_review ON members (shop_id, tier_reviewed_at)
    WHERE merged_into IS NULL AND (tier <> '' OR tier_grace > 0 OR tier_until IS NOT NULL);
CREATE INDEX members_by_birthday ON members (shop_id, substr(birthday, 6))
    WHERE birthday <> '' AND merged_into IS NULL;
ALTER TABLE orders ADD COLUMN full_points bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN locked_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tier text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_at bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN bonus_points bigint NOT NULL DEFAULT 0;
UPDATE orders SET full_points = amount / earn_rate, locked_amount = amount, paid_at = occurred_at WHERE earn_rate > 0;
DROP INDEX orders_by_member;
CREATE INDEX orders_by_member ON orders (shop_id, member_id, paid_at);
CREATE TABLE lots (
    shop_id      text NOT NULL,
    lot_id       bigint GENERATED ALWAYS AS IDENTITY,
    member_id    text NOT NULL,
    source_type  text NOT NULL,
    source_id    text NOT NULL,
    points       bigint NOT NULL,
    remaining    bigint NOT NULL CHECK (remaining >= 0),
    earned_at    bigint NOT NULL,
    release_at   bigint,
    expires_at   bigint,
    PRIMARY KEY (shop_id, lot_id)
);
CREATE INDEX lots_open ON lots (shop_id, member_id) WHERE remaining > 0 OR release_at IS NOT NULL;
CREATE INDEX lots_by_source ON lots (shop_id, source_type, source_id);
CREATE INDEX lots_release ON lots (shop_id, release_at) WHERE release_at IS NOT NULL;
CREATE INDEX lots_expiry ON lots (shop_id, expires_at)
    WHERE remaining > 0 AND release_at IS NULL AND expires_at IS NOT NULL;
INSERT INTO lots (shop_id, member_id, source_type, source_id, points, remaining, earned_at)
    SELECT shop_id, member_id, 'carried', '', available, available, extract(epoch FROM now())::bigint
    FROM members WHERE available > 0 AND merged_into IS NULL;
CREATE TABLE markers (
    shop_id     text NOT NULL,
    member_id   text NOT NULL,
    marker      text NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, member_id, marker)
);
)sql",
    // 3: rewards and distributor programs, as SQLite's migration 4: a group the shop set; reward
    // stock; grants; points paying for orders; orders' lines as first paid and orders by when they
    // were first paid; settled periods and their standings.
    R"sql(
ALTER TABLE members ADD COLUMN group_by_shop boolean NOT NULL DEFAULT false;
CREATE TABLE reward_stock (
    shop_id    text NOT NULL,
    reward_id  text NOT NULL,
    claimed    bigint NOT NULL CHECK (claimed >= 0),
    PRIMARY KEY (shop_id, reward_id)
);
CREATE TABLE grants (
    shop_id          text NOT NULL,
    grant_id         bigint GENERATED ALWAYS AS IDENTITY,
    code             text NOT NULL,
    member_id        text NOT NULL,
    reward_id        text NOT NULL,
    name             text NOT NULL,
    kind             text NOT NULL,
    value            bigint NOT NULL,
    sku              text NOT NULL,
    quantity         bigint NOT NULL,
    cost_points      bigint NOT NULL,
    status           text NOT NULL,
    source           text NOT NULL,
    idempotency_key  text,
    issued_at        bigint NOT NULL,
    expires_at       bigint,
    used_at          bigint NOT NULL DEFAULT 0,
    used_order       text NOT NULL DEFAULT '',
    voided_at        bigint NOT NULL DEFAULT 0,
    void_reason      text NOT NULL DEFAULT '',
    claim_entry_id   bigint NOT NULL DEFAULT 0,
    return_entry_id  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, grant_id)
);
CREATE UNIQUE INDEX grants_by_code ON grants (shop_id, code);
CREATE UNIQUE INDEX grants_by_key ON grants (shop_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX grants_by_member ON grants (shop_id, member_id, grant_id);
CREATE INDEX grants_by_source ON grants (shop_id, source);
CREATE TABLE order_payments (
    shop_id          text NOT NULL,
    order_id         text NOT NULL,
    member_id        text NOT NULL,
    points           bigint NOT NULL,
    amount           bigint NOT NULL,
    returned_points  bigint NOT NULL,
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL,
    PRIMARY KEY (shop_id, order_id)
);
CREATE TABLE order_lines (
    shop_id   text NOT NULL,
    order_id  text NOT NULL,
    line_no   bigint NOT NULL,
    sku       text NOT NULL,
    category  text NOT NULL,
    quantity  bigint NOT NULL,
    PRIMARY KEY (shop_id, order_id, line_no)
);
CREATE INDEX orders_by_paid_at ON orders (shop_id, paid_at) WHERE earn_rate > 0;
CREATE TABLE settlements (
    shop_id     text NOT NULL,
    program_id  text NOT NULL,
    period      text NOT NULL,
    settled_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, program_id, period)
);
CREATE TABLE standings (
    shop_id     text NOT NULL,
    program_id  text NOT NULL,
    period      text NOT NULL,
    member_id   text NOT NULL,
    name        text NOT NULL,
    rank        bigint NOT NULL,
    spend       bigint NOT NULL,
    units       bigint NOT NULL,
    band        bigint NOT NULL,
    times       bigint NOT NULL,
    points      bigint NOT NULL,
    grant_id    bigint NOT NULL,
    rebate      bigint NOT NULL,
    reached_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, program_id, period, member_id)
);
)sql",
    // 4: as SQLite's migration 5: a phone that identifies no one is kept on the member as text.
    R"sql(
ALTER TABLE members ADD COLUMN phone_text text NOT NULL DEFAULT '';
)sql",
    // 5: as SQLite's migration 6: platform links and the outbox. Workers name a job by its id alone.
    R"sql(
CREATE TABLE platform_links (
    shop_id             text NOT NULL,
    platform            text NOT NULL,
    state               text NOT NULL,
    credentials         bytea NOT NULL,
    account             text NOT NULL,
    history_mode        text NOT NULL,
    customers_cursor    text NOT NULL,
    orders_cursor       text NOT NULL,
    returns_cursor      text NOT NULL,
    customers_done      bigint NOT NULL CHECK (customers_done >= 0),
    customers_total     bigint CHECK (customers_total >= customers_done),
    orders_done         bigint NOT NULL CHECK (orders_done >= 0),
    orders_total        bigint CHECK (orders_total >= orders_done),
    last_reconciled_at  bigint,
    last_error          text,
    updated_at          bigint NOT NULL,
    PRIMARY KEY (shop_id, platform)
);
CREATE TABLE outbox (
    shop_id          text NOT NULL,
    job_id           bigint GENERATED ALWAYS AS IDENTITY,
    platform         text NOT NULL,
    kind             text NOT NULL,
    dedup_key        text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL,
    attempts         bigint NOT NULL,
    next_attempt_at  bigint NOT NULL,
    leased_until     bigint,
    last_error       text,
    result           text,
    created_at       bigint NOT NULL,
    done_at          bigint,
    PRIMARY KEY (shop_id, job_id)
);
CREATE UNIQUE INDEX outbox_by_key ON outbox (shop_id, dedup_key);
CREATE INDEX outbox_by_id ON outbox (job_id);
CREATE INDEX outbox_due ON outbox (next_attempt_at, job_id) WHERE status = 'pending';
CREATE INDEX outbox_due_of_shop ON outbox (shop_id, next_attempt_at, job_id) WHERE status = 'pending';
)sql",
    // 6: as SQLite's migration 7: history orders, and the returns applied to orders.
    R"sql(
ALTER TABLE orders ADD COLUMN history boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN returned_amount bigint NOT NULL DEFAULT 0;
CREATE TABLE order_returns (
    shop_id     text NOT NULL,
    order_id    text NOT NULL,
    return_id   text NOT NULL,
    amount      bigint NOT NULL CHECK (amount >= 0),
    applied_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, order_id, return_id)
);
)sql",
    // 7: as SQLite's migration 8: staff, their sessions, the audit trail, entries by time.
    R"sql(
CREATE TABLE staff (
    username       text PRIMARY KEY,
    shop_id        text NOT NULL,
    role           text NOT NULL CHECK (role IN ('owner', 'cashier', 'viewer')),
    password_hash  text NOT NULL,
    created_at     bigint NOT NULL,
    last_login_at  bigint,
    failed_logins  bigint NOT NULL CHECK (failed_logins >= 0),
    locked_until   bigint NOT NULL
);
CREATE INDEX staff_by_shop ON staff (shop_id, username);
CREATE TABLE staff_sessions (
    token_hash  text PRIMARY KEY,
    username    text NOT NULL,
    csrf_token  text NOT NULL,
    created_at  bigint NOT NULL,
    seen_at     bigint NOT NULL
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (username, created_at);
CREATE TABLE audit (
    audit_id  bigint GENERATED ALWAYS AS IDENTITY,
    shop_id   text NOT NULL,
    at        bigint NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    target    text NOT NULL,
    detail    text NOT NULL,
    PRIMARY KEY (shop_id, audit_id)
);
CREATE INDEX entries_by_time ON entries (shop_id, occurred_at);
)sql",
    // 8: notifications (SQLite's 9).
    R"sql(
CREATE TABLE events (
    event_id    bigint GENERATED ALWAYS AS IDENTITY,
    shop_id     text NOT NULL,
    member_id   text NOT NULL,
    type        text NOT NULL,
    dedup_key   text NOT NULL,
    data        text NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, event_id)
);
CREATE UNIQUE INDEX events_by_key ON events (shop_id, dedup_key);
ALTER TABLE outbox ADD COLUMN sequence_key text;
ALTER TABLE outbox ADD COLUMN event_id bigint;
CREATE INDEX outbox_sequence ON outbox (shop_id, sequence_key, job_id)
    WHERE status = 'pending' AND sequence_key IS NOT NULL;
CREATE INDEX outbox_by_event ON outbox (shop_id, event_id) WHERE event_id IS NOT NULL;
)sql",
    // 9: as SQLite's 10: members' contact choices and page tokens.
    R"sql(
CREATE TABLE member_contact (
    shop_id     text NOT NULL,
    member_id   text NOT NULL,
    page_token  text NOT NULL,
    opted_out   bigint NOT NULL CHECK (opted_out IN (0, 1)),
    updated_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, member_id)
);
CREATE UNIQUE INDEX member_contact_by_token ON member_contact (page_token) WHERE page_token <> '';
)sql",
    // 10: as SQLite's 11: channel tokens, campaigns, message indexes.
    R"sql(
CREATE TABLE channel_tokens (
    shop_id        text NOT NULL,
    channel        text NOT NULL,
    seed           text NOT NULL,
    access_token   text NOT NULL,
    refresh_token  text NOT NULL,
    expires_at     bigint NOT NULL,
    updated_at     bigint NOT NULL,
    PRIMARY KEY (shop_id, channel)
);
CREATE TABLE campaigns (
    shop_id      text NOT NULL,
    campaign_id  text NOT NULL,
    name         text NOT NULL,
    tiers        text NOT NULL,
    groups_      text NOT NULL,
    channel      text NOT NULL,
    text         text NOT NULL,
    template_id  text NOT NULL,
    params       text NOT NULL,
    per_minute   bigint NOT NULL,
    audience     bigint NOT NULL,
    queued       bigint NOT NULL,
    opted_out    bigint NOT NULL,
    no_phone     bigint NOT NULL,
    created_by   text NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (shop_id, campaign_id)
);
CREATE INDEX outbox_messages ON outbox (shop_id, sequence_key, created_at) WHERE platform IN ('zalo', 'sms');
CREATE INDEX outbox_campaigns ON outbox (shop_id, kind, status) WHERE kind LIKE 'campaign:%';
)sql",
    // 11: as SQLite's 12: instant-win games (prize counts per shop day, plays, plays orders earned).
    R"sql(
CREATE TABLE game_prize_counts (
    shop_id   text NOT NULL,
    game_id   text NOT NULL,
    prize_id  text NOT NULL,
    day       bigint NOT NULL,
    won       bigint NOT NULL CHECK (won >= 0),
    points    bigint NOT NULL CHECK (points >= 0),
    PRIMARY KEY (shop_id, game_id, prize_id, day)
);
CREATE TABLE game_plays (
    play_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id          text NOT NULL,
    game_id          text NOT NULL,
    member_id        text NOT NULL,
    idempotency_key  text NOT NULL,
    day              bigint NOT NULL,
    order_id         text NOT NULL,
    points_spent     bigint NOT NULL,
    prize_id         text NOT NULL,
    prize_name       text NOT NULL,
    prize_points     bigint NOT NULL,
    reward_id        text NOT NULL,
    grant_id         bigint NOT NULL,
    odds             text NOT NULL,
    draw             bigint NOT NULL,
    debit_entry_id   bigint NOT NULL,
    credit_entry_id  bigint NOT NULL,
    played_at        bigint NOT NULL
);
CREATE UNIQUE INDEX game_plays_by_key ON game_plays (shop_id, idempotency_key);
CREATE INDEX game_plays_by_game ON game_plays (shop_id, game_id, play_id);
CREATE INDEX game_plays_by_member ON game_plays (shop_id, member_id, game_id, play_id);
CREATE TABLE game_order_plays (
    shop_id    text NOT NULL,
    game_id    text NOT NULL,
    order_id   text NOT NULL,
    member_id  text NOT NULL,
    earned     bigint NOT NULL,
    used       bigint NOT NULL CHECK (used >= 0 AND used <= earned),
    earned_at  bigint NOT NULL,
    PRIMARY KEY (shop_id, game_id, order_id)
);
CREATE INDEX game_order_plays_by_member ON game_order_plays (shop_id, member_id, game_id, earned_at);
)sql",
    // 12: as SQLite's 13: RFM scores, members' segments by month, each shop's last computation,
    // campaigns' segments.
    R"sql(
CREATE TABLE member_rfm (
    shop_id       text NOT NULL,
    member_id     text NOT NULL,
    recency_days  bigint NOT NULL,
    orders        bigint NOT NULL,
    spend         bigint NOT NULL,
    recency       bigint NOT NULL,
    frequency     bigint NOT NULL,
    monetary      bigint NOT NULL,
    segment       text NOT NULL,
    computed_at   bigint NOT NULL,
    PRIMARY KEY (shop_id, member_id)
);
CREATE TABLE member_segment_months (
    shop_id    text NOT NULL,
    month      text NOT NULL,
    member_id  text NOT NULL,
    segment    text NOT NULL,
    PRIMARY KEY (shop_id, month, member_id)
);
CREATE TABLE rfm_runs (
    shop_id      text PRIMARY KEY,
    computed_at  bigint NOT NULL,
    day          bigint NOT NULL,
    month        text NOT NULL,
    members      bigint NOT NULL
);
ALTER TABLE campaigns ADD COLUMN segments text NOT NULL DEFAULT '';
)sql",
};

// The advisory lock's key: a constant of our own and the schema's hash, so instances on
// different schemas of one database do not wait for each other.
constexpr const char* lock_sql = "SELECT pg_advisory_xact_lock(1819243884, hashtext(current_schema()))";

}  // namespace

int schema_version() { return static_cast<int>(migrations.size()); }

void migrate(Connection& db) {
    // READ COMMITTED, so the version is read after the lock is held and sees what an instance that
    // held it before us committed.
    db.exec("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
        db.query(lock_sql);
        db.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        auto applied = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
        int version = static_cast<int>(applied.integer(0, 0));
        if (version > schema_version())
            fail(Status::internal, "database schema version " + std::to_string(version) +
                                      " is newer than this library understands (" + std::to_string(schema_version()) +
                                      ")");
        for (; version < schema_version(); ++version) {
            db.exec(migrations[static_cast<std::size_t>(version)]);
            db.query("INSERT INTO schema_migrations (version) VALUES ($1::integer)",
                     Params().integer(int64_t{version + 1}));
        }
        db.exec("COMMIT");
    } catch (...) {
        db.rollback();
        throw;
    }
}

}  // namespace loyalty::core::postgres
