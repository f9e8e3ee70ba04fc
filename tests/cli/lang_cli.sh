#!/usr/bin/env bash
# The language: `nnviz render --lang zh` draws the window in Chinese (a
# different picture from English, the same one for every alias), an unknown
# language is one line and exit 2, for the window as for render.
#   $1 = the nnviz binary, $2 = the source tree
set -u
nnviz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

"$nnviz" render "$src/lessons/xor.ini" --out "$tmp/en.png" > /dev/null 2>&1 || fail "render in English"
"$nnviz" render "$src/lessons/xor.ini" --lang zh --out "$tmp/zh.png" > /dev/null 2>&1 || fail "render --lang zh"
"$nnviz" render "$src/lessons/xor.ini" --lang zh_CN.UTF-8 --out "$tmp/zh2.png" > /dev/null 2>&1 || fail "render --lang zh_CN.UTF-8"
"$nnviz" render "$src/lessons/xor.ini" --lang en --out "$tmp/en2.png" > /dev/null 2>&1 || fail "render --lang en"
if [ -s "$tmp/en.png" ] && [ -s "$tmp/zh.png" ]; then
    cmp -s "$tmp/en.png" "$tmp/zh.png" && fail "the Chinese render is the English one" || passes=$((passes + 1))
    cmp -s "$tmp/zh.png" "$tmp/zh2.png" && passes=$((passes + 1)) || fail "zh and zh_CN.UTF-8 differ"
    cmp -s "$tmp/en.png" "$tmp/en2.png" && passes=$((passes + 1)) || fail "--lang en differs from the default"
fi
# a render does not follow the locale: the same command, the same picture
LANG=zh_CN.UTF-8 LC_ALL= "$nnviz" render "$src/lessons/xor.ini" --out "$tmp/loc.png" > /dev/null 2>&1
cmp -s "$tmp/en.png" "$tmp/loc.png" && passes=$((passes + 1)) || fail "render followed the locale"

for cmd in "render $src/lessons/xor.ini --out $tmp/x.png" "$src/lessons/xor.ini"; do
    # shellcheck disable=SC2086
    timeout 15 "$nnviz" $cmd --lang fr > /dev/null 2> "$tmp/err"
    status=$?
    if [ "$status" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "'fr'" "$tmp/err" &&
        grep -q "zh-Hans" "$tmp/err"; then
        passes=$((passes + 1))
    else
        fail "--lang fr ($cmd): exit $status"; cat "$tmp/err"
    fi
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
