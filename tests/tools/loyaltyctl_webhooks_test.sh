#!/usr/bin/env bash
# loyaltyctl's webhook, quarantine and events commands, as an operator uses them, on the example Haravan
# delivery.
# Usage: loyaltyctl_webhooks_test.sh LOYALTYCTL EXAMPLES_DIR WORK_DIR
set -uo pipefail
source "$(dirname "$0")/cli_harness.sh" "$@"

# Haravan's signature: base64(HMAC-SHA256(body, secret)), made here with openssl, not with the library.
signed_headers() {
  local sig
  sig="$(openssl dgst -sha256 -hmac demo-haravan-secret -binary "$1" | base64 -w0)"
  printf '{"X-Haravan-Topic": "orders/paid", "X-Haravan-Hmacsha256": "%s"}' "$sig" > "$2"
}

headers="$examples/haravan-order-paid.headers.json"
body="$examples/haravan-order-paid.json"
# The demo shop with an endpoint that wants points.earned (nothing sends here: loyaltyctl has no notifier).
sed 's|"shop_id": "demo",|"shop_id": "demo", "notifications": {"endpoints": [{"url": "https://127.0.0.1:9/hooks", "secret": "cli-endpoint-secret-0123"}]},|' \
  "$examples/demo-shop.json" > "$work/demo-shop.json"
run 0 shop put "$work/demo-shop.json"
run 0 webhook ingest haravan demo "$headers" "$body"
expect '"outcome": "applied"' "$out" "a signed delivery is applied"
expect '"points_delta": 65' "$out" "650,000 VND after discount, shipping excluded, earns 65"
run 0 webhook ingest haravan demo "$headers" "$body"
expect '"outcome": "duplicate"' "$out" "the platform's retry is a duplicate"

sed 's/650000.0000/950000.0000/' "$body" > "$work/forged.json"
run 1 webhook ingest haravan demo "$headers" "$work/forged.json"
expect 'loyaltyctl: unauthenticated:' "$err" "a body changed after signing is refused"
run 1 webhook ingest kiotviet demo "$headers" "$body"
expect 'loyaltyctl: unauthenticated:' "$err" "a Haravan signature does not pass as KiotViet's"
run 1 webhook ingest shopee demo "$headers" "$body"
expect 'loyaltyctl: not_found:' "$err" "an unknown platform"

head -c 200 "$body" > "$work/truncated.json"
signed_headers "$work/truncated.json" "$work/truncated.headers.json"
run 1 webhook ingest haravan demo "$work/truncated.headers.json" "$work/truncated.json"
expect 'loyaltyctl: invalid_argument:' "$err" "an authenticated but truncated delivery is refused"
expect 'quarantine as 1' "$err" "and kept in quarantine"
run 0 quarantine list
expect '"quarantine_id": 1' "$out" "the operator sees it"
expect '"platform": "haravan"' "$out" "with its platform"
run 1 quarantine replay 1
expect 'invalid_argument' "$err" "replaying what is still unreadable fails and keeps it"
run 0 quarantine list --shop demo; expect '"quarantine_id": 1' "$out" "still quarantined"
run 0 quarantine dismiss 1 "truncated in transit; the platform resent it"
run 0 quarantine list; expect '"deliveries": []' "$out" "dismissed deliveries leave the open list"
run 0 quarantine list --all; expect '"resolution": "dismissed: truncated in transit' "$out" "but stay on record"
run 1 quarantine replay 1; expect 'loyaltyctl: conflict:' "$err" "a resolved delivery is not replayed"
run 2 quarantine replay one; expect 'needs an integer' "$err" "a non-numeric id"

run 0 events list demo
expect '"type": "points.earned"' "$out" "the applied order's event waits for its endpoint"
expect '"pending": 1' "$out" "one delivery in the backlog"
run 0 events list demo --status failed; expect '"deliveries": []' "$out" "none has failed"
run 0 events replay demo 1; expect '"replayed": []' "$out" "a pending delivery is not replayed"
run 2 events replay demo one; expect 'needs an integer' "$err" "a non-numeric event id"
run 2 events list demo --status lost; expect 'lost' "$err" "an unknown status"
run 1 events list nowhere; expect 'loyaltyctl: not_found:' "$err" "an unknown shop"

run 0 member show demo --platform haravan --customer-id 70001
expect '"available": 65' "$out" "only the genuine delivery counted"
run 0 maintenance; expect '"ledger_consistent": true' "$out" "the ledger checks out"

finish
