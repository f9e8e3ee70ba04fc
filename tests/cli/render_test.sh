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

"$NNVIZ" render $LESSON --out "$TMP/b.png" --size 1024x720 --scale 1.5 --view help,test || fail "render with options exited $?"
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
echo "render: ok"
exit 0
