#!/bin/sh
# The frontline executable end to end: the README's maps in the three formats, the commands,
# and bad input (one clear line naming the file, a non-zero exit code, no output file).
# usage: cli.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-cli
. "$(dirname "$0")/lib.sh"

# --- the commands exist and say what they do
"$frontline" --version | grep -q '^frontline [0-9]' && ok || fail "--version"
for command in places events state timeline render regions batch style; do
  "$frontline" $command --help | grep -q -- "--theatre" && ok || fail "$command --help"
done
expect_exit 2 "unknown command 'draw'" draw reports/*.txt
expect_exit 2 "unknown command 'stat'; did you mean 'state'?" stat reports/*.txt
expect_exit 2 "unknown option '--fromat'; did you mean '--format'?" state --fromat gpkg reports/*.txt

# --- the README's maps (the first from an empty cache, the others from what it kept)
cache=$work/cache
export FRONTLINE_CACHE_DIR="$cache"
for ext in png svg pdf; do
  out="$work/syria-2024-12-07.$ext"
  expect_exit 0 "" render --date 2024-12-07 -o "$out" reports/*.txt
  [ -s "$out" ] && ok || fail "no $out"
done
# one file for the map, beside it one for the pictures of its last PNG's plan and one for the
# labels of its last SVG or PDF
[ "$(ls "$cache" | sed 's/\.[a-z]*$//' | sort -u | wc -l)" = 1 ] &&
  [ "$(ls "$cache" | sed 's/^.*\.//' | tr '\n' ' ')" = "cache labels plan " ] && ok ||
  fail "cache: $(ls "$cache") instead of a map's file, its plan's and its labels'"
# the same bytes from the cache, prepared afresh, and with no cache at all
for ext in png pdf; do
  expect_exit 0 "" render --date 2024-12-07 -o "$work/again.$ext" reports/*.txt
  cmp -s "$work/syria-2024-12-07.$ext" "$work/again.$ext" && ok || fail "cache: $ext not the same bytes"
  expect_exit 0 "" render --no-cache --date 2024-12-07 -o "$work/fresh.$ext" reports/*.txt
  cmp -s "$work/syria-2024-12-07.$ext" "$work/fresh.$ext" && ok || fail "--no-cache: $ext not the same bytes"
done
rm -rf "$cache"
expect_exit 0 "" render --no-cache --date 2024-12-07 -o "$work/fresh.png" reports/*.txt
FRONTLINE_CACHE_DIR=off "$frontline" render --date 2024-12-07 -o "$work/fresh.png" reports/*.txt
[ ! -e "$cache" ] && ok || fail "--no-cache or FRONTLINE_CACHE_DIR=off wrote $cache"
# PNG: signature and 1920x1080 in the IHDR chunk
head -c 24 "$work/syria-2024-12-07.png" | od -An -tx1 | tr -d ' \n' |
  grep -q '^89504e470d0a1a0a0000000d49484452000007800000043' && ok || fail "PNG is not 1920x1080"
# PNG: pngcheck reads every chunk and checks its CRC and the zlib stream
pngcheck -q "$work/syria-2024-12-07.png" >"$work/pngcheck" 2>&1 && ok ||
  fail "pngcheck: $(cat "$work/pngcheck")"
# SVG: well-formed XML (xmllint) that rsvg-convert draws at the map's size
xmllint --noout "$work/syria-2024-12-07.svg" 2>"$work/xmllint" && ok ||
  fail "xmllint: $(head -c 300 "$work/xmllint")"
rsvg-convert -d 72 -p 72 -o "$work/svg.png" "$work/syria-2024-12-07.svg" &&
  [ -s "$work/svg.png" ] && ok || fail "rsvg-convert cannot read the SVG"
# (Cairo writes SVG sizes in points: 1920x1080 pt at 72 dpi)
[ "$(identify -format '%wx%h' "$work/svg.png")" = "1920x1080" ] && ok || fail "SVG: not 1920x1080"
rmse=$(compare -metric RMSE "$work/svg.png" "$work/syria-2024-12-07.png" null: 2>&1 |
  sed 's/.*(\(.*\))/\1/')
awk -v e="$rmse" 'BEGIN { exit !(e < 0.08) }' && ok || fail "SVG drawn is not the PNG map: $rmse"
# SVG for designers (xmllint and rsvg-convert only: no Inkscape needed): one Inkscape layer per
# layer of the map, in drawing order, and live text, no glyph outlines
svg_xpath() { xmllint --xpath "$1" "$work/syria-2024-12-07.svg" 2>/dev/null; }
layers=$(svg_xpath "//*[local-name()='g'][@*[local-name()='groupmode']='layer']/@id" |
  sed 's/ *id="\([^"]*\)"/\1 /g' | tr -d '\n')
[ "$layers" = "page sea land theatre lakes zones rivers borders roads front arrows places labels \
scale inset frame title legend credits " ] && ok || fail "SVG layers: $layers"
labels=$(svg_xpath "//*[local-name()='g'][@id='labels']/*/*[local-name()='text']")
for name in Alep Hama Homs Damas; do
  echo "$labels" | grep -q ">$name</tspan>" && ok || fail "SVG: no <text> label $name"
done
layer_text() { svg_xpath "//*[local-name()='g'][@id='$1']//*[local-name()='tspan']/text()"; }
layer_text legend | grep -q "ligne de front" && ok || fail "SVG: the legend is not text"
layer_text title | grep -q "Situation au 7 décembre 2024" && ok || fail "SVG: no date line text"
[ "$(svg_xpath "count(//*[local-name()='symbol'])")" = 0 ] && ok || fail "SVG: glyph outlines"
# PDF: structurally sound (qpdf --check), one page
qpdf --check "$work/syria-2024-12-07.pdf" >"$work/qpdf" 2>&1 && ok || fail "qpdf: $(tail -3 "$work/qpdf")"
pdfinfo "$work/syria-2024-12-07.pdf" >"$work/pdfinfo" 2>&1 && ok || fail "pdfinfo: $(cat "$work/pdfinfo")"
grep -q '^Pages: *1$' "$work/pdfinfo" && ok || fail "PDF pages: $(cat "$work/pdfinfo")"
# fonts_embedded PDF: pdffonts lists fonts, every one embedded (its "emb" column), so the
# labels look alike on any machine
fonts_embedded() {
  pdffonts "$1" >"$work/pdffonts" 2>&1 &&
    awk 'NR > 2 { n++; if ($(NF - 4) != "yes") bad++ } END { exit !(n > 0 && !bad) }' \
      "$work/pdffonts" && ok || fail "pdffonts $1: $(cat "$work/pdffonts")"
}
fonts_embedded "$work/syria-2024-12-07.pdf"

# --- regions: each side's ground as connected regions, and the script that counts them
expect_exit 0 "" regions --date 2024-12-07 reports/*.txt
head -n 1 "$work/stdout" | grep -q "^date	faction	area_km2	places	main_place$" && ok ||
  fail "regions: header $(head -n 1 "$work/stdout")"
grep -q "^2024-12-07	rebels	[0-9]*	[0-9]*	aleppo$" "$work/stdout" && ok ||
  fail "regions: no rebel region named by Aleppo on 7 December: $(cat "$work/stdout")"
expect_exit 2 "--date is required" regions reports/*.txt
python3 scripts/zone-count "$frontline" --dates 2024-11-26,2024-12-07 reports/*.txt \
  >"$work/zone-count" 2>&1 && ok || fail "zone-count: $(cat "$work/zone-count")"
awk -F'\t' 'NR == 2 && $1 == "date" && $3 == "rebels" {h = 1} NR == 3 && $1 == "2024-11-26" &&
  $3 == 1 {r = 1} END {exit !(h && r)}' "$work/zone-count" && ok ||
  fail "zone-count: not one rebel region on 26 November: $(cat "$work/zone-count")"

# --- styles and page options
"$frontline" style --defaults >"$work/defaults.ini" && ok || fail "style --defaults"
grep -q '^sea = #c9dcea$' "$work/defaults.ini" && grep -q '^# the sea$' "$work/defaults.ini" && ok ||
  fail "style --defaults lacks the sea and its doc"
for style in default print dark styles/print.ini; do
  expect_exit 0 "" style --check "$style"
done
for style in print dark; do
  expect_exit 0 "" render --date 2024-12-06 --style $style --size 960x540 -o "$work/$style.png" reports/*.txt
done
png_size() { head -c 24 "$1" | tail -c 8 | od -An -tu1 | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }
expect_exit 0 "" render --date 2024-12-06 --size slide43 -o "$work/slide43.png" reports/*.txt
[ "$(png_size "$work/slide43.png")" = 1440x1080 ] && ok || fail "slide43: $(png_size "$work/slide43.png")"
expect_exit 0 "" render --date 2024-12-06 --size a4 --dpi 150 -o "$work/a4.png" reports/*.txt
[ "$(png_size "$work/a4.png")" = 1240x1754 ] && ok || fail "a4 at 150 dpi: $(png_size "$work/a4.png")"
expect_exit 0 "" render --date 2024-12-06 --size a4-landscape -o "$work/a4.pdf" reports/*.txt
pdfinfo "$work/a4.pdf" | grep -q '^Page size: *842 x 595 pts' && ok || fail "a4-landscape PDF: $(pdfinfo "$work/a4.pdf")"
expect_exit 0 "" render --date 2024-12-06 --transparent --size square -o "$work/clear.png" reports/*.txt
# colour type 6: RGBA
[ "$(head -c 26 "$work/clear.png" | tail -c 1 | od -An -tu1 | tr -d ' ')" = 6 ] && ok || fail "--transparent PNG has no alpha"
expect_exit 0 "" render --date 2024-12-06 --set colors.sea=#103050 --lang en+ar --title "Syria" \
  --bbox 35.5,32.3,38.5,35.5 --proj EPSG:32637 -o "$work/options.svg" reports/*.txt
grep -q '<title>Syria — Situation on 6 December 2024</title>' "$work/options.svg" && ok ||
  fail "--title and --lang do not reach the SVG title"
# markup and control characters in --title: still valid XML, the title as text
expect_exit 0 "" render --date 2024-12-06 --title "$(printf 'A <b> & "c"\001\037 \033[1m')" \
  --size 640x360 -o "$work/control.svg" reports/*.txt
xmllint --noout "$work/control.svg" 2>"$work/xmllint" && ok ||
  fail "--title with control characters: $(head -c 300 "$work/xmllint")"
grep -q '>A &lt;b&gt; &amp; &quot;c&quot;' "$work/control.svg" && ok ||
  fail "--title: markup not escaped in the SVG"

# --- bad options, style files, base maps and outputs: one line naming the thing, exit code,
# and nothing left in the output folder
bad="$work/bad-out"
mkdir -p "$bad"
printf '[colors]\nsea = #c9dcea\n\n# the land\nland = #zz0000\n' >"$work/bad-style.ini"
printf '[factions]\nrebel = #00ff00\n' >"$work/bad-faction.ini"
cp -r gazetteer/lang "$work/lang"   # the theatres' lexicons = ../lang
cp -r gazetteer/syria "$work/theatre-garbage" && echo garbage >"$work/theatre-garbage/basemap.gpkg"
cp -r gazetteer/syria "$work/theatre-damaged"
dd if=/dev/zero of="$work/theatre-damaged/basemap.gpkg" bs=65536 seek=10 count=1 conv=notrunc 2>/dev/null
touch "$work/a-file"
render_bad() { # CODE NEEDLE OPTIONS...
  code=$1 needle=$2
  shift 2
  expect_exit "$code" "$needle" render --date 2024-12-06 -o "$bad/map.png" "$@" reports/*.txt
  [ -z "$(ls -A "$bad")" ] && ok || fail "render $*: left $(ls -A "$bad")"
}
render_bad 2 "--proj: projection \"+proj=nonsense\" refused by PROJ" --proj +proj=nonsense
render_bad 2 "--bbox 10,10,11,11 does not overlap the extent of theatre 'syria'" --bbox 10,10,11,11
render_bad 2 "--bbox: '38,33,36,35' is inverted" --bbox 38,33,36,35
render_bad 2 "--bbox: '36,33,38,95' is out of range" --bbox 36,33,38,95
render_bad 2 "--bbox: '36;33;38;35' is not WEST,SOUTH,EAST,NORTH" --bbox "36;33;38;35"
render_bad 2 "--size: 'a3' is not WIDTHxHEIGHT" --size a3
render_bad 2 "--dpi: 5 is out of range" --size a4 --dpi 5
render_bad 2 "bad-style.ini:5: colors.land: '#zz0000' is not a colour" --style "$work/bad-style.ini"
render_bad 2 "bad-faction.ini:2: factions.rebel: theatre 'syria' has no such faction" --style "$work/bad-faction.ini"
render_bad 2 "no style 'drak': give a style file, or one of: dark, default, print" --style drak
render_bad 2 "missing.ini: cannot read the style" --style "$work/missing.ini"
render_bad 2 "--set: colors.sea: '#zz0000' is not a colour" --set colors.sea=#zz0000
render_bad 2 "--set: colors.see: unknown key" --set colors.see=#000000
render_bad 2 "--set: layers.arrows: 'no' is not true or false" --set layers.arrows=no
render_bad 2 "--lang: labels.language: 'german' is not a language code" --lang german
render_bad 2 "--lang: labels.language 'de': the theatre's languages are fr, en, ar" --lang de
render_bad 5 "theatre-garbage/basemap.gpkg: cannot read the base map" --theatre "$work/theatre-garbage"
render_bad 5 "theatre-damaged/basemap.gpkg: the base map's layer" --theatre "$work/theatre-damaged"
expect_exit 5 "$work/a-file/map.png: cannot write the map" render --date 2024-12-06 -o "$work/a-file/map.png" reports/*.txt
expect_exit 2 "bad-style.ini:5: colors.land" style --check "$work/bad-style.ini"
expect_exit 2 "give --defaults, or --check FILE" style

# --- tables
"$frontline" places reports/*.txt >"$work/places.tsv" && ok || fail "places"
head -1 "$work/places.tsv" | grep -q "^report	line	column	surface	place_id" && ok || fail "places header"
grep -q "	Deir Ezzor	deir-ez-zor	" "$work/places.tsv" && ok || fail "Deir Ezzor not found"
# every mention of the examples, and nothing else: the reviewed fixture
diff -u tests/data/examples-places.tsv "$work/places.tsv" >"$work/places.diff" && ok ||
  fail "places of the examples differ from tests/data/examples-places.tsv: $(cat "$work/places.diff")"
"$frontline" state --date 2024-12-07 --format json reports/*.txt >"$work/state.json" && ok || fail "state json"
grep -q '"place_id": "homs", "name": "Homs".*"faction": "rebels"' "$work/state.json" && ok || fail "homs rebels"
"$frontline" state --date 2024-12-07 --manifest reports/INDEX.tsv >"$work/state-manifest.tsv" && ok ||
  fail "state --manifest"
"$frontline" events --manifest reports/INDEX.tsv reports/2024-12-06-homs-exode.fr.txt \
  >"$work/events.tsv" && ok || fail "events with a manifest and a report"

# --- timeline, GIS state, corrections
"$frontline" timeline Homs reports/*.txt >"$work/timeline.tsv" && ok || fail "timeline"
head -1 "$work/timeline.tsv" | grep -q "^date	effect	kind	faction	factuality" && ok || fail "timeline header"
grep -q "^2024-12-07	applied	capture	rebels	confirmed	" "$work/timeline.tsv" && ok ||
  fail "timeline of Homs lacks the capture: $(cat "$work/timeline.tsv")"
expect_exit 2 "no place of the theatre is called 'Atlantis'" timeline Atlantis reports/*.txt
for format in geojson gpkg csv; do
  expect_exit 0 "" state --date 2024-12-07 --format $format -o "$work/state.$format" reports/*.txt
  ogrinfo -ro -q "$work/state.$format" >/dev/null 2>&1 && ok || fail "ogrinfo cannot read state.$format"
done
expect_exit 2 "give -o FILE" state --date 2024-12-07 --format gpkg reports/*.txt
expect_exit 2 "(tsv, json, geojson, gpkg, csv)" state --date 2024-12-07 --format shp reports/*.txt
expect_exit 5 "state.gpkg: cannot write" state --date 2024-12-07 --format gpkg -o "$work/no/state.gpkg" reports/*.txt
printf 'date\tplace_id\tfaction\tstatus\tnote\n2024-12-06\thoms\trebels\theld\tseen on video\n' >"$work/corrections.tsv"
"$frontline" state --date 2024-12-06 --corrections "$work/corrections.tsv" reports/*.txt |
  grep -q "^homs	Homs	.*	rebels	held	analyst	2024-12-06		analyst	analyst: seen on video" && ok ||
  fail "the correction does not win"
printf 'date\tplace_id\tfaction\tstatus\tnote\n2024-12-06\thoms\trebels\tcaptured\t\n' >"$work/bad-corrections.tsv"
expect_exit 4 "bad-corrections.tsv:2: unknown status 'captured'" state --date 2024-12-06 --corrections "$work/bad-corrections.tsv" reports/*.txt

# --- batch: the series, its shards, resume, interrupt
series="$work/series"
expect_exit 0 "" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png,svg -j 2 \
  --deck "$series/deck.pdf" --gif "$series/offensive.gif" --sheet "$series/sheet.png" -o "$series"
[ "$(ls "$series"/syria-*.png | wc -l)" -eq 13 ] && ok || fail "batch: not 13 PNG maps"
[ "$(ls "$series"/syria-*.svg | wc -l)" -eq 13 ] && ok || fail "batch: not 13 SVG maps"
pdfinfo "$series/deck.pdf" | grep -q '^Pages: *14$' && ok || fail "deck: not 14 pages"
qpdf --check "$series/deck.pdf" >"$work/qpdf" 2>&1 && ok || fail "deck: qpdf: $(tail -3 "$work/qpdf")"
fonts_embedded "$series/deck.pdf"
pngcheck -q "$series"/syria-*.png "$series/sheet.png" >"$work/pngcheck" 2>&1 && ok ||
  fail "batch: pngcheck: $(cat "$work/pngcheck")"
# the deck too is the same bytes from the same inputs (its PDF dates come from the series)
"$frontline" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png -q \
  --deck "$work/deck-again.pdf" -o "$work/deck-again" &&
  cmp -s "$series/deck.pdf" "$work/deck-again.pdf" && ok || fail "deck: not the same bytes twice"
# the animation opens as users open it: gifsicle and ImageMagick read 13 frames, one global
# colour table, looping for ever, the last frame held three times as long; a frame is the map
info=$(gifsicle --info "$series/offensive.gif" 2>&1)
echo "$info" | grep -q ' 13 images$' && echo "$info" | grep -q 'global color table \[256\]' &&
  echo "$info" | grep -q 'loop forever' && ! echo "$info" | grep -q 'local color table' &&
  [ "$(echo "$info" | grep -c 'delay 0.80s')" -eq 12 ] &&
  [ "$(echo "$info" | grep -c 'delay 2.40s')" -eq 1 ] && ok || fail "gifsicle: $info"
[ "$(identify "$series/offensive.gif" | wc -l)" -eq 13 ] && ok || fail "identify: not 13 frames"
convert "$series/offensive.gif[12]" "$work/frame-12.png" &&
  convert "$series/syria-2024-12-08.png" -resize 960x540 "$work/map-12.png" &&
  rmse=$(compare -metric RMSE "$work/frame-12.png" "$work/map-12.png" null: 2>&1 | sed 's/.*(\(.*\))/\1/') &&
  awk -v e="$rmse" 'BEGIN { exit !(e < 0.08) }' && ok || fail "GIF frame 12 is not the map: $rmse"
file_list() { (cd "$1" && ls syria-*.png syria-*.svg); }
# the shards together give exactly the unsharded set, byte for byte
for k in 0 1 2; do
  expect_exit 0 "" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png,svg -q \
    --shard $k/3 -o "$work/shards"
done
[ "$(file_list "$series")" = "$(file_list "$work/shards")" ] && ok || fail "shards: other files"
for f in $(file_list "$series"); do
  cmp -s "$series/$f" "$work/shards/$f" || fail "shards: $f differs"
done
# resume: nothing to draw; a removed map is drawn again, identical
expect_exit 0 "" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png,svg --resume \
  -o "$series"
grep -q "0 maps drawn, 26 up to date" "$work/stdout" && ok || fail "resume: $(cat "$work/stdout")"
cp "$series/syria-2024-12-05.png" "$work/before.png" && rm "$series/syria-2024-12-05.png"
"$frontline" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png,svg --resume \
  -o "$series" | grep -q "^1 maps drawn, 25 up to date" && ok || fail "resume did not redraw one map"
cmp -s "$work/before.png" "$series/syria-2024-12-05.png" && ok || fail "resume: not byte-identical"
# other inputs (a correction) make every map out of date
printf 'date\tplace_id\tfaction\tstatus\tnote\n2024-12-01\thama\trebels\theld\t\n' >"$work/fix.tsv"
"$frontline" batch reports/*.txt --from 2024-11-26 --to 2024-12-08 --format png --resume \
  --corrections "$work/fix.tsv" -o "$series" | grep -q "^13 maps drawn, 0 up to date" && ok ||
  fail "resume kept maps made from other inputs"
# interrupt: SIGINT mid-batch stops with 130 and leaves only complete files
"$frontline" batch reports/*.txt --from 2024-11-26 --to 2024-12-31 --format png,svg,pdf -j 2 -q \
  -o "$work/interrupted" &
batch_pid=$!
sleep 1.5
kill -INT $batch_pid
wait $batch_pid
code=$?
[ "$code" -eq 130 ] && ok || fail "interrupted batch: exit $code, expected 130"
partial=$(ls -A "$work/interrupted" | grep '\.part$' || true)
[ -z "$partial" ] && ok || fail "interrupted batch left partial files: $partial"
for f in "$work"/interrupted/*.png; do
  [ -e "$f" ] || continue
  pngcheck_ok=$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')
  [ "$pngcheck_ok" = "89504e470d0a1a0a" ] || fail "interrupted batch: $f is not a PNG"
  tail -c 12 "$f" | od -An -tx1 | tr -d ' \n' | grep -q '49454e44ae426082$' || fail "$f is cut short"
done
ok
expect_exit 2 "--shard: '3/3' is not K/N" batch reports/*.txt --shard 3/3 -o "$work/x"
expect_exit 2 "--from 2024-12-08 is after --to 2024-12-01" batch reports/*.txt --from 2024-12-08 --to 2024-12-01 -o "$work/x"
expect_exit 2 "unknown map format 'gif'" batch reports/*.txt --format gif -o "$work/x"

# --- bad input: one line, named file, exit code, no output
printf 'Les rebelles ont pris Hama.\n' >"$work/nodate.txt"
printf 'Date: 2024-02-30\n\nLes rebelles ont pris Hama.\n' >"$work/feb30.txt"
printf 'Date: 2024-12-07\n\nLes rebelles se sont empar\351s de Hama, a d\351clar\351 l\222arm\351e \340 Alep, \340 Homs, \340 Damas.\n' >"$work/latin1.txt"
map="$work/bad.png"
expect_exit 3 "nodate.txt: no date for this report" render --date 2024-12-07 -o "$map" "$work/nodate.txt"
expect_exit 3 "feb30.txt:1: '2024-02-30' is not a day" render --date 2024-12-07 -o "$map" "$work/feb30.txt"
expect_exit 3 "latin1.txt:3: the report is not UTF-8" render --date 2024-12-07 -o "$map" "$work/latin1.txt"
expect_exit 2 "--date: '07/12/2024' is not a date" render --date 07/12/2024 -o "$map" reports/*.txt
expect_exit 2 "--date: '2024-02-30' is not a day" state --date 2024-02-30 reports/*.txt
expect_exit 3 "missing.txt: cannot read" render --date 2024-12-07 -o "$map" "$work/missing.txt"
expect_exit 2 "unknown format 'xml'" places --format xml reports/*.txt
expect_exit 5 "map.tiff" render --date 2024-12-07 -o "$work/map.tiff" reports/*.txt
cp -r gazetteer/syria "$work/theatre" && rm "$work/theatre/factions.tsv"
expect_exit 4 "[files] factions = factions.tsv: no file" render --theatre "$work/theatre" --date 2024-12-07 -o "$map" reports/*.txt
[ ! -e "$map" ] && ok || fail "a map was written despite the errors"
leftovers=$(ls -A "$work" | grep '\.part$\|^\.frontline-export' || true)
[ -z "$leftovers" ] && ok || fail "temporary files left: $leftovers"

# --- the command line as GNU tools take it
# options before the command, a short option's value attached ("-oFILE"), "-" for standard input
expect_exit 0 "" --theatre gazetteer/syria state --date 2024-12-07 -o"$work/attached.tsv" reports/*.txt
head -1 "$work/attached.tsv" | grep -q '^place_id' && ok || fail "-oFILE did not write the table"
expect_exit 0 "" events -o "$work/events.tsv" reports/*.txt
[ "$(wc -l <"$work/events.tsv")" -gt 1 ] && ok || fail "events -o FILE wrote no events"
printf 'Date: 2024-12-05\nLang: fr\n\nLes rebelles ont pris Hama jeudi.\n' |
  "$frontline" events - | grep -q 'hama	capture	rebels' && ok || fail "events - did not read standard input"
expect_exit 2 "see 'frontline events --help'" events --bogus reports/*.txt
"$frontline" timeline --help | grep -q 'frontline timeline \[OPTION.*\] PLACE REPORT' && ok ||
  fail "timeline --help does not show PLACE"
"$frontline" style --help | grep -q 'Reports are' && fail "style --help talks of reports" || ok
"$frontline" events --help | grep -q 'gpkg' && fail "events --help offers state's formats" || ok
# values that used to fall back to a default silently, dates nothing is known of
expect_exit 2 "--dpi applies to a paper size" render --dpi 300 --date 2024-12-07 -o "$work/dpi.png" reports/*.txt
[ ! -e "$work/dpi.png" ] && ok || fail "--dpi with a pixel size wrote a map"
expect_exit 2 "take a positive number" batch --every 0 -o "$work/every" reports/*.txt
expect_exit 2 "--every and --dates both choose" batch --every 2 --dates each-report -o "$work/every" reports/*.txt
expect_exit 2 "before the theatre's baseline date" render --date 2024-11-01 -o "$work/early.png" reports/*.txt
[ ! -e "$work/early.png" ] && ok || fail "a date before the baseline wrote a map"
expect_exit 2 "spans more than 3660 days" batch --from 2024-11-26 --to 9999-12-31 -o "$work/long" reports/*.txt
"$frontline" state --date 2025-03-01 reports/*.txt >/dev/null 2>"$work/late" &&
  grep -q 'days after the last report' "$work/late" && ok || fail "no warning for a date long after the last report"
"$frontline" batch --from 2024-11-26 --to 2024-12-07 --every 5 -q -o "$work/every5" reports/*.txt &&
  [ "$(ls "$work/every5" | grep -c png)" = 4 ] && [ -e "$work/every5/syria-2024-12-07.png" ] && ok ||
  fail "--every 5 does not end on the last day: $(ls "$work/every5")"

# a TSV saved by a spreadsheet program starts with a BOM: still its header row
printf '\357\273\277date\tplace_id\tfaction\tstatus\tnote\n2024-12-07\thoms\trebels\theld\tcheck\n' >"$work/bom.tsv"
"$frontline" state --date 2024-12-07 --corrections "$work/bom.tsv" reports/*.txt 2>"$work/bom.err" |
  grep -q '^homs	.*	rebels	held	analyst' && ok || fail "corrections with a BOM: $(cat "$work/bom.err")"

# an output name near the file system's limit (the temporary name is longer than the name)
long=$(printf 'm%.0s' $(seq 1 246))
expect_exit 0 "" render --date 2024-12-07 -o "$work/$long.png" reports/*.txt
[ -s "$work/$long.png" ] && ok || fail "a 250-byte output name wrote no map"

# a signal while a map or a GIS file is written leaves no temporary file or folder behind
mkdir -p "$work/signals"
for t in 0.1 0.2 0.3 0.4; do
  timeout -s INT $t "$frontline" render --no-cache --date 2024-12-07 -o "$work/signals/m.pdf" reports/*.txt 2>/dev/null
  timeout -s TERM $t "$frontline" state --date 2024-12-07 --format gpkg -o "$work/signals/s.gpkg" reports/*.txt 2>/dev/null
done
mkdir -p "$work/signals-tmp"
TMPDIR="$work/signals-tmp" "$frontline" state --date 2024-12-07 --format geojson -o /dev/stdout \
  reports/*.txt 2>/dev/null | head -c 10 >/dev/null
left=$(ls -A "$work/signals" "$work/signals-tmp" | grep -e '\.part$' -e '^\.frontline-output-' || true)
[ -z "$left" ] && ok || fail "signals left temporary files: $left"

# year-1 dates: a clear refusal, no GLib-CRITICAL
expect_exit 2 "before the theatre's baseline date" batch --dates 0001-01-01 -o "$work/y1" reports/*.txt
expect_exit 2 "a year before 1900" state --as-known-on 0001-01-01 --date 2024-12-07 reports/*.txt

e2e_summary
