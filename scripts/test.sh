#!/bin/sh
# The README's second command: installs what is missing, builds, and runs the whole test
# suite twice: a normal build, then an AddressSanitizer + UndefinedBehaviorSanitizer build;
# then every fuzz target briefly (4 s each) on its corpus and regressions.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
(cd build && ctest --output-on-failure -j"$jobs")
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DFL_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j"$jobs" >/dev/null
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp" ctest --output-on-failure -j"$jobs")
sh scripts/fuzz.sh 4
