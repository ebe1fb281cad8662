#!/usr/bin/env bash
# Drives loyaltyctl as a person would: every call is a new process on the same database, so each step also proves
# that what the previous one wrote survived closing the engine.
# Usage: loyaltyctl_test.sh LOYALTYCTL EXAMPLES_DIR WORK_DIR
set -uo pipefail
source "$(dirname "$0")/cli_harness.sh" "$@"

json() { printf '%s' "$1" > "$work/doc.json"; echo "$work/doc.json"; }

# A database that does not exist yet: reading it is refused by name, and nothing is created. Only shop put
# starts one.
missing="$work/missing/typo.db"; mkdir -p "$work/missing"
refused() {  # DESCRIPTION ARGS...: loyaltyctl on $missing exits 1 naming it, prints nothing, creates nothing
  local what="$1"; shift
  local o e code
  o="$("$ctl" "$@" 2>"$work/stderr")"; code=$?; e="$(cat "$work/stderr")"
  if [[ $code -eq 1 && -z "$o" && "$e" == *"no database at $missing"* && -z "$(ls -A "$work/missing")" ]]; then
    passed=$((passed + 1))
  else
    echo "FAIL: $what: exit $code, stdout [$o], stderr [$e], created [$(ls -A "$work/missing")]" >&2
    failed=$((failed + 1))
  fi
}
refused "member show on a missing --db" --db "$missing" member show demo --phone 0912345678
refused "member balance" --db "$missing" member balance demo m_1
refused "member transactions" --db "$missing" member transactions demo m_1
refused "shop show" --db "$missing" shop show demo
refused "quarantine list" --db "$missing" quarantine list
refused "staff list" --db "$missing" staff list demo
refused "order record: a write under a shop that cannot be stored there" \
  --db "$missing" order record demo "$examples/demo-order.json"
refused "--storage sqlite:PATH" --storage "sqlite:$missing" member balance demo m_1
LOYALTY_DB="$missing" refused "\$LOYALTY_DB" member balance demo m_1
out="$("$ctl" --storage sqlite::memory: shop show demo 2>"$work/stderr")"; code=$?
expect 'not_found' "$(cat "$work/stderr")" "an in-memory store is no file to refuse (exit $code)"
"$ctl" --db "$missing" shop put "$examples/demo-shop.json" >/dev/null; code=$?
[[ $code -eq 0 && -e "$missing" ]] && passed=$((passed + 1)) || {
  echo "FAIL: shop put must create the database (exit $code)" >&2; failed=$((failed + 1)); }
out="$("$ctl" --db "$missing" shop show demo 2>/dev/null)"; expect '"shop_id": "demo"' "$out" "then it reads as any other"

run 0 shop put "$examples/demo-shop.json"
run 0 shop show demo; expect '"spend_per_point": 10000' "$out" "shop show returns the stored program"
run 0 shop patch demo "$(json '{"earn": {"max_points_per_order": 5000}, "connections": [{"platform": "haravan", "secret": "***"}]}')"
expect '"max_points_per_order": 5000' "$out" "shop patch merges into the stored program"
expect '"spend_per_point": 10000' "$out" "shop patch keeps what it does not name"
expect '"secret": "demo-haravan-secret"' "$out" "a secret sent as *** keeps its stored value"
run 1 shop patch demo "$(json '{"earn": {"spend_per_point": -1}}')"
expect 'spend_per_point' "$err" "a patch whose result is refused names the field"
run 0 shop show demo; expect '"spend_per_point": 10000' "$out" "a refused patch changes nothing"
run 1 shop patch nowhere "$(json '{"earn": {"spend_per_point": 1}}')"; expect 'not_found' "$err" "patching an unknown shop"

run 0 order record demo "$examples/demo-order.json"
expect '"points_delta": 113' "$out" "a paid order of 1,130,000 VND earns 113"
member_id="$(sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
expect 'm_' "$member_id" "the result names the member"

run 0 order record demo "$examples/demo-order.json"
expect '"applied": false' "$out" "a replayed delivery is not applied"
expect '"available": 113' "$out" "a replayed delivery changes nothing"

run 0 order record demo - < "$examples/demo-refund.json"
expect '"points_delta": -33' "$out" "refunding 330,000 of 1,130,000 reverses 33 (document read from stdin)"

run 0 member show demo --phone "+84 912 345 678"; expect "\"member_id\": \"$member_id\"" "$out" "found by phone"
run 0 member show demo --platform pos --customer-id C-1; expect "\"member_id\": \"$member_id\"" "$out" "found by platform ref"
run 0 member show demo --member-id "$member_id"; expect '"lifetime": 800000' "$out" "net spend after the refund"
run 0 member balance demo "$member_id"; expect '"available": 80' "$out" "balance after the refund"
run 0 member transactions demo "$member_id" --limit 1
expect '"kind": "reverse"' "$out" "newest entry first"
expect '"next_before": 2' "$out" "a cursor to the older page"

redeem="$(json "{\"member_id\": \"$member_id\", \"points\": 50, \"idempotency_key\": \"r-1\", \"reason\": \"voucher\"}")"
run 0 points redeem demo "$redeem"; expect '"available": 30' "$out" "redeeming 50 of 80"
first="$out"
run 0 points redeem demo "$redeem"; [[ "$out" == "$first" ]] && passed=$((passed + 1)) || {
  echo "FAIL: a replayed redemption must return the first result" >&2; failed=$((failed + 1)); }
conflict="$(json "{\"member_id\": \"$member_id\", \"points\": 10, \"idempotency_key\": \"r-1\", \"reason\": \"voucher\"}")"
run 1 points redeem demo "$conflict"; expect 'loyaltyctl: conflict:' "$err" "same key, different request"
too_much="$(json "{\"member_id\": \"$member_id\", \"points\": 31, \"idempotency_key\": \"r-2\", \"reason\": \"voucher\"}")"
run 1 points redeem demo "$too_much"; expect 'loyaltyctl: insufficient_points:' "$err" "cannot redeem more than available"
adjust="$(json "{\"member_id\": \"$member_id\", \"points\": 7, \"idempotency_key\": \"a-1\", \"reason\": \"apology\"}")"
run 0 points adjust demo "$adjust"; expect '"available": 37' "$out" "a manual credit"

run 1 order record demo "$(json '{"order_id": "B-1", "status": "paid", "amount": -5, "occurred_at": "2024-05-13T14:20:00+07:00", "customer": {"customer_id": "C-1", "platform": "pos"}}')"
expect 'loyaltyctl: invalid_argument: amount must not be negative' "$err" "a negative amount is refused"
run 1 order record demo "$(json '{"order_id": ')"; expect 'invalid_argument' "$err" "malformed JSON is refused"
run 1 order record nowhere "$examples/demo-order.json"; expect 'loyaltyctl: not_found:' "$err" "unknown shop"
run 1 order record demo "$work/missing.json"; expect 'cannot read' "$err" "a missing file"
run 0 member balance demo "$member_id"; expect '"available": 37' "$out" "refused calls changed nothing"

run 2 member show demo; expect 'usage:' "$err" "a lookup without a key is a usage error"
run 2 frobnicate now; expect 'unknown command' "$err" "unknown command"
run 2 member transactions demo "$member_id" --limit many; expect 'needs an integer' "$err" "a non-numeric limit"

run 0 maintenance --now 1735689600
expect '"ledger_consistent": true' "$out" "cached balances match the ledger"
expect '"entries": 4' "$out" "earn, reverse, redeem, adjust"

run 0 shop put "$(json '{"shop_id": "tiers", "earn": {"spend_per_point": 10000},
  "tiers": {"levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 1000000000, "discount_pct": 15}]},
  "redeem": {"point_value": 1000, "max_order_pct": 50}}')"
run 0 order record tiers "$examples/demo-order.json"
tier_member="$(sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
run 0 tier set tiers "$(json "{\"member_id\": \"$tier_member\", \"tier\": \"Gold\", \"until\": \"2099-01-01\"}")"
expect '"name": "Gold"' "$out" "a manual tier"
run 0 checkout quote tiers "$(json "{\"member_id\": \"$tier_member\", \"amount\": 2000000}")"
expect '"amount": 300000' "$out" "Gold's 15% discount in a quote"
run 1 tier set tiers "$(json "{\"member_id\": \"$tier_member\", \"tier\": \"Iron\", \"until\": \"2099-01-01\"}")"
expect 'is not a level' "$err" "an unknown tier is refused"

# Groups, rewards, grants, points at checkout and a distributor target: 200,000 VND at 1,000 VND a point earns 200.
run 0 shop put "$(json '{"shop_id": "rewards", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000},
  "redeem": {"point_value": 100, "max_order_pct": 50},
  "rewards": [{"reward_id": "tea", "name": "Tea", "kind": "gift", "cost_points": 10, "stock": 5, "valid_days": 30}],
  "targets": [{"program_id": "q", "period": "quarter", "bands": [{"spend": 100000, "points": 50}]}]}')"
run 0 order record rewards "$(json '{"order_id": "R-1", "status": "paid", "amount": 200000,
  "occurred_at": "2025-01-10T10:00:00+07:00", "customer": {"platform": "pos", "customer_id": "C-9", "phone": "0987654312"}}')"
buyer="$(sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
run 0 group set rewards "$buyer" "Đại lý"; expect '"group": "Đại lý"' "$out" "the shop sets the group"
run 0 group set rewards "$buyer" --clear; expect '"group": ""' "$out" "--clear hands the group back to the platform"
run 2 group set rewards "$buyer"; expect 'usage:' "$err" "group set needs a group or --clear"
run 0 reward claim rewards "$(json "{\"member_id\": \"$buyer\", \"reward_id\": \"tea\", \"idempotency_key\": \"c-1\"}")"
expect '"status": "issued"' "$out" "a claim issues a grant"
expect '"available": 190' "$out" "a claim debits cost_points"
code="$(sed -n 's/.*"code": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
run 0 reward claim rewards "$(json "{\"member_id\": \"$buyer\", \"reward_id\": \"tea\", \"idempotency_key\": \"c-2\"}")"
second="$(sed -n 's/.*"grant_id": \([0-9]*\).*/\1/p' <<<"$out" | sed -n 1p)"
run 0 grant list rewards --member-id "$buyer" --status issued; expect "\"code\": \"$code\"" "$out" "grants are listed"
run 0 grant use rewards "$(json "{\"code\": \"$code\", \"order_id\": \"R-2\"}")"; expect '"status": "used"' "$out" "used by code"
run 0 grant void rewards "$(json "{\"grant_id\": $second, \"reason\": \"changed mind\"}")"
expect '"status": "voided"' "$out" "voided by id"
run 0 member balance rewards "$buyer"; expect '"available": 190' "$out" "a void returns the points"
run 2 grant list rewards --limit many; expect 'needs an integer' "$err" "a non-numeric limit"
run 0 checkout pay rewards "$(json "{\"member_id\": \"$buyer\", \"order_id\": \"R-3\", \"order_amount\": 100000,
  \"points\": 100, \"idempotency_key\": \"p-1\"}")"
expect '"amount": 10000' "$out" "100 points at 100 VND pay 10,000 VND"
run 0 leaderboard rewards q --at 2025-02-01T00:00:00+07:00 --limit 10
expect "\"member_id\": \"$buyer\"" "$out" "the buyer stands in the quarter"
run 0 period settle rewards 2025-Q1 --program q --at 2025-04-02T00:00:00+07:00
expect '"points": 50' "$out" "the 100,000 VND band pays 50"
run 0 period settle rewards 2025-Q1 --at 2025-04-02T00:00:00+07:00
expect '"already_settled": true' "$out" "settling again posts nothing"

# A game with one prize, so the draw is known: a play costs 10 points and wins 5.
run 0 shop put "$(json '{"shop_id": "games", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000},
  "games": [{"id": "wheel", "name": "Vòng quay", "kind": "wheel", "cost_points": 10,
             "prizes": [{"id": "p5", "name": "5 điểm", "weight": 1, "points": 5}]}]}')"
run 0 order record games "$(json '{"order_id": "G-1", "status": "paid", "amount": 20000,
  "occurred_at": "2025-01-10T10:00:00+07:00", "customer": {"platform": "pos", "customer_id": "C-7", "phone": "0987654313"}}')"
player="$(sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
run 0 game play games wheel "$player" --key g-1
expect '"prize_id": "p5"' "$out" "a play prints what it drew"
expect '"points_spent": 10' "$out" "a play costs cost_points"
run 0 game play games wheel "$player" --key g-1; expect '"replayed": true' "$out" "the same key plays once"
run 0 member balance games "$player"; expect '"available": 15' "$out" "20 earned, 10 spent, 5 won"
run 0 game status games wheel "$player"; expect '"plays_left": 0' "$out" "the status prints the plays left"
run 0 game plays games wheel --member "$player"; expect '"draw": 0' "$out" "plays are listed with their draw"
run 1 game status games nowhere "$player"; expect 'not_found' "$err" "an unknown game"

# Reports (docs/program.md, "Reports"): a paid order now, with no occurred_at, is in the last 3 months.
run 0 order record demo "$(json '{"order_id": "N-1", "status": "paid", "amount": 50000,
  "customer": {"platform": "pos", "customer_id": "C-9", "phone": "0987654399"}}')"
run 0 report demo repeat-purchase --months 3
expect '"orders": 1' "$out" "the repeat-purchase report counts the paid order"
expect '"customers": 1' "$out" "and its customer"
expect '"by_month": [' "$out" "month by month"
run 0 report demo rewards --months 1 --limit 1; expect '"rewards": []' "$out" "no reward claimed"
run 0 report demo segments; expect '"previous_month"' "$out" "the segment report"
run 1 report demo sales; expect 'sales' "$err" "an unknown report is refused by name"
run 1 report demo cohorts --months 37; expect 'months must be between 1 and 36' "$err" "months out of range"
run 1 report demo tiers --limit 5; expect 'limit' "$err" "a limit is for the rewards report only"
run 1 report nowhere liability; expect 'not_found' "$err" "the report of an unknown shop"
run 2 report demo; expect 'usage:' "$err" "report needs a name"

run 2 leaderboard rewards; expect 'usage:' "$err" "leaderboard needs a program"

# The platform apps: a shop connected by hand has no app link, so nothing to show or start.
run 0 sync status demo; expect '"platforms": {}' "$out" "a shop without app links shows no platforms"
run 1 sync status nowhere; expect 'not_found' "$err" "the sync status of an unknown shop"
run 1 sync start demo haravan --since 2026-01-01; expect 'not connected to haravan' "$err" "a backfill needs an app link"
run 2 sync start demo haravan --spend-only --reconcile; expect 'spend-only' "$err" "--spend-only is for a backfill"
run 2 sync start demo; expect 'usage:' "$err" "sync start needs a platform"

# The dashboard's staff: passwords come from standard input, never the command line.
run 0 staff add demo Chu.Cua-Hang --role owner <<< "mat-khau-chu-dai"
expect '"username": "chu.cua-hang"' "$out" "a staff account is kept lowercase"
expect '"signs_in_with": "password"' "$out" "an added account signs in with its password"
[[ "$out" != *mat-khau* ]] && passed=$((passed + 1)) || { echo "FAIL: the password was printed" >&2; failed=$((failed + 1)); }
run 0 staff add demo thu-ngan --role cashier <<< "mat-khau-thu-ngan"
run 1 staff add demo thu-ngan --role viewer <<< "mat-khau-khac-nua"; expect 'conflict' "$err" "a username is taken once"
run 1 staff add demo ngan --role viewer <<< "ngan"; expect 'at least 8' "$err" "a short password is refused"
run 2 staff add demo xem --role boss <<< "mat-khau-xem-dai"; expect 'boss' "$err" "an unknown role is a usage error"
run 0 staff list demo; expect '"chu.cua-hang"' "$out" "the owner is listed"; expect '"thu-ngan"' "$out" "the cashier is listed"
run 0 staff reset demo thu-ngan <<< "mat-khau-moi-hon"; expect '"role": "cashier"' "$out" "a reset keeps the role"
run 1 staff remove demo chu.cua-hang; expect 'last owner' "$err" "the shop's last owner stays"
run 0 staff remove demo thu-ngan
run 0 staff list demo; [[ "$out" != *thu-ngan* ]] && passed=$((passed + 1)) || { echo "FAIL: a removed account is listed" >&2; failed=$((failed + 1)); }
run 1 staff remove demo thu-ngan; expect 'not_found' "$err" "removing twice"

# Personal data (docs/personal-data.md): an export, then an erasure that needs --yes; both audited.
run 0 members export demo "$member_id" --actor "ops:an"
expect '"phone": "+84912345678"' "$out" "the export holds the member's phone"
expect '"entries": [' "$out" "and the ledger"
run 2 member erase demo "$member_id"; expect '--yes' "$err" "erasing needs --yes"
run 0 member show demo --phone 0912345678; expect "\"member_id\": \"$member_id\"" "$out" "refused, so nothing changed"
run 0 member erase demo "$member_id" --yes; expect '"already_erased": false' "$out" "erased"
expect '"refs": 1' "$out" "its platform reference removed"
run 1 member show demo --phone 0912345678; expect 'not_found' "$err" "the phone finds no one afterwards"
run 0 member balance demo "$member_id"; expect '"available": 37' "$out" "the balance stays"
run 0 member erase demo "$member_id" --yes; expect '"already_erased": true' "$out" "erasing twice is fine"
run 1 member erase demo m_nobody --yes; expect 'not_found' "$err" "an unknown member is refused"
run 0 member export demo "$member_id"; expect '"actor": "ops:an"' "$out" "the audit trail names who exported"
expect '"detail": "already erased"' "$out" "and each erasure"

finish
