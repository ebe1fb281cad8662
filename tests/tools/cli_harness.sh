# Sourced by the loyaltyctl tests. Usage in a test: source this with LOYALTYCTL EXAMPLES_DIR WORK_DIR as "$@".
# Sets $ctl, $examples, $work and a fresh $db; run and expect count passes and failures; finish reports them.
ctl="$1"; examples="$2"; work="$3"
rm -rf "$work" && mkdir -p "$work"
db="$work/test.db"
passed=0; failed=0

# run EXPECTED_EXIT ARGS...: runs loyaltyctl, keeps stdout in $out and stderr in $err.
run() {
  local expected="$1"; shift
  out="$("$ctl" --db "$db" "$@" 2>"$work/stderr")"; local code=$?
  err="$(cat "$work/stderr")"
  if [[ $code -ne $expected ]]; then
    echo "FAIL: loyaltyctl $* exited $code, expected $expected; stderr: $err" >&2
    failed=$((failed + 1)); return 1
  fi
  passed=$((passed + 1))
}
# expect TEXT HAYSTACK DESCRIPTION
expect() {
  if [[ "$2" == *"$1"* ]]; then passed=$((passed + 1)); else
    echo "FAIL: $3: expected to find [$1] in:" >&2; echo "$2" >&2; failed=$((failed + 1)); fi
}
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
