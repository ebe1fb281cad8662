#!/usr/bin/env bash
# loyaltyd as an operator runs it: starts on a config file, serves a signed webhook over TLS, exits 0 on
# SIGTERM, and after a restart still has what it acknowledged. Refuses a config without TLS. Everything it
# wrote to stderr meanwhile is one JSON object a line, with "ts" and "level".
# Usage: loyaltyd_test.sh LOYALTYD EXAMPLES_DIR WORK_DIR
set -uo pipefail
daemon="$1"; examples="$2"; work="$3"
rm -rf "$work" && mkdir -p "$work"
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else echo "FAIL: $1" >&2; failed=$((failed + 1)); fi; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
shop="$(cat "$examples/demo-shop.json")"
cat > "$work/config.json" <<JSON
{"storage": "sqlite:$work/demo.db", "shops": [$shop],
 "listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": "$work/cert.pem", "key": "$work/key.pem"}},
 "admin_token": "loyaltyd-test-admin-token"}
JSON

# start: runs the daemon and waits (bounded) for the line that gives its port.
start() {
  "$daemon" --config "$work/config.json" 2>"$work/log" &
  pid=$!
  port=""
  for _ in $(seq 200); do
    port="$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/log" | sed -n 1p)"
    [[ -n "$port" ]] && return 0
    kill -0 $pid 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
https() { curl --silent --cacert "$work/cert.pem" "$@"; }
# json_lines FILE MIN: every line a JSON object with "ts" (RFC 3339, UTC, milliseconds) and a known "level",
# and at least MIN lines (a check of no lines proves nothing); says which line is not.
json_lines() {
  python3 - "$1" "$2" <<'PY'
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for n, line in enumerate(lines, 1):
    try:
        o = json.loads(line)
    except ValueError:
        sys.exit(f"line {n} is not JSON: {line}")
    if not isinstance(o, dict) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", str(o.get("ts"))):
        sys.exit(f"line {n} has no ts like 2025-01-31T23:59:59.123Z: {line}")
    if list(o)[:2] != ["ts", "level"] or o["level"] not in ("debug", "info", "warning", "error"):
        sys.exit(f"line {n} does not begin with ts and a known level: {line}")
if len(lines) < int(sys.argv[2]):
    sys.exit(f"only {len(lines)} lines")
PY
}

help="$("$daemon" --help)"; code=$?
check "--help prints the usage and exits 0 (got $code)" '[[ $code -eq 0 && "$help" == usage:* ]]'
"$daemon" -h >/dev/null; code=$?
check "-h exits 0 (got $code)" '[[ $code -eq 0 ]]'
"$daemon" --bogus 2>/dev/null; code=$?
check "a wrong command line exits 2 (got $code)" '[[ $code -eq 2 ]]'
check "loyaltyd starts" start
check "healthz answers" '[[ "$(https https://localhost:$port/healthz)" == *ok* ]]'
signature="$(sed -n 's/.*"X-Haravan-Hmacsha256": "\([^"]*\)".*/\1/p' "$examples/haravan-order-paid.headers.json")"
out="$(https -X POST "https://localhost:$port/webhooks/haravan/demo" -H "X-Haravan-Topic: orders/paid" \
        -H "X-Haravan-Hmacsha256: $signature" --data-binary "@$examples/haravan-order-paid.json")"
check "a signed webhook is applied" '[[ "$out" == *"\"outcome\":\"applied\""* ]]'
check "one JSON log line per request, without the token or the body" \
  '[[ "$(grep -c "\"route\":" "$work/log")" -ge 2 && "$(grep -c "demo-haravan-secret\|an.nguyen" "$work/log")" -eq 0 ]]'
check "the webhook's access line names its shop" \
  'grep "\"outcome\":\"applied\"" "$work/log" | grep "\"shop_id\":\"demo\"" >/dev/null'
check "latency is a plain decimal of milliseconds, never an exponent" \
  '[[ "$(grep -c "\"latency_ms\":[0-9]*\.[0-9][0-9][0-9][,}]" "$work/log")" -eq "$(grep -c "\"route\":" "$work/log")" ]]'
# Authentic but cut short: kept in quarantine, and its access line says why.
head -c 200 "$examples/haravan-order-paid.json" > "$work/truncated.json"
cut_signature="$(openssl dgst -sha256 -hmac demo-haravan-secret -binary "$work/truncated.json" | base64 -w0)"
out="$(https -X POST "https://localhost:$port/webhooks/haravan/demo" -H "X-Haravan-Topic: orders/paid" \
        -H "X-Haravan-Hmacsha256: $cut_signature" --data-binary "@$work/truncated.json")"
check "a truncated delivery is quarantined" '[[ "$out" == *quarantine* ]]'
check "its access line carries the shop and the quarantine reason" \
  'grep "\"outcome\":\"quarantined\"" "$work/log" | grep "\"shop_id\":\"demo\"" | grep "\"quarantine_reason\":\"[^\"]" >/dev/null'
kill -TERM $pid; wait $pid; code=$?
check "SIGTERM exits 0 (got $code)" '[[ $code -eq 0 ]]'
check "the stop is logged" 'grep -q "stopped" "$work/log"'
check "every line of that run (start, requests, quarantine, stop) is JSON with ts and level" 'json_lines "$work/log" 6'

check "loyaltyd restarts on the same database" start
member="$(https -H "Authorization: Bearer loyaltyd-test-admin-token" \
           "https://localhost:$port/api/v1/shops/demo/members?platform=haravan&customer_id=70001")"
check "what was acknowledged survived the restart" '[[ "$member" == *"\"available\":65"* ]]'
patched="$(https -X PATCH -H "Authorization: Bearer loyaltyd-test-admin-token" \
            "https://localhost:$port/api/v1/shops/demo" --data '{"earn": {"spend_per_point": 5000}}')"
check "PATCH changes the running program" '[[ "$patched" == *"\"spend_per_point\":5000"* ]]'
kill -INT $pid; wait $pid; code=$?
check "SIGINT exits 0 (got $code)" '[[ $code -eq 0 ]]'

check "loyaltyd restarts with its seed in the configuration" start
shop="$(https -H "Authorization: Bearer loyaltyd-test-admin-token" "https://localhost:$port/api/v1/shops/demo")"
check "the seed did not revert the stored program" '[[ "$shop" == *"\"spend_per_point\":5000"* ]]'
check "start-up says the stored program differs from its seed" 'grep -q "differs from its seed" "$work/log"'
check "that warning is a line like the others" 'grep "differs from its seed" "$work/log" | grep "^{\"ts\":\"[^\"]*\",\"level\":\"warning\"" >/dev/null'
kill -TERM $pid; wait $pid
check "every line of that run (start, seed warning, requests, stop) is JSON with ts and level" 'json_lines "$work/log" 5'

cat > "$work/plain.json" <<JSON
{"storage": "sqlite:$work/demo.db", "listen": {"address": "127.0.0.1", "port": 0},
 "admin_token": "loyaltyd-test-admin-token"}
JSON
"$daemon" --config "$work/plain.json" 2>"$work/plain.log"; code=$?
check "no TLS and no insecure_http: refuses to start" '[[ $code -eq 1 ]] && grep -q insecure_http "$work/plain.log"'
check "the refusal is one JSON line with ts and level error" \
  'json_lines "$work/plain.log" 1 && [[ "$(wc -l < "$work/plain.log")" -eq 1 ]] && grep -q "\"level\":\"error\"" "$work/plain.log"'
"$daemon" 2>/dev/null; code=$?
check "usage error exits 2" '[[ $code -eq 2 ]]'

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
