#!/bin/sh
# Runs one row of the bad-input matrix (tests/cases/bad-input/*.case) against the executable:
# the exit code, one line on standard error with the expected words, and no output or partial
# file left behind.
#
# usage: bad-input.sh FRONTLINE CASE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
#
# A case is lines "directive: value" ('#' lines are comments), run from the source folder with
# $W a fresh scratch folder (holding an empty folder $W/out), $SRC the source folder and
# $FRONTLINE the executable:
#   setup: SHELL          prepares files (repeatable, in order)
#   run: ARGUMENTS        the frontline arguments, as shell words
#   stdout: PATH          standard output goes there (default: a file of the scratch folder)
#   limit-file: BLOCKS    the largest file the command may write (ulimit -f): a full disk
#   interrupt: SECONDS    SIGINT after that long, as Ctrl-C would
#   skip-as-root: WHY     skipped (exit 77) when run as root, whom permissions do not stop
#   exit: CODE            the exit code expected
#   message: TEXT         words standard error must hold (repeatable)
#   absent: PATH          must not exist afterwards (repeatable)
#   complete: GLOB        every PNG file it matches must be whole
# Always checked: $W/out is empty (or gone), and no temporary file (*.part,
# .frontline-output-*) is left anywhere in $W.
set -u
# under LeakSanitizer, the suppressed one-time allocations of fontconfig are not worth a line
# on standard error, where the checks expect one
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
export LSAN_OPTIONS
frontline=$1
case_file=$2
SRC=$FL_SOURCE_DIR
name=$(basename "$case_file" .case)
W=$FL_TEST_TMP/bad-input/$name
FRONTLINE=$frontline
export W SRC FRONTLINE
rm -rf "$W" && mkdir -p "$W/out" || exit 1
cd "$SRC" || exit 1

value() { sed -n "s/^$1: //p" "$case_file"; }

failures=0
fail() { echo "FAIL $name: $*"; failures=$((failures + 1)); }

if [ -n "$(value skip-as-root)" ] && [ "$(id -u)" -eq 0 ]; then
  echo "skipped as root: $(value skip-as-root)"
  exit 77
fi
value setup >"$W/setup.sh"
if ! sh -e "$W/setup.sh"; then
  echo "FAIL $name: setup failed"
  exit 1
fi

run=$(value run)
stdout=$(value stdout)
[ -n "$stdout" ] || stdout="$W/stdout"
eval "stdout=\"$stdout\""
limit=$(value limit-file)
interrupt=$(value interrupt)
# the command, in a shell of its own for the file size limit (SIGXFSZ ignored: a write past
# the limit fails with EFBIG, as on a full disk)
eval "set -- $run"
if [ -n "$limit" ]; then
  (trap '' XFSZ; ulimit -f "$limit"; exec "$frontline" "$@") >"$stdout" 2>"$W/stderr" &
else
  "$frontline" "$@" >"$stdout" 2>"$W/stderr" &
fi
pid=$!
if [ -n "$interrupt" ]; then
  sleep "$interrupt"
  kill -INT "$pid"
fi
wait "$pid"
code=$?

expected=$(value exit)
[ "$code" -eq "$expected" ] || fail "exit $code, expected $expected"
lines=$(wc -l <"$W/stderr")
[ "$lines" -eq 1 ] || fail "$lines lines on standard error, expected one"
head -1 "$W/stderr" | grep -q '^frontline' || fail "standard error does not start with 'frontline'"
value message >"$W/messages"
while IFS= read -r needle; do
  eval "needle=\"$needle\""
  grep -qF -- "$needle" "$W/stderr" || fail "standard error lacks '$needle'"
done <"$W/messages"
value absent >"$W/absent"
while IFS= read -r path; do
  eval "path=\"$path\""
  [ ! -e "$path" ] || fail "$path was left"
done <"$W/absent"
if [ -d "$W/out" ] && [ -n "$(ls -A "$W/out")" ]; then
  fail "left in the output folder: $(ls -A "$W/out" | tr '\n' ' ')"
fi
left=$(find "$W" -name '*.part' -o -name '.frontline-output-*' | head -5)
[ -z "$left" ] || fail "temporary files left: $left"
complete=$(value complete)
if [ -n "$complete" ]; then
  for file in $(eval "echo $complete"); do
    [ -e "$file" ] || continue
    tail -c 12 "$file" | od -An -tx1 | tr -d ' \n' | grep -q '49454e44ae426082$' ||
      fail "$file is cut short"
  done
fi
if [ "$failures" -gt 0 ]; then
  echo "stderr: $(cat "$W/stderr")"
  exit 1
fi
echo "ok: $(cat "$W/stderr")"
