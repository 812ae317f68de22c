#!/bin/sh
# The second theatre shipped (gazetteer/ukraine-kharkiv-2022): its four example reports, in
# English and French, read with its own actors and spellings, give the states of the Kharkiv
# counteroffensive they tell, and its maps open in the readers users have (PNG, SVG, PDF) in
# English, French and Ukrainian.
# usage: ukraine.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-ukraine
. "$(dirname "$0")/lib.sh"
theatre=gazetteer/ukraine-kharkiv-2022

check() {  # check DATE PLACE EXPECTED
  got=$("$frontline" state --theatre "$theatre" --date "$1" "$theatre"/reports/*.txt |
    awk -F'\t' -v place="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      $1 == place { print $col["faction"] " " $col["status"] }')
  [ "$got" = "$3" ] && ok || fail "$2 on $1: got '$got', expected '$3'"
}
check 2022-09-05 izium "russia held"            # the baseline
check 2022-09-05 kharkiv "ukraine held"
check 2022-09-07 balakliia "russia contested"   # entered, street fighting
check 2022-09-09 balakliia "ukraine held"       # retaken (Balakliïa, French spelling)
check 2022-09-10 kupiansk "ukraine held"        # a flag over Koupiansk
check 2022-09-08 izium "russia held"            # "still hold Izium"
check 2022-09-10 izium " abandoned"             # the withdrawal announced
check 2022-09-11 izium "ukraine held"           # retaken (Izioum, Izium)
check 2022-09-10 vovchansk " abandoned"         # abandoned by the Russian troops
check 2022-09-30 lyman "russia held"
check 2022-10-01 lyman " abandoned"             # the withdrawal from Lyman

# the maps, opened as users open them
for lang in en fr uk; do
  for ext in png svg pdf; do
    out=$work/kharkiv-$lang.$ext
    "$frontline" render --theatre "$theatre" --lang $lang --date 2022-09-12 -o "$out" \
      "$theatre"/reports/*.txt 2>"$work/stderr" && ok || fail "render $lang $ext: $(cat "$work/stderr")"
  done
  pngcheck -q "$work/kharkiv-$lang.png" >/dev/null && ok || fail "pngcheck kharkiv-$lang.png"
  xmllint --noout "$work/kharkiv-$lang.svg" && ok || fail "xmllint kharkiv-$lang.svg"
  qpdf --check "$work/kharkiv-$lang.pdf" >/dev/null && ok || fail "qpdf kharkiv-$lang.pdf"
done
grep -q "Izioum" "$work/kharkiv-fr.svg" && ok || fail "French map: no Izioum"
grep -q "Ізюм" "$work/kharkiv-uk.svg" && ok || fail "Ukrainian map: no Ізюм"
grep -q "Kupiansk" "$work/kharkiv-en.svg" && ok || fail "English map: no Kupiansk"

# the map's words in the map's language (gazetteer/lang/map-*.tsv), dates with the genitive
# month, and the theatre's own word for the open ground (theatre.ini [words])
"$frontline" render --theatre "$theatre" --lang ru --date 2022-09-12 -o "$work/kharkiv-ru.svg" \
  "$theatre"/reports/*.txt 2>"$work/stderr" && ok || fail "render ru svg: $(cat "$work/stderr")"
[ -s "$work/stderr" ] && fail "render ru: warnings: $(cat "$work/stderr")" || ok
has() {  # has FILE TEXT
  grep -qF "$2" "$1" && ok || fail "$(basename "$1"): no '$2'"
}
has "$work/kharkiv-uk.svg" "Ситуація на 12 вересня 2022 р."
has "$work/kharkiv-uk.svg" "Контроль населених пунктів"
has "$work/kharkiv-uk.svg" "лінія фронту"
has "$work/kharkiv-uk.svg" "відкрита місцевість: за своїми населеними пунктами"
has "$work/kharkiv-ru.svg" "Обстановка на 12 сентября 2022 г."
has "$work/kharkiv-ru.svg" "Контроль населённых пунктов"
has "$work/kharkiv-ru.svg" "линия фронта"
has "$work/kharkiv-en.svg" "Situation on 12 September 2022"
has "$work/kharkiv-en.svg" "open ground: follows its towns"
has "$work/kharkiv-fr.svg" "terrain ouvert : suit ses localités"
grep -q "desert\|désert" "$work/kharkiv-en.svg" "$work/kharkiv-fr.svg" &&
  fail "Syria's desert on the Ukrainian maps" || ok

# the print style names no faction: on this theatre it takes factions.tsv's print_color
# (Russia #a50f15, Ukraine #9ecae1), never the screen colours
"$frontline" render --theatre "$theatre" --style styles/print.ini --date 2022-09-12 \
  -o "$work/kharkiv-print.svg" "$theatre"/reports/*.txt 2>"$work/stderr" && ok ||
  fail "render --style print: $(cat "$work/stderr")"
has "$work/kharkiv-print.svg" "rgb(64.705882%,5.882353%,8.235294%)"
has "$work/kharkiv-print.svg" "rgb(61.960784%,79.215686%,88.235294%)"
grep -q "fill:rgb(78.431373%,6.27451%,18.039216%);fill-opacity:0.8" "$work/kharkiv-print.svg" &&
  fail "print map's zones in the screen red" || ok

# a place the reports name off the frame (--bbox west of Izium, north of Balakliia): a warning
# line naming it, never an error
"$frontline" render --theatre "$theatre" --lang en --bbox 35.5,49.5,37.2,50.5 --date 2022-09-12 \
  -o "$work/north.svg" "$theatre"/reports/*.txt 2>"$work/stderr" && ok ||
  fail "render --bbox: $(cat "$work/stderr")"
[ -s "$work/north.svg" ] && ok || fail "render --bbox: no map"
off="frontline: warning: 'Izium' (izium), which the reports name, falls outside the map's frame"
grep -qF "$off" "$work/stderr" && ok || fail "no warning for Izium off the frame: $(cat "$work/stderr")"
[ "$(grep -c "(izium)" "$work/stderr")" = 1 ] && ok || fail "Izium warned of more than once"
# batch too, once for the series
"$frontline" batch --theatre "$theatre" --lang en --bbox 35.5,49.5,37.2,50.5 --format svg \
  --from 2022-09-10 --to 2022-09-12 -o "$work/north-batch" "$theatre"/reports/*.txt \
  >/dev/null 2>"$work/stderr" && ok || fail "batch --bbox: $(cat "$work/stderr")"
grep -qF "$off" "$work/stderr" && ok || fail "batch: no warning for Izium: $(cat "$work/stderr")"
[ "$(grep -c "(izium)" "$work/stderr")" = 1 ] && ok || fail "batch: Izium warned of more than once"

# a word a language file lacks is the English one, with one warning naming the file
mkdir -p "$work/copy"
cp -r "$theatre" "$work/copy/theatre" && cp -r gazetteer/lang "$work/copy/lang"
sed -i '/^front_line\t/d' "$work/copy/lang/map-ru.tsv"
"$frontline" render --theatre "$work/copy/theatre" --lang ru --date 2022-09-12 \
  -o "$work/missing-ru.svg" "$theatre"/reports/*.txt 2>"$work/stderr" && ok ||
  fail "render with a word missing: $(cat "$work/stderr")"
grep -qF "warning: $work/copy/theatre/../lang/map-ru.tsv: no front_line: the English words" \
  "$work/stderr" && ok || fail "no warning for the missing word: $(cat "$work/stderr")"
has "$work/missing-ru.svg" "front line"
e2e_summary
