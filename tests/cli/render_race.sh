#!/usr/bin/env bash
# nnviz render --view race and --view landscape: pictures are written, and
# bad options give one line and exit status 2.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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

png_ok() { # name, file, width, height: a PNG of that size
    local sig
    sig=$(head -c 8 "$2" 2>/dev/null | od -An -tx1 | tr -d ' \n')
    local wh
    wh=$(od -An -tu1 -j16 -N8 "$2" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}')
    if [ "$sig" != "89504e470d0a1a0a" ] || [ "$wh" != "$3x$4" ]; then
        echo "FAIL $1: not a $3x$4 PNG ($sig, $wh)"; fails=$((fails + 1)); return
    fi
    passes=$((passes + 1))
}

check race 0 "" "$nnviz" render --view race --surface rosenbrock --start -1.5,2 --lr 0.001 \
    --steps 300 --out "$tmp/race.png"
png_ok race "$tmp/race.png" 1280 800
check race-big 0 "" "$nnviz" render --view race --surface bowl --cond 50 --optimizer sgd,momentum \
    --lr 0.03 --size 1920x1080 --zoom 2 --out "$tmp/bowl.png"
png_ok race-big "$tmp/bowl.png" 1920 1080
# a diverging racer is drawn up to where it left, not an error
check race-diverged 0 "" "$nnviz" render --view race --surface rosenbrock --optimizer momentum \
    --lr 0.01 --out "$tmp/div.png"
check land-random 0 "" "$nnviz" render "$src/lessons/spiral.ini" --view landscape --epochs 2 \
    --out "$tmp/land.png"
png_ok land-random "$tmp/land.png" 1280 800
check land-pca 0 "" "$nnviz" render --view landscape --directions pca --steps 40 --out "$tmp/pca.png"
check land-weights 0 "" "$nnviz" render --view landscape --directions weights:1:1:1,2:3:4 \
    --steps 10 --out "$tmp/w.png"

check land-rows 0 "" "$nnviz" render --view landscape --rows 100 --steps 5 --out "$tmp/r.png"
check bad-rows 2 "--rows wants" "$nnviz" render --view landscape --rows 0 --out "$tmp/x.png"
check no-surface 2 "--view race needs --surface" "$nnviz" render --view race --out "$tmp/x.png"
check bad-surface 2 "'moon' is none" "$nnviz" render --view race --surface moon --out "$tmp/x.png"
check bad-optimizer 2 "'nadam' is not an optimizer" "$nnviz" render --view race --surface bowl \
    --optimizer nadam --out "$tmp/x.png"
check bad-cond 2 "--cond wants" "$nnviz" render --view race --surface bowl --cond 0 --out "$tmp/x.png"
check no-out 2 "--out PNG is required" "$nnviz" render --view race --surface bowl
check bad-dirs 2 "unknown directions 'diagonal'" "$nnviz" render --view landscape \
    --directions diagonal --out "$tmp/x.png"
check bad-weights 2 "layer 9 does not exist" "$nnviz" render --view landscape \
    --directions weights:9:1:1,1:1:1 --steps 1 --out "$tmp/x.png"
check same-weights 2 "the two weights must differ" "$nnviz" render --view landscape \
    --directions weights:1:1:1,1:1:1 --out "$tmp/x.png"
check pca-untrained 2 "at least 3 recorded" "$nnviz" render --view landscape --directions pca \
    --steps 0 --out "$tmp/x.png"
check bad-file 1 "" "$nnviz" render "$tmp/none.ini" --view landscape --out "$tmp/x.png"
check bad-flag 2 "unknown or incomplete option '--speed'" "$nnviz" render --view race \
    --surface bowl --speed 3 --out "$tmp/x.png"
[ ! -e "$tmp/x.png" ] || { echo "FAIL: a picture was written for bad input"; fails=$((fails + 1)); }

echo "render_race: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
