#!/bin/sh
# A disk that fills up at many bytes of one output: every run must exit 5 with one line naming
# the file, and leave neither that file nor a temporary.
#
# usage: full-disk.sh FRONTLINE SHIM KIND   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
#   SHIM  the full-disk preload library (tests/fault/full-disk.c), or what LD_PRELOAD takes to
#         load it: "RUNTIME:SHIM" in the sanitizer build, whose runtime must come first
#   KIND  png svg pdf (render), gpkg geojson csv tsv (state), maps manifest deck sheet gif
#         video (batch)
# A first run counts the bytes the output takes (S); then the disk fills at 0, 1, 2, at
# FL_FAULT_STEPS (default 24) offsets spread over the file, at its last bytes (S-16, S-4,
# S-1), and once more with every write passing and fsync failing (an I/O error found late).
set -u
frontline=$1
shim=$2
kind=$3
steps=${FL_FAULT_STEPS:-24}
W=$FL_TEST_TMP/full-disk/$kind
rm -rf "$W" && mkdir -p "$W/out" || exit 1
cd "$FL_SOURCE_DIR" || exit 1
# under LeakSanitizer, the suppressed allocations of fontconfig are not worth a line
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
export LSAN_OPTIONS

series() {   # a series drawn beforehand, so a batch run only writes its extra file
  "$frontline" batch --from 2024-12-05 --to 2024-12-07 -j 1 -q -o "$W/series" reports/*.txt ||
    exit 1
}
case "$kind" in
  png | svg | pdf)
    target=$W/out/map.$kind
    set -- render --date 2024-12-07 -o "$target" ;;
  gpkg | geojson | csv)
    target=$W/out/state.$kind
    set -- state --date 2024-12-07 --format "$kind" -o "$target" ;;
  tsv)
    target=$W/out/state.tsv
    set -- state --date 2024-12-07 -o "$target" ;;
  maps)   # one map of a series, drawn by a worker
    target=$W/out/syria-2024-12-06.png
    set -- batch --from 2024-12-05 --to 2024-12-07 -j 2 -q -o "$W/out" ;;
  manifest)   # the series' manifest, written after each map
    target=$W/out/.frontline-batch.tsv
    set -- batch --from 2024-12-05 --to 2024-12-07 -j 1 -q -o "$W/out" ;;
  deck | sheet)
    series
    target=$W/out/$kind.$([ "$kind" = deck ] && echo pdf || echo png)
    set -- batch --from 2024-12-05 --to 2024-12-07 -j 1 -q --resume -o "$W/series" \
      "--$kind" "$target" ;;
  gif | video)
    series
    target=$W/out/series.$([ "$kind" = gif ] && echo gif || echo mp4)
    set -- batch --from 2024-12-05 --to 2024-12-07 -j 1 -q --resume -o "$W/series" \
      "--$kind" "$target" ;;
  *)
    echo "full-disk.sh: no kind '$kind'" >&2
    exit 2 ;;
esac
set -- "$@" reports/2024-12-06-homs-exode.fr.txt reports/2024-12-07-homs-controle-total.fr.txt
# what the fault counts: the target and its temporaries (.NAME.XXXXXX.part, or NAME inside a
# .frontline-output-XXXXXX folder)
pattern=$(basename "$target")

failures=0
fail() { echo "FAIL $kind: $*"; failures=$((failures + 1)); }

# the size of the output
rm -f "$W/count"
LD_PRELOAD=$shim FL_FAULT_PATH=$pattern FL_FAULT_COUNT=$W/count "$frontline" "$@" \
  >"$W/stdout" 2>"$W/stderr"
code=$?
if [ "$code" -ne 0 ] || [ ! -s "$target" ]; then
  echo "FAIL $kind: the run without a fault exits $code: $(cat "$W/stderr")"
  exit 1
fi
# bytes counted (a GeoPackage rewrites pages), or the file's size when the writer was a worker
# process (it ends with _exit: no count)
size=$(awk '{ s += $1 } END { print s + 0 }' "$W/count" 2>/dev/null || echo 0)
file_size=$(wc -c <"$target")
[ "$size" -ge "$file_size" ] || size=$file_size

offsets="0 1 2"
i=1
while [ "$i" -le "$steps" ]; do
  offsets="$offsets $((size * i / (steps + 1)))"
  i=$((i + 1))
done
offsets="$offsets $((size - 16)) $((size - 4)) $((size - 1)) fsync"

runs=0
for offset in $offsets; do
  [ "$offset" = fsync ] || [ "$offset" -ge 0 ] || continue
  runs=$((runs + 1))
  rm -rf "$W/out" && mkdir -p "$W/out"
  if [ "$offset" = fsync ]; then
    LD_PRELOAD=$shim FL_FAULT_PATH=$pattern FL_FAULT_FSYNC=1 "$frontline" "$@" \
      >"$W/stdout" 2>"$W/stderr"
  else
    LD_PRELOAD=$shim FL_FAULT_PATH=$pattern FL_FAULT_AFTER=$offset "$frontline" "$@" \
      >"$W/stdout" 2>"$W/stderr"
  fi
  code=$?
  at="at $offset of $size bytes"
  [ "$code" -eq 5 ] || fail "$at: exit $code, expected 5"
  lines=$(wc -l <"$W/stderr")
  [ "$lines" -eq 1 ] || fail "$at: $lines lines on standard error, expected one"
  grep -qF -- "$target: " "$W/stderr" ||
    fail "$at: standard error does not name $target: $(head -c 300 "$W/stderr")"
  if [ "$kind" = manifest ] && [ -e "$target" ]; then
    # the manifest is saved after each map: what is left is a whole earlier one
    awk -F '\t' 'NR == 1 && !/^# / { exit 1 }
      NR > 1 && (NF != 4 || length($2) != 64 || $2 !~ /^[0-9a-f]+$/ || $3 !~ /^[0-9]+$/ ||
                 length($4) != 64 || $4 !~ /^[0-9a-f]+$/) { exit 1 }' "$target" &&
      [ "$(tail -c 1 "$target" | od -An -c | tr -d ' ')" = '\n' ] ||
      fail "$at: $target was left incomplete"
  elif [ -e "$target" ]; then
    fail "$at: $target was left"
  fi
  left=$(find "$W" -name '*.part' -o -name '.frontline-output-*' | head -3)
  [ -z "$left" ] || fail "$at: temporaries left: $left"
  if [ "$failures" -gt 5 ]; then
    break
  fi
done
if [ "$failures" -gt 0 ]; then
  exit 1
fi
echo "ok: $kind: $runs runs over $size bytes, each exit 5 naming $(basename "$target")," \
  "nothing left: $(cat "$W/stderr")"
