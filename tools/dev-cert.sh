#!/usr/bin/env bash
# A self-signed development certificate for localhost, for running loyaltyd locally. Never use it in
# production, and never commit it. Usage: tools/dev-cert.sh [DIR]  (default build/dev)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/build/dev}"
mkdir -p "$dir"
if [[ -s "$dir/cert.pem" && -s "$dir/key.pem" ]]; then
  echo "dev-cert: $dir/cert.pem exists"
  exit 0
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
echo "dev-cert: wrote $dir/cert.pem and $dir/key.pem"
