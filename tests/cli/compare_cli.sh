#!/usr/bin/env bash
# nnviz compare from the command line: the table, identical rows for values
# that differ in nothing, the history CSV, seed bands, and bad input giving
# one line and exit status 2.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

ok() { passes=$((passes + 1)); }
no() { echo "FAIL $*"; fails=$((fails + 1)); }

check() { # name, expected status, expected substring of the output, command...
    local name=$1 want=$2 text=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        no "$name: exit $status, expected $want"; echo "$out" | head -5; return
    fi
    if [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
        no "$name: output lacks '$text'"; echo "$out" | head -5; return
    fi
    if [ "$want" -eq 2 ] && [ "$(wc -l <<<"$out")" -ne 1 ]; then
        no "$name: $(wc -l <<<"$out") lines of error, expected one"; echo "$out" | head -5; return
    fi
    ok
}

cat > "$tmp/circle.ini" <<'INI'
[data]
source = circle
samples = 200
noise = 5

[network]
hidden = 6,4
activation = tanh
output_activation = tanh

[training]
loss = half_squared
optimizer = sgd
learning_rate = 0.1
batch_size = 10
epochs = 12
seed = 3
INI

check help 0 "--vary KNOB=V1,V2" "$nnviz" compare --help
check listed 0 "nnviz compare FILE" "$nnviz" --help

# one row per value, the value first, every figure, in that order
out=$("$nnviz" compare "$tmp/circle.ini" --vary activation=sigmoid,tanh,relu --history "$tmp/h.csv")
[ $? -eq 0 ] && ok || no "run exit status"
grep -q '^activation  *loss  *acc  *test_loss  *test_acc  *steps  *diverged$' <<<"$out" && ok || { no "header"; echo "$out"; }
rows=$(grep -cE '^(sigmoid|tanh|relu) +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +([0-9]+|-) +(yes|no)$' <<<"$out")
[ "$rows" -eq 3 ] && ok || { no "rows: $rows"; echo "$out"; }
grep -q '12 epochs each, seed 3' <<<"$out" && ok || no "summary line"

# the overlaid history: one header and 12 epochs of each of the 3 runs
[ "$(head -1 "$tmp/h.csv")" = "run,activation,seed,epoch,step,train_loss,train_acc,test_loss,test_acc" ] && ok || no "csv header"
[ "$(tail -n +2 "$tmp/h.csv" | wc -l)" -eq 36 ] && ok || no "csv rows: $(wc -l < "$tmp/h.csv")"
[ "$(grep -c '^2,tanh,3,' "$tmp/h.csv")" -eq 12 ] && ok || no "csv rows of run 2"

# values that differ in nothing give identical rows; another value does not
out=$("$nnviz" compare "$tmp/circle.ini" --vary lr=0.1,0.1,0.5 --steps 100)
r1=$(sed -n 3p <<<"$out" | cut -c21-); r2=$(sed -n 4p <<<"$out" | cut -c21-); r3=$(sed -n 5p <<<"$out" | cut -c21-)
[ -n "$r1" ] && [ "$r1" = "$r2" ] && ok || { no "identical rows"; echo "$out"; }
[ "$r1" != "$r3" ] && ok || no "another value, another row"
grep -q '100 steps each' <<<"$out" && ok || no "--steps"

# the same run as nnviz train gives: same final test accuracy after 12 epochs
acc_train=$("$nnviz" train "$tmp/circle.ini" | grep '^epoch 12/12 ' | grep -o 'test_acc [0-9.]*' | cut -d' ' -f2)
acc_cmp=$("$nnviz" compare "$tmp/circle.ini" --vary optimizer=sgd,adam --history "$tmp/o.csv" >/dev/null; grep '^1,sgd,3,12,' "$tmp/o.csv" | cut -d, -f9)
[ -n "$acc_train" ] && awk -v a="$acc_train" -v b="$acc_cmp" 'BEGIN { exit !((a - b) < 0.0006 && (b - a) < 0.0006) }' && ok || no "compared sgd run ($acc_cmp) vs nnviz train ($acc_train)"

# seed bands: median [min..max] and a verdict per pair of values
out=$("$nnviz" compare "$tmp/circle.ini" --vary lr=0.1,0.1 --seeds 3 --epochs 3)
grep -q 'seeds 3..5' <<<"$out" && ok || { no "seed range"; echo "$out"; }
grep -qE '^0\.1 +[0-9.]+ \[[0-9.]+\.\.[0-9.]+\]' <<<"$out" && ok || { no "band cells"; echo "$out"; }
grep -q '^0.1 vs 0.1: median test_loss .*within the spread between seeds' <<<"$out" && ok || { no "verdict"; echo "$out"; }

# bad input: one line, exit 2
check no-file 2 "no FILE given" "$nnviz" compare --vary lr=1,2
check no-vary 2 "--vary KNOB=V1,V2 is required" "$nnviz" compare "$tmp/circle.ini"
check bad-flag 2 "unknown option '--bogus'" "$nnviz" compare "$tmp/circle.ini" --vary lr=1,2 --bogus
check two-vary 2 "--vary is given twice" "$nnviz" compare "$tmp/circle.ini" --vary lr=1,2 --vary lr=1,3
check bad-knob 2 "unknown knob 'speed'" "$nnviz" compare "$tmp/circle.ini" --vary speed=1,2
check bad-value 2 "'fast' is not an optimizer" "$nnviz" compare "$tmp/circle.ini" --vary optimizer=sgd,fast
check one-value 2 "at least two values" "$nnviz" compare "$tmp/circle.ini" --vary lr=0.1
check layer 2 "the network has 2 hidden layers" "$nnviz" compare "$tmp/circle.ini" --vary activation:4=relu,tanh
check seeds 2 "--seeds: '9' is not a whole number from 1 to 5" "$nnviz" compare "$tmp/circle.ini" --vary lr=1,2 --seeds 9
check both 2 "not both" "$nnviz" compare "$tmp/circle.ini" --vary lr=1,2 --epochs 2 --steps 4
check missing 2 "nope.ini" "$nnviz" compare "$tmp/nope.ini" --vary lr=1,2
check bad-loss 2 "--vary loss=categorical_crossentropy" "$nnviz" compare "$tmp/circle.ini" --vary loss=mse,categorical_crossentropy
check reg-rate 2 "no regularization is on" "$nnviz" compare "$tmp/circle.ini" --vary regularization_rate=0.1,0.2
check history-dir 2 "--history $tmp/none/h.csv: cannot write" "$nnviz" compare "$tmp/circle.ini" --vary lr=1,2 --epochs 1 --history "$tmp/none/h.csv"

# the views drawn offscreen: a PNG of the asked size, and bad views refused
check render-compare 0 "" "$nnviz" render "$tmp/circle.ini" --view compare --vary activation=tanh,relu --epochs 3 --out "$tmp/c.png"
[ -s "$tmp/c.png" ] && [ "$(head -c 8 "$tmp/c.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && ok || no "compare PNG"
check render-health 0 "" "$nnviz" render "$tmp/circle.ini" --view health --vary activation=sigmoid,relu --steps 200 --seeds 2 --size 1920x1080 --zoom 2 --out "$tmp/h.png"
[ -s "$tmp/h.png" ] && ok || no "health PNG"
check render-x-steps 0 "" "$nnviz" render "$tmp/circle.ini" --view compare --vary optimizer=sgd,adam --epochs 3 --x steps --smooth 0.6 --lang zh --out "$tmp/cx.png"
check render-bad-x 2 "--x 'weeks': expected epochs, steps, samples or seconds" "$nnviz" render "$tmp/circle.ini" --view compare --vary lr=1,2 --x weeks --out "$tmp/x.png"
check render-bad-smooth 2 "--smooth '2': expected a number from 0 to 0.95" "$nnviz" render "$tmp/circle.ini" --view compare --vary lr=1,2 --smooth 2 --out "$tmp/x.png"
check render-help 0 "--view compare|health" "$nnviz" render --view compare --help
check render-mixed 2 "one of them alone" "$nnviz" render "$tmp/circle.ini" --view compare,test --vary lr=1,2 --out "$tmp/x.png"
check render-no-out 2 "--out PNG is required" "$nnviz" render "$tmp/circle.ini" --view health --vary lr=1,2
check render-bad-vary 2 "unknown knob 'speed'" "$nnviz" render "$tmp/circle.ini" --view compare --vary speed=1,2 --out "$tmp/x.png"
# --view health without --vary: the window's health view of the file's run
check render-health-live 0 "" "$nnviz" render "$tmp/circle.ini" --view health --steps 50 --out "$tmp/hl.png"
check render-main-live 0 "" "$nnviz" render "$tmp/circle.ini" --steps 50 --out "$tmp/ml.png"
[ -s "$tmp/hl.png" ] && ! cmp -s "$tmp/hl.png" "$tmp/ml.png" && ok || no "health view PNG (no --vary) is the main view's"

echo "compare_cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
