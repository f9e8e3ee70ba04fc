#!/usr/bin/env bash
# nnviz race from the command line: the CSV of a race, and bad input giving
# one line and exit status 2.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
fails=0
passes=0

check() { # name, expected status, expected substring of the output, command...
    local name=$1 want=$2 text=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        echo "FAIL $name: exit $status, expected $want"; echo "$out" | head -5
        fails=$((fails + 1)); return
    fi
    if [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
        echo "FAIL $name: output lacks '$text'"; echo "$out" | head -5
        fails=$((fails + 1)); return
    fi
    if [ "$want" -ne 0 ] && [ "$(wc -l <<<"$out")" -ne 1 ]; then
        echo "FAIL $name: more than one line for bad input"; echo "$out" | head -5
        fails=$((fails + 1)); return
    fi
    passes=$((passes + 1))
}

# A good race: header, steps 0..N per optimizer, step 0 is the start, and the
# numbers are SGD's on the bowl (x_t = x0 (1 - lr)^t, y_t = y0 (1 - lr k)^t).
out=$("$nnviz" race bowl --cond 4 --optimizer sgd,adam --lr 0.1 --start -1.5,1 --steps 3)
status=$?
if [ $status -ne 0 ]; then
    echo "FAIL race: exit $status"; fails=$((fails + 1))
else
    rows=$(wc -l <<<"$out")
    first=$(sed -n 2p <<<"$out")
    [ "$(head -1 <<<"$out")" = "optimizer,step,x,y,f" ] || { echo "FAIL header"; fails=$((fails + 1)); }
    [ "$rows" -eq 9 ] || { echo "FAIL race: $rows lines, expected 9"; fails=$((fails + 1)); }
    [ "$first" = "sgd,0,-1.5,1,3.125" ] || { echo "FAIL step 0: '$first'"; fails=$((fails + 1)); }
    if ! awk -F, 'NR > 1 && $1 == "sgd" {
            x = -1.5 * 0.9 ^ $2; y = 0.6 ^ $2; f = (x * x + 4 * y * y) / 2
            if ((x - $3) ^ 2 > 1e-12 || (y - $4) ^ 2 > 1e-12 || (f - $5) ^ 2 > 1e-10) bad = 1
            n++ }
            END { exit (bad || n != 4) }' <<<"$out"; then
        echo "FAIL race: SGD's numbers are not the closed form"; echo "$out"; fails=$((fails + 1))
    fi
    grep -q '^adam,3,' <<<"$out" || { echo "FAIL race: no adam step 3"; fails=$((fails + 1)); }
    passes=$((passes + 1))
fi

# A diverging path stops, with a note, and the race still succeeds.
out=$("$nnviz" race rosenbrock --optimizer momentum --lr 0.01 --start -1.5,2 --steps 500 2>/dev/null)
n=$(grep -c '^momentum,' <<<"$out")
if [ "$n" -lt 2 ] || [ "$n" -ge 501 ]; then
    echo "FAIL divergence: $n rows"; fails=$((fails + 1))
else
    passes=$((passes + 1))
fi
check diverged-note 0 "momentum diverged at step" "$nnviz" race rosenbrock --optimizer momentum --lr 0.01 --steps 500

check help 0 "optimizer,step,x,y,f" "$nnviz" race --help
check no-surface 2 "a surface is required" "$nnviz" race --optimizer sgd
check bad-surface 2 "unknown surface 'moon'" "$nnviz" race moon --optimizer sgd
check no-optimizer 2 "--optimizer NAME" "$nnviz" race bowl
check bad-optimizer 2 "'nadam' is not an optimizer" "$nnviz" race bowl --optimizer sgd,nadam
check twice 2 "listed twice" "$nnviz" race bowl --optimizer sgd,SGD
check bad-lr 2 "learning_rate" "$nnviz" race bowl --optimizer sgd --lr -1
check nan-lr 2 "--lr wants a number" "$nnviz" race bowl --optimizer sgd --lr nan
check bad-beta 2 "beta_1" "$nnviz" race bowl --optimizer adam --beta-1 1
check bad-start 2 "--start wants X,Y" "$nnviz" race bowl --optimizer sgd --start 1
check bad-start2 2 "--start wants X,Y" "$nnviz" race bowl --optimizer sgd --start 1,y
check bad-steps 2 "--steps wants a whole number" "$nnviz" race bowl --optimizer sgd --steps 0
check frac-steps 2 "--steps wants a whole number" "$nnviz" race bowl --optimizer sgd --steps 2.5
check bad-cond 2 "--cond wants" "$nnviz" race bowl --optimizer sgd --cond 0.5
check unknown-flag 2 "unknown or incomplete option '--speed'" "$nnviz" race bowl --optimizer sgd --speed 2
check incomplete 2 "unknown or incomplete option '--steps'" "$nnviz" race bowl --optimizer sgd --steps
check two-surfaces 2 "one surface at a time" "$nnviz" race bowl beale --optimizer sgd

echo "race_cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
