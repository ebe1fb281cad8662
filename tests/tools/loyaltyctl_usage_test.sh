#!/usr/bin/env bash
# loyaltyctl's command line itself: every command's --help, the global options, and lines it must refuse with the
# usage exit code (2) without touching the database.
# Usage: loyaltyctl_usage_test.sh LOYALTYCTL EXAMPLES_DIR WORK_DIR
set -uo pipefail
source "$(dirname "$0")/cli_harness.sh" "$@"

# Every command, and every verb of the nouns: its own usage on standard output, exit 0.
commands=("shop put" "shop patch" "shop show" "member show" "member balance" "member transactions"
  "order record" "customer upsert" "points redeem" "points adjust" "tier set" "checkout quote" "checkout pay"
  "maintenance" "webhook ingest" "quarantine list" "quarantine replay" "quarantine dismiss"
  "group set" "reward claim" "grant list" "grant use" "grant void" "period settle" "leaderboard"
  "sync status" "sync start")
nouns=()
for command in "${commands[@]}"; do
  noun="${command%% *}"
  [[ " ${nouns[*]} " == *" $noun "* ]] || nouns+=("$noun")
  read -ra words <<<"$command"
  run 0 "${words[@]}" --help; expect "usage: loyaltyctl $command" "$out" "$command --help"
done
for noun in "${nouns[@]}"; do
  run 0 "$noun" --help; expect "usage: loyaltyctl $noun" "$out" "$noun --help"
done
run 0 --help; expect 'usage: loyaltyctl' "$out" "the top-level help"
for noun in "${nouns[@]}"; do expect "$noun" "$out" "the top-level help names $noun"; done
run 0 member show --help
expect '--platform' "$out" "a command's help lists its options"
expect 'SHOP' "$out" "and its positionals"
run 0 --version; expect 'loyaltyctl ' "$out" "--version"
[[ ! -e "$db" ]] && passed=$((passed + 1)) || { echo "FAIL: help opened the database" >&2; failed=$((failed + 1)); }

# The storage options and LOYALTY_DB still choose the database.
run 0 shop put "$examples/demo-shop.json"
run 0 order record demo "$examples/demo-order.json"
member_id="$(sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p' <<<"$out" | sed -n 1p)"
out="$(LOYALTY_DB="$db" "$ctl" shop show demo)"; expect '"shop_id": "demo"' "$out" "LOYALTY_DB names the database"
out="$("$ctl" --storage "sqlite:$db" shop show demo)"; expect '"shop_id": "demo"' "$out" "--storage"
out="$("$ctl" --db "$work/other.db" --storage "sqlite:$db" shop show demo)"
expect '"shop_id": "demo"' "$out" "the last storage option wins"

# Wrong lines: the usage exit code, a message and the usage on standard error, nothing on standard output.
before="$(sha256sum "$db")"
refuse() {
  local what="$1" message="$2"; shift 2
  run 2 "$@" && {
    expect "$message" "$err" "$what"
    expect 'usage: loyaltyctl' "$err" "$what: the usage follows"
    [[ -z "$out" ]] && passed=$((passed + 1)) || { echo "FAIL: $what printed [$out]" >&2; failed=$((failed + 1)); }
  }
}
refuse "no command" 'a command is needed: shop'
refuse "an unknown command" 'frobnicate' frobnicate now
refuse "an unknown verb" 'frob' shop frob demo
refuse "a noun without its verb" 'member needs a command: show' member
refuse "an unknown option" '--frob' member balance demo "$member_id" --frob 1
refuse "an unknown global option" '--frob' --frob shop show demo
refuse "a global option after the command" '--db' shop show demo --db "$db"
refuse "a missing argument" 'SHOP is required' shop show
refuse "a missing second argument" 'MEMBER_ID is required' member balance demo
refuse "a missing file" 'FILE is required' points adjust demo
refuse "an extra argument" 'extra' shop show demo extra
refuse "an option without its value" '--limit' member transactions demo "$member_id" --limit
refuse "member show without a key" 'member show needs' member show demo
refuse "--platform without --customer-id" 'member show needs' member show demo --platform pos
refuse "group set with a group and --clear" 'excludes' group set demo "$member_id" Gold --clear

# Numbers are decimal integers and nothing else: no exponent, base, sign, space, fraction or overflow.
for bad in 1e3 0x10 12abc " 5" "5 " +5 1.5 "" 9223372036854775808 -9223372036854775809; do
  refuse "--limit [$bad]" "needs an integer, got $bad" member transactions demo "$member_id" --limit "$bad"
  refuse "--now [$bad]" "needs an integer, got $bad" maintenance --now "$bad"
  refuse "quarantine ID [$bad]" "needs an integer, got $bad" quarantine dismiss "$bad" "a reason"
done
refuse "grant list --after" 'needs an integer' grant list demo --after 0x10
refuse "leaderboard --limit" 'needs an integer' leaderboard demo q --limit 1e3
[[ "$(sha256sum "$db")" == "$before" ]] && passed=$((passed + 1)) || {
  echo "FAIL: a refused command line changed the database" >&2; failed=$((failed + 1)); }
"$ctl" --db "$work/never.db" maintenance --now 1e3 2>/dev/null
[[ $? -eq 2 && ! -e "$work/never.db" ]] && passed=$((passed + 1)) || {
  echo "FAIL: a refused command line must exit 2 before creating the database" >&2; failed=$((failed + 1)); }

# What is a number reaches the library, which judges it: the extremes of int64, and negatives.
run 1 member transactions demo "$member_id" --limit 9223372036854775807
expect 'limit must be between' "$err" "int64 max is a limit the library refuses"
run 0 member transactions demo "$member_id" --limit 1; expect '"kind": "earn"' "$out" "a limit it takes"
run 1 quarantine replay -9223372036854775808; expect 'not_found' "$err" "int64 min is an id the library looks up"
run 0 member balance demo "$member_id"; expect '"available": 113' "$out" "nothing above changed the balance"

finish
