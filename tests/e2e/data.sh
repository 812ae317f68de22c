#!/bin/sh
# A theatre's data changed without copying it: --places and --aliases overlays through every
# command that reads a theatre, and the digest batch --resume keeps; corrections naming places
# as timeline does.
# usage: data.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-data
. "$(dirname "$0")/lib.sh"
export FRONTLINE_CACHE_DIR="$work/cache"

tab=$(printf '\t')
# a village the gazetteer lacks, and Homs under another French label
cat >"$work/places.tsv" <<EOF
id${tab}name${tab}name_fr${tab}name_en${tab}lat${tab}lon${tab}kind${tab}admin1${tab}population${tab}country
kafr-nabuda-west${tab}Kafr Nabuda West${tab}Kafr Naboudé-Ouest${tab}Kafr Nabuda West${tab}35.43${tab}36.47${tab}town${tab}Hama${tab}900${tab}SY
homs${tab}Ḩimş${tab}Homs-la-Neuve${tab}Homs${tab}34.72682${tab}36.72339${tab}region-seat${tab}Homs${tab}775404${tab}SY
EOF
# a spelling of it the wires use
cat >"$work/aliases.tsv" <<EOF
place_id${tab}alias${tab}lang${tab}note
kafr-nabuda-west${tab}Kafr Nabouda Ouest${tab}fr${tab}spelling of the wires
EOF
cat >"$work/report.txt" <<'EOF'
Date: 2024-12-03
Lang: fr

Les rebelles se sont emparés mardi de Kafr Nabouda Ouest, au nord de Hama.
EOF
overlays="--places $work/places.tsv --aliases $work/aliases.tsv"

# places: the new spelling finds the new place; without the overlays it is no place
expect_exit 0 "" places $overlays "$work/report.txt"
grep -q "${tab}Kafr Nabouda Ouest${tab}kafr-nabuda-west${tab}" "$work/stdout" && ok ||
  fail "places: $(cat "$work/stdout")"
expect_exit 0 "" places "$work/report.txt"
grep -q "kafr-nabuda-west" "$work/stdout" && fail "places without overlays: $(cat "$work/stdout")" ||
  ok
# state: the added place, its baseline from its zone, then the capture; options before the
# command and --opt=value as everywhere
expect_exit 0 "" --places="$work/places.tsv" state --aliases "$work/aliases.tsv" \
  --date 2024-12-03 "$work/report.txt"
grep -q "^kafr-nabuda-west${tab}.*${tab}rebels${tab}held${tab}confirmed${tab}2024-12-03${tab}" \
  "$work/stdout" && ok || fail "state: $(grep kafr-nabuda-west "$work/stdout")"
expect_exit 0 "" timeline $overlays kafr-nabuda-west "$work/report.txt"
grep -q "^2024-11-26${tab}baseline${tab}.*${tab}baseline: zone: " "$work/stdout" && ok ||
  fail "timeline: no baseline from the zone: $(cat "$work/stdout")"
# the GIS export and the map take the replaced label
expect_exit 0 "" state $overlays --date 2024-12-03 --format csv --lang fr "$work/report.txt"
grep -q "^homs,Homs-la-Neuve," "$work/stdout" && ok || fail "csv: $(grep '^homs,' "$work/stdout")"
expect_exit 0 "" render $overlays --date 2024-12-03 -o "$work/map.svg" "$work/report.txt"
grep -q "Homs-la-Neuve" "$work/map.svg" && ok || fail "render: the map lacks Homs-la-Neuve"
grep -q "Kafr Naboudé-Ouest" "$work/map.svg" && ok || fail "render: the map lacks the new place"

# batch --resume: a changed overlay is a changed input
series=$work/series
expect_exit 0 "" batch $overlays --from 2024-12-03 --to 2024-12-03 -j 1 -o "$series" \
  "$work/report.txt"
expect_exit 0 "" batch $overlays --from 2024-12-03 --to 2024-12-03 -j 1 --resume -o "$series" \
  "$work/report.txt"
grep -q "^0 maps drawn, 1 up to date" "$work/stdout" && ok || fail "resume: $(cat "$work/stdout")"
sed -i 's/Homs-la-Neuve/Homs-Centre/' "$work/places.tsv"
expect_exit 0 "" batch $overlays --from 2024-12-03 --to 2024-12-03 -j 1 --resume -o "$series" \
  "$work/report.txt"
grep -q "^1 maps drawn, 0 up to date" "$work/stdout" && ok ||
  fail "resume kept a map of another overlay: $(cat "$work/stdout")"

# corrections name places as timeline does: by id, any name or alias, an overlay's too
cat >"$work/corrections.tsv" <<EOF
date${tab}place_id${tab}faction${tab}status${tab}note
2024-12-02${tab}Alep${tab}government${tab}contested${tab}by its French name
2024-12-02${tab}حلب${tab}government${tab}contested${tab}the same row, in Arabic
2024-12-04${tab}Deir Ezzor${tab}sdf${tab}held${tab}by an alias
2024-12-04${tab}kafr nabouda ouest${tab}government${tab}held${tab}by an overlay's alias
EOF
expect_exit 0 "" state $overlays --corrections "$work/corrections.tsv" --date 2024-12-04 \
  "$work/report.txt"
for row in "aleppo${tab}.*${tab}government${tab}contested${tab}analyst${tab}2024-12-02${tab}" \
  "deir-ez-zor${tab}.*${tab}sdf${tab}held${tab}analyst${tab}2024-12-04${tab}" \
  "kafr-nabuda-west${tab}.*${tab}government${tab}held${tab}analyst${tab}2024-12-04${tab}"; do
  grep -q "^$row" "$work/stdout" && ok || fail "corrections by name: no row '$row'"
done
# a name two places bear: the same message from timeline (a usage error) and corrections
expect_exit 2 "'Suran' names 2 places of the theatre: suran-hama (Hama), suran-aleppo (Aleppo)" \
  timeline Suran "$work/report.txt"
printf 'date\tplace_id\tfaction\tstatus\n2024-12-04\tSuran\trebels\theld\n' \
  >"$work/ambiguous.tsv"
expect_exit 4 "ambiguous.tsv:2: place_id: 'Suran' names 2 places of the theatre: suran-hama" \
  state --corrections "$work/ambiguous.tsv" --date 2024-12-04 "$work/report.txt"
expect_exit 2 "'Beyrouth' (beirut) is outside the theatre" timeline Beyrouth "$work/report.txt"

e2e_summary
