#!/usr/bin/env bash
# Started where there is no display (over SSH, on a console), the window
# would run on SDL's offscreen driver, unseen: to the user a hang. nnviz says
# so in one line, names what works instead, and exits 2 at once; a driver
# asked for by name (SDL_VIDEODRIVER) is still used.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# ctest sets SDL_VIDEODRIVER=dummy for every test: unset it here, and every
# way to reach a display.
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER)

expect_refusal() { # name, command...
    local name=$1
    shift
    local status
    timeout 15 "$@" > "$tmp/out" 2> "$tmp/err"
    status=$?
    if [ "$status" -ne 2 ]; then
        echo "FAIL $name: exit $status, expected 2 (124: it ran on unseen)"; head -3 "$tmp/err"
        fails=$((fails + 1)); return
    fi
    if ! grep -q '^nnviz: no display to open a window on' "$tmp/err" ||
        ! grep -q 'nnviz train' "$tmp/err" || ! grep -q 'nnviz render' "$tmp/err" ||
        ! grep -q 'desktop session' "$tmp/err"; then
        echo "FAIL $name: the message does not say what works instead"; cat "$tmp/err"
        fails=$((fails + 1)); return
    fi
    if [ "$(grep -c '^nnviz:' "$tmp/err")" -ne 1 ]; then
        echo "FAIL $name: more than one line from nnviz"; cat "$tmp/err"
        fails=$((fails + 1)); return
    fi
    passes=$((passes + 1))
}

expect_refusal no-display "${nodisplay[@]}" "$nnviz"
expect_refusal no-display-lesson "${nodisplay[@]}" "$nnviz" "$src/lessons/spiral.ini"
# a display that names nothing reachable is no display either
expect_refusal unreachable-display env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=:987 "$nnviz"
grep -q "DISPLAY ':987'" "$tmp/err" && passes=$((passes + 1)) || { echo "FAIL the message names the display"; fails=$((fails + 1)); }

# asked for by name, the offscreen driver is used: the window runs (until killed)
timeout 3 env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen "$nnviz" > /dev/null 2>&1
status=$?
[ "$status" -eq 124 ] && passes=$((passes + 1)) || { echo "FAIL SDL_VIDEODRIVER=offscreen: exit $status, expected to run until stopped"; fails=$((fails + 1)); }

# the headless commands still work there
printf '[training]\nepochs = 1\n' > "$tmp/one.ini"
"${nodisplay[@]}" "$nnviz" train "$tmp/one.ini" --quiet > /dev/null 2>&1 && passes=$((passes + 1)) || { echo "FAIL nnviz train without a display"; fails=$((fails + 1)); }

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
