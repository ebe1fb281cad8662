#!/usr/bin/env bash
# The README's main job: a shop, a paid order (delivered twice), a partial refund, a signed Haravan webhook for the
# same customer, then the member and the ledger, all on the embedded SQLite store. Usage: tools/demo.sh [BUILD_DIR]  (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
ctl="$build/tools/loyaltyctl/loyaltyctl"
if [[ ! -x "$ctl" ]]; then
  echo "demo: $ctl not found; build first: cmake --workflow --preset build" >&2
  exit 1
fi
db="${LOYALTY_DB:-$(mktemp -d)/demo.db}"
examples="$root/examples"
step() { printf '\n== %s\n' "$*"; }

echo "database: $db"
step "put shop 'demo' (10,000 VND = 1 point)"
"$ctl" --db "$db" shop put "$examples/demo-shop.json"
"$ctl" --db "$db" shop show demo
step "order A-1001 paid, 1,130,000 VND"
"$ctl" --db "$db" order record demo "$examples/demo-order.json"
step "the same delivery again: nothing changes"
"$ctl" --db "$db" order record demo "$examples/demo-order.json"
step "330,000 VND refunded"
"$ctl" --db "$db" order record demo "$examples/demo-refund.json"
step "a signed Haravan webhook: the same customer pays order #1002 online"
"$ctl" --db "$db" webhook ingest haravan demo "$examples/haravan-order-paid.headers.json" \
  "$examples/haravan-order-paid.json"
step "the platform retries the same delivery: a duplicate"
"$ctl" --db "$db" webhook ingest haravan demo "$examples/haravan-order-paid.headers.json" \
  "$examples/haravan-order-paid.json"
step "the member, one across the counter and the web shop, found by phone in another format"
"$ctl" --db "$db" member show demo --phone "+84 912 345 678"
member_id="$("$ctl" --db "$db" member show demo --phone 0912345678 | sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p')"
step "the member's ledger, newest first"
"$ctl" --db "$db" member transactions demo "$member_id"
step "maintenance: recompute every balance from the ledger"
"$ctl" --db "$db" maintenance
