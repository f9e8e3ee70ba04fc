#!/usr/bin/env bash
# A paused window that nobody touches must sleep: under a virtual X server,
# once the window is up and its first frames are drawn, nnviz may use at most
# 2% of one core over 10 s (its user + system time from /proc). A loop that
# keeps drawing frames while nothing changes fails this.
# $1: the nnviz binary, $2: the source directory.
set -u
NNVIZ=$1
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "SKIP: xvfb-run is not installed (apt-get install xvfb)"; exit 0
fi
if ! command -v xdotool >/dev/null 2>&1; then
    echo "SKIP: xdotool is not installed (apt-get install xdotool)"; exit 0
fi
if [ ! -r /proc/self/stat ]; then
    echo "SKIP: no /proc to read processor time from"; exit 0
fi
# ThreadSanitizer's own thread wakes ten times a second and alone takes 1-2%
# of a core; the same loop is measured in the other builds.
if grep -qa __tsan_init "$NNVIZ"; then
    echo "SKIP: a ThreadSanitizer build (its runtime thread is not idle)"; exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SDL_VIDEODRIVER=x11  # the real X11 driver
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" # see window_xvfb.sh
export NNVIZ_WINDOW_SIZE=1280x800 SDL_AUDIODRIVER=dummy

cat > "$TMP/measure.sh" <<'INNER'
#!/usr/bin/env bash
set -u
NNVIZ=$1; TMP=$2
"$NNVIZ" > "$TMP/out.txt" 2> "$TMP/err.txt" &
PID=$!
WIN=""
for _ in $(seq 1 300); do
    WIN=$(xdotool search --all --pid "$PID" --name '^nnviz ' 2>/dev/null | head -1) # see window_xvfb.sh
    [ -n "$WIN" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$WIN" ]; then echo "no window appeared" >&2; kill "$PID" 2>/dev/null; exit 3; fi
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
hz=$(getconf CLK_TCK)
# 3 s for the first frames, then (sanitizer builds start slowly) up to 60 s
# more until a second passes with under 5% of a core used
sleep 3
for _ in $(seq 1 60); do
    a=$(ticks); sleep 1; b=$(ticks)
    [ $(((b - a) * 100)) -lt $((hz * 5)) ] && break
done
t0=$(ticks)
sleep 10
t1=$(ticks)
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
echo "$((t1 - t0)) $hz" > "$TMP/ticks.txt"
INNER

xvfb-run -a -n "$((100 + RANDOM % 800))" -s "-noreset -screen 0 1280x800x24" bash "$TMP/measure.sh" "$NNVIZ" "$TMP" # see window_xvfb.sh
rc=$?
[ $rc -eq 0 ] || { cat "$TMP/err.txt" >&2; echo "FAIL: the measurement exited $rc" >&2; exit 1; }
read -r used hz < "$TMP/ticks.txt"
# 2% of a core over 10 s is 0.2 s of processor time
awk -v u="$used" -v hz="$hz" 'BEGIN { printf "idle paused window: %.2f s of processor time in 10 s (%.1f%% of a core)\n", u / hz, 10 * u / hz }'
if [ $((used * 100)) -gt $((hz * 20)) ]; then
    echo "FAIL: an idle, paused window used more than 2% of a core" >&2
    exit 1
fi
echo "window idle: ok"
exit 0
