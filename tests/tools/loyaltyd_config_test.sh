#!/usr/bin/env bash
# loyaltyd's configuration file as an operator writes it: a JSON mistake is named by line and column; relative
# paths are taken from the file's folder, whatever folder loyaltyd starts in; "log_level" leaves out the lines
# below it.
# Usage: loyaltyd_config_test.sh LOYALTYD EXAMPLES_DIR WORK_DIR
set -uo pipefail
daemon="$1"; examples="$2"; work="$3"
rm -rf "$work" && mkdir -p "$work/conf/tls" "$work/conf/data" "$work/elsewhere"
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else echo "FAIL: $1" >&2; failed=$((failed + 1)); fi; }
token="loyaltyd-test-admin-token"

# A JSON mistake: line 3 lacks the comma after it, so the parser stops at line 4, column 2.
printf '{\n "storage": "sqlite:x.db",\n "admin_token": "%s"\n "listen": {"port": 0}\n}\n' "$token" > "$work/broken.json"
(cd "$work" && "$daemon" --config broken.json 2>"$work/broken.log"); code=$?
check "a syntax error exits 1 (got $code)" '[[ $code -eq 1 ]]'
check "it names the file, line and column: broken.json:4:2: expected ','" \
  'grep -q "broken.json:4:2: expected '"','"'" "$work/broken.log"'
check "as one JSON line at level error" \
  '[[ "$(wc -l < "$work/broken.log")" -eq 1 ]] && grep -q "^{\"ts\":\"[^\"]*\",\"level\":\"error\"" "$work/broken.log"'
check "nothing was created for the broken configuration" '[[ ! -e "$work/x.db" ]]'
printf '{"storage": "sqlite:x.db",\n  "storage": "sqlite:y.db"}' > "$work/twice.json"
(cd "$work" && "$daemon" --config twice.json 2>"$work/twice.log"); code=$?
check "a key given twice is refused by its place (got $code)" \
  '[[ $code -eq 1 ]] && grep -q "twice.json:2:3: \\\\\"storage\\\\\" is given twice" "$work/twice.log"'

# Relative paths everywhere the configuration names a file, read from another folder.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/conf/tls/key.pem" -out "$work/conf/cert.pem" 2>/dev/null
head -c 32 /dev/urandom > "$work/conf/token.key" && chmod 600 "$work/conf/token.key"
shop="$(cat "$examples/demo-shop.json")"
write_config() {  # LOG_LEVEL
  cat > "$work/conf/config.json" <<JSON
{"storage": "sqlite:data/loyalty.db", "shops": [$shop], "log_level": "$1",
 "listen": {"address": "127.0.0.1", "port": $port, "tls": {"cert": "cert.pem", "key": "tls/key.pem"}},
 "apps": {"public_url": "https://loyalty.example.vn", "token_key_file": "token.key", "ca_file": "cert.pem"},
 "notifications": {"ca_file": "./cert.pem"},
 "admin_token": "$token"}
JSON
}
# A free port, chosen here: at level warning loyaltyd does not log the line that says its port.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
https() { curl --silent --cacert "$work/conf/cert.pem" "$@"; }
# start: from the other folder, with the configuration named relative to it; waits (bounded) for /healthz.
start() {
  (cd "$work/elsewhere" && exec "$daemon" --config ../conf/config.json) 2>"$work/log" &
  pid=$!
  for _ in $(seq 200); do
    [[ "$(https "https://localhost:$port/healthz")" == *ok* ]] && return 0
    kill -0 $pid 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
stop() { kill -TERM $pid; wait $pid; }

write_config info
check "started from another folder, it finds the certificate, key, token key and CA files" start
check "the database is in the configuration's folder" '[[ -e "$work/conf/data/loyalty.db" ]]'
check "and nowhere near the working folder" '[[ -z "$(ls -A "$work/elsewhere")" ]]'
patched="$(https -X PATCH -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/shops/demo" \
            --data '{"earn": {"spend_per_point": 5000}}')"
check "the stored program changes, so its seed now differs" '[[ "$patched" == *"\"spend_per_point\":5000"* ]]'
stop; code=$?
check "SIGTERM exits 0 (got $code)" '[[ $code -eq 0 ]]'
check "at level info, start, requests and stop are logged" \
  '[[ "$(grep -c "\"level\":\"info\"" "$work/log")" -ge 5 ]]'

write_config warning
check "loyaltyd starts at log_level warning" start
check "it serves as before" '[[ "$(https -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/shops/demo")" == *5000* ]]'
stop; code=$?
check "SIGTERM exits 0 (got $code)" '[[ $code -eq 0 ]]'
check "the seed's warning is written" 'grep -q "\"level\":\"warning\".*differs from its seed" "$work/log"'
check "no info line is: not the start, the requests nor the stop" '! grep -q "\"level\":\"info\"" "$work/log"'

write_config loud
(cd "$work/elsewhere" && "$daemon" --config ../conf/config.json 2>"$work/loud.log"); code=$?
check "an unknown log_level is refused (got $code)" '[[ $code -eq 1 ]] && grep -q "log_level must be" "$work/loud.log"'

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
