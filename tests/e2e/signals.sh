#!/bin/sh
# One signal policy for every command: SIGINT, SIGTERM and SIGHUP remove the files being
# written and exit 130; SIGPIPE does the same and exits 141. The signal comes in the middle of
# writing the output (the full-disk preload, tests/fault/full-disk.c, sends it when a write
# reaches byte 10,000 of it), so that there is always a temporary file to remove; a table to a
# pipe whose reader has left gets SIGPIPE from the system.
# usage: signals.sh FRONTLINE SHIM   (FL_SOURCE_DIR and FL_TEST_TMP in the environment; SHIM as
# full-disk.sh takes it)
e2e_name=e2e-signals
. "$(dirname "$0")/lib.sh"
shim=$2
reports="reports/2024-12-06-homs-exode.fr.txt reports/2024-12-07-homs-controle-total.fr.txt"
INT=2 HUP=1 PIPE=13 TERM=15

# interrupted SIGNAL CODE TARGET ARGS...: frontline ARGS, signal SIGNAL (a number) at byte
# 10,000 of TARGET: exit CODE, neither TARGET nor a temporary left
interrupted() {
  signal=$1 code=$2 target=$3
  shift 3
  rm -rf "$work/out" && mkdir -p "$work/out"
  # shellcheck disable=SC2086
  LD_PRELOAD=$shim FL_FAULT_PATH=$(basename "$target") FL_FAULT_AFTER=${AT:-10000} \
    FL_FAULT_RAISE=$signal "$frontline" "$@" $reports >"$work/stdout" 2>"$work/stderr"
  got=$?
  what="frontline $1 (signal $signal)"
  [ "$got" -eq "$code" ] && ok || fail "$what: exit $got, expected $code: $(cat "$work/stderr")"
  [ ! -e "$target" ] && ok || fail "$what: $target was left"
  left=$(find "$work" -name '*.part' -o -name '.frontline-output-*' -o -name '*-journal' |
    head -3)
  [ -z "$left" ] && ok || fail "$what: temporaries left: $left"
}

interrupted $INT 130 "$work/out/map.png" render --date 2024-12-07 -o "$work/out/map.png"
interrupted $TERM 130 "$work/out/map.svg" render --date 2024-12-07 -o "$work/out/map.svg"
interrupted $HUP 130 "$work/out/map.pdf" render --date 2024-12-07 -o "$work/out/map.pdf"
interrupted $PIPE 141 "$work/out/map.png" render --date 2024-12-07 -o "$work/out/map.png"
interrupted $INT 130 "$work/out/state.gpkg" state --date 2024-12-07 --format gpkg \
  -o "$work/out/state.gpkg"
interrupted $TERM 130 "$work/out/zones.geojson" state --date 2024-12-07 --format geojson \
  --layer zones -o "$work/out/zones.geojson"
interrupted $TERM 130 "$work/out/state.tsv" state --date 2024-12-07 -o "$work/out/state.tsv"
AT=100 interrupted $INT 130 "$work/out/events.tsv" events -o "$work/out/events.tsv"

# batch: the signal while the second map is written; the series stops after it, whole
for signal in $INT $TERM $PIPE; do
  code=130
  [ "$signal" = "$PIPE" ] && code=141
  interrupted $signal $code "$work/out/deck.pdf" batch --from 2024-12-05 --to 2024-12-07 \
    -j 1 -q --deck "$work/out/deck.pdf" -o "$work/out/series"
  for map in "$work"/out/series/*.png; do
    [ -e "$map" ] || continue
    tail -c 12 "$map" | od -An -tx1 | tr -d ' \n' | grep -q '49454e44ae426082$' && ok ||
      fail "batch (signal $signal): $map is cut short"
  done
done

# a table to a pipe whose reader has left: 141, nothing on standard error
for command in places events "state --date 2024-12-07" "timeline Homs"; do
  # shellcheck disable=SC2086
  { "$frontline" $command $reports 2>"$work/stderr"; echo $? >"$work/code"; } | true
  got=$(cat "$work/code")
  [ "$got" = 141 ] && ok || fail "frontline $command | (closed): exit $got, expected 141"
  [ ! -s "$work/stderr" ] && ok || fail "frontline $command | (closed): $(cat "$work/stderr")"
done
{ "$frontline" batch --from 2024-12-07 --to 2024-12-07 -o "$work/pipe" $reports \
  2>"$work/stderr"; echo $? >"$work/code"; } | true
[ "$(cat "$work/code")" = 141 ] && ok ||
  fail "frontline batch | (closed): exit $(cat "$work/code"), expected 141: $(cat "$work/stderr")"

e2e_summary
