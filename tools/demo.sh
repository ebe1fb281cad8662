#!/usr/bin/env bash
# The README's main job, on the embedded SQLite store:
#  1. loyaltyctl: a shop, a paid order delivered twice, a partial refund, the member and its ledger;
#  2. loyaltyd: a development certificate, the daemon on examples/demo.json, a signed Haravan webhook sent
#     with curl, the member it created read back through the admin API, then a graceful stop.
# Usage: tools/demo.sh [BUILD_DIR]  (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
ctl="$build/tools/loyaltyctl/loyaltyctl"
daemon="$build/tools/loyaltyd/loyaltyd"
for program in "$ctl" "$daemon"; do
  if [[ ! -x "$program" ]]; then
    echo "demo: $program not found; build first: cmake --workflow --preset build" >&2
    exit 1
  fi
done
cd "$root"
examples="$root/examples"
step() { printf '\n== %s\n' "$*"; }

db="$(mktemp -d)/demo.db"
echo "loyaltyctl database: $db"
step "put shop 'demo' (10,000 VND = 1 point)"
"$ctl" --db "$db" shop put "$examples/demo-shop.json"
step "order A-1001 paid at the counter, 1,130,000 VND"
"$ctl" --db "$db" order record demo "$examples/demo-order.json"
step "the same delivery again: nothing changes"
"$ctl" --db "$db" order record demo "$examples/demo-order.json"
step "330,000 VND refunded"
"$ctl" --db "$db" order record demo "$examples/demo-refund.json"
step "the member, found by phone in another format, and its ledger"
"$ctl" --db "$db" member show demo --phone "+84 912 345 678"
member_id="$("$ctl" --db "$db" member show demo --phone 0912345678 | sed -n 's/.*"member_id": "\([^"]*\)".*/\1/p')"
"$ctl" --db "$db" member transactions demo "$member_id"
step "maintenance: recompute every balance from the ledger"
"$ctl" --db "$db" maintenance

step "loyaltyd: a development certificate, then the daemon on examples/demo.json"
tools/dev-cert.sh
rm -f build/dev/demo.db build/dev/demo.db-wal build/dev/demo.db-shm
log="$(mktemp)"
"$daemon" --config "$examples/demo.json" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
https=(curl --silent --show-error --cacert build/dev/cert.pem)
ready=""
for _ in $(seq 100); do  # at most ~10 s for the daemon to listen
  if "${https[@]}" https://localhost:8443/healthz >/dev/null 2>&1; then ready=1; break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$ready" ]]; then
  echo "demo: loyaltyd did not start:" >&2
  cat "$log" >&2
  exit 1
fi
"${https[@]}" https://localhost:8443/healthz; echo

step "a signed Haravan webhook: order #1002 paid online (curl, the signature from the example headers)"
signature="$(sed -n 's/.*"X-Haravan-Hmacsha256": "\([^"]*\)".*/\1/p' "$examples/haravan-order-paid.headers.json")"
"${https[@]}" -X POST https://localhost:8443/webhooks/haravan/demo \
  -H "X-Haravan-Topic: orders/paid" -H "X-Haravan-Hmacsha256: $signature" \
  --data-binary "@$examples/haravan-order-paid.json"; echo

step "the member it created, through the admin API"
"${https[@]}" -H "Authorization: Bearer demo-admin-token-change-me" \
  "https://localhost:8443/api/v1/shops/demo/members?platform=haravan&customer_id=70001"; echo

step "stop: SIGTERM drains and exits 0; the request log"
kill -TERM $pid
wait $pid
trap - EXIT
cat "$log"
