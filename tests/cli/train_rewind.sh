#!/usr/bin/env bash
# nnviz train --rewind K and --trace: rewinding K of N batches saves the
# very bytes training N-K batches saves (weights, optimizer state, update
# count); the trace is written and leaves the training as it was.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

cat > "$tmp/net.ini" <<'INI'
[data]
source = spiral
samples = 200
noise = 0
train_ratio = 50

[network]
hidden = 4,2
activation = tanh
output_activation = tanh

[training]
loss = half_squared
optimizer = adam
learning_rate = 0.03
batch_size = 4
shuffle = true
epochs = 3
INI

# 137 batches is mid-epoch (25 a epoch); 37 back crosses epoch boundaries
for opt in adam momentum sgd; do
    "$nnviz" train "$tmp/net.ini" --optimizer $opt --steps 137 --rewind 37 \
        --save-model "$tmp/r.json" --history "$tmp/r.csv" --quiet >/dev/null || fail "$opt rewind run"
    "$nnviz" train "$tmp/net.ini" --optimizer $opt --steps 100 --save-model "$tmp/s.json" \
        --history "$tmp/s.csv" --quiet >/dev/null || fail "$opt plain run"
    cmp -s "$tmp/r.json" "$tmp/s.json" || fail "$opt: --rewind 37 of 137 differs from 100 steps"
    cp "$tmp/s.json" "$tmp/s_$opt.json"
    # the same epochs (the seconds column aside)
    diff <(cut -d, -f1-6 "$tmp/r.csv") <(cut -d, -f1-6 "$tmp/s.csv") >/dev/null ||
        fail "$opt: the history after the rewind differs"
    # a guard: 137 steps are not 100
    "$nnviz" train "$tmp/net.ini" --optimizer $opt --steps 137 --save-model "$tmp/n.json" \
        --quiet >/dev/null
    cmp -s "$tmp/n.json" "$tmp/s.json" && fail "$opt: 137 and 100 steps save the same"
done

out=$("$nnviz" train "$tmp/net.ini" --steps 10 --rewind 11 2>&1) && fail "rewind past 0 succeeded"
grep -q "only 10 batches were trained" <<<"$out" || fail "rewind past 0: '$out'"

# the trace: written, complete, and training unchanged by it
"$nnviz" train "$tmp/net.ini" --steps 100 --trace "$tmp/t.csv" --trace-batches 3 \
    --save-model "$tmp/t.json" --quiet >/dev/null || fail "trace run"
cmp -s "$tmp/t.json" "$tmp/s_adam.json" || fail "--trace changed the training"
head -1 "$tmp/t.csv" | grep -qx "batch,phase,layer,quantity,row,i,j,value" || fail "trace header"
[ "$(cut -d, -f1 "$tmp/t.csv" | sort -u | grep -c '^[0-9]')" = 3 ] || fail "trace batches"
for q in x y z a loss row_loss delta dW db m_W v_b change_W W_after; do
    grep -q ",$q," "$tmp/t.csv" || fail "trace lacks $q"
done
out=$("$nnviz" train "$tmp/net.ini" --steps 5 --trace-batches 2 2>&1) && fail "--trace-batches alone"
grep -q "needs --trace" <<<"$out" || fail "--trace-batches alone: '$out'"
out=$("$nnviz" train "$tmp/net.ini" --steps 5 --trace /nonexistent/t.csv 2>&1) && fail "bad trace path"
grep -q "/nonexistent/t.csv" <<<"$out" || fail "bad trace path: '$out'"

# nnviz render --rewind and --do
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy}
"$nnviz" render "$tmp/net.ini" --steps 60 --rewind 20 --do "SET_LEARNING_RATE 0.1;TRAIN 5" \
    --out "$tmp/r.png" >/dev/null 2>&1 || fail "render --rewind"
[ -s "$tmp/r.png" ] || fail "render --rewind wrote no picture"
out=$("$nnviz" render "$tmp/net.ini" --steps 10 --rewind 11 --out "$tmp/x.png" 2>&1) &&
    fail "render rewind past 0 succeeded"
grep -q "only 10 batches were trained" <<<"$out" || fail "render rewind past 0: '$out'"
out=$("$nnviz" render "$tmp/net.ini" --do "NO_SUCH_COMMAND 3" --out "$tmp/x.png" 2>&1) &&
    fail "render --do with a bad command succeeded"
grep -q "NO_SUCH_COMMAND" <<<"$out" || fail "render --do bad command: '$out'"
[ -e "$tmp/x.png" ] && fail "a failed render wrote a picture"

[ $fails -eq 0 ] && echo "train_rewind: all passed"
exit $((fails > 0))
