#!/usr/bin/env bash
# The real window under a virtual X server, driven with xdotool: play, pause,
# step, add a layer, screenshot, help, zoom, then Ctrl+Q; it must exit 0 and
# leave a PNG of the window behind.
# $1: the nnviz binary, $2: the source directory.
set -u
NNVIZ=$1
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "SKIP: xvfb-run is not installed (apt-get install xvfb)"; exit 0
fi
if ! command -v xdotool >/dev/null 2>&1; then
    echo "SKIP: xdotool is not installed (apt-get install xdotool)"; exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SDL_VIDEODRIVER=x11  # the real X11 driver, never a silent fallback
# Under AddressSanitizer, X11/GL driver modules that SDL loads and unloads at
# exit leave allocations LeakSanitizer cannot attribute ("<unknown module>").
# Leaks in nnviz's own code are checked by the offscreen render tests; here
# the window is driven for behaviour, so leak detection is off.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export NNVIZ_SHOT_DIR="$TMP" NNVIZ_WINDOW_SIZE=1280x800 SDL_AUDIODRIVER=dummy

cat > "$TMP/drive.sh" <<'INNER'
#!/usr/bin/env bash
set -u
NNVIZ=$1; TMP=$2
"$NNVIZ" > "$TMP/out.txt" 2> "$TMP/err.txt" &
PID=$!
# The window with nnviz's title: SDL replaces the first X window it opens
# when it makes a GL renderer, and keys sent to that one are lost. Sanitizer
# builds drawing through llvmpipe start slowly: up to 30 s.
WIN=""
for _ in $(seq 1 300); do
    WIN=$(xdotool search --all --pid "$PID" --name '^nnviz ' 2>/dev/null | head -1)
    [ -n "$WIN" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$WIN" ]; then echo "no window appeared" >&2; kill "$PID" 2>/dev/null; exit 3; fi
sleep 0.5
xdotool windowactivate --sync "$WIN" 2>/dev/null || xdotool windowfocus "$WIN" 2>/dev/null
sleep 0.2
k() { xdotool key --window "$WIN" "$@"; sleep 0.25; }
k space            # play
sleep 1.0
k space            # pause
k Right            # one batch
k shift+Right      # one epoch
xdotool mousemove --window "$WIN" 276 160 click 1   # the "+" that adds a hidden layer
sleep 0.4
xdotool mousemove --window "$WIN" 1060 300 click 1  # draw a point on the output
sleep 0.3
k ctrl+equal       # zoom in
k ctrl+minus       # and back
k question         # help on
k Escape           # help off
k s                # screenshot
sleep 0.5
k ctrl+q
for _ in $(seq 1 200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$PID" 2>/dev/null; then echo "the window did not quit" >&2; kill -9 "$PID"; exit 4; fi
wait "$PID"
echo "exit=$?" > "$TMP/status.txt"
INNER
chmod +x "$TMP/drive.sh"

# -noreset: without it the server resets whenever its last client leaves,
# and an xdotool search that ends just as nnviz connects makes nnviz's
# connection fail. The search for a free display starts at a random number:
# two runs that start together (ctest -j, other builds) rarely collide.
xvfb-run -a -n "$((100 + RANDOM % 800))" -s "-noreset -screen 0 1280x900x24" bash "$TMP/drive.sh" "$NNVIZ" "$TMP"
rc=$?
cat "$TMP/err.txt" >&2 2>/dev/null
[ $rc -eq 0 ] || { echo "FAIL: the driver exited $rc" >&2; exit 1; }
grep -q "exit=0" "$TMP/status.txt" || { echo "FAIL: nnviz $(cat "$TMP/status.txt")" >&2; exit 1; }
ls "$TMP"/nnviz-*.png >/dev/null 2>&1 || { echo "FAIL: no screenshot was written" >&2; exit 1; }
cp "$TMP"/nnviz-001.png "${NNVIZ_KEEP_SHOT:-/dev/null}" 2>/dev/null
echo "window: ok"
exit 0
