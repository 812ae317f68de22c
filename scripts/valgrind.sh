#!/bin/sh
# A full batch of the example reports under valgrind memcheck: the frames drawn in the process
# (-j 1, the map prepared afresh and written to an empty cache), then by two forked workers
# (--trace-children=yes, the map read from that cache), with the deck, the animation and the
# contact sheet. Prints each process's error and leak summary; exits non-zero on a memory
# error or a definite leak. Slow (minutes): run on purpose, not by ctest.
#
#   sh scripts/valgrind.sh [BUILD_DIR]     (default build/, made by scripts/setup.sh)
#
# GLib, fontconfig, Pango, GDAL and PROJ keep one-time allocations until the process ends:
# valgrind counts them as "still reachable" or "possibly lost" (pointers into the middle of
# their blocks), which is not a leak of frontline's. fontconfig's own allocations that memcheck
# takes for lost (it keeps pointers as offsets) are suppressed: tests/valgrind.supp.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
frontline=$build/frontline
[ -x "$frontline" ] || { echo "valgrind.sh: no $frontline (run scripts/setup.sh)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
# a cache of its own, empty: the first batch prepares the map and writes the cache, the second
# reads it, so both ways are checked whatever the user's cache holds
export FRONTLINE_CACHE_DIR="$out/cache"

status=0
for jobs in 1 2; do
  log="$out/j$jobs"
  mkdir -p "$log"
  # GLib's allocator straight to malloc, so valgrind sees every block
  G_SLICE=always-malloc G_DEBUG=gc-friendly valgrind --tool=memcheck --trace-children=yes \
    --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --num-callers=30 --suppressions=tests/valgrind.supp --log-file="$log/%p.log" \
    "$frontline" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png \
    -j "$jobs" -q --deck "$out/deck.pdf" --gif "$out/offensive.gif" --sheet "$out/sheet.png" \
    -o "$out/maps-j$jobs" || status=1
  for file in "$log"/*.log; do
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$file")
    definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$file")
    suppressed=$(sed -n 's/.*suppressed: \([0-9,]*\) bytes.*/\1/p' "$file")
    echo "-j $jobs, process $(basename "$file" .log): ${errors:-?} errors, ${definite:-0} bytes" \
      "definitely lost (${suppressed:-0} bytes of fontconfig's suppressed)"
    if [ "${errors:-1}" != 0 ] || [ "${definite:-0}" != 0 ]; then
      status=1
      grep -A 20 -E 'are definitely lost|^==[0-9]*== (Invalid|Conditional|Use of|Syscall|Mismatched)' \
        "$file" | head -60
    fi
  done
done
[ "$status" -eq 0 ] && echo "valgrind: no error, no definite leak" || echo "valgrind: problems above"
exit "$status"
