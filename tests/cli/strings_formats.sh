#!/usr/bin/env bash
# Every tr(STR_...) used as a printf format gets the arguments its English
# text asks for. The compiler cannot see through tr(), so each file of
# src/app that calls it is compiled once more (syntax only) with every
# tr(... STR_X ...) replaced by the English literal of STR_X from
# src/i18n/strings_en.c: -Wformat then checks the call as it checked the
# literal before. Translations are held to the English conversions at run
# time (i18n_use), so this covers every language.
# $1: the nnviz binary (unused), $2: the source directory. Needs a C compiler
# ($CC, else cc) and perl.
set -u
SRC=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
CC=${CC:-cc}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v "$CC" >/dev/null || fail "no C compiler ($CC)"

# #define TRLIT_STR_X "English text" for every id of the table
perl -0ne 'while (/\[(STR_[A-Z0-9_]+)\]\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+),/g) {
               my ($id, $text) = ($1, $2); $text =~ s/\s*\n\s*/ /g; print "#define TRLIT_$id $text\n" }' \
    "$SRC/src/i18n/strings_en.c" > "$TMP/literals.h"
n_ids=$(grep -c '^#define TRLIT_' "$TMP/literals.h")
[ "$n_ids" -gt 100 ] || fail "read only $n_ids English strings from strings_en.c"

# tr(c ? STR_A : STR_B) becomes (c ? TRLIT_STR_A : TRLIT_STR_B); tr(x) without an id stays
substitute() {
    perl -0pe 's/\btr(\((?:[^()]++|(?1))*\))/my $x = $1; $x =~ m{\bSTR_} ? do { $x =~ s{\bSTR_}{TRLIT_STR_}g; $x } : "tr$x"/ge' "$1"
}
check() {
    "$CC" -std=c11 -D_POSIX_C_SOURCE=200809L -DNNVIZ_ASSET_DIR='""' -DNNVIZ_LESSON_DIR='""' \
        -fsyntax-only -Wformat -Werror=format -I"$SRC/src" -include "$TMP/literals.h" "$1" 2>&1
}

# the check can fail: a %s given an int is refused
cat > "$TMP/probe.c" <<'C'
#include <stdio.h>
#include "i18n/i18n.h"
void probe(char *b, size_t n);
void probe(char *b, size_t n) { snprintf(b, n, tr(STR_NET_TIP_NEURON), 1, 2, 3); }
C
substitute "$TMP/probe.c" > "$TMP/probe_lit.c"
check "$TMP/probe_lit.c" >/dev/null && fail "a wrong argument to a tr() format was not found"

checked=0
for f in "$SRC"/src/app/*.c; do
    grep -q '\btr(' "$f" || continue
    out="$TMP/$(basename "$f")"
    substitute "$f" > "$out"
    check "$out" || fail "$(basename "$f"): the arguments of a tr() format do not fit its English text"
    checked=$((checked + 1))
done
[ "$checked" -gt 5 ] || fail "only $checked files of src/app call tr()"
echo "checked the tr() formats of $checked files against $n_ids English strings"
