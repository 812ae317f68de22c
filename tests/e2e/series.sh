#!/bin/sh
# The exports' columns, languages and ways out, and the series export, opened as their users
# open them: the places' name is the map's label in --lang, with name_fr, name_en, name_ar;
# faction_label follows --lang; CSV has lat and lon as the TSV has; GeoJSON and CSV go to
# standard output (none, -o -, -o /dev/stdout, a FIFO) and leave no temporary folder; GeoJSON
# is RFC 7946 (no crs member, counterclockwise outer rings, longitude first); a two-date and a
# whole-campaign series GeoPackage has valid_from and valid_to date-time fields, one feature per
# period of unchanged state.
# usage: series.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-series
. "$(dirname "$0")/lib.sh"

expect() {
  if [ "$2" = "$3" ]; then ok; else fail "$1: got '$3', expected '$2'"; fi
}
sql() {
  ogrinfo -ro -q "$1" -dialect sqlite -sql "$2" 2>"$work/ogr-stderr" |
    sed -n 's/^  .* ([A-Za-z0-9]*) = //p' | head -1
}
# fields FILE LAYER: the layer's fields, "name:Type" space-separated
fields() {
  ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/^\([a-z_]*\): \([A-Za-z]*\) .*/\1:\2/p' |
    tr '\n' ' ' | sed 's/ $//'
}
date=2024-12-07
# every check runs with its own temporary folder, which must stay empty
TMPDIR=$work/tmp
export TMPDIR
mkdir -p "$TMPDIR"
left_in_tmp() {
  expect "$1: left in the temporary folder" "" "$(ls -A "$TMPDIR")"
}

# --- the columns: the same names in TSV, JSON, CSV and the GeoPackage
"$frontline" state --date $date -o "$work/state.gpkg" --format gpkg --lang en reports/*.txt &&
  ok || fail "state --format gpkg --lang en"
expect "places: fields" "place_id:String name:String name_fr:String name_en:String \
name_ar:String lat:Real lon:Real kind:String faction:String faction_label:String color:String \
status:String confidence:String since:Date reported:Date basis:String evidence:String date:Date" \
  "$(fields "$work/state.gpkg" places)"
expect "zones: fields" "faction:String faction_label:String color:String status:String date:Date" \
  "$(fields "$work/state.gpkg" zones)"
expect "front: fields" \
  "left_faction:String left_label:String right_faction:String right_label:String date:Date" \
  "$(fields "$work/state.gpkg" front)"
expect "arrows: fields" "faction:String faction_label:String color:String from_place:String \
from_name:String to_place:String to_name:String first_capture:Date last_capture:Date \
confidence:String date:Date" \
  "$(fields "$work/state.gpkg" arrows)"
tsv_header=$("$frontline" state --date $date reports/*.txt | head -1 | tr '\t' ',')
csv_header=$("$frontline" state --date $date --format csv reports/*.txt | head -1)
for column in $(echo "$tsv_header" | tr ',' ' '); do
  case ",$csv_header," in
    *",$column,"*) ok ;;
    *) fail "csv: no column '$column' of the TSV: $csv_header" ;;
  esac
done
expect "csv: no X, Y" "" "$(echo "$csv_header" | tr ',' '\n' | grep -x -e X -e Y)"
json_keys=$("$frontline" state --date $date --format json reports/*.txt |
  sed -n 2p | grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ',' | sed 's/,$//')
expect "json: the TSV's columns" "$tsv_header" "$json_keys"

# --- labels: name is the map's label in --lang; faction_label too
expect "en: Aleppo's name" "Aleppo" \
  "$(sql "$work/state.gpkg" "SELECT name FROM places WHERE place_id = 'aleppo'")"
expect "en: names by language" "Alep|Aleppo|حلب" \
  "$(sql "$work/state.gpkg" "SELECT name_fr || '|' || name_en || '|' || name_ar FROM places
                              WHERE place_id = 'aleppo'")"
expect "en: faction label" "Syrian government (Assad)" \
  "$(sql "$work/state.gpkg" "SELECT faction_label FROM zones WHERE faction = 'government'")"
expect "en: front labels" "Syrian government (Assad)|Rebels (HTS-led)" \
  "$(sql "$work/state.gpkg" "SELECT left_label || '|' || right_label FROM front
                              WHERE left_faction = 'government' AND right_faction = 'rebels'")"
expect "en: arrow to Homs" "Homs" \
  "$(sql "$work/state.gpkg" "SELECT to_name FROM arrows WHERE to_place = 'homs'")"
"$frontline" state --date $date --format csv --lang ar reports/*.txt >"$work/ar.csv" &&
  ok || fail "state --format csv --lang ar"
grep -q '^aleppo,حلب,Alep,Aleppo,حلب,36\.[0-9]*,37\.[0-9]*,' "$work/ar.csv" && ok ||
  fail "csv --lang ar: Aleppo's row: $(grep '^aleppo,' "$work/ar.csv")"
# fr by default (the theatre's first language, the maps' default)
"$frontline" state --date $date --format csv reports/*.txt >"$work/fr.csv"
grep -q '^aleppo,Alep,.*,Rebelles (HTS et alliés),' "$work/fr.csv" && ok ||
  fail "csv: Aleppo's row in French: $(grep '^aleppo,' "$work/fr.csv")"
expect_exit 2 "--lang" state --date $date --format csv --lang de reports/*.txt
# the TSV's and JSON's name is the label too, the CSV's in every row (fr by default, --lang)
for lang in "" en ar; do
  "$frontline" state --date $date ${lang:+--lang $lang} reports/*.txt >"$work/names.tsv"
  "$frontline" state --date $date ${lang:+--lang $lang} -f json reports/*.txt >"$work/names.json"
  "$frontline" state --date $date ${lang:+--lang $lang} -f csv reports/*.txt >"$work/names.csv"
  python3 - "$work/names.tsv" "$work/names.json" "$work/names.csv" <<'EOF' && ok ||
import csv, json, sys
tsv = [(r["place_id"], r["name"]) for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")]
js = [(r["place_id"], r["name"]) for r in json.load(open(sys.argv[2]))]
gis = [(r["place_id"], r["name"]) for r in csv.DictReader(open(sys.argv[3]))]
sys.exit(not (tsv == js == gis and len(tsv) == 295))
EOF
    fail "state --lang '$lang': the TSV's, JSON's and CSV's names differ"
done
expect "tsv --lang ar: Aleppo's name" "حلب" "$(grep '^aleppo	' "$work/names.tsv" | cut -f2)"
"$frontline" state --date $date --lang en+ar reports/*.txt | grep -q "^aleppo	Aleppo	" && ok ||
  fail "state --lang en+ar: Aleppo's name is not 'Aleppo'"
expect_exit 2 "--lang de: the theatre's languages are fr, en, ar" \
  state --date $date --lang de reports/*.txt

# --- standard output: no -o, -o -, -o /dev/stdout, a FIFO
rows=$(wc -l <"$work/fr.csv")
expect "csv: a row per place and the header" 296 "$rows"
"$frontline" state --date $date --format csv -o - reports/*.txt >"$work/dash.csv"
cmp -s "$work/fr.csv" "$work/dash.csv" && ok || fail "csv -o -: not as without -o"
"$frontline" state --date $date --format csv -o /dev/stdout reports/*.txt | cat >"$work/dev.csv"
cmp -s "$work/fr.csv" "$work/dev.csv" && ok || fail "csv -o /dev/stdout into a pipe"
"$frontline" state --date $date --format csv -o /dev/stdout reports/*.txt >"$work/devfile.csv"
cmp -s "$work/fr.csv" "$work/devfile.csv" && ok || fail "csv -o /dev/stdout into a file"
if mkfifo "$work/fifo" 2>/dev/null; then
  cat "$work/fifo" >"$work/fifo.csv" &
  reader=$!
  "$frontline" state --date $date --format csv -o "$work/fifo" reports/*.txt && ok ||
    fail "csv -o FIFO"
  wait $reader
  cmp -s "$work/fr.csv" "$work/fifo.csv" && ok || fail "csv -o FIFO: not as without -o"
fi
"$frontline" state --date $date --format geojson --layer zones reports/*.txt \
  >"$work/zones.geojson" && ok || fail "geojson onto standard output"
"$frontline" state --date $date --format gpkg -o - reports/*.txt >"$work/stdout.gpkg" &&
  ok || fail "gpkg -o -"
expect "gpkg -o -: zones" 5 "$(sql "$work/stdout.gpkg" "SELECT count(*) FROM zones")"
expect_exit 2 "give -o FILE (or -o - for standard output)" state --date $date --format gpkg \
  reports/*.txt
expect_exit 5 "/dev/full: cannot write" state --date $date --format geojson -o /dev/full \
  reports/*.txt
left_in_tmp "standard output"

# --- RFC 7946: ogrinfo reads it; python3 checks the structure
ogrinfo -ro -so -al "$work/zones.geojson" >"$work/zones.info" 2>&1 && ok ||
  fail "ogrinfo zones.geojson: $(cat "$work/zones.info")"
"$frontline" state --date $date --format geojson --layer places reports/*.txt \
  >"$work/places.geojson"
if command -v python3 >/dev/null 2>&1; then
  python3 "$src/tests/e2e/rfc7946.py" "$work/zones.geojson" "$work/places.geojson" \
    >"$work/rfc7946" 2>&1 && ok || fail "rfc7946: $(cat "$work/rfc7946")"
fi

# --- a series: two dates, then the campaign
"$frontline" state --from 2024-12-06 --to $date --format gpkg -o "$work/two.gpkg" reports/*.txt \
  2>"$work/stderr" && ok || fail "state --from --to --format gpkg: $(cat "$work/stderr")"
ogrinfo -ro -q "$work/two.gpkg" >"$work/layers" 2>&1
expect "series: layers" "1: places (Point)
2: zones (Multi Polygon)
3: front (Multi Line String)
4: arrows (Multi Line String)" "$(cat "$work/layers")"
for layer in places zones front arrows; do
  f=$(fields "$work/two.gpkg" $layer)
  case " $f " in
    *" valid_from:DateTime valid_to:DateTime ") ok ;;
    *) fail "series $layer: fields end otherwise: $f" ;;
  esac
  case " $f " in *" date:"*) fail "series $layer: a date field" ;; *) ok ;; esac
  expect "series $layer: periods out of the series" 0 \
    "$(sql "$work/two.gpkg" "SELECT count(*) FROM $layer
                             WHERE date(valid_from) < '2024-12-06' OR date(valid_to) > '2024-12-08'
                             OR date(valid_from) >= date(valid_to)")"
done
# Homs: government on the 6th, rebels from the 7th; Damascus unchanged: one feature for both
expect "series: Homs" "government 2024-12-06 2024-12-07,rebels 2024-12-07 2024-12-08" \
  "$(sql "$work/two.gpkg" "SELECT group_concat(faction || ' ' || date(valid_from) || ' ' ||
                                               date(valid_to))
                           FROM (SELECT * FROM places WHERE place_id = 'homs'
                                 ORDER BY date(valid_from))" | tr / -)"
expect "series: Damascus" "2024-12-06 2024-12-08" \
  "$(sql "$work/two.gpkg" "SELECT date(valid_from) || ' ' || date(valid_to) FROM places
                           WHERE place_id = 'damascus'" | tr / -)"
# on each date the series holds what the date's own export holds
for day in 2024-12-06 $date; do
  "$frontline" state --date $day --format gpkg -o "$work/$day.gpkg" reports/*.txt
  for layer in places zones front arrows; do
    expect "series $layer on $day" "$(sql "$work/$day.gpkg" "SELECT count(*) FROM $layer")" \
      "$(sql "$work/two.gpkg" "SELECT count(*) FROM $layer
                               WHERE date(valid_from) <= '$day' AND date(valid_to) > '$day'")"
  done
done
expect "series: a rebel zone a day" 2 \
  "$(sql "$work/two.gpkg" "SELECT count(*) FROM zones WHERE faction = 'rebels'")"
# the campaign every 3 days, as GeoJSON onto standard output
"$frontline" state --from 2024-11-26 --to 2024-12-08 --every 3 --format geojson --layer zones \
  reports/*.txt >"$work/campaign.geojson" && ok || fail "series as geojson"
expect "campaign: first and last" "2024-11-26 2024-12-11" \
  "$(sql "$work/campaign.geojson" "SELECT substr(min(valid_from), 1, 10) || ' ' ||
                                    substr(max(valid_to), 1, 10) FROM campaign" |
    tr / -)"
expect_exit 2 "--from 2024-12-08 is after --to 2024-12-01" state --from 2024-12-08 \
  --to 2024-12-01 --format gpkg -o "$work/bad.gpkg" reports/*.txt
expect_exit 2 "both choose the dates" state --date $date --from 2024-12-01 --format gpkg \
  -o "$work/bad.gpkg" reports/*.txt
expect_exit 2 "--every 0" state --from 2024-12-01 --every 0 --format gpkg -o "$work/bad.gpkg" \
  reports/*.txt
expect_exit 2 "--from, --to, --every: is for GIS files" state --from 2024-12-01 reports/*.txt
[ ! -e "$work/bad.gpkg" ] && ok || fail "a refused series left a file"
left_in_tmp "series"

e2e_summary
