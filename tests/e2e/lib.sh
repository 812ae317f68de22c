# lib.sh - what the end-to-end scripts share, sourced with the executable as $1: a fresh
# scratch folder $work ($FL_TEST_TMP/NAME, NAME given as $e2e_name), the source folder as the
# current one, counts of checks with ok and fail, expect_exit, and e2e_summary to end with.
set -u
# under LeakSanitizer, the suppressed one-time allocations of fontconfig are not worth a line
# on standard error, where the checks expect one
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
export LSAN_OPTIONS
frontline=$1
src=$FL_SOURCE_DIR
work=$FL_TEST_TMP/$e2e_name
rm -rf "$work" && mkdir -p "$work"
cd "$src" || exit 1
failures=0
passed=0

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_exit CODE NEEDLE ARGS... : runs frontline, checks the exit code and that stderr is one
# line containing NEEDLE
expect_exit() {
  code=$1 needle=$2
  shift 2
  "$frontline" "$@" >"$work/stdout" 2>"$work/stderr"
  got=$?
  lines=$(wc -l <"$work/stderr")
  if [ "$got" -ne "$code" ]; then
    fail "frontline $*: exit $got, expected $code; stderr: $(cat "$work/stderr")"
  elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$work/stderr"; then
    fail "frontline $*: stderr lacks '$needle': $(cat "$work/stderr")"
  elif [ "$code" -ne 0 ] && [ "$lines" -ne 1 ]; then
    fail "frontline $*: $lines lines on stderr, expected one: $(cat "$work/stderr")"
  else
    ok
  fi
}

# The counts, and the script's exit status: 0 when nothing failed.
e2e_summary() {
  echo "$passed passed, $failures failed"
  [ "$failures" -eq 0 ]
}
