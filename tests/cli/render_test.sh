#!/usr/bin/env bash
# nnviz render: draws a frame offscreen to a PNG of the asked size; bad
# arguments fail with one line and status 2.
# $1: the nnviz binary, $2: the source directory.
set -u
NNVIZ=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
fail() { echo "FAIL: $*" >&2; exit 1; }

# PNG width and height from the IHDR chunk
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }
is_png() { [ "$(od -An -c -j1 -N3 "$1" | tr -d ' ')" = "PNG" ]; }

"$NNVIZ" render --help | grep -q -- "--out" || fail "render --help does not describe --out"

LESSON="$SRC/lessons/spiral.ini"
[ -f "$LESSON" ] || LESSON=""   # the built-in lesson when the file is not there yet

"$NNVIZ" render $LESSON --out "$TMP/a.png" --steps 200 || fail "render exited $?"
is_png "$TMP/a.png" || fail "a.png is not a PNG"
[ "$(png_size "$TMP/a.png")" = "1280x800" ] || fail "a.png is $(png_size "$TMP/a.png"), not 1280x800"
# a real frame compresses to far more than a blank one
[ "$(stat -c %s "$TMP/a.png")" -gt 40000 ] || fail "a.png is suspiciously small (blank?)"

"$NNVIZ" render $LESSON --out "$TMP/b.png" --size 1024x720 --zoom 1.5 --view help,test || fail "render with options exited $?"
[ "$(png_size "$TMP/b.png")" = "1024x720" ] || fail "b.png has the wrong size"
cmp -s "$TMP/a.png" "$TMP/b.png" && fail "different views drew the same picture"

for f in "$SRC"/lessons/*.ini; do
    [ -f "$f" ] || continue
    case "$f" in *fashion*|*mnist*) [ -d /usr/share/datasets/fashion-mnist ] || continue ;; esac
    "$NNVIZ" render "$f" --out "$TMP/l.png" --steps 20 --size 800x600 || fail "render $f exited $?"
done

"$NNVIZ" render --steps 5 >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --out should exit 2"
"$NNVIZ" render --out "$TMP/c.png" --size 10x10 >/dev/null 2>&1; [ $? -eq 2 ] || fail "tiny --size should exit 2"
"$NNVIZ" render --out "$TMP/c.png" --view nonsense >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown view should exit 2"
"$NNVIZ" render "$TMP/missing.ini" --out "$TMP/c.png" >/dev/null 2>&1; [ $? -ne 0 ] || fail "a missing lesson should fail"
[ -e "$TMP/c.png" ] && fail "a failed render left a file"
# exports for slides: --scale is pixels (the same layout), --zoom the presenter zoom
"$NNVIZ" render $LESSON --out "$TMP/x2.png" --steps 200 --scale 2 || fail "render --scale 2 exited $?"
[ "$(png_size "$TMP/x2.png")" = "2560x1600" ] || fail "--scale 2 gave $(png_size "$TMP/x2.png"), not 2560x1600"
"$NNVIZ" render $LESSON --out "$TMP/z2.png" --steps 200 --zoom 2 || fail "render --zoom 2 exited $?"
[ "$(png_size "$TMP/z2.png")" = "1280x800" ] || fail "--zoom 2 changed the size"
cmp -s "$TMP/a.png" "$TMP/z2.png" && fail "--zoom 2 drew the unzoomed picture"
"$NNVIZ" render --out "$TMP/c.png" --zoom 9 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--zoom 9 should exit 2"
"$NNVIZ" render --out "$TMP/c.png" --size 8192x8192 --scale 4 >/dev/null 2>&1; [ $? -eq 2 ] || fail "a 32768-pixel picture should exit 2"

# the network as SVG: well-formed, one path per weight of spiral.ini's 7 inputs, 8-8-6 hidden, 1 output
"$NNVIZ" render $LESSON --out "$TMP/n.png" --steps 200 --svg "$TMP/net.svg" || fail "render --svg exited $?"
if command -v xmllint >/dev/null; then
    xmllint --noout "$TMP/net.svg" || fail "net.svg is not well-formed XML"
fi
head -c 200 "$TMP/net.svg" | grep -q "<svg " || fail "net.svg has no <svg> element"
paths=$(grep -c "<path " "$TMP/net.svg")
want=$(( 7*8 + 8*8 + 8*6 + 6*1 ))
[ "$paths" -eq "$want" ] || fail "net.svg has $paths edges, the network $want weights"
grep -q ">OUTPUT</text>" "$TMP/net.svg" || fail "net.svg has no OUTPUT caption as text"

# a GIF of 1 s at 5 frames a second: GIF89a, 640x400, 5 images
"$NNVIZ" render $LESSON --gif 1 --fps 5 --size 640x400 --out "$TMP/t.gif" || fail "render --gif exited $?"
[ "$(head -c 6 "$TMP/t.gif")" = "GIF89a" ] || fail "t.gif is not a GIF89a"
[ "$(od -An -tu2 -j6 -N4 "$TMP/t.gif" | awk '{printf "%dx%d", $1, $2}')" = "640x400" ] || fail "t.gif is not 640x400"
if command -v identify >/dev/null; then
    n=$(identify "$TMP/t.gif" 2>/dev/null | wc -l)
    [ "$n" -eq 5 ] || fail "t.gif has $n frames, not 5"
fi
"$NNVIZ" render $LESSON --gif 0 --out "$TMP/u.gif" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--gif 0 should exit 2"
"$NNVIZ" render $LESSON --gif 1 --fps 0 --out "$TMP/u.gif" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--fps 0 should exit 2"
[ -e "$TMP/u.gif" ] && fail "a refused GIF left a file"
echo "render: ok"
exit 0
