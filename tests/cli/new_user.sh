#!/usr/bin/env bash
# What a new user meets first: a mistyped file name is one line and exit
# status 2 before any display is touched (no SDL warnings); the epoch lines
# give their time in seconds, as the help says; the summary says its train
# figures are an evaluation after training, unlike an epoch line's running mean.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# a missing file: exit 2, one line naming it; with a display driver that
# would print warnings or hang if SDL were started first
for drv in dummy offscreen; do
    timeout 15 env SDL_VIDEODRIVER=$drv "$nnviz" "$tmp/no-such-file.ini" > "$tmp/out" 2> "$tmp/err"
    status=$?
    if [ "$status" -ne 2 ]; then
        fail "missing file ($drv): exit $status, expected 2"; cat "$tmp/err"
    elif [ "$(wc -l < "$tmp/err")" -ne 1 ] || ! grep -q "^nnviz: .*no-such-file.ini" "$tmp/err"; then
        fail "missing file ($drv): not one line naming the file"; cat "$tmp/err"
    elif [ -s "$tmp/out" ]; then
        fail "missing file ($drv): printed on stdout"; cat "$tmp/out"
    else
        passes=$((passes + 1))
    fi
done
# and without any display at all: the file is named, not the display
timeout 15 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$nnviz" "$tmp/nope.ini" > /dev/null 2> "$tmp/err"
status=$?
if [ "$status" -eq 2 ] && grep -q "nope.ini" "$tmp/err" && ! grep -q "display" "$tmp/err"; then
    passes=$((passes + 1))
else
    fail "missing file without a display: exit $status"; cat "$tmp/err"
fi

# a malformed setup: its line, exit 2, before the window
printf '[training]\nepochs = lots\n' > "$tmp/bad.ini"
timeout 15 env SDL_VIDEODRIVER=dummy "$nnviz" "$tmp/bad.ini" > /dev/null 2> "$tmp/err"
status=$?
if [ "$status" -eq 2 ] && grep -q "bad.ini:2:" "$tmp/err" && [ "$(wc -l < "$tmp/err")" -eq 1 ]; then
    passes=$((passes + 1))
else
    fail "malformed file: exit $status"; cat "$tmp/err"
fi

# seconds everywhere: the help says so, and each epoch line ends in N.NNNNs
"$nnviz" train --help | grep -q "seconds" && passes=$((passes + 1)) || fail "train --help does not say seconds"
"$nnviz" train "$src/lessons/spiral.ini" --epochs 3 > "$tmp/train" 2>&1 || fail "train spiral failed"
n_epoch=$(grep -c '^epoch ' "$tmp/train")
n_secs=$(grep -cE '^epoch .*  [0-9]+\.[0-9]+s$' "$tmp/train")
if [ "$n_epoch" -eq 3 ] && [ "$n_secs" -eq 3 ] && ! grep -q 'ms$' "$tmp/train"; then
    passes=$((passes + 1))
else
    fail "epoch lines not in seconds"; cat "$tmp/train"
fi
grep -qE "^done \(.*in [0-9]+\.[0-9]+s; " "$tmp/train" && passes=$((passes + 1)) || { fail "the total is not in seconds"; cat "$tmp/train"; }

# the summary names what its train figures are and what the epoch lines are
if grep -q "; evaluated after training: train loss" "$tmp/train" && grep -q 'running mean' "$tmp/train" &&
    "$nnviz" train --help | grep -q 'running mean'; then
    passes=$((passes + 1))
else
    fail "the summary does not tell the evaluation from the running mean"; cat "$tmp/train"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
