#!/bin/sh
# Rewrites the golden images of tests/golden/ from the current code: the way to accept an
# intended change of the maps. Builds run-golden-case in BUILD (default build/), draws every
# case of tests/cases/golden/ (or the cases named) with the tests' pinned fonts, rewrites each
# image a pixel of which differs, and prints what changed. Look at the new images before
# committing them.
#
#   sh scripts/update-golden.sh [--build BUILD] [CASE...]     CASE: a name (front) or a file
set -eu
cd "$(dirname "$0")/.."
build=build
if [ "${1:-}" = "--build" ]; then
  build=$2
  shift 2
fi
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target run-golden-case >/dev/null
if [ $# -eq 0 ]; then
  set -- tests/cases/golden/*.case
fi
mkdir -p "$build/tests/tmp"
status=0
for name in "$@"; do
  case "$name" in
  *.case) file=$name ;;
  *) file=tests/cases/golden/$name.case ;;
  esac
  FL_SOURCE_DIR=$PWD FL_TEST_TMP=$PWD/$build/tests/tmp FONTCONFIG_FILE=$PWD/$build/tests/fonts.conf \
    "$build/run-golden-case" --update "$file" || status=1
done
changed=$(git status --porcelain -- tests/golden)
if [ -n "$changed" ]; then
  echo "tests/golden, against the last commit:"
  echo "$changed"
fi
exit $status
