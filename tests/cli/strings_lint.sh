#!/usr/bin/env bash
# The window's text comes from the string table: a panel (src/app/panel_*.c,
# app_draw.c) holds no string literal with letters in it, whether passed to a
# drawing, label, tooltip or button call, kept in an array, or used as a
# printf format, except
#   - widget id keys: the second argument of ui_id_str, icon_button,
#     small_button, fitted_dropdown and named_dropdown ("seed-", "lr");
#   - number notation: "inf", "-inf", "\xe2\x88\x92inf".
# Letters inside printf conversions (%lld, %.4g) and escapes (\xe2) are not
# letters of text. Prints file:line, the literal and the call it is passed to.
# $1: the nnviz binary (unused), $2: the source directory; with no $2, the
# directory above this script's. Exit 1 when a literal is found.
set -u
SRC=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
shopt -s nullglob
FILES=("$SRC"/src/app/panel_*.c "$SRC"/src/app/app_draw.c)
[ ${#FILES[@]} -gt 1 ] || fail "no panels under $SRC/src/app"

# Prints one line per text literal in the files given; exit 1 if any.
LINT=$(cat <<'PERL'
use strict;
use warnings;
my $bad = 0;
my %number = map { $_ => 1 } ("inf", "-inf", "\\xe2\\x88\\x92inf");
my $idkey = qr/\b(?:ui_id_str|icon_button|small_button|fitted_dropdown|named_dropdown)\s*\(\s*[^,()]*,\s*$/;
for my $file (@ARGV) {
    open(my $fh, "<", $file) or die "$file: $!\n";
    local $/;
    my $src = <$fh>;
    close $fh;
    # code: the source with comments, string and character literals blanked
    # (newlines kept, so offsets give lines); lits: the string literals
    my ($code, @lits) = ("");
    my $n = length $src;
    my $i = 0;
    while ($i < $n) {
        my $c = substr($src, $i, 1);
        my $two = substr($src, $i, 2);
        if ($two eq "/*") {
            my $e = index($src, "*/", $i + 2);
            $e = $n - 2 if $e < 0;
            (my $blank = substr($src, $i, $e + 2 - $i)) =~ s/[^\n]/ /g;
            $code .= $blank;
            $i = $e + 2;
        } elsif ($two eq "//") {
            my $e = index($src, "\n", $i);
            $e = $n if $e < 0;
            $code .= " " x ($e - $i);
            $i = $e;
        } elsif ($c eq "\"" || $c eq "\x27") {
            my $j = $i + 1;
            while ($j < $n && substr($src, $j, 1) ne $c) {
                $j++ if substr($src, $j, 1) eq "\\";
                $j++;
            }
            push @lits, [$i, substr($src, $i + 1, $j - $i - 1)] if $c eq "\"";
            $code .= $c . (" " x ($j - $i - 1)) . $c;
            $i = $j + 1;
        } else {
            $code .= $c;
            $i++;
        }
    }
    # adjacent literals ("a" "b") are one string
    my @strs;
    for my $l (@lits) {
        if (@strs && substr($code, $strs[-1][2], $l->[0] - $strs[-1][2]) =~ /^\s*$/) {
            $strs[-1][1] .= $l->[1];
            $strs[-1][2] = $l->[0] + length($l->[1]) + 2;
        } else {
            push @strs, [$l->[0], $l->[1], $l->[0] + length($l->[1]) + 2];
        }
    }
    for my $s (@strs) {
        my ($pos, $text) = @$s;
        my $before = substr($code, 0, $pos);
        my $line = ($before =~ tr/\n//) + 1;
        next if $before =~ /(?:^|\n)[ \t]*#[^\n]*$/;    # #include and other directives
        next if $number{$text};
        next if $before =~ $idkey;
        (my $t = $text) =~ s/\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}|.)//g;
        $t =~ s/%[-+ #0\x27]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|j|z|t|L)?[diouxXfFeEgGaAcspn%]//g;
        next unless $t =~ /[A-Za-z]/;
        # the call the literal is an argument of, if any
        my ($depth, $k, $call) = (0, $pos - 1, "");
        while ($k >= 0) {
            my $ch = substr($code, $k, 1);
            if ($ch eq ")" || $ch eq "}") { $depth++ }
            elsif ($ch eq "(" || $ch eq "{") {
                if ($depth == 0) {
                    ($call) = substr($code, 0, $k) =~ /(\w+)\s*$/ if $ch eq "(";
                    last;
                }
                $depth--;
            } elsif ($ch eq ";" && $depth == 0) { last }
            $k--;
        }
        my $where = defined $call && $call ne "" ? "passed to $call()" : "used as text";
        (my $rel = $file) =~ s{.*/src/}{src/};
        print "$rel:$line: \"$text\" $where: window text comes from tr() (src/i18n/i18n.h)\n";
        $bad++;
    }
}
print "$bad text literal(s) in the panels\n" if $bad;
exit($bad ? 1 : 0);
PERL
)
lint() { perl -e "$LINT" "$@"; }

# the check finds what it is for, and only that
cat > "$TMP/panel_probe.c" <<'C'
static void probe(ui_Context *ui, char *b, int n, long long x, ui_Rect r, ui_Color c)
{
    ui_draw_text(ui, 0, 0, 1, 2, "Hello", c); /* found */
    ui_button_at(ui, ui_id_str(ui, "seed-"), r, "+", 0);
    snprintf(b, n, "%lld/%d \xe2\x80\x94", x, 3);
    snprintf(b, n, x > 0 ? "inf" : "-inf");
    ui_tooltip(ui, 0, 0, tr(STR_TOP_TIP_RESET)); /* "in a comment" */
    snprintf(b, n, "%d item%s", 2, x == 1 ? "" : "s"); /* found twice */
}
C
probe=$(lint "$TMP/panel_probe.c")
[ "$(printf '%s\n' "$probe" | grep -c ': "')" = 3 ] || fail "on a probe file the check found:
$probe"
printf '%s\n' "$probe" | grep -q 'panel_probe.c:3: "Hello" passed to ui_draw_text()' ||
    fail "the check does not name the call: $probe"

lint "${FILES[@]}"
