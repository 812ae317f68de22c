#!/bin/sh
# Installs the Debian packages frontline needs that are missing; quiet when all are there.
# usage: scripts/deps.sh [--test]   (--test adds what the test suite uses)
set -eu
packages="build-essential cmake pkg-config libglib2.0-dev libcairo2-dev libpango1.0-dev
libproj-dev proj-data libgdal-dev libgeos-dev libgif-dev libdeflate-dev zlib1g-dev fonts-noto-core
libavcodec-dev libavformat-dev libavutil-dev libswscale-dev"
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
[ -z "$missing" ] && exit 0
echo "frontline: installing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
