#!/bin/sh
# The GIS files of `frontline state` opened as their users open them: ogrinfo lists the
# GeoPackage's four layers with their geometry types, EPSG:4326 and the date field, and its
# SQLite dialect checks the values (the date, valid zones, each faction's zone holding its
# places); GeoJSON of one layer (--layer) read by ogrinfo and by python3's json; CSV keeps the
# places; a bad --layer stops with one line and leaves no file.
# usage: exports.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-exports
. "$(dirname "$0")/lib.sh"

# expect WHAT EXPECTED GOT
expect() {
  if [ "$2" = "$3" ]; then ok; else fail "$1: got '$3', expected '$2'"; fi
}
# at_least WHAT MINIMUM GOT
at_least() {
  if [ -n "$3" ] && [ "$3" -ge "$2" ]; then ok; else fail "$1: got '$3', expected at least $2"; fi
}
# sql FILE QUERY: the first value of the query's first row, in OGR's SQLite dialect
sql() {
  ogrinfo -ro -q "$1" -dialect sqlite -sql "$2" 2>"$work/ogr-stderr" |
    sed -n 's/^  .* ([A-Za-z0-9]*) = //p' | head -1
}
# export NAME ARGS...: frontline state into $work/NAME, which must then exist
export_state() {
  name=$1
  shift
  if "$frontline" state "$@" -o "$work/$name" reports/*.txt 2>"$work/stderr" &&
    [ -s "$work/$name" ] && [ ! -s "$work/stderr" ]; then
    ok
  else
    fail "state $* -o $name: $(cat "$work/stderr")"
  fi
}

date=2024-12-07
gpkg=$work/state.gpkg
export_state state.gpkg --date $date --format gpkg

# --- the GeoPackage: four layers with fixed names and their geometry types
ogrinfo -ro -q "$gpkg" >"$work/layers" 2>&1
expect "layers" "1: places (Point)
2: zones (Multi Polygon)
3: front (Multi Line String)
4: arrows (Multi Line String)" "$(cat "$work/layers")"
for layer in places zones front arrows; do
  ogrinfo -ro -so "$gpkg" $layer >"$work/$layer.info" 2>&1
  grep -q 'ID\["EPSG",4326\]\]$' "$work/$layer.info" && ok || fail "$layer: not EPSG:4326"
  grep -q '^date: Date ' "$work/$layer.info" && ok || fail "$layer: no date field of type Date"
  expect "$layer: features dated otherwise" 0 \
    "$(sql "$gpkg" "SELECT count(*) FROM $layer WHERE date IS NOT '$date'")"
done
tsv_rows=$("$frontline" state --date $date reports/*.txt | tail -n +2 | wc -l)
expect "places: one per row of the table" "$tsv_rows" "$(sql "$gpkg" "SELECT count(*) FROM places")"
grep -q '^place_id: String' "$work/places.info" && grep -q '^since: Date' "$work/places.info" &&
  ok || fail "places: the columns of the table are missing: $(cat "$work/places.info")"
# what each state rests on: the table's basis and last report, and the four kinds tell apart
grep -q '^reported: Date' "$work/places.info" && grep -q '^basis: String' "$work/places.info" &&
  ok || fail "places: no reported date or basis: $(cat "$work/places.info")"
expect "places: bases" "baseline inferred reported stale" \
  "$(sql "$gpkg" "SELECT group_concat(basis, ' ') FROM (SELECT DISTINCT basis FROM places ORDER BY basis)")"
expect "places: a reported state without its report's date" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM places WHERE basis = 'reported' AND reported IS NULL")"
expect "places: Homs reported on the day it was" "$date" \
  "$(sql "$gpkg" "SELECT replace(reported, '/', '-') FROM places WHERE place_id = 'homs'")"
for field in 'faction: String' 'faction_label: String' 'color: String' 'status: String'; do
  grep -q "^$field" "$work/zones.info" && ok || fail "zones: no field $field"
done
for field in 'left_faction: String' 'right_faction: String'; do
  grep -q "^$field" "$work/front.info" && ok || fail "front: no field $field"
done
for field in 'faction: String' 'from_place: String' 'to_place: String' 'first_capture: Date' \
  'last_capture: Date'; do
  grep -q "^$field" "$work/arrows.info" && ok || fail "arrows: no field $field"
done

# --- the zones: several factions, one feature per faction and hold, valid polygons
at_least "zones: factions" 4 "$(sql "$gpkg" "SELECT count(DISTINCT faction) FROM zones")"
expect "zones: one per faction and hold" "$(sql "$gpkg" "SELECT count(*) FROM zones")" \
  "$(sql "$gpkg" "SELECT count(DISTINCT faction || status) FROM zones")"
expect "zones: statuses" "held" "$(sql "$gpkg" "SELECT group_concat(DISTINCT status) FROM zones")"
expect "zones: invalid polygons" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM zones WHERE ST_IsValid(geom) = 0")"
expect "zones: overlapping" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM zones a, zones b
                  WHERE a.fid < b.fid AND ST_Overlaps(a.geom, b.geom)")"
# a faction's zone holds its places: the rebels' Idlib, and on the 7th Homs and Hama; the
# government's Damascus; the SDF's Raqqa; and no place lies in another faction's zone
contains() { # FILE FACTION PLACE
  sql "$1" "SELECT count(*) FROM zones z, places p
            WHERE z.faction = '$2' AND p.place_id = '$3' AND ST_Contains(z.geom, p.geom)"
}
for pair in rebels:idlib rebels:homs rebels:hama government:damascus sdf:raqqa sna:afrin; do
  faction=${pair%%:*} place=${pair#*:}
  expect "zones: the zone of $faction holds $place" 1 "$(contains "$gpkg" "$faction" "$place")"
done
expect "zones: places in another faction's zone" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM places p, zones z
                  WHERE p.faction != '' AND z.faction != p.faction
                  AND ST_Contains(z.geom, p.geom)")"

# --- the front line and the arrows
at_least "front: pairs of factions" 3 "$(sql "$gpkg" "SELECT count(*) FROM front")"
expect "front: a faction against itself" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM front
                  WHERE left_faction = right_faction OR left_faction = '' OR right_faction = ''")"
expect "front: government and rebels" 1 \
  "$(sql "$gpkg" "SELECT count(*) FROM front
                  WHERE left_faction = 'government' AND right_faction = 'rebels'")"
# the drive south, Hama then Homs, is one axis
expect "arrows: the drive to Homs" "rebels 2024-12-05 2024-12-07" \
  "$(sql "$gpkg" "SELECT faction || ' ' || first_capture || ' ' || last_capture FROM arrows
                  WHERE to_place = 'homs'" | tr / -)"
# an arrow ends near the place it took (its head stops short of the dot: within 15 km)
expect "arrows: far from the place taken" 0 \
  "$(sql "$gpkg" "SELECT count(*) FROM arrows a, places p WHERE p.place_id = a.to_place
                  AND ST_Distance(ST_EndPoint(ST_GeometryN(a.geom, 1)), p.geom) > 0.15")"

# --- before the offensive: the rebels hold the Idlib pocket only
export_state before.gpkg --date 2024-11-26 --format gpkg
expect "11-26: the rebels' zone holds Idlib" 1 "$(contains "$work/before.gpkg" rebels idlib)"
expect "11-26: the rebels' zone holds Aleppo" 0 "$(contains "$work/before.gpkg" rebels aleppo)"
expect "11-26: the government's zone holds Aleppo" 1 \
  "$(contains "$work/before.gpkg" government aleppo)"

# --- contested ground (an analyst's correction) is a zone of its own
printf 'date\tplace_id\tfaction\tstatus\tnote\n%s\thama\trebels\tcontested\t\n' $date \
  >"$work/fix.tsv"
"$frontline" state --date $date --format gpkg --corrections "$work/fix.tsv" -o "$work/fixed.gpkg" \
  reports/*.txt && ok || fail "state --corrections --format gpkg"
expect "contested: Hama's zone" 1 \
  "$(sql "$work/fixed.gpkg" "SELECT count(*) FROM zones z, places p
                             WHERE z.faction = 'rebels' AND z.status = 'contested'
                             AND p.place_id = 'hama' AND ST_Contains(z.geom, p.geom)")"

# --- GeoJSON: one layer, the places unless --layer says otherwise
export_state places.geojson --date $date --format geojson
expect "geojson: places by default" "$tsv_rows" \
  "$(sql "$work/places.geojson" "SELECT count(*) FROM places")"
for layer in zones front arrows places; do
  export_state "$layer.geojson" --date $date --format geojson --layer $layer
  expect "geojson --layer $layer: features" "$(sql "$gpkg" "SELECT count(*) FROM $layer")" \
    "$(sql "$work/$layer.geojson" "SELECT count(*) FROM $layer")"
  ogrinfo -ro -so -al "$work/$layer.geojson" >"$work/$layer.geojson.info" 2>&1
  grep -q 'ID\["EPSG",4326\]\]$' "$work/$layer.geojson.info" && ok ||
    fail "geojson $layer: not EPSG:4326"
  grep -q '^date: Date ' "$work/$layer.geojson.info" && ok || fail "geojson $layer: no date field"
done
expect "geojson zones: invalid polygons" 0 \
  "$(sql "$work/zones.geojson" "SELECT count(*) FROM zones WHERE ST_IsValid(geometry) = 0")"
idlib=$(sql "$gpkg" "SELECT ST_X(geom) || ' ' || ST_Y(geom) FROM places WHERE place_id = 'idlib'")
expect "geojson zones: the rebels' zone holds Idlib" 1 \
  "$(sql "$work/zones.geojson" "SELECT count(*) FROM zones WHERE faction = 'rebels'
                                AND ST_Contains(geometry, MakePoint(${idlib% *}, ${idlib#* }))")"
if command -v python3 >/dev/null 2>&1; then
  python3 - "$work/zones.geojson" "$work/front.geojson" "$work/arrows.geojson" $date \
    >"$work/json-check" 2>&1 <<'EOF' && ok || fail "python3 json: $(cat "$work/json-check")"
import json, sys
zones, front, arrows, date = sys.argv[1:5]
kinds = {zones: {"Polygon", "MultiPolygon"}, front: {"LineString", "MultiLineString"},
         arrows: {"LineString", "MultiLineString"}}
for path, allowed in kinds.items():
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    assert collection["type"] == "FeatureCollection", path
    assert collection["features"], path + ": no feature"
    for feature in collection["features"]:
        assert feature["geometry"]["type"] in allowed, (path, feature["geometry"]["type"])
        assert feature["properties"]["date"] == date, (path, feature["properties"])
        # RFC 7946: longitude first, in degrees; Syria lies within 35-43 E, 32-38 N
        first = feature["geometry"]["coordinates"]
        while isinstance(first[0], list):
            first = first[0]
        assert 35 < first[0] < 43 and 32 < first[1] < 38, (path, first)
factions = {f["properties"]["faction"] for f in json.load(open(zones))["features"]}
assert {"government", "rebels", "sdf"} <= factions, factions
EOF
else
  echo "python3 missing: the GeoJSON is checked by ogrinfo only"
fi

# --- CSV: the places only
export_state state.csv --date $date --format csv
head -1 "$work/state.csv" | grep -q ',date$' && ok ||
  fail "csv: no date column: $(head -1 "$work/state.csv")"
sed -n 2p "$work/state.csv" | grep -q ",$date\$" && ok || fail "csv: the date is not $date"

# --- bad layers: one line, exit 2, no file and no temporary one
bad=$work/bad
mkdir -p "$bad"
# bad_layer NEEDLE ARGS...
bad_layer() {
  needle=$1
  shift
  expect_exit 2 "$needle" state --date $date "$@" reports/*.txt
  expect "state $*: left in the folder" "" "$(ls -A "$bad")"
}
bad_layer "--layer: unknown layer 'bogus' (places, zones, front, arrows)" \
  --format gpkg --layer bogus -o "$bad/state.gpkg"
bad_layer "a CSV file holds only the places, not the layer 'zones'" \
  --format csv --layer zones -o "$bad/state.csv"
bad_layer "--layer: is for GIS files: give --format geojson, gpkg or csv" \
  --layer zones -o "$bad/state.tsv"

e2e_summary
