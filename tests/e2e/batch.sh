#!/bin/sh
# batch on a terminal: the progress line counts the deck's pages and the animation's frames,
# and says 0:00 left only at the end; the summary times the deck and the animation.
# usage: batch.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-batch
. "$(dirname "$0")/lib.sh"

expect() {
  if [ "$2" = "$3" ]; then ok; else fail "$1: got '$3', expected '$2'"; fi
}

# --- the progress line on a terminal: the deck's pages and the animation's frames counted,
# 0:00 left only at the end; the summary times them
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "'$frontline' batch reports/*.txt --from 2024-12-05 --to 2024-12-08 -j 2 \
    --deck '$work/progress/deck.pdf' --gif '$work/progress/offensive.gif' \
    -o '$work/progress'" /dev/null >"$work/terminal" 2>&1
  expect "under a terminal: exit" 0 $?
  tr '\r' '\n' <"$work/terminal" | grep ' left' >"$work/progress.txt"
  grep -q ' maps  deck 5/5 ' "$work/progress.txt" && ok ||
    fail "no progress line for the deck's last page: $(cat "$work/progress.txt")"
  grep -q ' maps  animation 4/4 ' "$work/progress.txt" && ok ||
    fail "no progress line for the animation's last frame: $(cat "$work/progress.txt")"
  expect "0:00 left before the end" "" "$(sed '$d' "$work/progress.txt" | grep '0:00 left')"
  tail -1 "$work/progress.txt" | grep -q '0:00 left' && ok ||
    fail "the last progress line: $(tail -1 "$work/progress.txt")"
  grep -q '^deck [0-9.]* s, animation [0-9.]* s: [0-9.]* s in all' "$work/terminal" && ok ||
    fail "the summary does not time the deck and the animation: $(tail -2 "$work/terminal")"
fi

e2e_summary
