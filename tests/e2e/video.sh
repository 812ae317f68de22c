#!/bin/sh
# batch --video opened as users open it: ffprobe reads the codec, the size, one frame per date
# and the frames' time; ffmpeg decodes every frame without a word; the MP4's index comes first
# (+faststart); a frame is the PNG map, colours in their places (no swapped channels).
# usage: video.sh FRONTLINE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-video
. "$(dirname "$0")/lib.sh"

# probe FILE ENTRIES: ffprobe's values of the first video stream's ENTRIES, one per line
probe() {
  ffprobe -v error -count_frames -select_streams v:0 -show_entries "$2" -of default=nw=1:nk=1 \
    "$1" 2>&1
}

# same_picture FRAME MAP: the frame decoded from a video is the map: close overall, and each
# channel's mean where the map's is (a swap of red and blue moves them by 0.05)
same_picture() {
  rmse=$(compare -metric RMSE "$1" "$2" null: 2>&1 | sed 's/.*(\(.*\))/\1/')
  means=$(convert "$1" "$2" -format '%[fx:mean.r] %[fx:mean.g] %[fx:mean.b] ' info:)
  echo "$rmse $means" | awk '{ exit !($1 < 0.04 && ($2 - $5) ^ 2 < 0.0002 &&
    ($3 - $6) ^ 2 < 0.0002 && ($4 - $7) ^ 2 < 0.0002) }' && ok ||
    fail "$1 is not $2: RMSE $rmse, channel means $means"
}

# check_video FILE CODEC WIDTH HEIGHT FRAMES SECONDS
check_video() {
  got=$(probe "$1" stream=codec_name,width,height,pix_fmt,nb_read_frames | tr '\n' ' ')
  [ "$got" = "$2 $3 $4 yuv420p $5 " ] && ok ||
    fail "$1: ffprobe reads '$got', expected '$2 $3 $4 yuv420p $5 '"
  duration=$(probe "$1" format=duration)
  awk -v d="$duration" -v s="$6" 'BEGIN { exit !(d > s - 0.05 && d < s + 0.05) }' && ok ||
    fail "$1: $duration s long, expected $6"
  [ "$(probe "$1" stream=color_space)" = bt709 ] && ok || fail "$1: not tagged BT.709"
  ffmpeg -nostdin -v error -i "$1" -f null - >"$work/decode" 2>&1 && [ ! -s "$work/decode" ] &&
    ok || fail "$1: ffmpeg cannot decode it all: $(head -c 300 "$work/decode")"
}

# the top-level boxes of an MP4, in order
mp4_boxes() {
  python3 -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
at = 0
while at + 8 <= len(data):
    size, kind = struct.unpack(">I4s", data[at:at + 8])
    print(kind.decode("latin-1"))
    at += size if size >= 8 else len(data)
' "$1" | tr '\n' ' '
}

# --- four dates as H.264 in MP4 at 640x360, 500 ms a frame, the last held three: 3 s
series=$work/series
expect_exit 0 "" batch reports/*.txt --from 2024-12-05 --to 2024-12-08 --size 640x360 -j 2 -q \
  --video "$work/four.mp4" --video-frame-ms 500 -o "$series"
check_video "$work/four.mp4" h264 640 360 4 3
boxes=$(mp4_boxes "$work/four.mp4")
case "$boxes" in
  "ftyp moov "*) ok ;;
  *) fail "four.mp4: the index does not come first (+faststart): $boxes" ;;
esac
ffmpeg -nostdin -v error -y -i "$work/four.mp4" -vf 'select=eq(n\,3)' -frames:v 1 \
  "$work/mp4-last.png" && ok || fail "four.mp4: no frame 3"
same_picture "$work/mp4-last.png" "$series/syria-2024-12-08.png"

# --- VP9 in WebM from maps up to date, an odd size (padded to even), 800 ms a frame: 4.8 s
odd=$work/odd
expect_exit 0 "" batch reports/*.txt --from 2024-12-05 --to 2024-12-08 --size 641x361 -j 2 -q \
  -o "$odd"
expect_exit 0 "" batch reports/*.txt --from 2024-12-05 --to 2024-12-08 --size 641x361 -j 2 -q \
  --resume --video "$work/odd.webm" -o "$odd"
check_video "$work/odd.webm" vp9 642 362 4 4.8
ffmpeg -nostdin -v error -y -i "$work/odd.webm" -vf 'select=eq(n\,0),crop=641:361:0:0' \
  -frames:v 1 "$work/webm-first.png" && ok || fail "odd.webm: no frame 0"
same_picture "$work/webm-first.png" "$odd/syria-2024-12-05.png"

# --- bad names: refused before anything is drawn, nothing left
expect_exit 5 "$work/four.avi: unknown video format: the name must end in .mp4 (H.264) or .webm" \
  batch reports/*.txt --from 2024-12-05 --to 2024-12-08 -q --video "$work/four.avi" \
  -o "$work/refused"
[ ! -e "$work/refused" ] && [ ! -e "$work/four.avi" ] && ok ||
  fail "an unknown extension still drew: $(ls "$work")"
expect_exit 2 "--video-frame-ms take a positive number" batch reports/*.txt -q \
  --video "$work/x.mp4" --video-frame-ms -1 -o "$work/refused"
left=$(find "$work" -name '*.part' | head -3)
[ -z "$left" ] && ok || fail "temporary files left: $left"

e2e_summary
