#!/usr/bin/env bash
# Builds the connector fuzzers (clang, libFuzzer, ASan + UBSan) and runs each for a bounded time,
# seeded with the test fixtures. Usage: tools/fuzz.sh [SECONDS_PER_TARGET]  (default 60)
# A crash leaves its input in build/fuzz/artifacts/ and fails the script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
artifacts="$root/build/fuzz/artifacts"
mkdir -p "$artifacts"
for platform in haravan sapo kiotviet; do
  corpus="$(mktemp -d)"
  cp "$root/tests/fixtures/$platform"/* "$corpus"/
  echo "fuzz: $platform for ${seconds}s"
  "$root/build/fuzz/tests/fuzz/fuzz_$platform" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$platform-" 2>&1 | tail -n 12
  rm -rf "$corpus"
done
