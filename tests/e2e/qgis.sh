#!/bin/sh
# The series GeoPackage played in QGIS's temporal controller (tests/e2e/qgis-temporal.py,
# headless PyQGIS): every day of the campaign, each layer shows what that day's own export
# holds. Skipped (77) where PyQGIS is missing.
# usage: qgis.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-qgis
. "$(dirname "$0")/lib.sh"

python=/usr/bin/python3   # Debian's, whose modules PyQGIS (python3-qgis) is one of
if ! "$python" -c 'import qgis.core' >/dev/null 2>&1; then
  echo "PyQGIS missing (Debian package python3-qgis): skipped"
  exit 77
fi
from=2024-11-26 to=2024-12-08
"$frontline" state --from $from --to $to --format gpkg -o "$work/series.gpkg" reports/*.txt &&
  ok || fail "state --from $from --to $to --format gpkg"
mkdir -p "$work/days"
for day in $(seq 0 12); do
  date=$(date -u -d "$from + $day days" +%F)
  "$frontline" state --date "$date" --format gpkg -o "$work/days/$date.gpkg" reports/*.txt ||
    fail "state --date $date"
done
XDG_RUNTIME_DIR=$work/runtime HOME=$work "$python" "$src/tests/e2e/qgis-temporal.py" \
  "$work/series.gpkg" $from $to "$work/days" >"$work/qgis.out" 2>&1 && ok ||
  fail "QGIS's temporal controller: $(cat "$work/qgis.out")"
cat "$work/qgis.out"
e2e_summary
