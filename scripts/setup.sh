#!/bin/sh
# The README's first command: installs what is missing, builds, and draws the maps of the
# bundled example reports into out/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p out
for ext in png svg pdf; do
  ./build/frontline render --date 2024-12-07 -o "out/syria-2024-12-07.$ext" reports/*.txt
done
./build/frontline state --date 2024-12-07 reports/*.txt > out/syria-2024-12-07.tsv
echo "frontline: maps of 2024-12-07 in out/: $(cd out && ls syria-2024-12-07.* | tr '\n' ' ')"
