#!/usr/bin/env bash
# nnviz train's options win, or are refused with one line: options over a
# loaded model, every row of a CSV in file order, a separate test file, and
# one option per hyperparameter of the experiment file, each of which
# changes the run or says why it cannot.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
pass() { passes=$((passes + 1)); }
failed() { echo "FAIL $*"; fails=$((fails + 1)); }

check() { # name, expected status, expected substring of the output, command...
    local name=$1 want=$2 text=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        failed "$name: exit $status, expected $want"; echo "$out" | head -5; return
    fi
    if [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
        failed "$name: output lacks '$text'"; echo "$out" | head -5; return
    fi
    if [ "$want" -eq 2 ] && [ "$(wc -l <<<"$out")" -ne 1 ]; then
        failed "$name: the refusal is not one line"; echo "$out" | head -5; return
    fi
    pass
}

# A run's figures without its timings; the exit status is the last line.
run() {
    "$nnviz" train "$@" 2>&1 | sed -e 's/  [0-9.]*m\?s$//' -e 's/ in [0-9.]*m\?s;/;/'
    echo "exit ${PIPESTATUS[0]}"
}

# differs NAME BASE-ARGS -- EXTRA-ARGS: both runs succeed and print different figures
differs() {
    local name=$1
    shift
    local base=()
    while [ "$1" != "--" ]; do base+=("$1"); shift; done
    shift
    local a b
    a=$(run "${base[@]}")
    b=$(run "${base[@]}" "$@")
    if ! grep -q '^exit 0$' <<<"$a" || ! grep -q '^exit 0$' <<<"$b"; then
        failed "$name: a run failed"; echo "$b" | tail -3; return
    fi
    [ "$a" != "$b" ] && pass || failed "$name: $* changed nothing"
}

# same NAME BASE-ARGS -- EXTRA-ARGS: both runs succeed and print the same figures
same() {
    local name=$1
    shift
    local base=()
    while [ "$1" != "--" ]; do base+=("$1"); shift; done
    shift
    local a b
    a=$(run "${base[@]}")
    b=$(run "${base[@]}" "$@")
    grep -q '^exit 0$' <<<"$a" && [ "$a" = "$b" ] && pass || { failed "$name: runs differ"; diff <(echo "$a") <(echo "$b") | head -6; }
}

cat > "$tmp/c.ini" <<'INI'
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
optimizer = momentum
learning_rate = 0.05
batch_size = 10
epochs = 3
seed = 3
INI
c=$tmp/c.ini

# ---- options over a loaded model ------------------------------------------
check save 0 "saved model" "$nnviz" train "$c" --save-model "$tmp/m.json"
differs load-lr "$c" --load-model "$tmp/m.json" -- --lr 0.5
differs load-optimizer "$c" --load-model "$tmp/m.json" -- --optimizer adam
differs load-loss "$c" --load-model "$tmp/m.json" -- --loss mse
differs load-momentum "$c" --load-model "$tmp/m.json" -- --momentum 0.5
differs load-schedule "$c" --load-model "$tmp/m.json" -- --schedule exponential --decay-steps 5 --decay-rate 0.5
differs load-regularization "$c" --load-model "$tmp/m.json" -- --regularization l1 --regularization-rate 0.05
# the same kind keeps the saved state: naming the file's own values changes nothing
same load-same-kind "$c" --load-model "$tmp/m.json" -- --optimizer momentum --lr 0.05 --momentum 0.9
# another kind starts afresh, and says so
check load-new-kind 0 "the saved momentum state is not used: adam starts afresh" \
    "$nnviz" train "$c" --load-model "$tmp/m.json" --optimizer adam
check load-init 2 "--init is not used with --load-model" \
    "$nnviz" train "$c" --load-model "$tmp/m.json" --init zeros
check load-unused 2 "--beta-1: the momentum optimizer has no beta_1" \
    "$nnviz" train "$c" --load-model "$tmp/m.json" --beta-1 0.5
# options are checked on the loaded optimizer, not the experiment's
check load-uses-model-opt 0 "done" "$nnviz" train "$c" --optimizer adam --save-model "$tmp/adam.json" --quiet
check load-model-adam 0 "done" "$nnviz" train "$c" --load-model "$tmp/adam.json" --beta-1 0.5 --quiet

# ---- CSV: every row, file order, a separate test file ---------------------
{
    echo "a,b,kind"
    for i in $(seq 0 59); do echo "$((i % 7)).5,$((i % 5)).25,$((i % 2 == 0 ? 1 : 0))"; done
} > "$tmp/d.csv"
{ head -1 "$tmp/d.csv"; tail -n +2 "$tmp/d.csv" | tac; } > "$tmp/rev.csv"
{
    echo "a,b,kind"
    for i in $(seq 0 19); do echo "$((i % 3)).5,$((i % 4)).25,$((i % 2))"; done
} > "$tmp/t.csv"
data=(--data "$tmp/d.csv" --label kind)
check all-rows 0 "60 samples" "$nnviz" train "$c" "${data[@]}" --train-ratio 100 --epochs 1 --batch-size 60 --quiet
check all-rows-no-test 0 "test loss - acc -" "$nnviz" train "$c" "${data[@]}" --train-ratio 100 --epochs 1 --quiet
check ratio-70 0 "42 samples" "$nnviz" train "$c" "${data[@]}" --train-ratio 70 --epochs 1 --batch-size 60 --quiet
# in the file's order: the same rows reversed train differently without shuffling...
a=$(run "$c" "${data[@]}" --train-ratio 100 --no-shuffle --batch-size 1 --epochs 1)
b=$(run "$c" --data "$tmp/rev.csv" --label kind --train-ratio 100 --no-shuffle --batch-size 1 --epochs 1)
grep -q '^exit 0$' <<<"$a" && [ "$a" != "$b" ] && pass || failed "file order: reversed rows gave the same run"
# ...and --test-data trains on the same rows in the same order as --train-ratio 100
ta=$(run "$c" "${data[@]}" --train-ratio 100 --no-shuffle --epochs 2 | grep '^epoch' | cut -d' ' -f1-6)
tb=$(run "$c" "${data[@]}" --test-data "$tmp/t.csv" --no-shuffle --epochs 2 | grep '^epoch' | cut -d' ' -f1-6)
[ -n "$ta" ] && [ "$ta" = "$tb" ] && pass || { failed "--test-data trains on every row in order"; echo "$ta"; echo "$tb"; }
check test-data 0 "60 samples" "$nnviz" train "$c" "${data[@]}" --test-data "$tmp/t.csv" --epochs 1 --batch-size 60 --quiet
"$nnviz" train "$c" "${data[@]}" --test-data "$tmp/t.csv" --epochs 1 --quiet | grep -q 'test loss [0-9]' && pass || failed "--test-data gives test figures"
differs shuffle "$c" "${data[@]}" --train-ratio 100 --batch-size 1 -- --no-shuffle
check ratio-bad 2 "--train-ratio: '95' is not a percentage" "$nnviz" train "$c" --train-ratio 95
check ratio-100-generated 2 "--train-ratio 100 is for CSV data only" "$nnviz" train "$c" --train-ratio 100
check ratio-with-test 2 "--train-ratio is not used with --test-data" \
    "$nnviz" train "$c" "${data[@]}" --test-data "$tmp/t.csv" --train-ratio 50
check test-data-not-csv 2 "--test-data needs CSV data" "$nnviz" train "$c" --test-data "$tmp/t.csv"
check test-data-missing 2 "nope.csv" "$nnviz" train "$c" "${data[@]}" --test-data "$tmp/nope.csv"
differs ratio-generated "$c" -- --train-ratio 80

# ---- one option per hyperparameter: each changes the run -----------------
differs momentum "$c" -- --momentum 0.5
differs nesterov-momentum "$c" --optimizer nesterov -- --momentum 0.3
differs rho "$c" --optimizer rmsprop -- --rho 0.5
differs rmsprop-momentum "$c" --optimizer rmsprop -- --momentum 0.5
differs beta-1 "$c" --optimizer adam -- --beta-1 0.5
differs beta-2 "$c" --optimizer adam -- --beta-2 0.5
differs epsilon "$c" --optimizer adam -- --epsilon 0.1
differs initial-accumulator "$c" --optimizer adagrad -- --initial-accumulator 2
differs weight-decay "$c" --optimizer adamw -- --weight-decay 0.5
differs schedule-step "$c" -- --schedule step --decay-steps 5 --decay-rate 0.5
differs decay-steps "$c" --schedule exponential --decay-rate 0.5 -- --decay-steps 3
differs decay-rate "$c" --schedule exponential --decay-steps 5 -- --decay-rate 0.2
differs staircase "$c" --schedule exponential --decay-steps 7 --decay-rate 0.5 -- --staircase
differs no-staircase "$c" --schedule exponential --decay-steps 7 --decay-rate 0.5 --staircase -- --no-staircase
differs alpha "$c" --schedule cosine --decay-steps 20 -- --alpha 0.5
differs piecewise "$c" --schedule piecewise --boundaries 10 --values 0.05,0.05 -- --values 0.05,0.0001
differs boundaries "$c" --schedule piecewise --boundaries 10 --values 0.05,0.0001 -- --boundaries 20 --values 0.05,0.0001
differs regularization "$c" -- --regularization l2
differs regularization-rate "$c" --regularization l1 -- --regularization-rate 0.1
differs init "$c" -- --init glorot_uniform
differs init-he "$c" --init glorot_uniform -- --init he_normal
# piecewise is not exponential with staircase: a boundary's own update keeps
# the earlier rate, and the rates are given, not a factor
a=$(run "$c" --schedule step --decay-steps 10 --decay-rate 0.5)
b=$(run "$c" --schedule piecewise --boundaries 10 --values 0.05,0.025)
grep -q '^exit 0$' <<<"$a" && grep -q '^exit 0$' <<<"$b" && [ "$a" != "$b" ] && pass || failed "piecewise is step decay"

# ---- bad values and options the run would not use: one line, exit 2 ------
check bad-momentum 2 "--momentum: '1' is not a number from 0 to less than 1" "$nnviz" train "$c" --momentum 1
check bad-beta-2 2 "--beta-2: '-0.1' is not" "$nnviz" train "$c" --optimizer adam --beta-2 -0.1
check bad-epsilon 2 "--epsilon: '0' is not a number greater than 0" "$nnviz" train "$c" --optimizer adam --epsilon 0
check bad-accumulator 2 "--initial-accumulator: 'x' is not" "$nnviz" train "$c" --initial-accumulator x
check bad-decay-steps 2 "--decay-steps: '2.5' is not a whole number" "$nnviz" train "$c" --decay-steps 2.5
check bad-decay-rate 2 "--decay-rate: '2' is not" "$nnviz" train "$c" --decay-rate 2
check bad-alpha 2 "--alpha: '1.5' is not a number from 0 to 1" "$nnviz" train "$c" --alpha 1.5
check bad-schedule 2 "unknown schedule 'linear'" "$nnviz" train "$c" --schedule linear
check bad-boundaries 2 "--boundaries: '5,5' is not a list" "$nnviz" train "$c" --schedule piecewise --boundaries 5,5 --values 1,1,1
check bad-values 2 "--values: '0.1,0' is not a list" "$nnviz" train "$c" --schedule piecewise --boundaries 5 --values 0.1,0
check values-count 2 "--values: 3 learning rates for 1 boundaries" "$nnviz" train "$c" --schedule piecewise --boundaries 5 --values 0.1,0.2,0.3
check boundaries-alone 2 "--boundaries needs --values" "$nnviz" train "$c" --schedule piecewise --boundaries 5
check piecewise-bare 2 "piecewise schedule: needs 1 to 16 boundaries" "$nnviz" train "$c" --schedule piecewise
check bad-regularization 2 "unknown regularization 'l3'" "$nnviz" train "$c" --regularization l3
check bad-regularization-rate 2 "--regularization-rate: '11' is not" "$nnviz" train "$c" --regularization l2 --regularization-rate 11
check bad-init 2 "unknown initializer 'ones'" "$nnviz" train "$c" --init ones
check unused-beta 2 "--beta-1: the momentum optimizer has no beta_1" "$nnviz" train "$c" --beta-1 0.5
check unused-rho 2 "--rho: the adam optimizer has no rho" "$nnviz" train "$c" --optimizer adam --rho 0.5
check unused-momentum 2 "--momentum: the sgd optimizer has no momentum" "$nnviz" train "$c" --optimizer sgd --momentum 0.5
check unused-accumulator 2 "--initial-accumulator: the adam optimizer has no" "$nnviz" train "$c" --optimizer adam --initial-accumulator 1
check unused-weight-decay 2 "--weight-decay: the adam optimizer has no weight_decay" "$nnviz" train "$c" --optimizer adam --weight-decay 0.1
check unused-epsilon 2 "--epsilon: the momentum optimizer has no epsilon" "$nnviz" train "$c" --epsilon 0.1
check unused-decay-steps 2 "--decay-steps: the constant schedule does not use it" "$nnviz" train "$c" --decay-steps 10
check unused-decay-rate 2 "--decay-rate: the cosine schedule does not use it" "$nnviz" train "$c" --schedule cosine --decay-rate 0.5
check unused-alpha 2 "--alpha: the exponential schedule does not use it" "$nnviz" train "$c" --schedule exponential --alpha 0.5
check unused-staircase 2 "only the exponential schedule has a staircase" "$nnviz" train "$c" --schedule cosine --staircase
check unused-boundaries 2 "--boundaries: only the piecewise schedule has them" "$nnviz" train "$c" --boundaries 5 --values 1,2
check unused-lr 2 "--lr is not used by the piecewise schedule" "$nnviz" train "$c" --schedule piecewise --boundaries 5 --values 1,2 --lr 0.1
check unused-regularization-rate 2 "--regularization-rate: no regularization is on" "$nnviz" train "$c" --regularization-rate 0.1

# ---- every option is in --help and in the README -------------------------
help=$("$nnviz" train --help)
for o in --epochs --steps --stop-loss --batch-size --lr --optimizer --loss --seed --data --label \
    --train-ratio --test-data --no-shuffle --init --regularization --regularization-rate \
    --momentum --rho --beta-1 --beta-2 --epsilon --initial-accumulator --weight-decay \
    --schedule --decay-steps --decay-rate --staircase --no-staircase --alpha --boundaries --values \
    --load-model --save-model --history --quiet; do
    grep -qF -- "$o" <<<"$help" || failed "--help lacks $o"
    grep -qF -- "\`$o" "$src/README.md" || failed "README lacks $o"
done
pass

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
