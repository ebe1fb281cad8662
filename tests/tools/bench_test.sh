#!/usr/bin/env bash
# The bench programs behind issue 18's targets, run small: each prints its targets' ratios as min / median / max over
# three runs, bench_ingest's burst of 1000 new customers over 64 connections gets no error from one PostgreSQL
# instance or two, and a bad number argument is refused with the usage and exit code 2, creating nothing. The rates
# themselves are not judged here: they belong to the bench programs, on a quiet machine (bench/README.md).
# Usage: bench_test.sh BENCH_DIR WORK_DIR   (LOYALTY_TEST_STORAGE=@FILE names the test PostgreSQL server's URI)
set -uo pipefail
bin="$1"; work="$2"
rm -rf "$work" && mkdir -p "$work"
passed=0; failed=0
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }

# bench PROGRAM ARGS...: runs it, its standard output and error in $out; a nonzero exit fails.
bench() {
  local program="$1"; shift
  out="$("$bin/$program" "$@" 2>&1)"; local code=$?
  if [[ $code -ne 0 ]]; then fail "$program $* exited $code:"; echo "$out" >&2; return 1; fi
  passed=$((passed + 1))
}

# spread LABEL: the line of $out that contains LABEL holds "min / median / max", in that order; with a second
# argument "columns", its last three numbers are (bench_bulk's table).
number='[0-9]+(\.[0-9]+)?'
spread() {
  local line pattern="($number) / ($number) / ($number)"
  line="$(grep -F -- "$1" <<<"$out" | sed -n 1p)"
  [[ "${2:-}" == columns ]] && pattern="($number)[[:space:]]+($number)[[:space:]]+($number)[[:space:]]*\$"
  if [[ "$line" =~ $pattern ]]; then
    local min="${BASH_REMATCH[1]}" median="${BASH_REMATCH[3]}" max="${BASH_REMATCH[5]}"
    if awk -v a="$min" -v b="$median" -v c="$max" 'BEGIN { exit !(a <= b && b <= c) }'; then
      passed=$((passed + 1))
    else
      fail "[$1]: $min / $median / $max is not min / median / max"
    fi
  else
    fail "no min / median / max on the line [$1] in:"; echo "$out" >&2
  fi
}

# refused PROGRAM ARGS...: exit code 2, the usage on standard error, and nothing created under $work/refused.
refused() {
  local program="$1"; shift
  local err code
  err="$("$bin/$program" "$@" 2>&1 >/dev/null)"; code=$?
  if [[ $code -ne 2 ]]; then fail "$program $* exited $code, expected 2"; return; fi
  if [[ "$err" != *"usage: $program"* ]]; then fail "$program $*: no usage in [$err]"; return; fi
  if [[ -e "$work/refused" ]]; then fail "$program $* created $work/refused"; rm -rf "$work/refused"; return; fi
  passed=$((passed + 1))
}

# Target 2: record_order at 16 callers against raw SQLite at equal batch.
bench bench_ledger "$work/ledger" 20 3 && spread "  16 "

# Target 4: the bulk path, and the store at scale (small here: the issue's 10M is the program's default).
bench bench_bulk 600 "$work/bulk" 3 50 && {
  spread "pulled pages through deliver_pulled" columns
  spread "ratio: pulled pages / raw SQLite" columns
  spread "ratio: mapped pages / raw SQLite" columns
}
bench bench_scale 2000 "$work/scale" 1000 && {
  spread "ratio: webhook ingest at 2000 members / at 1000"
  grep -Eq "[0-9]+ bytes/member" <<<"$out" && passed=$((passed + 1)) || fail "bench_scale reports no size per member"
}

# Targets 1 and 3: webhooks over 64 TLS connections, on SQLite and on PostgreSQL with one instance and two.
pg_args=()
if [[ "${LOYALTY_TEST_STORAGE:-}" == @* ]]; then pg_args=(--postgresql "$(cat "${LOYALTY_TEST_STORAGE#@}")"); fi
if [[ ${#pg_args[@]} -eq 0 ]]; then
  fail "no PostgreSQL test server (LOYALTY_TEST_STORAGE=@FILE): run through ctest, whose fixture starts one"
elif bench bench_ingest 64 0.2 "$work/ingest" "${pg_args[@]}" --runs 3; then
  for storage in "sqlite              1" "postgresql          1" "postgresql          2"; do
    line="$(grep -F "$storage  " <<<"$out" | tail -1)"
    count="$(grep -Eo "$number / $number / $number" <<<"$line" | wc -l)"
    [[ $count -eq 3 ]] && passed=$((passed + 1)) ||
      fail "[$storage]: webhooks, duplicates and p99 spreads expected, got: $line"
  done
  spread "webhooks/s, PostgreSQL one instance / SQLite"
  spread "webhooks/s, PostgreSQL two instances / one"
  spread "CPU per webhook (this process), two instances / one"
  for instances in "one instance" "two instances"; do
    grep -Eq "warm-up errors \(1000 new customers\), $instances, worst run 0 " <<<"$out" &&
      passed=$((passed + 1)) || fail "the burst of new customers had errors with $instances:"$'\n'"$out"
  done
fi

# Bad numbers: refused before anything is created.
refused bench_ledger "$work/refused" 20x
refused bench_ledger "$work/refused" 20 0
refused bench_bulk abc "$work/refused"
refused bench_bulk 100 "$work/refused" 3 -5
refused bench_scale 1000 "$work/refused" 1000
refused bench_scale 99999999999999999999 "$work/refused"
refused bench_ingest 64x 1 "$work/refused"
refused bench_ingest 8 0 "$work/refused"
refused bench_ingest 8 1 "$work/refused" --pool-size many
refused bench_ingest 8 1 "$work/refused" --cases sqlite,pg3
refused bench_ingest 8 1 "$work/refused" --runs

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
