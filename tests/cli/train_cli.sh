#!/usr/bin/env bash
# nnviz train from the command line: a good run, its outputs, and every kind
# of bad input giving one line and the right exit status.
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
    passes=$((passes + 1))
}

cat > "$tmp/circle.ini" <<'INI'
[data]
source = circle
samples = 200
noise = 5
train_ratio = 50

[network]
hidden = 6,4
activation = tanh
output_activation = tanh

[training]
loss = half_squared
optimizer = sgd
learning_rate = 0.1
batch_size = 10
epochs = 30
seed = 3
INI

check help 0 "--save-model PATH" "$nnviz" train --help
check run 0 "done (epochs reached): 30 epochs" "$nnviz" train "$tmp/circle.ini"
# one progress line per epoch with every figure
lines=$("$nnviz" train "$tmp/circle.ini" --epochs 4 | grep -c '^epoch [0-9]*/4  loss [0-9.]*  acc [0-9.]*  test_loss [0-9.]*  test_acc [0-9.]*  [0-9.]*m\?s$')
[ "$lines" -eq 4 ] && passes=$((passes + 1)) || { echo "FAIL progress lines: $lines"; fails=$((fails + 1)); }
check quiet 0 "done" "$nnviz" train "$tmp/circle.ini" --quiet --epochs 2
[ "$("$nnviz" train "$tmp/circle.ini" --quiet --epochs 2 | wc -l)" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL quiet prints one line"; fails=$((fails + 1)); }
check steps 0 "17 steps" "$nnviz" train "$tmp/circle.ini" --steps 17 --quiet
check stop-loss 0 "done (loss below the threshold)" "$nnviz" train "$tmp/circle.ini" --stop-loss 0.45 --epochs 1000 --quiet
check overrides 0 "done" "$nnviz" train "$tmp/circle.ini" --optimizer adam --lr 0.01 --batch-size 7 --seed 9 --no-shuffle --epochs 3

# determinism: the same seed prints the same losses
a=$("$nnviz" train "$tmp/circle.ini" --epochs 5 | sed 's/  [0-9.]*m\?s$//' | grep -v '^done')
b=$("$nnviz" train "$tmp/circle.ini" --epochs 5 | sed 's/  [0-9.]*m\?s$//' | grep -v '^done')
[ "$a" = "$b" ] && passes=$((passes + 1)) || { echo "FAIL same seed, same run"; fails=$((fails + 1)); }

# model and history files, then training on from the saved model
check save 0 "saved model to" "$nnviz" train "$tmp/circle.ini" --epochs 5 --save-model "$tmp/m.json" --history "$tmp/h.csv"
[ -s "$tmp/m.json" ] && [ "$(wc -l < "$tmp/h.csv")" -eq 6 ] && head -1 "$tmp/h.csv" | grep -q '^epoch,step,train_loss' \
    && passes=$((passes + 1)) || { echo "FAIL saved files"; fails=$((fails + 1)); }
check load 0 "done" "$nnviz" train "$tmp/circle.ini" --epochs 2 --load-model "$tmp/m.json"

# CSV data with a named label column
{
    echo "a,b,kind"
    for i in $(seq 0 59); do echo "$((i % 7)).5,$((i % 5)).25,$((i % 2 == 0 ? 1 : 0))"; done
} > "$tmp/d.csv"
check csv 0 "done" "$nnviz" train "$tmp/circle.ini" --data "$tmp/d.csv" --label kind --epochs 3

# bad input: one line, exit 2
check no-file 2 "missing FILE" "$nnviz" train
check unknown-flag 2 "unknown option '--bogus'" "$nnviz" train "$tmp/circle.ini" --bogus
check bad-epochs 2 "--epochs: 'ten' is not a whole number" "$nnviz" train "$tmp/circle.ini" --epochs ten
check neg-lr 2 "--lr: '-1' is not a positive number" "$nnviz" train "$tmp/circle.ini" --lr -1
check nan-lr 2 "--lr: 'nan' is not a positive number" "$nnviz" train "$tmp/circle.ini" --lr nan
check bad-opt 2 "unknown optimizer 'adamax'" "$nnviz" train "$tmp/circle.ini" --optimizer adamax
check bad-loss 2 "unknown loss 'hinge'" "$nnviz" train "$tmp/circle.ini" --loss hinge
check huge-batch 2 "--batch-size" "$nnviz" train "$tmp/circle.ini" --batch-size 99999999999
check missing-value 2 "--epochs needs a value" "$nnviz" train "$tmp/circle.ini" --epochs
check data-no-label 2 "needs --label" "$nnviz" train "$tmp/circle.ini" --data "$tmp/d.csv"
check missing-ini 2 "nope.ini" "$nnviz" train "$tmp/nope.ini"
check missing-csv 2 "nope.csv" "$nnviz" train "$tmp/circle.ini" --data "$tmp/nope.csv" --label kind
check bad-label 2 "kindx" "$nnviz" train "$tmp/circle.ini" --data "$tmp/d.csv" --label kindx
check bad-model 2 "nope.json" "$nnviz" train "$tmp/circle.ini" --load-model "$tmp/nope.json"
check loss-output-mismatch 2 "softmax" "$nnviz" train "$tmp/circle.ini" --loss categorical_crossentropy
printf '[training]\nlearning_rate = fast\n' > "$tmp/bad.ini"
check bad-ini 2 "bad.ini:2" "$nnviz" train "$tmp/bad.ini"
# every error is one line
[ "$("$nnviz" train "$tmp/circle.ini" --epochs ten 2>&1 | wc -l)" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL one-line error"; fails=$((fails + 1)); }

# divergence is reported with its own status, not a crash
sed -e 's/^activation = tanh/activation = relu/' -e 's/^output_activation = tanh/output_activation = linear/' \
    "$tmp/circle.ini" > "$tmp/diverge.ini"
check diverged 3 "diverged" "$nnviz" train "$tmp/diverge.ini" --lr 1e30 --epochs 5

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
