#!/bin/sh
# cmake --install makes a tree that can move: installed with DESTDIR and a prefix, then moved,
# the program finds its GIS module, theatres, lexicons and styles from its own place and draws
# the bundled Ukraine example; it holds no path of the source or build tree; the man page and
# the bash completion are where man and bash look.
# usage: install.sh FRONTLINE CMAKE BUILD_DIR   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-install
. "$(dirname "$0")/lib.sh"
cmake=$2
build=$3
unset FRONTLINE_THEATRE FRONTLINE_STYLES FRONTLINE_SCRIPTS
export FRONTLINE_CACHE_DIR="$work/cache"

DESTDIR="$work/stage" "$cmake" --install "$build" --prefix /opt/frontline >"$work/install.log" 2>&1 &&
  ok || fail "cmake --install: $(tail -3 "$work/install.log")"
mv "$work/stage/opt/frontline" "$work/moved" && rm -rf "$work/stage" && ok || fail "cannot move the tree"
tree=$work/moved
for file in bin/frontline share/frontline/gazetteer/syria/theatre.ini \
  share/frontline/gazetteer/syria/basemap.gpkg share/frontline/gazetteer/lang/fr.tsv \
  share/frontline/gazetteer/lang/map-en.tsv share/frontline/gazetteer/ukraine-kharkiv-2022/reports \
  share/frontline/styles/print.ini share/frontline/scripts/new-theatre.py \
  share/man/man1/frontline.1 share/bash-completion/completions/frontline; do
  [ -e "$tree/$file" ] && ok || fail "not installed: $file"
done
gis=$(find "$tree" -name 'libfrontline-gis.so')
[ -n "$gis" ] && ok || fail "the GIS module is not installed"

# no path of this tree in what the program and its modules read at run time (a sanitized
# build keeps each file's path for the sanitizers' reports: not checked there)
if [ -z "${FL_TEST_SANITIZED:-}" ]; then
  for program in "$tree/bin/frontline" "$tree"/lib*/frontline/*.so; do
    for section in .rodata .data; do
      readelf -p $section "$program" 2>/dev/null | grep -F -e "$src" -e "$build" >"$work/paths"
      [ ! -s "$work/paths" ] && ok || fail "$program $section holds $(head -1 "$work/paths")"
    done
  done
fi

# from elsewhere, with the source folder out of the way of relative paths
mkdir "$work/elsewhere" && cd "$work/elsewhere" || exit 1
frontline=$tree/bin/frontline
ukraine=$tree/share/frontline/gazetteer/ukraine-kharkiv-2022
expect_exit 0 "" render --theatre "$ukraine" --lang en --size 640x360 --date 2022-09-12 \
  -o "$work/ukraine.png" "$ukraine"/reports/*.txt
[ "$(identify -format '%wx%h' "$work/ukraine.png" 2>/dev/null)" = "640x360" ] && ok ||
  fail "the Ukraine example is no 640x360 PNG"
pngcheck -q "$work/ukraine.png" >/dev/null 2>&1 && ok || fail "pngcheck: the Ukraine example"
# the default theatre, a bundled style and the GIS module, all from the moved tree
expect_exit 0 "" render --style print --date 2024-12-07 -o "$work/syria.svg" "$src"/reports/*.txt
xmllint --noout "$work/syria.svg" && ok || fail "the Syria map is no SVG"
expect_exit 0 "" state --date 2024-12-07 --format gpkg -o "$work/state.gpkg" "$src"/reports/*.txt
ogrinfo -ro -q "$work/state.gpkg" | grep -q "zones (Multi Polygon)" && ok ||
  fail "the GeoPackage has no zones layer"
expect_exit 0 "" style --check dark
# the default theatre is the moved tree's: an error names it there
rm "$tree/share/frontline/gazetteer/syria/aliases.tsv"
expect_exit 4 "$tree/share/frontline/gazetteer/syria/theatre.ini: [files] aliases = aliases.tsv" \
  state --date 2024-12-07 "$src"/reports/*.txt
cd "$src" || exit 1

# man and bash find what was installed
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$tree/share/man/man1/frontline.1" 2>/dev/null | grep -q -- "--places=FILE" &&
    ok || fail "man: the installed page lacks --places"
fi
if command -v bash >/dev/null 2>&1; then
  got=$(PATH="$tree/bin:$PATH" bash -c '
    . "$0"; COMP_WORDS=(frontline state --ali); COMP_CWORD=2; _frontline; echo "${COMPREPLY[*]}"' \
    "$tree/share/bash-completion/completions/frontline")
  [ "$got" = "--aliases" ] && ok || fail "bash completion: got '$got', expected '--aliases'"
fi

e2e_summary
