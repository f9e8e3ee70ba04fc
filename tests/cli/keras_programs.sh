#!/usr/bin/env bash
# Keras programs (tests/data/keras/*.py) through `nnviz train`: each file says
# in its header comments what must happen --
#   # expect-rc: N          the exit status
#   # expect-out: TEXT      a line of standard output contains TEXT (each one)
#   # expect-err: TEXT      a line of standard error contains TEXT (each one)
#   # expect-acc: LO HI     the last epoch's training accuracy is in [LO, HI]
#   # needs: fashion-mnist  skipped (said so) without Debian's data set
#   # npz: N                HOME holds tests/data/keras/mnist_tiny.npz as Keras's MNIST
#                           cache (its first N bytes; 0: all of it)
# A failing program must end on one line naming the file; nothing may crash.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
skips=0

fail() {
    echo "FAIL $1: $2"
    sed 's/^/    out: /' "$tmp/out" | tail -8
    sed 's/^/    err: /' "$tmp/err" | tail -4
    fails=$((fails + 1))
}

for prog in "$src"/tests/data/keras/*.py; do
    name=$(basename "$prog")
    if grep -q '^# needs: fashion-mnist' "$prog" && [ ! -d /usr/share/datasets/fashion-mnist ]; then
        echo "skip $name: no /usr/share/datasets/fashion-mnist"
        skips=$((skips + 1))
        continue
    fi
    want_rc=$(sed -n 's/^# expect-rc: //p' "$prog" | head -1)
    cp "$src"/tests/data/keras/*.csv "$tmp"/  # data files the programs read by name
    # no MNIST anywhere: mnist.load_data() falls back to Fashion-MNIST, announced
    home="$tmp"
    npz=$(sed -n 's/^# npz: //p' "$prog" | head -1)
    if [ -n "$npz" ]; then
        home="$tmp/home"
        mkdir -p "$home/.keras/datasets"
        if [ "$npz" = 0 ]; then
            cp "$src/tests/data/keras/mnist_tiny.npz" "$home/.keras/datasets/mnist.npz"
        else
            head -c "$npz" "$src/tests/data/keras/mnist_tiny.npz" >"$home/.keras/datasets/mnist.npz"
        fi
    fi
    (cd "$tmp" && env -u NNVIZ_MNIST HOME="$home" timeout 120 "$nnviz" train "$prog" \
        >"$tmp/out" 2>"$tmp/err")
    rc=$?
    if [ "$rc" != "${want_rc:-0}" ]; then
        fail "$name" "exit $rc, expected ${want_rc:-0}"
        continue
    fi
    ok=1
    while IFS= read -r text; do
        if ! grep -qF -- "$text" "$tmp/out"; then
            fail "$name" "standard output lacks '$text'"; ok=0; break
        fi
    done < <(sed -n 's/^# expect-out: //p' "$prog")
    [ $ok = 1 ] || continue
    while IFS= read -r text; do
        if ! grep -qF -- "$text" "$tmp/err"; then
            fail "$name" "standard error lacks '$text'"; ok=0; break
        fi
    done < <(sed -n 's/^# expect-err: //p' "$prog")
    [ $ok = 1 ] || continue
    if [ "$rc" != 0 ]; then
        last=$(tail -1 "$tmp/err")
        if [[ "$last" != "$name:"* ]] || [ "$(grep -cv ': note: ' "$tmp/err")" != 1 ]; then
            fail "$name" "the failure is not one line naming $name: '$last'"
            continue
        fi
    fi
    range=$(sed -n 's/^# expect-acc: //p' "$prog" | head -1)
    if [ -n "$range" ]; then
        acc=$(awk '/^Epoch [0-9]+\/[0-9]+$/ {getline; line=$0} END {
                   n = split(line, f, " - accuracy: "); if (n > 1) { split(f[2], g, " "); print g[1] } }' "$tmp/out")
        if [ -z "$acc" ] || ! awk -v a="$acc" -v r="$range" 'BEGIN { split(r, b, " ");
                exit !(a + 0 >= b[1] + 0 && a + 0 <= b[2] + 0) }'; then
            fail "$name" "last epoch's accuracy '$acc' is not in [$range]"
            continue
        fi
    fi
    passes=$((passes + 1))
done

# nnviz export: a lesson written as Keras runs again in nnviz; bad usage is one line
check_export() { # name, expected status, expected text in the output, arguments...
    local name=$1 want=$2 text=$3
    shift 3
    "$nnviz" export "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" != "$want" ] || ! grep -qF -- "$text" "$tmp/out" "$tmp/err"; then
        fail "$name" "exit $rc (expected $want) or no '$text'"
    else
        passes=$((passes + 1))
    fi
}
check_export export_lesson 0 "wrote $tmp/xor.py" "$src/lessons/xor.ini" --keras "$tmp/xor.py" --weights
(cd "$tmp" && "$nnviz" train "$tmp/xor.py" >"$tmp/out" 2>"$tmp/err")
if [ $? != 0 ] || ! grep -q "^Epoch 1/" "$tmp/out" || ! grep -q "set_weights" "$tmp/xor.py"; then
    fail export_lesson_runs "the exported xor lesson does not train in nnviz"
else
    passes=$((passes + 1))
fi
check_export export_no_keras 2 "missing --keras OUT.py" "$src/lessons/xor.ini"
check_export export_missing_file 2 "nnviz export: " "$tmp/none.ini" --keras "$tmp/x.py"
check_export export_program 0 "wrote" "$src/tests/data/keras/seq_list.py" --keras "$tmp/seq.py"

echo "$passes passed, $fails failed, $skips skipped"
[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
