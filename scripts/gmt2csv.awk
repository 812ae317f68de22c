# gmt2csv.awk - turn GMT multisegment ASCII (output of `gmt coast ... -M`) into CSV with a WKT column,
# for ogr2ogr to read.
#
# usage: gmt coast ... -M | awk -v geom=LINESTRING|POLYGON [-v code=SY] [-v name_fr=..] [-v name_ar=..]
#                               [-v noheader=1] -f gmt2csv.awk
#
# Segment headers look like "> River Bin # 4697, Level 3" (GSHHG/WDBII: the level is kept) or
# ">  Syria Segment 0" (DCW: the country name is kept). Output columns: level,name,code,name_fr,name_ar,WKT.
# Polygon rings are closed if GMT left them open; rings of fewer than 3 distinct points are dropped.
function csvq(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
function flush(   i) {
  if (n >= 2) {
    if (geom == "POLYGON") {
      if (xs[1] != xs[n] || ys[1] != ys[n]) { n++; xs[n] = xs[1]; ys[n] = ys[1] }
      if (n < 4) { n = 0; return }
      printf "%s,%s,%s,%s,%s,\"POLYGON((", lvl, csvq(name), csvq(code), csvq(name_fr), csvq(name_ar)
    } else
      printf "%s,%s,%s,%s,%s,\"LINESTRING(", lvl, csvq(name), csvq(code), csvq(name_fr), csvq(name_ar)
    for (i = 1; i <= n; i++) printf "%s%s %s", (i > 1 ? "," : ""), xs[i], ys[i]
    print (geom == "POLYGON" ? "))\"" : ")\"")
  }
  n = 0
}
BEGIN {
  if (geom != "LINESTRING" && geom != "POLYGON") { print "gmt2csv.awk: set -v geom=LINESTRING or POLYGON" > "/dev/stderr"; exit 2 }
  if (!noheader) print "level,name,code,name_fr,name_ar,WKT"
  n = 0
}
/^>/ {
  flush(); lvl = ""; name = ""
  if (match($0, /Level [0-9]+/)) lvl = substr($0, RSTART + 6, RLENGTH - 6)
  if ($0 ~ /Segment/) { name = $0; sub(/^>[ \t]*/, "", name); sub(/[ \t]+Segment.*$/, "", name) }
  next
}
NF >= 2 { n++; xs[n] = $1; ys[n] = $2 }
END { flush() }
