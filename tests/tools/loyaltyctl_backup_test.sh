#!/usr/bin/env bash
# loyaltyctl backup: an online copy of a SQLite store, taken while another process keeps writing, that opens as
# the same books (the member, the balance and every entry) and passes SQLite's integrity check.
# Usage: loyaltyctl_backup_test.sh LOYALTYCTL EXAMPLES_DIR WORK_DIR
set -uo pipefail
source "$(dirname "$0")/cli_harness.sh" "$@"

run 0 shop put "$examples/demo-shop.json"
run 0 order record demo "$examples/demo-order.json"
run 0 member show demo --phone 0912345678
member="$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["member_id"])')"

# A writer in another process while the backup steps through the pages a few at a time.
for i in $(seq 1 30); do
  sed "s/\"A-1001\"/\"B-$i\"/" "$examples/demo-order.json" > "$work/order-$i.json"
done
( for i in $(seq 1 30); do "$ctl" --db "$db" order record demo "$work/order-$i.json" >/dev/null 2>&1; done ) &
writer=$!
run 0 backup --db "$db" --to "$work/copy.db" --pages 4
wait "$writer"
expect "31" "$(sqlite3 "$db" 'SELECT count(*) FROM entries')" "the writer recorded its orders meanwhile"

# The copy is a store of its own: integrity checked, and its books are those of some moment of the original.
expect "ok" "$(sqlite3 "$work/copy.db" 'PRAGMA integrity_check')" "the copy passes the integrity check"
copy_entries="$(sqlite3 "$work/copy.db" "SELECT count(*) FROM entries")"
copy_sum="$(sqlite3 "$work/copy.db" "SELECT coalesce(sum(available_delta), 0) FROM entries WHERE member_id = '$member'")"
copy_balance="$(sqlite3 "$work/copy.db" "SELECT available FROM members WHERE member_id = '$member'")"
expect "$copy_sum" "$copy_balance" "the copy's balance equals its own entries"
[[ "$copy_entries" -ge 1 ]] && passed=$((passed + 1)) || { echo "FAIL: the copy has no entries" >&2; failed=$((failed + 1)); }

# Restored (copied into place) and read through loyaltyctl, it answers as the original did at that moment.
cp "$work/copy.db" "$work/restored.db"
out="$("$ctl" --db "$work/restored.db" member balance demo "$member" 2>&1)"
expect "\"available\":$copy_balance" "${out// /}" "the restored store answers with the copy's balance"

# A quiet original and its backup read the same, entry for entry.
run 0 backup --db "$db" --to "$work/quiet.db"
expect "$(sqlite3 "$db" 'SELECT entry_id, available_delta FROM entries ORDER BY entry_id')" \
       "$(sqlite3 "$work/quiet.db" 'SELECT entry_id, available_delta FROM entries ORDER BY entry_id')" \
       "the entries of a quiet backup are the original's"
# An existing target is refused without --force, and kept.
run 1 backup --db "$db" --to "$work/quiet.db"
expect "exists" "$err" "an existing target is refused"
run 0 backup --db "$db" --to "$work/quiet.db" --force
finish
