#!/bin/sh
# A new theatre end to end: 'frontline theatre new' builds a small one (a box round Izium, in
# eastern Ukraine, with a zones file of two factions, one a multipolygon), the analyst's one
# manual step is done (actors.tsv), then places, events, state, render (PNG, SVG, PDF) and
# batch run on it. Also: bad options name the option and leave no folder; a signal leaves none.
# usage: theatre-new.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment; needs
# what scripts/setup.sh installs: gmt, gdal-bin, libgeonames-common, the npm inputs)
e2e_name=e2e-theatre-new
. "$(dirname "$0")/lib.sh"
data=tests/data/theatre-new
dir=$work/izium
report=$data/2022-09-10-kharkiv.en.txt
new() { expect_exit "$@"; }
izium="--country UA --extent 36.7,49.0,37.8,49.8 --from 2022-09-06 --to 2022-10-31"

# --- bad options: one line naming the option, exit 2, no folder
new 2 "--extent: '36.7,49.0,37.8' is not W,S,E,N" theatre new "$dir" --country UA \
  --extent 36.7,49.0,37.8 --from 2022-09-06 --to 2022-10-31
new 2 "--to 2022-08-31 is before --from 2022-09-06" theatre new "$dir" --country UA \
  --extent 36.7,49.0,37.8,49.8 --from 2022-09-06 --to 2022-08-31
new 2 "--country CC[,CC...] is required" theatre new "$dir" --extent 36.7,49.0,37.8,49.8 \
  --from 2022-09-06 --to 2022-10-31
new 2 "--zones: $data/none.geojson: no such file" theatre new "$dir" $izium \
  --zones $data/none.geojson
new 2 "--country: FR: no land inside --extent" theatre new "$dir" --country FR \
  --extent 36.7,49.0,37.8,49.8 --from 2022-09-06 --to 2022-10-31
new 2 "usage: frontline theatre new DIR" theatre old "$dir"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"side":"x"},%s' \
  '"geometry":{"type":"Point","coordinates":[37,49.5]}}]}' >"$work/bad-zones.geojson"
new 4 "--zones $work/bad-zones.geojson: no 'faction' attribute (it has: side)" theatre new \
  "$dir" $izium --zones "$work/bad-zones.geojson"
rm -f "$work/bad-zones.geojson"
[ -z "$(ls -A "$work" | grep -v '^std')" ] && ok || fail "bad options left $(ls -A "$work")"

# --- a signal while the base map is built: no folder, no temporary folder
"$frontline" theatre new "$dir" $izium >/dev/null 2>&1 &
pid=$!
sleep 3
kill -TERM $pid
wait $pid
status=$?
[ "$status" -ne 0 ] && ok || fail "theatre new went on after SIGTERM"
sleep 1
[ -z "$(ls -A "$work" | grep -v '^std')" ] && ok || fail "SIGTERM left $(ls -A "$work")"

# --- the theatre, with its baseline from the zones file
start=$(date +%s)
new 0 "" theatre new "$dir" $izium --lang en,uk --min-population 3000 --zones $data/zones.geojson
echo "theatre new: $(($(date +%s) - start)) s"
for f in theatre.ini basemap.gpkg places.tsv factions.tsv actors.tsv baseline.tsv \
         baseline-zones.tsv README.md; do
  [ -s "$dir/$f" ] && ok || fail "no $f"
done
[ -z "$(ls -A "$work" | grep -v -e '^std' -e '^izium$')" ] && ok || fail "left $(ls -A "$work")"
head -n 1 "$dir/places.tsv" | grep -q "	name_en	name_uk	" && ok || fail "no name_en, name_uk"
grep -q "	Балаклія	" "$dir/places.tsv" && ok || fail "no Ukrainian name of Balakliia"
grep -q '^projection = +proj=lcc .*+lat_1=49.13 +lat_2=49.67 ' "$dir/theatre.ini" && ok ||
  fail "projection: $(grep projection "$dir/theatre.ini")"
grep -q '^balakliia	russia	zone: ' "$dir/baseline.tsv" && ok || fail "Balakliia not Russian"
[ "$(grep -c '^russia	control	' "$dir/baseline-zones.tsv")" = 2 ] && ok ||
  fail "the multipolygon is not two zones"
# the one manual step the test needs: who the reports' actors are
cat $data/actors.tsv >>"$dir/actors.tsv"

# --- the commands on it
export FRONTLINE_THEATRE="$dir"
new 0 "" places "$report"
grep -q 'kupiansk' "$work/stdout" && ok || fail "places: no Kupiansk: $(cat "$work/stdout")"
new 0 "" events "$report"
grep -q 'balakliia.*ukraine' "$work/stdout" && ok || fail "events: $(cat "$work/stdout")"
new 0 "" state --date 2022-09-12 "$report"
grep -q '^kupiansk	.*	ukraine	held	confirmed	' "$work/stdout" && ok ||
  fail "state: $(cat "$work/stdout")"
for ext in png svg pdf; do
  new 0 "" render --date 2022-09-12 -o "$work/izium.$ext" "$report"
  [ -s "$work/izium.$ext" ] && ok || fail "no izium.$ext"
done
new 0 "" render --date 2022-09-12 --lang uk -o "$work/izium-uk.svg" "$report"
grep -q 'Балаклія' "$work/izium-uk.svg" && ok || fail "--lang uk: no Ukrainian label"
new 2 "the theatre's languages are en, uk" render --date 2022-09-12 --lang fr \
  -o "$work/izium-fr.png" "$report"
new 0 "" batch -q -j 2 --from 2022-09-06 --to 2022-09-12 --every 3 -f png,svg \
  -o "$work/batch" "$report"
[ "$(ls "$work/batch" | grep -c '\.png$')" = 3 ] && ok || fail "batch: $(ls "$work/batch")"
e2e_summary
