#!/bin/sh
# Runs the libFuzzer targets (tests/fuzz/fuzz-<target>.c), one after the other, each on a
# scratch copy of its seed corpus plus its regressions.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60; every target by default
#   FL_FUZZ_WORK=DIR    keep the scratch corpora, logs and findings there (default: a temporary
#                       folder, removed at the end unless there is a finding)
# Builds build-fuzz/ (clang, FL_FUZZ=ON) when needed. Prints one row per target: executions,
# executions per second, new corpus entries, corpus size, edges covered, findings. Exits 1 on
# any finding (crash, leak, sanitizer report, GLib critical, timeout over 10 s, 2 GB of memory),
# 2 when it cannot run. A finding's input is kept in the work folder: fix the library, then
# copy the input to tests/fuzz/regressions/<target>/ so every build replays it.
set -eu
cd "$(dirname "$0")/.."
all="report manifest gazetteer factions lexicon style pipeline corrections theatre"
seconds=60
if [ $# -gt 0 ]; then
  seconds=$1
  shift
fi
targets=${*:-$all}
case "$seconds" in
  '' | *[!0-9]*) echo "fuzz.sh: '$seconds' is not a number of seconds" >&2; exit 2 ;;
esac
for t in $targets; do
  case " $all " in
    *" $t "*) ;;
    *) echo "fuzz.sh: no fuzz target '$t' (targets: $all)" >&2; exit 2 ;;
  esac
done
if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz.sh: clang is needed (sh scripts/deps.sh --test installs it)" >&2
  exit 2
fi

programs=$(for t in $targets; do printf 'fuzz-%s ' "$t"; done)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFL_FUZZ=ON >/dev/null
# shellcheck disable=SC2086
cmake --build build-fuzz -j2 --target $programs >/dev/null

if [ -n "${FL_FUZZ_WORK:-}" ]; then
  work=$FL_FUZZ_WORK
  mkdir -p "$work"
  keep=yes
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/frontline-fuzz.XXXXXX")
  keep=no
fi

export FL_SOURCE_DIR="$PWD"
export G_DEBUG=fatal-criticals
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

findings=0
printf '%-10s %8s %10s %8s %8s %7s %6s %s\n' target seconds execs exec/s new corpus edges findings
for t in $targets; do
  dir="$work/$t"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/findings"
  cp tests/fuzz/corpus/"$t"/* "$dir/corpus/"
  set -- "$dir/corpus"
  if [ -d "tests/fuzz/regressions/$t" ]; then
    set -- "$@" "tests/fuzz/regressions/$t"
  fi
  if [ -f "tests/fuzz/$t.dict" ]; then
    set -- "-dict=tests/fuzz/$t.dict" "$@"
  fi
  status=0
  "./build-fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/findings/" "$@" \
    >"$dir/log" 2>&1 || status=$?
  stat() { sed -n "s/^stat::$1: *//p" "$dir/log" | tail -n 1; }
  execs=$(stat number_of_executed_units)
  rate=$(stat average_exec_per_sec)
  new=$(stat new_units_added)
  edges=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' "$dir/log" | tail -n 1)
  size=$(find "$dir/corpus" -type f | wc -l)
  found=$(find "$dir/findings" -type f ! -name 'slow-unit-*' | wc -l)
  if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then
    found=1   # a crash that left no input (set-up failure, a signal): see the log
  fi
  printf '%-10s %8s %10s %8s %8s %7s %6s %s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" \
    "${new:-?}" "$size" "${edges:-?}" "$found"
  if [ "$found" -gt 0 ]; then
    findings=$((findings + found))
    keep=yes
    echo "fuzz.sh: $t: $found finding(s): log $dir/log, inputs in $dir/findings/" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*CRITICAL|.*ERROR:|.*\*\*)' "$dir/log" |
      head -n 8 >&2 || true
  fi
done
if [ "$keep" = no ]; then
  rm -rf "$work"
fi
if [ "$findings" -gt 0 ]; then
  echo "fuzz.sh: $findings finding(s); kept in $work" >&2
  exit 1
fi
