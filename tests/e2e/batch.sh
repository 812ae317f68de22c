#!/bin/sh
# batch's output folder, as GNU parallel and a daily rerun use it: shards drawn side by side
# into one folder keep every row of the manifest, so --resume then draws nothing; --resume
# redraws a map cut short or altered (the manifest holds each file's size and SHA-256); a report
# added in the middle of the series redraws only the maps it changes (from its date on, unless
# it moves a label of every map), each byte for byte as a fresh batch draws it; a second batch
# into a folder another holds is refused (exit 5, the folder and the holder's pid named), and a
# holder gone, even killed outright, leaves the folder free; a deck, animation, video or sheet
# with --shard is refused (exit 2), and made after the shards by a --resume run that draws no
# map; on a terminal the progress line counts the deck's pages and the animation's frames, and
# says 0:00 left only at the end; a series' PNGs, written in bands of which those unchanged
# since the last map are not compressed again, decode to the pixels of the same maps drawn one
# by one.
# usage: batch.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-batch
. "$(dirname "$0")/lib.sh"

expect() {
  if [ "$2" = "$3" ]; then ok; else fail "$1: got '$3', expected '$2'"; fi
}
series="--from 2024-11-26 --to 2024-12-08"
# drawn FOLDER ARGS...: "N maps drawn, M up to date" of a batch of the series into FOLDER
drawn() {
  folder=$1
  shift
  "$frontline" batch $series -o "$folder" "$@" 2>"$work/stderr" | head -1 | cut -d, -f1-2
}
# same_maps EXPECTED GOT WHAT: every map of EXPECTED is in GOT, byte for byte
same_maps() {
  for f in "$1"/syria-*; do
    cmp -s "$f" "$2/${f##*/}" || fail "$3: ${f##*/} is not as a fresh batch draws it"
  done
  ok
}
# redrawn BEFORE AFTER: the dates whose manifest row changed from BEFORE to AFTER
redrawn() {
  awk -F '\t' 'NR == FNR { made[$1] = $2; next }
               /^syria-/ && made[$1] != $2 { print substr($1, 7, 10) }' "$1" "$2" |
    sort -u | tr '\n' ' ' | sed 's/ $//'
}
manifest=.frontline-batch.tsv

# --- two shards side by side into one folder, then --resume: nothing to draw
shards=$work/shards
"$frontline" batch reports/*.txt $series -f png,svg -j 1 -q --shard 0/2 -o "$shards" \
  2>"$work/shard0" &
first=$!
"$frontline" batch reports/*.txt $series -f png,svg -j 1 -q --shard 1/2 -o "$shards" \
  2>"$work/shard1" &
second=$!
wait $first
expect "shard 0/2: exit and stderr" "0 " "$? $(cat "$work/shard0")"
wait $second
expect "shard 1/2: exit and stderr" "0 " "$? $(cat "$work/shard1")"
expect "shards: a row per map in the manifest" 26 "$(grep -c '^syria-' "$shards/$manifest")"
expect "shards, then --resume" "0 maps drawn, 26 up to date" \
  "$(drawn "$shards" reports/*.txt -f png,svg --resume)"
[ ! -e "$shards/.frontline-batch.lock" ] && ok ||
  fail "shards: the lock file is left: $(cat "$shards/.frontline-batch.lock")"
whole=$work/whole
"$frontline" batch reports/*.txt $series -f png,svg -q -o "$whole"
same_maps "$whole" "$shards" "shards"

# --- a map cut short, another altered at its size: redrawn, and only they
cp "$shards/syria-2024-12-03.png" "$work/cut.png"
head -c 1000 "$work/cut.png" >"$shards/syria-2024-12-03.png"
svg=$shards/syria-2024-11-30.svg
cp "$svg" "$work/altered.svg"
printf 'X' | dd of="$svg" bs=1 seek=300 conv=notrunc 2>/dev/null
expect "--resume after a cut PNG and an altered SVG" "2 maps drawn, 24 up to date" \
  "$(drawn "$shards" reports/*.txt -f png,svg --resume)"
pngcheck -q "$shards/syria-2024-12-03.png" >"$work/pngcheck" 2>&1 && ok ||
  fail "the cut PNG redrawn: pngcheck: $(cat "$work/pngcheck")"
rsvg-convert -o "$work/svg.png" "$svg" 2>"$work/rsvg" && ok ||
  fail "the altered SVG redrawn: rsvg-convert: $(cat "$work/rsvg")"
same_maps "$whole" "$shards" "cut and altered maps redrawn"

# --- a report dated 1 December on a place the maps already name: the maps from 1 December on
# are redrawn, those before kept
header='Date: 2024-12-01\nSource: Test wire\nLang: fr\n\n'
printf "$header"'Les rebelles contr\303\264lent Alep depuis samedi.\n' >"$work/2024-12-01-alep.txt"
mid=$work/mid
cp -R "$whole" "$mid"
expect "a report of 1 December added: --resume" "16 maps drawn, 10 up to date" \
  "$(drawn "$mid" reports/*.txt "$work/2024-12-01-alep.txt" -f png,svg --resume)"
expect "a report of 1 December added: the dates redrawn" \
  "2024-12-01 2024-12-02 2024-12-03 2024-12-04 2024-12-05 2024-12-06 2024-12-07 2024-12-08" \
  "$(redrawn "$whole/$manifest" "$mid/$manifest")"
"$frontline" batch reports/*.txt "$work/2024-12-01-alep.txt" $series -f png,svg -q \
  -o "$work/mid-fresh"
same_maps "$work/mid-fresh" "$mid" "a report of 1 December added"
# a place the maps did not name: its label is on every map of the series, all redrawn
printf "$header"'Les rebelles ont pris Saraqeb dimanche.\n' >"$work/2024-12-01-saraqeb.txt"
label=$work/label
cp -R "$whole" "$label"
expect "a report naming another place: --resume" "26 maps drawn, 0 up to date" \
  "$(drawn "$label" reports/*.txt "$work/2024-12-01-saraqeb.txt" -f png,svg --resume)"
"$frontline" batch reports/*.txt "$work/2024-12-01-saraqeb.txt" $series -f png,svg -q \
  -o "$work/label-fresh"
same_maps "$work/label-fresh" "$label" "a report naming another place"
cmp -s "$whole/syria-2024-11-26.png" "$label/syria-2024-11-26.png" &&
  fail "a report naming another place: the map of 26 November did not change" || ok

# --- a folder another batch holds
held=$work/held
long="--from 2024-11-26 --to 2024-12-31 -f png,svg,pdf -j 1 -q"
# hold LINE_SHARD ARGS...: starts a long batch into $held, waits until the lock file names it
hold() {
  shard=$1
  shift
  "$frontline" batch reports/*.txt $long -o "$held" "$@" 2>"$work/holder" &
  holder=$!
  tries=0
  until grep -q "^$holder	$shard	" "$held/.frontline-batch.lock" 2>/dev/null ||
        [ $tries -ge 600 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
}
hold 0/2 --shard 0/2
expect_exit 5 "$held: another batch is drawing into this folder (pid $holder, shard 0/2)" \
  batch reports/*.txt $series -q -o "$held"
expect_exit 5 "$held: shard 0/2 is already being drawn into this folder (pid $holder)" \
  batch reports/*.txt $long --shard 0/2 -o "$held"
expect_exit 5 "(pid $holder, shard 0/2 of another series)" \
  batch reports/*.txt $series -q --shard 1/2 -o "$held"
kill -INT $holder
wait $holder 2>/dev/null
expect "the holder, interrupted: exit" 130 $?
expect_exit 0 "" batch reports/*.txt --dates 2024-12-07 -q -o "$held"
hold -
expect_exit 5 "$held: another batch is drawing into this folder (pid $holder)" \
  batch reports/*.txt $series -q --shard 1/2 -o "$held"
kill -KILL $holder
wait $holder 2>/dev/null
# killed outright: its line is left in the lock file, but the lock went with it
grep -q "^$holder	" "$held/.frontline-batch.lock" && ok || fail "the killed holder's line"
expect_exit 0 "" batch reports/*.txt --dates 2024-12-07 -q -o "$held"

# --- a deck, animation, video or sheet of one shard: refused, nothing made; made of the
# shards' maps by a --resume run that draws none
for product in deck:pdf gif:gif video:mp4 sheet:png; do
  option=${product%:*}
  expect_exit 2 "--$option with --shard 1/2: a deck, animation, video or sheet is made of" \
    batch reports/*.txt $series --shard 1/2 --$option "$work/one-shard/x.${product#*:}" \
    -o "$work/one-shard"
done
[ ! -e "$work/one-shard" ] && ok || fail "a refused shard left: $(ls -A "$work/one-shard")"
expect "the shards' deck, animation and sheet: --resume" "0 maps drawn, 26 up to date" \
  "$(drawn "$shards" reports/*.txt -f png,svg --resume --deck "$work/deck.pdf" \
       --gif "$work/offensive.gif" --sheet "$work/sheet.png")"
pdfinfo "$work/deck.pdf" | grep -q '^Pages: *14$' && ok || fail "the shards' deck: not 14 pages"
qpdf --check "$work/deck.pdf" >"$work/qpdf" 2>&1 && ok ||
  fail "the shards' deck: qpdf: $(tail -3 "$work/qpdf")"
gifsicle --info "$work/offensive.gif" 2>&1 | grep -q ' 13 images$' && ok ||
  fail "the shards' animation: not 13 frames"
pngcheck -q "$work/sheet.png" >"$work/pngcheck" 2>&1 && ok ||
  fail "the shards' sheet: $(cat "$work/pngcheck")"

# --- the progress line on a terminal: the deck's pages and the animation's frames counted,
# 0:00 left only at the end; the summary times them
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "'$frontline' batch reports/*.txt --from 2024-12-05 --to 2024-12-08 -j 2 \
    --deck '$work/progress/deck.pdf' --gif '$work/progress/offensive.gif' \
    -o '$work/progress'" /dev/null >"$work/terminal" 2>&1
  expect "under a terminal: exit" 0 $?
  tr '\r' '\n' <"$work/terminal" | grep ' left' >"$work/progress.txt"
  grep -q ' maps  deck 5/5 ' "$work/progress.txt" && ok ||
    fail "no progress line for the deck's last page: $(cat "$work/progress.txt")"
  grep -q ' maps  animation 4/4 ' "$work/progress.txt" && ok ||
    fail "no progress line for the animation's last frame: $(cat "$work/progress.txt")"
  expect "0:00 left before the end" "" "$(sed '$d' "$work/progress.txt" | grep '0:00 left')"
  tail -1 "$work/progress.txt" | grep -q '0:00 left' && ok ||
    fail "the last progress line: $(tail -1 "$work/progress.txt")"
  grep -q '^deck [0-9.]* s, animation [0-9.]* s: [0-9.]* s in all' "$work/terminal" && ok ||
    fail "the summary does not time the deck and the animation: $(tail -2 "$work/terminal")"
fi

# --- a series' PNGs (bands kept from map to map) against the same maps each drawn alone by a
# shard of one date (every band compressed afresh): the same pixels, the same bytes. The dates
# run over the offensive's changes, then days of the same situation.
bands="--from 2024-11-28 --to 2024-12-10"
"$frontline" batch reports/*.txt $bands -j 1 -q -o "$work/bands"
expect "series in bands: exit" 0 $?
pngcheck -q "$work/bands"/syria-*.png >"$work/pngcheck" 2>&1 && ok ||
  fail "series in bands: pngcheck: $(cat "$work/pngcheck")"
for shard in 0 1 5 11 12; do
  "$frontline" batch reports/*.txt $bands -j 1 -q --shard $shard/13 -o "$work/alone-$shard" ||
    fail "series in bands: shard $shard/13"
  alone=$(ls "$work/alone-$shard"/syria-*.png)
  expect "series in bands: pixels of ${alone##*/} against the map drawn alone" 0 \
    "$(compare -metric AE "$work/bands/${alone##*/}" "$alone" null: 2>&1)"
  cmp -s "$work/bands/${alone##*/}" "$alone" && ok ||
    fail "series in bands: ${alone##*/} is not byte for byte the map drawn alone"
done

e2e_summary
