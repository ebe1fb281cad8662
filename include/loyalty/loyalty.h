/*
 * loyalty — a loyalty engine (points, tiers, rewards) for shops on Sapo, KiotViet and Haravan.
 *
 * This is the library's only public header and its stable C ABI.
 *
 * Policy
 * - JSON documents. docs/openapi.yaml (components/schemas; "x-abi" maps each function below to its
 *   request and result schema) is the exact description of every document; the comments here abridge it.
 *   Results may gain fields in a minor version: read the fields you know and ignore others. Within a
 *   major version no result field is removed, renamed or changes type. Requests are read strictly: an
 *   unknown field is refused with LOYALTY_INVALID_ARGUMENT naming it (shops at every level, queries,
 *   points, quote, tier, group, reward, grant, payment and settlement requests, and the engine's and
 *   server's configuration), except in orders and customers, which hosts build from their own objects:
 *   there unknown fields are ignored. An optional field given as null reads as absent. A key given twice
 *   in one object, invalid UTF-8 or nesting deeper than 64 is refused.
 * - NULL arguments. A NULL engine, string, document or out-pointer is LOYALTY_INVALID_ARGUMENT naming it,
 *   and nothing is changed. The exceptions are stated where they apply: loyalty_close, loyalty_free and
 *   loyalty_server_stop accept NULL and do nothing; loyalty_server_port(NULL) is -1; loyalty_ingest_webhook
 *   takes a NULL shop_id for Haravan, and a NULL body when body_len is 0.
 * - Blocking. Every call is synchronous: a call that writes returns only once its change is durable
 *   (committed to the store: SQLite with synchronous=full, or the PostgreSQL transaction committed), or
 *   has failed and changed nothing. A call may wait for the store (a lock, a connection) as configured.
 * - No callbacks. The library never calls back into the host: it takes no function pointers, and the
 *   threads it starts (loyalty_server_start) run only library code.
 *
 * Conventions
 * - Every function that can fail returns an `int` from `enum loyalty_status`. On failure,
 *   `loyalty_last_error()` describes it for the calling thread, and nothing was changed.
 * - Strings are NUL-terminated UTF-8. Requests and results are JSON documents.
 * - Every `char **out` result is allocated by the library; release it with `loyalty_free`.
 *   On failure `*out` is set to NULL.
 * - Money is VND and points are whole numbers: both are 64-bit integers in JSON, never fractions.
 *   One range holds for both: |value| <= 10^15. A value outside it in any request, program or
 *   webhook, or a change that would take a stored sum (a balance, lifetime spend or earnings, an
 *   order's points) outside it, is refused with LOYALTY_INVALID_ARGUMENT naming the field, and
 *   nothing is changed. Nothing is ever clamped or wrapped.
 * - LOYALTY_STORAGE means a retry may succeed (the store is busy, unreachable or out of space);
 *   a failure that would repeat is reported as another status.
 *
 * Threads
 * - A `loyalty_engine` may be used from many threads at once; calls that write are serialised
 *   inside the engine and share disk flushes (group commit), calls that only read run in parallel.
 * - `loyalty_close` must not race with other calls on the same engine: stop using it first.
 * - `loyalty_last_error` is per thread: read it on the thread whose call failed.
 */
#ifndef LOYALTY_LOYALTY_H
#define LOYALTY_LOYALTY_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(LOYALTY_BUILDING_LIBRARY)
#    define LOYALTY_API __declspec(dllexport)
#  else
#    define LOYALTY_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define LOYALTY_API __attribute__((visibility("default")))
#else
#  define LOYALTY_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LOYALTY_VERSION_MAJOR 0
#define LOYALTY_VERSION_MINOR 1
#define LOYALTY_VERSION_PATCH 0

enum loyalty_status {
    LOYALTY_OK = 0,
    LOYALTY_INVALID_ARGUMENT = 1,   /* malformed JSON, missing or out-of-range field */
    LOYALTY_NOT_FOUND = 2,          /* unknown shop, member, order */
    LOYALTY_CONFLICT = 3,           /* idempotency key reused with a different request */
    LOYALTY_INSUFFICIENT_POINTS = 4,/* a redemption or debit larger than the available balance */
    LOYALTY_UNAUTHENTICATED = 5,    /* a signature or token that does not verify */
    LOYALTY_STORAGE = 6,            /* the store is unavailable or busy; a retry may succeed */
    LOYALTY_INTERNAL = 7            /* a bug: please report it with the message */
};

typedef struct loyalty_engine loyalty_engine;

/* "MAJOR.MINOR.PATCH" of the loaded library; static storage, never freed. */
LOYALTY_API const char *loyalty_version(void);

/* The status's name in lower case ("ok", "invalid_argument", "not_found", "conflict",
 * "insufficient_points", "unauthenticated", "storage", "internal"; "unknown" otherwise): the error
 * codes of the HTTP API and the CLI. Static storage, never freed. */
LOYALTY_API const char *loyalty_status_name(int status);

/* This thread's message for its last failed call; "" after a success. Never NULL.
 * Valid until this thread's next call into the library. */
LOYALTY_API const char *loyalty_last_error(void);

/* The same failure as a JSON document, for programs that act on it: {"code": the status's name,
 * "message": loyalty_last_error()} and, when they apply, "quarantine_id" (the delivery was kept in
 * quarantine under this id: loyalty_ingest_webhook) and "available" / "requested" (the member's
 * available points and the points the call needed: LOYALTY_INSUFFICIENT_POINTS). Read these fields,
 * never the message, which may be reworded. {"code": "ok", "message": ""} after a success.
 * Never NULL; valid until this thread's next call into the library. */
LOYALTY_API const char *loyalty_last_error_json(void);

/* Releases a string or buffer the library returned. NULL-safe. */
LOYALTY_API void loyalty_free(void *p);

/* Opens an engine.
 * config_json: {"storage": URL}, URL one of "sqlite:/path/to/loyalty.db", "sqlite::memory:", or a PostgreSQL
 *              libpq URI "postgresql://user:password@host:5432/dbname?sslmode=require" ("postgres://" too),
 *              on which several engines and processes may share one database,
 *              optional "shops": [shop_json, ...]: seeds, each put only when that shop is not stored
 *                            yet (a stored program that differs is kept, and said on stderr),
 *              optional "sqlite": {"synchronous": "full" | "normal"} (default full: durable on return),
 *                                  "busy_timeout_ms": 5000 (waiting for another process's lock, then
 *                                  LOYALTY_STORAGE)},
 *              optional "postgresql": {"pool_size": 1..1000 (default 8 connections),
 *                                      "connect_timeout_s": 1..600 (default 3)}.
 *              loyaltyd's keys ("listen", "admin_token", "limits", ...) may share the document. */
LOYALTY_API int loyalty_open(const char *config_json, loyalty_engine **out);

/* Closes the engine, flushing and releasing the store; servers still running on it are stopped
 * first. NULL-safe. */
LOYALTY_API void loyalty_close(loyalty_engine *engine);

/* Creates or updates a shop's program; persisted in the store. A change applies to what happens
 * next and never rewrites entries already posted.
 * shop_json: {"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000}}
 * and optionally "tiers", "rules", "bonuses", "pending_days", "expiry", "redeem": see docs/program.md.
 * A connection secret or verify_token given as "***" (what the admin API shows) keeps the value stored
 * for that platform's connection. Read, checked and written in one transaction. */
LOYALTY_API int loyalty_put_shop(loyalty_engine *e, const char *shop_json);

/* Changes a stored shop with a JSON Merge Patch (RFC 7396): objects merge key by key, null removes
 * a key, arrays (connections, tiers' levels, rules, ...) are replaced whole. In a connection of the
 * result, a secret or verify_token sent as "***" or left out keeps the value stored for that
 * platform. The result is checked as loyalty_put_shop checks a shop; read, patched and written in
 * one transaction. *shop_json: the program now stored (secrets included). LOYALTY_NOT_FOUND for an
 * unknown shop; LOYALTY_INVALID_ARGUMENT, naming the field, for a patch whose result is refused
 * (nothing is changed) or that changes "shop_id". */
LOYALTY_API int loyalty_patch_shop(loyalty_engine *e, const char *shop_id, const char *patch_json,
                                   char **shop_json);

/* Reads a shop's program back as JSON. A change another process or instance stored is read within
 * about a second: every engine compares its cached program with the store at most once a second. */
LOYALTY_API int loyalty_get_shop(loyalty_engine *e, const char *shop_id, char **shop_json);

/* Records a platform-neutral order in its latest state; the ledger follows that state.
 * Result: {"member_id", "applied", "points_delta", "points": {"available", "pending"}}.
 * "applied" is false when the order already was in that state or "version" is older. */
LOYALTY_API int loyalty_record_order(loyalty_engine *e, const char *shop_id, const char *order_json,
                                     char **result_json);

/* Creates or updates a member from a platform customer.
 * customer_json: {"platform", "customer_id", "phone", "name", "email", "birthday", "group"}.
 * Only a phone that fits Vietnam's numbering plan (or a "+" international number) and is not a
 * placeholder (one digit repeated, an ascending or descending run, or one of the shop's
 * "placeholder_phones") identifies a member: it finds and merges. Any other phone is kept as the
 * member's "phone_text" and finds no one; without customer_id it is refused (docs/program.md,
 * "Identity"). Result: {"member_id", "created"}. */
LOYALTY_API int loyalty_upsert_customer(loyalty_engine *e, const char *shop_id, const char *customer_json,
                                        char **result_json);

/* query_json: {"member_id"} or {"phone"} or {"platform", "customer_id"}. A phone that identifies no
 * one (see loyalty_upsert_customer) is LOYALTY_INVALID_ARGUMENT, saying why.
 * Result: the member's profile ("phone": the identity phone or "", "phone_text": a phone kept that
 * identifies no one), "points" {"available", "pending", "lifetime_earned"}, "spend"
 * {"lifetime", "qualifying"?}, "tier" {"name", "since", "until"?, "next": {"name", "remaining"} |
 * null} (null without tiers), "expiring" [{"points", "at"}], "refs", "group", "group_by_shop" and
 * "programs": [{"program_id", "kind", "period", and the standing's fields}] (docs/distributor.md). */
LOYALTY_API int loyalty_get_member(loyalty_engine *e, const char *shop_id, const char *query_json,
                                   char **member_json);

LOYALTY_API int loyalty_get_balance(loyalty_engine *e, const char *shop_id, const char *member_id,
                                    int64_t *available, int64_t *pending);

/* query_json: {"member_id", "limit" (1..500, default 50), "before" (entry id cursor)}.
 * Result: {"transactions": [...newest first...], "next_before": id | null}. */
LOYALTY_API int loyalty_list_transactions(loyalty_engine *e, const char *shop_id, const char *query_json,
                                          char **result_json);

/* request_json: {"member_id", "points", "idempotency_key", "reason"}.
 * Adjust: points is non-zero and may be negative (never below an available balance of zero).
 * Redeem: points is positive and at most the available balance. */
LOYALTY_API int loyalty_adjust_points(loyalty_engine *e, const char *shop_id, const char *request_json,
                                      char **result_json);
LOYALTY_API int loyalty_redeem_points(loyalty_engine *e, const char *shop_id, const char *request_json,
                                      char **result_json);

/* Runs time-based work as of now_unix_seconds and checks the ledger: every cached balance is
 * recomputed from its entries. Webhook delivery keys older than 90 days are forgotten (an order's
 * version still stops a very late retry from crediting twice). Idempotent for a given time.
 * Also the program's time-driven work in each shop's calendar: tier reviews, ends of manual tiers,
 * release of pending points, expiry, birthday bonuses (docs/program.md, "Maintenance"), anniversary
 * awards and automatic settlement (docs/distributor.md).
 * Result: {"now" (UTC: one run spans shops in different zones), "entries", "deliveries_forgotten",
 * "tiers_reviewed", "lots_released", "lots_expired", "birthday_bonuses", "periods_settled",
 * "anniversary_awards", "skipped" (another instance was running it: only the ledger check ran),
 * "ledger_consistent", "balance_mismatches", "failures": [{"shop_id", "member_id" | null, "step",
 * "error"}], "suspect_merges": [{"shop_id", "member_id", "phone", "merged": [member_id...]}]}.
 * Work is committed in bounded transactions (up to 256 members or lots each, one per settlement):
 * a member or shop whose step fails is listed in "failures" with nothing of that step committed for
 * it, and everything else runs. LOYALTY_STORAGE (the store is unavailable) stops the run; the
 * transactions committed before it stay, and the next run finds the rest from the data.
 * "suspect_merges" lists members that absorbed others through a phone that identifies no one
 * under today's rules, for the shop to review; the engine never undoes a merge. */
LOYALTY_API int loyalty_run_maintenance(loyalty_engine *e, int64_t now_unix_seconds, char **report_json);

/* For a basket at checkout: the points it would earn, the member's tier discount, and how many
 * points could pay for it. Writes nothing. request_json: {"member_id"?, "amount", "lines"?,
 * "redeem_points"?, "at"?}. Result: {"member_id", "tier", "discount": {"pct", "amount"},
 * "redeem": {"point_value", "available", "max_points", "max_amount", "points", "amount"} | null,
 * "earn": {"points", "base", "tier_pct", "rules": [{"rule_id", "points"}],
 * "volume": [{"program_id", "points"}]}}. */
LOYALTY_API int loyalty_quote(loyalty_engine *e, const char *shop_id, const char *request_json, char **result_json);

/* Puts a member on a tier until a time, overriding upgrades and reviews until then.
 * request_json: {"member_id", "tier", "until": "2027-12-31T23:59:59+07:00"}. Result: the member,
 * as loyalty_get_member gives it. */
LOYALTY_API int loyalty_set_tier(loyalty_engine *e, const char *shop_id, const char *request_json,
                                 char **member_json);

/* Figures for monitoring, cheap to read: {"entries": ledger entries, "quarantine_open": deliveries
 * in quarantine not yet replayed or dismissed}. */
LOYALTY_API int loyalty_get_stats(loyalty_engine *e, char **stats_json);

/* Whether the engine's store can serve calls now: LOYALTY_OK, or LOYALTY_STORAGE with the reason in
 * loyalty_last_error(). On PostgreSQL it asks the server, so it may block for up to the connect
 * timeout; on SQLite it returns at once. */
LOYALTY_API int loyalty_check_storage(loyalty_engine *e);

/* ---- Platform apps (apps/README.md) ----
 * loyaltyd with an "apps" section connects shops to Haravan, Sapo and KiotViet and walks their
 * history; these read and start that from the store, so any process on the same store sees them. */

/* A shop's sync status: {"shop_id", "platforms": {"haravan" | "sapo" | "kiotviet": {"state":
 * "connecting" | "backfilling" | "live" | "error" | "disconnected", "account", "history",
 * "customers": {"done", "total"}, "orders": {"done", "total"}, "last_reconciled_at",
 * "last_error", "writes": {"pending", "done", "failed", "recent_failures"}}}}; a platform
 * connected by hand, with no app link, is absent. LOYALTY_NOT_FOUND for an unknown shop. */
LOYALTY_API int loyalty_get_sync_status(loyalty_engine *e, const char *shop_id, char **status_json);

/* Starts a backfill or a reconciliation of one connected platform; a running loyaltyd's workers
 * carry it out (nothing is fetched by this call). request_json: {"platform", "mode": "backfill" |
 * "reconcile" (default), "since": "2026-01-31" (the shop's midnight) or a time with its zone,
 * "history": "points" | "spend_only" (backfill only: past orders count for tiers and distributor
 * programs but post no points)}. Result: the sync status. LOYALTY_NOT_FOUND when the shop has no
 * app link to the platform, LOYALTY_CONFLICT when it is disconnected. */
LOYALTY_API int loyalty_start_sync(loyalty_engine *e, const char *shop_id, const char *request_json,
                                   char **status_json);

/* ---- Staff accounts (docs/dashboard.md) ----
 * The people who sign in to loyaltyd's dashboard at /admin/. A username is one login over every shop
 * of a store: 3 to 64 of a-z 0-9 . _ - @ (kept lowercase). Roles: "owner" (everything, the program
 * and staff included), "cashier" (find members, redeem, claim and use grants), "viewer" (read only).
 * Passwords are at least 8 characters and are kept only as scrypt hashes. A member, wherever one is
 * returned: {"username", "role", "created_at", "last_login_at" | null, "signs_in_with": "password" |
 * "platform"}. */

/* request_json: {"username", "role", "password"}. LOYALTY_CONFLICT when the username is taken,
 * LOYALTY_NOT_FOUND for a shop that is not stored. */
LOYALTY_API int loyalty_add_staff(loyalty_engine *e, const char *shop_id, const char *request_json,
                                  char **staff_json);

/* {"staff": [member, ...]}, by username. */
LOYALTY_API int loyalty_list_staff(loyalty_engine *e, const char *shop_id, char **staff_json);

/* Removes the member and ends their sessions. LOYALTY_NOT_FOUND when the shop has no such member,
 * LOYALTY_CONFLICT for the shop's last owner. */
LOYALTY_API int loyalty_remove_staff(loyalty_engine *e, const char *shop_id, const char *username);

/* request_json: {"username", "password"}: a new password, which also lifts a lock from failed
 * sign-ins and ends every session the member has. */
LOYALTY_API int loyalty_reset_staff_password(loyalty_engine *e, const char *shop_id, const char *request_json,
                                             char **staff_json);

/* ---- Customer groups, rewards and checkout (docs/rewards.md) ----
 *
 * shop_json gains "rewards": [{"reward_id", "name", "kind": "gift" | "voucher_amount" | "voucher_pct" |
 * "free_units", "cost_points", "value", "sku", "stock": n | null (unlimited), "valid_days": n | null (never
 * expires), "tiers": [...], "groups": [...]}]. Put the shop again to edit it; stock counts every grant ever
 * claimed and not voided, so it survives edits.
 *
 * A grant, wherever one is returned: {"grant_id", "code", "member_id", "reward_id", "name", "kind", "value",
 * "sku", "quantity", "cost_points", "status": "issued" | "used" | "voided" | "expired", "source",
 * "issued_at", "expires_at" | null, "used_at" | null, "used_order" | null, "voided_at" | null,
 * "void_reason" | null}. Times are ISO 8601 in the shop's zone. */

/* Sets the member's customer group as the shop decides it: request_json {"member_id", "group": "Đại lý"};
 * the platform's group no longer replaces it. "group": null hands the group back to the platform.
 * Result: the member, as loyalty_get_member gives it. */
LOYALTY_API int loyalty_set_group(loyalty_engine *e, const char *shop_id, const char *request_json,
                                  char **member_json);

/* Claims a catalogue reward: checks the member's balance, tier, group and the reward's stock, debits
 * cost_points and issues a grant with a unique, unguessable code, in one transaction.
 * request_json: {"member_id", "reward_id", "idempotency_key"}. Result: {"grant": grant, "points":
 * {"available", "pending"}, "replayed": bool}. A repeated key with the same request returns the first
 * grant. LOYALTY_NOT_FOUND unknown member or reward; LOYALTY_INSUFFICIENT_POINTS; LOYALTY_CONFLICT out
 * of stock, a tier or group the reward is not for, or a key used for a different request. */
LOYALTY_API int loyalty_claim_reward(loyalty_engine *e, const char *shop_id, const char *request_json,
                                     char **result_json);

/* Lists grants, oldest first. query_json: {"member_id"?, "status"? ("issued" | "used" | "voided" |
 * "expired"), "code"?, "limit": 1..500 (50), "after": grant id cursor}.
 * Result: {"grants": [grant...], "next_after": id | null}. */
LOYALTY_API int loyalty_list_grants(loyalty_engine *e, const char *shop_id, const char *query_json,
                                    char **result_json);

/* The shop's event deliveries (one event to one endpoint, docs/notifications.md), oldest first.
 * query_json: {"status"? ("pending" | "delivered" | "failed"), "limit": 1..500 (50), "after": delivery
 * id cursor}. Result: {"deliveries": [...], "next_after": id | null, "backlog": {"pending",
 * "delivered", "failed", "oldest_pending_at"}}. */
LOYALTY_API int loyalty_list_events(loyalty_engine *e, const char *shop_id, const char *query_json,
                                    char **result_json);

/* Sends the delivered or failed deliveries of events from..to again; pending ones are left alone.
 * request_json: {"from", "to"? (from), "only_failed"? (false)}. Result: {"replayed": [delivery...]}. */
LOYALTY_API int loyalty_replay_events(loyalty_engine *e, const char *shop_id, const char *request_json,
                                      char **result_json);

/* Everything the shop keeps about one member, as one document (decree 13/2023/ND-CP; docs/personal-data.md).
 * request_json: {"member_id", "actor"?: who asks, written to the shop's audit trail ("abi" when absent)}.
 * A merged id names the member that absorbed it. Result: {"shop_id", "exported_at", "erased_at" | null,
 * "member" (as loyalty_get_member), "merged_records", "contact", "entries", "lots", "markers", "grants",
 * "orders", "payments", "standings", "events", "deliveries", "platform_writes", "quarantined", "audit"}.
 * LOYALTY_NOT_FOUND for an unknown member. The export itself is recorded in the audit trail. */
LOYALTY_API int loyalty_export_member(loyalty_engine *e, const char *shop_id, const char *request_json,
                                      char **result_json);

/* Erases a member's personal data for good, in one transaction: name, phone, email, birthday and
 * platform references, the page link, undelivered event deliveries' data and platform writes' customer
 * ids, kept raw deliveries that carry the phone or email, names in settled standings. The ledger,
 * orders and grants stay under the member id, so balances and the shop's totals do not move; the phone
 * finds no one afterwards. request_json: {"member_id", "actor"?}. Erasing again changes nothing and
 * says "already_erased". Result: {"member_id", "erased_at", "already_erased", "removed": {"records",
 * "refs", "page_link", "deliveries", "platform_writes", "quarantined", "standings"}}.
 * LOYALTY_NOT_FOUND (nothing changed) for an unknown member. Recorded in the audit trail. */
LOYALTY_API int loyalty_erase_member(loyalty_engine *e, const char *shop_id, const char *request_json,
                                     char **result_json);

/* Instant-win games (docs/games.md): "games" in the shop document, each a lucky wheel or scratch card
 * with prizes drawn by weight from those that can still be won (stock, daily_limit and the day's
 * points budget).
 *
 * Plays a game for a member: uses a play a paid order earned, else buys one with the game's
 * cost_points; the draw (the operating system's CSPRNG), the debit, the prize's counts and the prize's
 * points or grant are one transaction. request_json: {"member_id", "game_id", "idempotency_key"}.
 * Result: {"play_id", "game_id", "member_id", "played_at", "prize_id", "prize": {"id", "name",
 * "points", "reward_id"} | null (an empty slot), "points_spent", "order_id" | null, "grant_id" | null,
 * "odds": [{"prize_id", "weight"}], "draw", "grant": grant | null, "plays_left", "points":
 * {"available", "pending"}, "replayed"}. "odds" are the prizes that could be won at that moment and
 * "draw" the number drawn in [0, sum of weights): each prize covers a run of numbers as long as its
 * weight, in order, so anyone can check which prize a draw gives. A repeated key with the same request
 * returns the first play. LOYALTY_NOT_FOUND unknown member or game; LOYALTY_INSUFFICIENT_POINTS;
 * LOYALTY_CONFLICT when the game is closed or not for the member's tier or group, nothing is left to
 * win today, the member has no plays left, or the key was used for a different request. */
LOYALTY_API int loyalty_play_game(loyalty_engine *e, const char *shop_id, const char *request_json,
                                  char **result_json);

/* Lists plays, oldest first, each with the odds it was drawn from. query_json: {"game_id"?,
 * "member_id"?, "limit": 1..500 (50), "after": play id cursor}. Result: {"plays": [play...],
 * "next_after": id | null}, a play as loyalty_play_game returns it without "grant", "plays_left",
 * "points" and "replayed". */
LOYALTY_API int loyalty_list_plays(loyalty_engine *e, const char *shop_id, const char *query_json,
                                   char **result_json);

/* Whether a member can play a game now. request_json: {"game_id", "member_id"}. Result: {"game_id",
 * "name", "kind": "wheel" | "scratch", "open", "can_play", "refusal": why not | null, "plays_left",
 * "cost_points", "odds": [{"prize_id", "weight"}] (what a play now could win)}. */
LOYALTY_API int loyalty_game_status(loyalty_engine *e, const char *shop_id, const char *request_json,
                                    char **result_json);

/* Marks a grant used by an order. request_json: {"grant_id" | "code", "order_id"}. Result: the grant.
 * Using it again with the same order changes nothing; LOYALTY_CONFLICT when it is voided, expired or
 * was used by another order. */
LOYALTY_API int loyalty_use_grant(loyalty_engine *e, const char *shop_id, const char *request_json,
                                  char **grant_json);

/* Voids an unused grant: its points are returned and its stock restored. request_json: {"grant_id" |
 * "code", "reason"}. Result: the grant. Voiding a voided grant changes nothing; LOYALTY_CONFLICT when
 * it was used. */
LOYALTY_API int loyalty_void_grant(loyalty_engine *e, const char *shop_id, const char *request_json,
                                   char **grant_json);

/* Pays part of an order with points at checkout, within the shop's "redeem" policy (point_value,
 * max_order_pct of order_amount, counting every payment already made on the order). The points come
 * back when that order is cancelled or fully refunded. request_json: {"member_id", "order_id",
 * "order_amount", "points", "idempotency_key"}. Result: {"payment": {"order_id", "member_id", "points",
 * "amount", "returned_points"}, "entry": entry, "points": {"available", "pending"}, "replayed"}.
 * LOYALTY_CONFLICT when the order was already cancelled or refunded. */
LOYALTY_API int loyalty_pay_with_points(loyalty_engine *e, const char *shop_id, const char *request_json,
                                        char **result_json);

/* ---- Distributor programs (docs/distributor.md) ----
 *
 * shop_json gains "volume_bonuses", "targets", "rankings", "anniversaries", "appreciations" and
 * "settle_after_days". Anniversary awards are granted by loyalty_run_maintenance, never settled.
 * A standing, wherever one is returned: {"member_id", "name", "rank" | null, "spend", "units" | null,
 * "band" | null, "times", "points", "grant_id" | null, "rebate", "reached_at" | null,
 * "next": {"threshold", "remaining"} | null}.
 * A period: {"key": "2026-Q4", "from", "to"} (ISO 8601 in the shop's zone, "to" exclusive). */

/* Settles a closed period: volume bonuses, targets, rankings and appreciation lists of that period kind
 * (or only "program_id"; an anniversary program is refused), posting their points and grants.
 * request_json: {"period": "2026-Q4" | "2026-11" | "2026", "program_id"?, "at"? (default now, never
 * later; the period must have ended by then)}.
 * Result: {"period": period, "programs": [{"program_id", "kind": "volume" | "target" | "ranking" |
 * "appreciation", "period", "settled_at", "already_settled", "standings": [standing...]}]}. A program
 * settled before is reported as it was settled and posts nothing new. Ties in a ranking go to the
 * member who reached the spend first, then to the smaller member_id. */
LOYALTY_API int loyalty_settle_period(loyalty_engine *e, const char *shop_id, const char *request_json,
                                      char **report_json);

/* Standings in a program's current period (or the one containing "at"), as settlement would compute
 * them now; for an anniversary program, the members whose listed anniversary falls in the year (times:
 * the anniversary, reached_at: its day). request_json: {"program_id", "at"?, "limit": 1..1000 (100)}.
 * Result: {"program_id", "kind", "period", "settled_at" | null, "standings": [standing...]}. */
LOYALTY_API int loyalty_leaderboard(loyalty_engine *e, const char *shop_id, const char *request_json,
                                    char **result_json);

/* ---- Reports (docs/program.md, "Reports") ----
 *
 * One of the shop's reports: the document GET /api/v1/shops/{shop}/reports/{name} returns; writes
 * nothing. request_json: {"report": "segments" | "cohorts" | "repeat-purchase" | "liability" |
 * "rewards" | "tiers", "months": 1..36 (12; not for segments), "limit": 1..100 (10; rewards only)}.
 * The window is the last "months" months of the shop's calendar, the current one last; a month is
 * "YYYY-MM". Result, by report:
 *   segments         {"segments": [{"segment", "members", "previous_month_members"}], "month",
 *                     "previous_month", "computed_at" | null}
 *   cohorts          {"from", "to", "cohorts": [{"month", "members", "retained": [members...],
 *                     "repeat_members"}]}
 *   repeat-purchase  {"from", "to", "customers", "repeat_customers", "orders", "by_month": [{"month",
 *                     "customers", "returning_customers", "orders"}]}
 *   liability        {"from", "to", "months": [{"month", "earned", "redeemed", "expired", "adjusted",
 *                     "outstanding_available", "outstanding_pending"}]}
 *   rewards          {"from", "to", "rewards": [{"reward_id", "name" | null, "claims", "used",
 *                     "points_spent"}]}, most claimed first
 *   tiers            {"from", "to", "tiers": [{"tier", "members", "earned", "redeemed",
 *                     "redeeming_members"}]}
 * LOYALTY_INVALID_ARGUMENT naming the field for an unknown report, months or limit out of range or not
 * a whole number, or a field the report does not take. */
LOYALTY_API int loyalty_report(loyalty_engine *e, const char *shop_id, const char *request_json,
                               char **report_json);

/* ---- Platform webhooks (Haravan, Sapo Web and GO, KiotViet) ----
 *
 * shop_json gains "connections": [{"platform": "haravan" | "sapo" | "kiotviet",
 *                                  "secret": "..." or "secrets": ["new", "old"],   (rotation: any verifies)
 *                                  "verify_token": "...",                          (Haravan's handshake)
 *                                  "org_id": "..."}]                               (Haravan: X-Haravan-Org-Id)
 */

/* Turns one webhook delivery into ledger changes.
 * platform: "haravan", "sapo" (Web and GO) or "kiotviet". shop_id: the shop; NULL for Haravan only,
 * whose public app posts every shop's deliveries to one URL: the shop is then the one whose haravan
 * connection has "org_id" equal to the X-Haravan-Org-Id header (none: LOYALTY_NOT_FOUND, as for an
 * unknown shop; two shops claiming it: LOYALTY_CONFLICT). headers_json: {"Header-Name": "value", ...},
 * names matched case-insensitively. body/body_len: the raw bytes as received; the signature covers them.
 * Result: {"outcome": "applied" | "duplicate" | "stale" | "ignored", "events": [{"type": "customer" |
 *          "customer_unlinked" | "order" | "skipped", "ref", "member_id", "status", "applied", "stale",
 *          "created", "points_delta", "note"}]}.
 * Every object of a delivery is applied, or none is. Status:
 *   LOYALTY_NOT_FOUND         unknown shop, unknown platform, or the shop has no connection for it;
 *   LOYALTY_UNAUTHENTICATED   the signature does not verify with any of the shop's secrets; nothing is stored;
 *   LOYALTY_INVALID_ARGUMENT  authenticated but unparseable or missing a required field: the ledger is
 *                             unchanged and the delivery is kept in quarantine (its id is
 *                             loyalty_last_error_json()'s "quarantine_id");
 *                             also a NULL argument, malformed headers_json, or a body over 16 MiB (not kept). */
LOYALTY_API int loyalty_ingest_webhook(loyalty_engine *e, const char *platform, const char *shop_id,
                                       const char *headers_json, const char *body, size_t body_len,
                                       char **result_json);

/* Haravan's subscription handshake (GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...).
 * On LOYALTY_OK *response_body is the challenge to answer with. LOYALTY_UNAUTHENTICATED when the mode is
 * not "subscribe" or the token does not match the shop's Haravan "verify_token"; LOYALTY_NOT_FOUND when the
 * shop has no Haravan connection. */
LOYALTY_API int loyalty_haravan_handshake(loyalty_engine *e, const char *shop_id, const char *mode,
                                          const char *verify_token, const char *challenge, char **response_body);

/* Quarantined deliveries, oldest first.
 * query_json: {"shop_id" (optional), "include_resolved": false, "limit": 1..500 (50), "after": id cursor}.
 * Result: {"deliveries": [{"quarantine_id", "shop_id", "platform", "headers", "body" (when UTF-8),
 *          "body_base64", "error", "received_at", "resolved_at", "resolution"}], "next_after": id | null}. */
LOYALTY_API int loyalty_list_quarantine(loyalty_engine *e, const char *query_json, char **result_json);

/* Applies a quarantined delivery again (after a fix), without re-checking its signature: it was
 * authenticated when it arrived, and the secret may have been rotated since. Same result as
 * loyalty_ingest_webhook; on success the delivery is marked resolved. LOYALTY_CONFLICT when it is
 * already resolved; LOYALTY_INVALID_ARGUMENT (it stays quarantined) when it still cannot be applied. */
LOYALTY_API int loyalty_replay_quarantine(loyalty_engine *e, int64_t quarantine_id, char **result_json);

/* Marks a quarantined delivery resolved without applying it; reason is recorded. */
LOYALTY_API int loyalty_dismiss_quarantine(loyalty_engine *e, int64_t quarantine_id, const char *reason);

/* ---- The HTTPS server (what loyaltyd runs), inside a host process ---- */
typedef struct loyalty_server loyalty_server;

/* Starts serving webhooks and the admin API over the engine; returns once listening.
 * server_json (loyaltyd's document; the engine's keys are ignored here):
 *   {"listen": {"address": "127.0.0.1", "port": 8443, "tls": {"cert": "PEM path", "key": "PEM path"}},
 *    "admin_token": "at least 16 characters",
 *    "insecure_http": false,            (true: plain HTTP, only behind a proxy that terminates TLS)
 *    "limits": {"body_bytes": 1048576, "header_bytes": 8192, "handshake_timeout_ms": 5000,
 *               "read_timeout_ms": 10000, "idle_timeout_ms": 30000, "drain_timeout_ms": 10000,
 *               "max_connections": 1024, "max_connections_per_address": 256,
 *               "max_handshakes_per_address": 128, "handshakes_per_second_per_address": 200},
 *                                   (a client address at its limit, or any when the server is full, gives up its
 *                                    longest-waiting connection for a new one; a connection being answered never is)
 *    "threads": {"io": cores, "engine": max(64, 16 x io)}, "maintenance_interval_s": 3600, "access_log": true,
 *    "log_level": "info"}              (debug, info, warning or error: the server's stderr lines below it,
 *                                       such as the access log's, which are info, are not written)
 * Without "tls" the server refuses to start unless "insecure_http" is true. TLS 1.2 minimum. */
LOYALTY_API int loyalty_server_start(loyalty_engine *e, const char *server_json, loyalty_server **out);
/* The bound TCP port (useful with "port": 0), or -1 for NULL. */
LOYALTY_API int loyalty_server_port(loyalty_server *s);
/* Reads the TLS certificate and key again from the files server_json named (a renewed certificate):
 * connections made from then on use them; connections already open keep theirs and stay open. When the
 * files cannot be read, or the key does not belong to the certificate, returns LOYALTY_INVALID_ARGUMENT
 * naming the file, and the ones in use stay. A server without TLS has nothing to read: LOYALTY_OK.
 * LOYALTY_INVALID_ARGUMENT for NULL, or for a server its engine's closing has stopped. */
LOYALTY_API int loyalty_server_reload(loyalty_server *s);
/* Applies a configuration document read again (loyaltyd's file on SIGHUP) to the running server:
 *   - "limits", "access_log" and "log_level": for new connections, and for open ones from the request
 *     after the one they are already waiting for; connections over a lowered max_connections are not
 *     closed, each new one takes the place of one waiting on its client;
 *   - "listen.tls": the certificate and key read from the files it names now (possibly new paths);
 *   - "shops": seeds not stored yet are stored (a stored shop is never changed by its seed).
 * What else differs from the document the server started with ("listen" address and port, "threads",
 * "apps", "notifications", "dashboard", "admin_token", "storage") takes effect at the next start. The
 * whole document is checked first: LOYALTY_INVALID_ARGUMENT naming the field, or a TLS file that cannot
 * be used, or TLS switched on or off, changes nothing. LOYALTY_INVALID_ARGUMENT for NULL, or for a server
 * its engine's closing has stopped. loyaltyd calls this on SIGHUP. */
LOYALTY_API int loyalty_server_reconfigure(loyalty_server *s, const char *config_json);
/* Stops accepting, lets requests in flight finish (up to drain_timeout_ms), closes every connection
 * and returns, then frees the handle. NULL-safe. Closing the engine first stops its servers the same
 * way; their handles stay valid until loyalty_server_stop frees them. */
LOYALTY_API void loyalty_server_stop(loyalty_server *s);

#ifdef __cplusplus
}
#endif

#endif /* LOYALTY_LOYALTY_H */
