#!/usr/bin/env bash
# The complete example of docs/lesson-format.md walks headless with every
# check holding, in English and in Simplified Chinese: the page shows a
# lesson whose network does what its narration says. A check changed to
# claim the opposite must make the walk fail (the guard).
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk '/^## A complete example/ { f = 1 } f && /^```ini/ { g = 1; next } g && /^```/ { exit } g { print }' \
    "$src/docs/lesson-format.md" > "$tmp/example.ini"
if ! grep -q '^\[step\]' "$tmp/example.ini"; then
    echo "FAIL: no example with steps found in docs/lesson-format.md"
    exit 1
fi
for lang in en zh; do
    if ! "$nnviz" lesson "$tmp/example.ini" --lang "$lang" > "$tmp/out-$lang" 2>&1; then
        cat "$tmp/out-$lang"
        echo "FAIL: the example does not walk with every check holding (--lang $lang)"
        exit 1
    fi
    if ! grep -q 'PASS' "$tmp/out-$lang" || grep -q 'FAIL' "$tmp/out-$lang"; then
        cat "$tmp/out-$lang"
        echo "FAIL: the transcript (--lang $lang) does not show its checks passing"
        exit 1
    fi
done
grep -q '异或需要隐藏层' "$tmp/out-zh" || { echo "FAIL: the Chinese title is not shown"; exit 1; }
# the guard: the first check turned around does not hold, and the walk says so
sed 's/^expect = test_accuracy < 0.8$/expect = test_accuracy >= 0.8/' "$tmp/example.ini" > "$tmp/wrong.ini"
if cmp -s "$tmp/example.ini" "$tmp/wrong.ini"; then
    echo "FAIL: the guard did not change the example"
    exit 1
fi
"$nnviz" lesson "$tmp/wrong.ini" > "$tmp/out-wrong" 2>&1
rc=$?
if [ "$rc" -ne 1 ] || ! grep -q 'FAIL' "$tmp/out-wrong"; then
    cat "$tmp/out-wrong"
    echo "FAIL: a check that does not hold gave exit $rc"
    exit 1
fi
echo "docs/lesson-format.md's example walks in both languages; a wrong check fails"
