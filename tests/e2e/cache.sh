#!/bin/sh
# The cache of prepared maps end to end: a FIFO in place of a cache file is ignored and
# replaced, not waited on; two builds sharing a folder keep a file each; the folder stays under
# $FRONTLINE_CACHE_MAX, the least recently used files going first; cache info and clear.
# usage: cache.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-cache
. "$(dirname "$0")/lib.sh"

cache=$work/cache
export FRONTLINE_CACHE_DIR="$cache"
reports="reports/2024-12-06-homs-exode.fr.txt reports/2024-12-07-homs-controle-total.fr.txt"
# shellcheck disable=SC2086
draw() { "$frontline" render --date 2024-12-07 -o "$@" $reports; }
info() { "$frontline" cache info | sed -n "s/^$1\t//p"; }
inode() { ls -i "$1" | cut -d ' ' -f 1; }

# --- cache info and clear
[ "$(info files)" = 0 ] && [ "$(info bytes)" = 0 ] && ok || fail "cache info of no folder"
[ "$(info limit)" = 536870912 ] && ok || fail "the default bound: $(info limit)"
[ "$(FRONTLINE_CACHE_MAX=3 "$frontline" cache info | sed -n 's/^limit\t//p')" = 3145728 ] &&
  ok || fail "FRONTLINE_CACHE_MAX=3: not 3 MiB"
draw "$work/first.png" && ok || fail "a map from an empty cache"
[ "$(info files)" = 2 ] && [ "$(info bytes)" = "$(cat "$cache"/map-* | wc -c)" ] && ok ||
  fail "cache info: $(info files) files, $(info bytes) bytes for: $(ls -l "$cache")"
expect_exit 2 "give info or clear (not 'wipe')" cache wipe
echo "mine" >"$cache/notes.txt"
"$frontline" cache clear >"$work/clear" && grep -q '^removed	2 files' "$work/clear" && ok ||
  fail "cache clear: $(cat "$work/clear")"
[ "$(ls "$cache")" = notes.txt ] && ok || fail "cache clear left or removed: $(ls "$cache")"
[ "$(info files)" = 0 ] && ok || fail "cache info after clear: $(info files) files"
rm "$cache/notes.txt"
FRONTLINE_CACHE_DIR=off "$frontline" cache info | grep -q '^folder	off$' && ok ||
  fail "cache info with FRONTLINE_CACHE_DIR=off"

# --- a FIFO in place of the cache files: ignored (no wait for a writer), replaced by files
draw "$work/first.png" || fail "a map to fill the cache"
for file in "$cache"/map-*; do
  rm "$file" && mkfifo "$file"
done
timeout 120 "$frontline" render --date 2024-12-07 -o "$work/fifo.png" $reports \
  2>"$work/stderr"
code=$?
[ "$code" -eq 0 ] && ok || fail "a FIFO as a cache file: exit $code: $(cat "$work/stderr")"
cmp -s "$work/first.png" "$work/fifo.png" && ok || fail "a FIFO as a cache file: another map"
for file in "$cache"/map-*; do
  [ -f "$file" ] && ok || fail "$file was not replaced by a file"
done

# --- two builds sharing the folder (a copy of the program is another build: its identity is
# part of the key): a file each, neither replaced when the other draws
"$frontline" cache clear >/dev/null
other=$work/other-build
mkdir -p "$other"
cp "$frontline" "$(dirname "$frontline")"/libfrontline-*.so "$other/"
cp -R "$(dirname "$frontline")/share" "$other/"   # its data folder: links to the source's
draw "$work/a.png" || fail "build A"
first=$(ls "$cache"/map-*.cache)
before=$(inode "$first")
FRONTLINE_CACHE_DIR=$cache "$other/frontline" render --date 2024-12-07 -o "$work/b.png" \
  $reports || fail "build B"
[ "$(ls "$cache"/map-*.cache | wc -l)" = 2 ] && ok ||
  fail "two builds: $(ls "$cache") instead of a map file each"
draw "$work/a2.png" || fail "build A again"
[ "$(inode "$first")" = "$before" ] && ok || fail "build B's run replaced build A's file"
cmp -s "$work/a.png" "$work/b.png" && ok || fail "two builds: not the same map"

# --- the bound: with room for one map's files, a second map's evict the first's (the least
# recently used), and the folder stays within the bound
"$frontline" cache clear >/dev/null
draw "$work/one.png" || fail "the first map"
one=$(info bytes)
mib=$(((one + 1048575) / 1048576))
FRONTLINE_CACHE_MAX=$mib "$frontline" render --size 1900x1060 --date 2024-12-07 \
  -o "$work/two.png" $reports || fail "the second map"
left=$(ls "$cache" | sed 's/\..*//' | sort -u | wc -l)
[ "$left" = 1 ] && ok || fail "bound $mib MiB: $(ls -l "$cache")"
[ "$(FRONTLINE_CACHE_MAX=$mib "$frontline" cache info | sed -n 's/^bytes\t//p')" -le \
  $((mib * 1048576)) ] && ok || fail "bound $mib MiB: $(info bytes) bytes kept"

e2e_summary
