#!/usr/bin/env bash
# Builds the connector fuzzers (clang, libFuzzer, ASan + UBSan) and runs them side by side for a bounded
# time, each seeded with its platform's test fixtures. Usage: tools/fuzz.sh [SECONDS]  (default 60)
# The three run at once so the wall time is SECONDS, not three times it; on two cores each gets about
# two thirds of a core. A crash leaves its input in build/fuzz/artifacts/ and fails the script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
artifacts="$root/build/fuzz/artifacts"
mkdir -p "$artifacts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A pids
for platform in haravan sapo kiotviet; do
  mkdir -p "$work/$platform"
  cp "$root/tests/fixtures/$platform"/* "$work/$platform"/
  echo "fuzz: $platform for ${seconds}s"
  "$root/build/fuzz/tests/fuzz/fuzz_$platform" "$work/$platform" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$platform-" \
    >"$work/$platform.log" 2>&1 &
  pids[$platform]=$!
done
failed=0
for platform in haravan sapo kiotviet; do
  status=0
  wait "${pids[$platform]}" || status=$?
  echo "== fuzz: $platform (exit $status)"
  tail -n 12 "$work/$platform.log"
  [ "$status" -eq 0 ] || failed=1
done
exit "$failed"
