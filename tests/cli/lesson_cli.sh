#!/usr/bin/env bash
# nnviz lesson from the command line: every lesson in lessons/ walks headless
# with all its checks holding, in English and in Simplified Chinese (new
# lessons are picked up as they are added); a check that does not hold
# exits 1; a bad file or option exits 2 with one line naming FILE:LINE.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
fails=0
passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# Every lesson, both languages: exit 0, a transcript with its steps.
n=0
for f in "$src"/lessons/*.ini; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    for lang in en zh; do
        out=$("$nnviz" lesson "$f" --lang "$lang" 2>&1)
        status=$?
        if [ $status -ne 0 ]; then
            fail "$(basename "$f") --lang $lang: exit $status"
            grep -E "FAIL|^!|: " <<<"$out" | head -8
            continue
        fi
        grep -q '^# ' <<<"$out" || { fail "$(basename "$f") --lang $lang: no title line"; continue; }
        steps=$(grep -c '^## Step ' <<<"$out")
        grep -qE "^$steps steps?, [0-9]+ checks?: all hold$" <<<"$out" ||
            { fail "$(basename "$f") --lang $lang: no summary for $steps steps"; continue; }
        passes=$((passes + 1))
    done
done
[ $n -ge 1 ] || fail "no lessons found in $src/lessons"

# The transcript: narration in the language asked, commands, figures, checks.
cat > "$tmp/ok.ini" <<'INI'
[lesson]
title = Two steps
title.zh = 两步
[data]
source = circle
samples = 200
[network]
hidden = 4
[training]
learning_rate = 0.03
batch_size = 10
[step]
title = Train
title.zh = 训练
text = Watch **the loss** fall.
text.zh = 看**损失**下降。
do = RUN_UNTIL step 40
do = HIGHLIGHT panel loss_chart
expect = step >= 40
expect = loss < 10
INI
out=$("$nnviz" lesson "$tmp/ok.ini" 2>&1); status=$?
[ $status -eq 0 ] || fail "ok.ini: exit $status"
for want in "# Two steps" "## Step 1/1: Train" "Watch the loss fall." "> RUN_UNTIL step 40" \
            "= step 40, epoch 4," "highlight panel loss_chart" "check step ≥ 40: 40 ≥ 40  PASS" \
            "check train loss < 10: "; do
    grep -qF -- "$want" <<<"$out" || fail "ok.ini transcript lacks '$want'"
done
out=$("$nnviz" lesson "$tmp/ok.ini" --lang zh 2>&1)
grep -qF "看损失下降。" <<<"$out" || fail "ok.ini --lang zh: no Chinese narration"
grep -qF "## Step 1/1: 训练" <<<"$out" || fail "ok.ini --lang zh: no Chinese title"
grep -qF "check 步数 ≥ 40: 40 ≥ 40  PASS" <<<"$out" || fail "ok.ini --lang zh: the check not in Chinese"
[ $fails -eq 0 ] && passes=$((passes + 1))

# A check that does not hold: exit 1, FAIL in the transcript, FILE:LINE on stderr.
sed 's/^expect = loss < 10$/expect = loss < 0.0000001/' "$tmp/ok.ini" > "$tmp/fails.ini"
out=$("$nnviz" lesson "$tmp/fails.ini" 2>"$tmp/err"); status=$?
[ $status -eq 1 ] || fail "fails.ini: exit $status, expected 1"
grep -qF "  FAIL" <<<"$out" || fail "fails.ini: no FAIL in the transcript"
grep -qF "$tmp/fails.ini:20: expect loss < 0.0000001 does not hold" "$tmp/err" ||
    { fail "fails.ini: stderr"; cat "$tmp/err"; }

# Bad input: exit 2, one line.
check2() { # name, expected substring, command...
    local name=$1 text=$2
    shift 2
    local out status
    out=$("$@" 2>&1); status=$?
    if [ $status -ne 2 ]; then fail "$name: exit $status, expected 2"; return; fi
    grep -qF -- "$text" <<<"$out" || { fail "$name: output lacks '$text'"; echo "$out" | head -3; return; }
    [ "$(wc -l <<<"$out")" -eq 1 ] || { fail "$name: more than one line"; echo "$out" | head -3; return; }
    passes=$((passes + 1))
}
sed 's/^do = HIGHLIGHT panel loss_chart$/do = VIEW race surface=rosenbrok/' "$tmp/ok.ini" > "$tmp/bad.ini"
check2 bad_view "$tmp/bad.ini:18: VIEW: race: unknown surface 'rosenbrok'" "$nnviz" lesson "$tmp/bad.ini"
check2 missing "$tmp/none.ini" "$nnviz" lesson "$tmp/none.ini"
check2 bad_flag "unknown option '--fast'" "$nnviz" lesson "$tmp/ok.ini" --fast
check2 bad_lang "klingon" "$nnviz" lesson "$tmp/ok.ini" --lang klingon
out=$("$nnviz" lesson --help); status=$?
{ [ $status -eq 0 ] && grep -qF "usage: nnviz lesson FILE" <<<"$out"; } || fail "--help"

echo "lesson_cli: $passes passed, $fails failed ($n lessons)"
[ $fails -eq 0 ]
