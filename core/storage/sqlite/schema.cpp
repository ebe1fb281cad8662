#include "storage/sqlite/schema.hpp"

#include <array>
#include <string>

#include "util/error.hpp"

namespace loyalty::core::sqlite {
namespace {

// Append only: a released migration is never edited, a change is a new one.
constexpr std::array<const char*, 13> migrations{
    R"sql(
CREATE TABLE shops (
    shop_id     TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE members (
    shop_id          TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    birthday         TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    available        INTEGER NOT NULL DEFAULT 0,
    pending          INTEGER NOT NULL DEFAULT 0,
    lifetime_earned  INTEGER NOT NULL DEFAULT 0,
    lifetime_spend   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, member_id)
) WITHOUT ROWID;
CREATE INDEX members_by_phone ON members (shop_id, phone, created_at) WHERE phone <> '';
CREATE TABLE member_refs (
    shop_id      TEXT NOT NULL,
    platform     TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    PRIMARY KEY (shop_id, platform, customer_id)
) WITHOUT ROWID;
CREATE INDEX member_refs_by_member ON member_refs (shop_id, member_id);
CREATE TABLE orders (
    shop_id          TEXT NOT NULL,
    order_id         TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    status           TEXT NOT NULL,
    amount           INTEGER NOT NULL,
    refunded_amount  INTEGER NOT NULL,
    version          INTEGER,
    earn_rate        INTEGER NOT NULL,
    points           INTEGER NOT NULL,
    spend            INTEGER NOT NULL,
    occurred_at      INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id)
) WITHOUT ROWID;
CREATE TABLE entries (
    entry_id         INTEGER PRIMARY KEY,
    shop_id          TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    available_delta  INTEGER NOT NULL,
    pending_delta    INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    ref_type         TEXT NOT NULL,
    ref_id           TEXT NOT NULL,
    detail           TEXT NOT NULL,
    occurred_at      INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    available_after  INTEGER NOT NULL,
    pending_after    INTEGER NOT NULL
);
CREATE INDEX entries_by_member ON entries (shop_id, member_id, entry_id);
-- The ledger is append-only: the database itself refuses to change history.
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TABLE idempotency (
    shop_id      TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    entry_id     INTEGER NOT NULL,
    PRIMARY KEY (shop_id, key)
) WITHOUT ROWID;
)sql",
    // 2: platform connectors. Customer groups; members merged into another (the absorbed record stays,
    // pointing at the survivor); lifetime earnings a merge entry moves; deliveries seen, for dedup;
    // authenticated deliveries that could not be applied, for an operator to replay.
    R"sql(
ALTER TABLE members ADD COLUMN group_name TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN merged_into TEXT;
DROP INDEX members_by_phone;
CREATE INDEX members_by_phone ON members (shop_id, phone, created_at) WHERE phone <> '' AND merged_into IS NULL;
ALTER TABLE entries ADD COLUMN earned_delta INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_refs ADD COLUMN version INTEGER;
CREATE INDEX orders_by_member ON orders (shop_id, member_id);
CREATE TABLE deliveries (
    shop_id       TEXT NOT NULL,
    platform      TEXT NOT NULL,
    delivery_key  TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (shop_id, platform, delivery_key)
) WITHOUT ROWID;
CREATE TABLE quarantine (
    quarantine_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id        TEXT NOT NULL,
    platform       TEXT NOT NULL,
    headers        TEXT NOT NULL,
    body           BLOB NOT NULL,
    error          TEXT NOT NULL,
    received_at    INTEGER NOT NULL,
    resolved_at    INTEGER,
    resolution     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quarantine_open ON quarantine (shop_id, quarantine_id) WHERE resolved_at IS NULL;
)sql",
    // 3: program rules. Members' tiers; what an order locked when it first earned; lots (each
    // credit, for pending points, expiry and debits by expiry); once-only markers for bonuses.
    // Orders that earned before locked the plain rate; points already held become one lot per
    // member that never expires, since nothing says when they were earned.
    R"sql(
ALTER TABLE members ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN tier_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN tier_until INTEGER;
ALTER TABLE members ADD COLUMN tier_grace INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN tier_reviewed_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_due_review ON members (shop_id, tier_reviewed_at)
    WHERE merged_into IS NULL AND (tier <> '' OR tier_grace > 0 OR tier_until IS NOT NULL);
CREATE INDEX members_by_birthday ON members (shop_id, substr(birthday, 6))
    WHERE birthday <> '' AND merged_into IS NULL;
ALTER TABLE orders ADD COLUMN full_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN locked_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN bonus_points INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET full_points = amount / earn_rate, locked_amount = amount, paid_at = occurred_at WHERE earn_rate > 0;
DROP INDEX orders_by_member;
CREATE INDEX orders_by_member ON orders (shop_id, member_id, paid_at);
CREATE TABLE lots (
    lot_id       INTEGER PRIMARY KEY,
    shop_id      TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    source_type  TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    points       INTEGER NOT NULL,
    remaining    INTEGER NOT NULL CHECK (remaining >= 0),
    earned_at    INTEGER NOT NULL,
    release_at   INTEGER,
    expires_at   INTEGER
);
CREATE INDEX lots_open ON lots (shop_id, member_id) WHERE remaining > 0 OR release_at IS NOT NULL;
CREATE INDEX lots_by_source ON lots (shop_id, source_type, source_id);
CREATE INDEX lots_release ON lots (shop_id, release_at) WHERE release_at IS NOT NULL;
CREATE INDEX lots_expiry ON lots (shop_id, expires_at)
    WHERE remaining > 0 AND release_at IS NULL AND expires_at IS NOT NULL;
INSERT INTO lots (shop_id, member_id, source_type, source_id, points, remaining, earned_at)
    SELECT shop_id, member_id, 'carried', '', available, available, CAST(strftime('%s', 'now') AS INTEGER)
    FROM members WHERE available > 0 AND merged_into IS NULL;
CREATE TABLE markers (
    shop_id     TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    marker      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, member_id, marker)
) WITHOUT ROWID;
)sql",
    // 4: rewards and distributor programs. A group the shop set survives the platform's next one;
    // each catalogue entry's claimed count, kept apart from the grants so checking stock reads one
    // row; grants, found by code at the till and by idempotency key on a retried claim; points
    // paying for orders; an order's lines as first paid and an index over orders by when they were
    // first paid, which period programs scan; settled periods and what each member got in them.
    // Shop-wide grant listings page by grant id: an index on shop_id alone is ordered by it.
    R"sql(
ALTER TABLE members ADD COLUMN group_by_shop INTEGER NOT NULL DEFAULT 0;
CREATE TABLE reward_stock (
    shop_id    TEXT NOT NULL,
    reward_id  TEXT NOT NULL,
    claimed    INTEGER NOT NULL CHECK (claimed >= 0),
    PRIMARY KEY (shop_id, reward_id)
) WITHOUT ROWID;
CREATE TABLE grants (
    grant_id         INTEGER PRIMARY KEY,
    shop_id          TEXT NOT NULL,
    code             TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    reward_id        TEXT NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    value            INTEGER NOT NULL,
    sku              TEXT NOT NULL,
    quantity         INTEGER NOT NULL,
    cost_points      INTEGER NOT NULL,
    status           TEXT NOT NULL,
    source           TEXT NOT NULL,
    idempotency_key  TEXT,
    issued_at        INTEGER NOT NULL,
    expires_at       INTEGER,
    used_at          INTEGER NOT NULL DEFAULT 0,
    used_order       TEXT NOT NULL DEFAULT '',
    voided_at        INTEGER NOT NULL DEFAULT 0,
    void_reason      TEXT NOT NULL DEFAULT '',
    claim_entry_id   INTEGER NOT NULL DEFAULT 0,
    return_entry_id  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX grants_by_code ON grants (shop_id, code);
CREATE UNIQUE INDEX grants_by_key ON grants (shop_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX grants_by_member ON grants (shop_id, member_id, grant_id);
CREATE INDEX grants_by_source ON grants (shop_id, source);
CREATE INDEX grants_by_shop ON grants (shop_id);
CREATE TABLE order_payments (
    shop_id          TEXT NOT NULL,
    order_id         TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    points           INTEGER NOT NULL,
    amount           INTEGER NOT NULL,
    returned_points  INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id)
) WITHOUT ROWID;
CREATE TABLE order_lines (
    shop_id   TEXT NOT NULL,
    order_id  TEXT NOT NULL,
    line_no   INTEGER NOT NULL,
    sku       TEXT NOT NULL,
    category  TEXT NOT NULL,
    quantity  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id, line_no)
) WITHOUT ROWID;
CREATE INDEX orders_by_paid_at ON orders (shop_id, paid_at) WHERE earn_rate > 0;
CREATE TABLE settlements (
    shop_id     TEXT NOT NULL,
    program_id  TEXT NOT NULL,
    period      TEXT NOT NULL,
    settled_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, program_id, period)
) WITHOUT ROWID;
CREATE TABLE standings (
    shop_id     TEXT NOT NULL,
    program_id  TEXT NOT NULL,
    period      TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    spend       INTEGER NOT NULL,
    units       INTEGER NOT NULL,
    band        INTEGER NOT NULL,
    times       INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    grant_id    INTEGER NOT NULL,
    rebate      INTEGER NOT NULL,
    reached_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, program_id, period, member_id)
) WITHOUT ROWID;
)sql",
    // 5: a phone that identifies no one (invalid, or a placeholder) is kept on the member as text.
    R"sql(
ALTER TABLE members ADD COLUMN phone_text TEXT NOT NULL DEFAULT '';
)sql",
    // 6: platform apps. Each shop's link to a platform (state, credentials the apps layer encrypted,
    // backfill cursors and counts); the outbox of writes to the platforms, one job per dedup key
    // and shop, found when due by the workers and listed by shop for the sync status page.
    R"sql(
CREATE TABLE platform_links (
    shop_id             TEXT NOT NULL,
    platform            TEXT NOT NULL,
    state               TEXT NOT NULL,
    credentials         BLOB NOT NULL,
    account             TEXT NOT NULL,
    history_mode        TEXT NOT NULL,
    customers_cursor    TEXT NOT NULL,
    orders_cursor       TEXT NOT NULL,
    returns_cursor      TEXT NOT NULL,
    customers_done      INTEGER NOT NULL CHECK (customers_done >= 0),
    customers_total     INTEGER CHECK (customers_total >= customers_done),
    orders_done         INTEGER NOT NULL CHECK (orders_done >= 0),
    orders_total        INTEGER CHECK (orders_total >= orders_done),
    last_reconciled_at  INTEGER,
    last_error          TEXT,
    updated_at          INTEGER NOT NULL,
    PRIMARY KEY (shop_id, platform)
) WITHOUT ROWID;
CREATE TABLE outbox (
    job_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id          TEXT NOT NULL,
    platform         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    dedup_key        TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    leased_until     INTEGER,
    last_error       TEXT,
    result           TEXT,
    created_at       INTEGER NOT NULL,
    done_at          INTEGER
);
CREATE UNIQUE INDEX outbox_by_key ON outbox (shop_id, dedup_key);
CREATE INDEX outbox_due ON outbox (next_attempt_at, job_id) WHERE status = 'pending';
CREATE INDEX outbox_due_of_shop ON outbox (shop_id, next_attempt_at, job_id) WHERE status = 'pending';
CREATE INDEX outbox_by_shop ON outbox (shop_id, job_id);
)sql",
    // 7: history and returns. An order first counted from the platform's history (a backfill in
    // spend_only mode) never posts points; the returns applied to an order, one row per return and
    // kept for good, and their sum on the order so a later state of it keeps them refunded.
    R"sql(
ALTER TABLE orders ADD COLUMN history INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN returned_amount INTEGER NOT NULL DEFAULT 0;
CREATE TABLE order_returns (
    shop_id     TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    return_id   TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    applied_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id, return_id)
) WITHOUT ROWID;
)sql",
    // 8: the dashboard. Staff accounts (a username is one login over every shop), their sessions
    // (the token's hash only), the audit trail of their writes, and entries by time for the daily
    // figures and "active in 30 days".
    R"sql(
CREATE TABLE staff (
    username       TEXT PRIMARY KEY,
    shop_id        TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('owner', 'cashier', 'viewer')),
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    last_login_at  INTEGER,
    failed_logins  INTEGER NOT NULL CHECK (failed_logins >= 0),
    locked_until   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_by_shop ON staff (shop_id, username);
CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_sessions_by_user ON staff_sessions (username, created_at);
CREATE TABLE audit (
    audit_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id   TEXT NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX audit_by_shop ON audit (shop_id, audit_id);
CREATE INDEX entries_by_time ON entries (shop_id, occurred_at);
)sql",
    // 9: notifications. Events, once per dedup key and shop; outbox jobs that carry one, and the
    // key that keeps a member's deliveries to one endpoint in order.
    R"sql(
CREATE TABLE events (
    event_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id     TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    dedup_key   TEXT NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_by_key ON events (shop_id, dedup_key);
ALTER TABLE outbox ADD COLUMN sequence_key TEXT;
ALTER TABLE outbox ADD COLUMN event_id INTEGER;
CREATE INDEX outbox_sequence ON outbox (shop_id, sequence_key, job_id)
    WHERE status = 'pending' AND sequence_key IS NOT NULL;
CREATE INDEX outbox_by_event ON outbox (shop_id, event_id) WHERE event_id IS NOT NULL;
)sql",
    // 10: each member's contact choices (no messages) and the token of their own points page.
    R"sql(
CREATE TABLE member_contact (
    shop_id     TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    page_token  TEXT NOT NULL,
    opted_out   INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, member_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX member_contact_by_token ON member_contact (page_token) WHERE page_token <> '';
)sql",
    // 11: messages to members: the channels' tokens, campaigns, and indexes for the daily count and
    // a campaign's counts that hold message rows only.
    R"sql(
CREATE TABLE channel_tokens (
    shop_id        TEXT NOT NULL,
    channel        TEXT NOT NULL,
    seed           TEXT NOT NULL,
    access_token   TEXT NOT NULL,
    refresh_token  TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (shop_id, channel)
) WITHOUT ROWID;
CREATE TABLE campaigns (
    shop_id      TEXT NOT NULL,
    campaign_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    tiers        TEXT NOT NULL,
    groups_      TEXT NOT NULL,
    channel      TEXT NOT NULL,
    text         TEXT NOT NULL,
    template_id  TEXT NOT NULL,
    params       TEXT NOT NULL,
    per_minute   INTEGER NOT NULL,
    audience     INTEGER NOT NULL,
    queued       INTEGER NOT NULL,
    opted_out    INTEGER NOT NULL,
    no_phone     INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (shop_id, campaign_id)
) WITHOUT ROWID;
CREATE INDEX outbox_messages ON outbox (shop_id, sequence_key, created_at) WHERE platform IN ('zalo', 'sms');
CREATE INDEX outbox_campaigns ON outbox (shop_id, kind, status) WHERE kind LIKE 'campaign:%';
)sql",
    // 12: instant-win games. What each prize gave per shop day (stock, daily limits and the points
    // budget are read from it), every play with the odds it was drawn from, and the plays orders earned.
    R"sql(
CREATE TABLE game_prize_counts (
    shop_id   TEXT NOT NULL,
    game_id   TEXT NOT NULL,
    prize_id  TEXT NOT NULL,
    day       INTEGER NOT NULL,
    won       INTEGER NOT NULL CHECK (won >= 0),
    points    INTEGER NOT NULL CHECK (points >= 0),
    PRIMARY KEY (shop_id, game_id, prize_id, day)
) WITHOUT ROWID;
CREATE TABLE game_plays (
    play_id          INTEGER PRIMARY KEY,
    shop_id          TEXT NOT NULL,
    game_id          TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    day              INTEGER NOT NULL,
    order_id         TEXT NOT NULL,
    points_spent     INTEGER NOT NULL,
    prize_id         TEXT NOT NULL,
    prize_name       TEXT NOT NULL,
    prize_points     INTEGER NOT NULL,
    reward_id        TEXT NOT NULL,
    grant_id         INTEGER NOT NULL,
    odds             TEXT NOT NULL,
    draw             INTEGER NOT NULL,
    debit_entry_id   INTEGER NOT NULL,
    credit_entry_id  INTEGER NOT NULL,
    played_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX game_plays_by_key ON game_plays (shop_id, idempotency_key);
CREATE INDEX game_plays_by_game ON game_plays (shop_id, game_id, play_id);
CREATE INDEX game_plays_by_member ON game_plays (shop_id, member_id, game_id, play_id);
CREATE TABLE game_order_plays (
    shop_id    TEXT NOT NULL,
    game_id    TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    earned     INTEGER NOT NULL,
    used       INTEGER NOT NULL CHECK (used >= 0 AND used <= earned),
    earned_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, game_id, order_id)
) WITHOUT ROWID;
CREATE INDEX game_order_plays_by_member ON game_order_plays (shop_id, member_id, game_id, earned_at);
)sql",
    // 13: RFM scores and segments (docs/program.md, "Segments"): each member's scores as last
    // computed, the segment they were in for each local month (the last computation of the month),
    // each shop's last complete computation, and the segments a campaign is for.
    R"sql(
CREATE TABLE member_rfm (
    shop_id       TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    recency_days  INTEGER NOT NULL,
    orders        INTEGER NOT NULL,
    spend         INTEGER NOT NULL,
    recency       INTEGER NOT NULL,
    frequency     INTEGER NOT NULL,
    monetary      INTEGER NOT NULL,
    segment       TEXT NOT NULL,
    computed_at   INTEGER NOT NULL,
    PRIMARY KEY (shop_id, member_id)
) WITHOUT ROWID;
CREATE TABLE member_segment_months (
    shop_id    TEXT NOT NULL,
    month      TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    segment    TEXT NOT NULL,
    PRIMARY KEY (shop_id, month, member_id)
) WITHOUT ROWID;
CREATE TABLE rfm_runs (
    shop_id      TEXT PRIMARY KEY,
    computed_at  INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    month        TEXT NOT NULL,
    members      INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE campaigns ADD COLUMN segments TEXT NOT NULL DEFAULT '';
)sql",
};

int current_version(Connection& db) {
    return std::stoi(db.first_text("PRAGMA user_version"));
}

}  // namespace

int schema_version() { return static_cast<int>(migrations.size()); }

void migrate(Connection& db) {
    // The version is read inside the write lock so two processes opening one file at once cannot
    // both apply the same migration.
    for (;;) {
        db.exec("BEGIN IMMEDIATE");
        try {
            int version = current_version(db);
            if (version > schema_version())
                fail(Status::internal, "database schema version " + std::to_string(version) +
                                          " is newer than this library understands (" +
                                          std::to_string(schema_version()) + ")");
            if (version == schema_version()) {
                db.exec("COMMIT");
                return;
            }
            db.exec(migrations[static_cast<std::size_t>(version)]);
            db.exec(("PRAGMA user_version = " + std::to_string(version + 1)).c_str());
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

}  // namespace loyalty::core::sqlite
