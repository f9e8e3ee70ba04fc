/* kr_parse.c - tokenizer and recursive-descent parser for the Python subset
 * of kr_ast.h. The tokenizer runs over the whole text first (logical lines,
 * brackets joining lines, backslash continuations, comments, strings with
 * every prefix and quote), then the parser builds statements. Both stop at
 * the first problem with one line naming the file and line; nesting is
 * bounded so hostile input cannot exhaust the stack. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kr_ast.h"

#define MAX_TEXT (16u << 20) /* a tutorial is a few kilobytes; exported weights, megabytes */
#define MAX_DEPTH 100         /* brackets and operators nested */

enum { T_NAME, T_NUM, T_STR, T_OP, T_NEWLINE, T_EOF, T_DEF };

typedef struct {
    int kind, line;
    char *s;        /* NAME: identifier; OP: the operator; STR: contents */
    size_t len;     /* STR: bytes */
    double num;
    int is_int;
    int fstr;       /* STR: f-string, s holds the raw text between the quotes */
} Tok;

typedef struct {
    const char *file;
    kr_Arena *arena;
    Tok *toks;
    int n, cap, pos;
    int depth;
    char *err;
    size_t err_len;
    int failed;
} P;

static int fail(P *p, int line, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    int k = snprintf(p->err, p->err_len, "%s:%d: ", p->file, line);
    if (k < 0 || (size_t)k >= p->err_len)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + k, p->err_len - (size_t)k, fmt, ap);
    va_end(ap);
    for (char *c = p->err; *c; c++) /* one line, whatever the input held */
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    return -1;
}

/* ---- tokens ---------------------------------------------------------------- */

static Tok *push(P *p, int kind, int line)
{
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 256;
        Tok *t = realloc(p->toks, (size_t)cap * sizeof *t);
        if (!t)
            return NULL;
        p->toks = t;
        p->cap = cap;
    }
    Tok *t = &p->toks[p->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = line;
    return t;
}

static int is_id_start(unsigned char c) { return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Length of a valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static int utf8_len(const unsigned char *s, size_t n)
{
    int k = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                           : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (k == 0 || (size_t)k > n || (k == 2 && s[0] < 0xC2))
        return 0;
    for (int i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return k;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | (cp >> 6 & 63));
        o[2] = (char)(0x80 | (cp & 63)); return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | (cp >> 12 & 63));
    o[2] = (char)(0x80 | (cp >> 6 & 63)); o[3] = (char)(0x80 | (cp & 63)); return 4;
}

/* Python's escapes in s[0..n) into the arena (raw: kept as written). */
static char *unescape(P *p, const char *s, size_t n, int raw, size_t *out_len)
{
    char *o = kr_arena_alloc(p->arena, n + 1), *w = o;
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (raw || s[i] != '\\' || i + 1 >= n) {
            *w++ = s[i];
            continue;
        }
        char c = s[++i];
        unsigned long cp = 0;
        int digits = 0;
        switch (c) {
        case 'n': *w++ = '\n'; break;
        case 't': *w++ = '\t'; break;
        case 'r': *w++ = '\r'; break;
        case '0': *w++ = '\0'; break;
        case '\\': case '\'': case '"': *w++ = c; break;
        case '\n': break; /* continued string */
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default: *w++ = '\\'; *w++ = c; break;
        }
        if (digits) {
            int k = 0;
            for (; k < digits && i + 1 < n; k++) {
                char h = s[i + 1];
                int v = is_digit((unsigned char)h) ? h - '0' : (h | 32) >= 'a' && (h | 32) <= 'f'
                                                                  ? (h | 32) - 'a' + 10 : -1;
                if (v < 0)
                    break;
                cp = cp * 16 + (unsigned long)v;
                i++;
            }
            if (k < digits || cp > 0x10FFFF)
                return NULL;
            w += put_utf8(w, cp); /* at most 4 bytes for >= 4 written: fits */
        }
    }
    *w = '\0';
    *out_len = (size_t)(w - o);
    return o;
}

static const char *const ops3[] = {"**=", "//=", "...", ">>=", "<<="};
static const char *const ops2[] = {"**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
                                   "%=", "@=", "->", ":=", "<<", ">>", "&=", "|=", "^="};

/* Tokenizes text[0..len); line is the first line's number; with
 * expr_only (an f-string field) no NEWLINE tokens are made. */
static int tokenize(P *p, const char *text, size_t len, int line, int expr_only)
{
    size_t i = 0;
    int brackets = 0, at_line_start = !expr_only;
    int open_line[MAX_DEPTH + 2];
    char open_char[MAX_DEPTH + 2];
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (at_line_start) {
            /* indentation of a logical line: refused unless the line is blank */
            size_t j = i;
            while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\f'))
                j++;
            /* a block after 'for ...:' is left for the parser, which refuses the
               'for' at its own line */
            int after_colon = p->n >= 2 && p->toks[p->n - 1].kind == T_NEWLINE &&
                              p->toks[p->n - 2].kind == T_OP && !strcmp(p->toks[p->n - 2].s, ":");
            if (j < len && text[j] != '\n' && text[j] != '\r' && text[j] != '#' && j > i &&
                !after_colon)
                return fail(p, line, "syntax error: unexpected indent");
            i = j;
            at_line_start = 0;
            if (j == 0 || text[j - 1] == '\n' || text[j - 1] == '\r') {
                /* a function at the left margin: its lines are kept as text */
                if (len - j > 4 && memcmp(text + j, "def", 3) == 0 &&
                    (text[j + 3] == ' ' || text[j + 3] == '\t')) {
                    size_t k = j, start_line = (size_t)line;
                    for (;;) {
                        while (k < len && text[k] != '\n')
                            k++;
                        if (k >= len)
                            break;
                        size_t next = k + 1;
                        size_t q2 = next;
                        while (q2 < len && (text[q2] == ' ' || text[q2] == '\t'))
                            q2++;
                        int blank = q2 >= len || text[q2] == '\n' || text[q2] == '\r' ||
                                    (text[q2] == '#' && q2 > next);
                        if (q2 == next && !blank)
                            break; /* back at the margin: the function ended */
                        k = next;
                        line++;
                    }
                    Tok *t = push(p, T_DEF, (int)start_line);
                    if (!t)
                        return fail(p, line, "out of memory");
                    size_t e = k;
                    while (e > j && (text[e - 1] == '\n' || text[e - 1] == '\r' ||
                                     text[e - 1] == ' ' || text[e - 1] == '\t'))
                        e--;
                    if (!(t->s = kr_arena_strdup(p->arena, text + j, e - j)))
                        return fail(p, line, "out of memory");
                    t->len = e - j;
                    i = k;
                    if (!push(p, T_NEWLINE, line))
                        return fail(p, line, "out of memory");
                }
            }
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
                i++;
            i++;
            if (brackets == 0 && !expr_only) {
                if (p->n > 0 && p->toks[p->n - 1].kind != T_NEWLINE && !push(p, T_NEWLINE, line))
                    return fail(p, line, "out of memory");
                at_line_start = 1;
            }
            line++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\f') { i++; continue; }
        if (c == '#') {
            while (i < len && text[i] != '\n' && text[i] != '\r')
                i++;
            continue;
        }
        if (c == '\\') {
            size_t j = i + 1;
            if (j < len && text[j] == '\r') j++;
            if (j < len && text[j] == '\n') {
                i = j + 1;
                line++;
                continue;
            }
            return fail(p, line, "syntax error: unexpected character after line continuation");
        }
        /* strings, with any prefix of r, b, u, f */
        size_t q = i;
        int raw = 0, f = 0, bytes = 0;
        while (q < len && q - i < 3 && strchr("rRbBuUfF", text[q])) {
            char l = (char)(text[q] | 32);
            raw |= l == 'r', f |= l == 'f', bytes |= l == 'b';
            q++;
        }
        if (q < len && (text[q] == '\'' || text[q] == '"') && (q == i || is_id_start(c))) {
            char quote = text[q];
            int triple = q + 2 < len && text[q + 1] == quote && text[q + 2] == quote;
            size_t start = q + (triple ? 3 : 1), k = start;
            int start_line = line;
            for (;;) {
                if (k >= len)
                    return fail(p, start_line, "syntax error: unterminated string");
                if (text[k] == '\\' && k + 1 < len) {
                    if (text[k + 1] == '\n') line++;
                    k += 2;
                    continue;
                }
                if (text[k] == '\n' || text[k] == '\r') {
                    if (!triple)
                        return fail(p, start_line, "syntax error: unterminated string");
                    if (text[k] == '\n') line++;
                }
                if (text[k] == quote &&
                    (!triple || (k + 2 < len && text[k + 1] == quote && text[k + 2] == quote)))
                    break;
                k++;
            }
            if (bytes && f)
                return fail(p, start_line, "syntax error: a string cannot be both bytes and f");
            Tok *t = push(p, T_STR, start_line);
            if (!t)
                return fail(p, line, "out of memory");
            t->fstr = f;
            if (f) {
                t->s = kr_arena_strdup(p->arena, text + start, k - start);
                t->len = k - start;
                t->is_int = raw; /* raw f-string: literal parts keep backslashes */
            } else {
                t->s = unescape(p, text + start, k - start, raw, &t->len);
            }
            if (!t->s)
                return fail(p, start_line, "syntax error: bad escape in string");
            i = k + (triple ? 3 : 1);
            continue;
        }
        if (is_id_start(c)) {
            size_t j = i;
            while (j < len && (is_id_start((unsigned char)text[j]) || is_digit((unsigned char)text[j]))) {
                if ((unsigned char)text[j] >= 0x80) {
                    int k = utf8_len((const unsigned char *)text + j, len - j);
                    if (!k)
                        return fail(p, line, "syntax error: invalid UTF-8 byte");
                    j += (size_t)k;
                } else {
                    j++;
                }
            }
            Tok *t = push(p, T_NAME, line);
            if (!t || !(t->s = kr_arena_strdup(p->arena, text + i, j - i)))
                return fail(p, line, "out of memory");
            i = j;
            continue;
        }
        if (is_digit(c) || (c == '.' && i + 1 < len && is_digit((unsigned char)text[i + 1]))) {
            char buf[128];
            size_t j = i, b = 0;
            int is_int = 1, hex = c == '0' && i + 1 < len && (text[i + 1] | 32) == 'x';
            if (hex) {
                j += 2;
                buf[b++] = '0', buf[b++] = 'x';
            }
            while (j < len && b < sizeof buf - 1) {
                char d = text[j];
                if (d == '_') { j++; continue; }
                if (is_digit((unsigned char)d) || (hex && (d | 32) >= 'a' && (d | 32) <= 'f')) {
                    buf[b++] = d, j++;
                } else if (!hex && (d == '.' )) {
                    is_int = 0, buf[b++] = d, j++;
                } else if (!hex && (d | 32) == 'e') {
                    is_int = 0, buf[b++] = d, j++;
                    if (j < len && (text[j] == '+' || text[j] == '-') && b < sizeof buf - 1)
                        buf[b++] = text[j++];
                } else {
                    break;
                }
            }
            buf[b] = '\0';
            if (j < len && ((text[j] | 32) == 'j' || is_id_start((unsigned char)text[j])))
                return fail(p, line, "syntax error: invalid number");
            char *end;
            double v = hex ? (double)strtoull(buf, &end, 16) : strtod(buf, &end);
            if (*end)
                return fail(p, line, "syntax error: invalid number '%s'", buf);
            Tok *t = push(p, T_NUM, line);
            if (!t)
                return fail(p, line, "out of memory");
            t->num = v;
            t->is_int = is_int;
            i = j;
            continue;
        }
        /* operators */
        const char *op = NULL;
        size_t ol = 0;
        for (size_t k = 0; !op && k < sizeof ops3 / sizeof ops3[0]; k++)
            if (i + 3 <= len && memcmp(text + i, ops3[k], 3) == 0)
                op = ops3[k], ol = 3;
        for (size_t k = 0; !op && k < sizeof ops2 / sizeof ops2[0]; k++)
            if (i + 2 <= len && memcmp(text + i, ops2[k], 2) == 0)
                op = ops2[k], ol = 2;
        if (!op && c < 0x80 && strchr("+-*/%@()[]{},:.=;<>~&|^!", (char)c) && c)
            op = text + i, ol = 1;
        if (!op) {
            if (c >= 0x80)
                return fail(p, line, "syntax error: invalid character outside a string or comment");
            return fail(p, line, "syntax error: invalid character '%c'", c >= 32 && c < 127 ? c : '?');
        }
        if (ol == 1 && strchr("([{", *op)) {
            if (brackets >= MAX_DEPTH)
                return fail(p, line, "syntax error: brackets nested too deeply");
            open_line[brackets] = line;
            open_char[brackets++] = *op;
        }
        if (ol == 1 && strchr(")]}", *op)) {
            if (brackets == 0)
                return fail(p, line, "syntax error: unmatched '%c'", *op);
            char want = open_char[brackets - 1] == '(' ? ')' : open_char[brackets - 1] == '[' ? ']' : '}';
            if (*op != want)
                return fail(p, line, "syntax error: closing '%c' does not match '%c' of line %d",
                            *op, open_char[brackets - 1], open_line[brackets - 1]);
            brackets--;
        }
        Tok *t = push(p, T_OP, line);
        if (!t || !(t->s = kr_arena_strdup(p->arena, op, ol)))
            return fail(p, line, "out of memory");
        i += ol;
    }
    if (brackets)
        return fail(p, open_line[brackets - 1], "syntax error: '%c' was never closed",
                    open_char[brackets - 1]);
    if (!expr_only && p->n > 0 && p->toks[p->n - 1].kind != T_NEWLINE && !push(p, T_NEWLINE, line))
        return fail(p, line, "out of memory");
    if (!push(p, T_EOF, line))
        return fail(p, line, "out of memory");
    return 0;
}

/* ---- parser ---------------------------------------------------------------- */

static Tok *peek(P *p) { return &p->toks[p->pos]; }
static int is_op(P *p, const char *op) { Tok *t = peek(p); return t->kind == T_OP && strcmp(t->s, op) == 0; }
static int accept(P *p, const char *op)
{
    if (is_op(p, op)) {
        p->pos++;
        return 1;
    }
    return 0;
}

static const char *tok_desc(Tok *t)
{
    switch (t->kind) {
    case T_NAME: return t->s;
    case T_OP: return t->s;
    case T_NUM: return "a number";
    case T_STR: return "a string";
    case T_DEF: return "a function";
    case T_NEWLINE: return "the end of the line";
    default: return "the end of the file";
    }
}

static int expect(P *p, const char *op)
{
    if (accept(p, op))
        return 0;
    return fail(p, peek(p)->line, "syntax error: expected '%s' before %s%s%s", op,
                peek(p)->kind == T_OP || peek(p)->kind == T_NAME ? "'" : "", tok_desc(peek(p)),
                peek(p)->kind == T_OP || peek(p)->kind == T_NAME ? "'" : "");
}

static kr_Node *node(P *p, kr_NodeKind kind, int line)
{
    kr_Node *n = kr_arena_alloc(p->arena, sizeof *n);
    if (!n) {
        fail(p, line, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->line = line;
    return n;
}

/* A growing array of nodes in the arena (copied on growth; small lists). */
static int add_item(P *p, kr_Node *n, kr_Node *item, char *name, int *cap)
{
    if (n->n == *cap) {
        int c = *cap ? *cap * 2 : 4;
        kr_Node **items = kr_arena_alloc(p->arena, (size_t)c * sizeof *items);
        char **names = kr_arena_alloc(p->arena, (size_t)c * sizeof *names);
        if (!items || !names)
            return fail(p, n->line, "out of memory");
        if (n->n) {
            memcpy(items, n->items, (size_t)n->n * sizeof *items);
            memcpy(names, n->names, (size_t)n->n * sizeof *names);
        }
        n->items = items, n->names = names, *cap = c;
    }
    n->items[n->n] = item;
    n->names[n->n++] = name;
    return 0;
}

static const char *const keywords[] = {
    "def", "class", "for", "while", "if", "elif", "else", "try", "except", "finally", "with",
    "return", "lambda", "del", "global", "nonlocal", "assert", "raise", "yield", "async",
    "await", "is", "in", "not", "and", "or", "break", "continue", "match"};

static int is_keyword(const char *s)
{
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strcmp(s, keywords[k]) == 0)
            return 1;
    return 0;
}

static int refuse_keyword(P *p, Tok *t)
{
    const char *what = t->s;
    if (!strcmp(what, "def") || !strcmp(what, "class") || !strcmp(what, "lambda"))
        return fail(p, t->line, "'%s' is not supported (nnviz runs straight-line Keras programs: "
                                "no functions or classes)", what);
    if (!strcmp(what, "for") || !strcmp(what, "while") || !strcmp(what, "if") ||
        !strcmp(what, "elif") || !strcmp(what, "else") || !strcmp(what, "try") ||
        !strcmp(what, "except") || !strcmp(what, "finally") || !strcmp(what, "with") ||
        !strcmp(what, "match") || !strcmp(what, "break") || !strcmp(what, "continue"))
        return fail(p, t->line, "'%s' is not supported (nnviz runs straight-line Keras programs: "
                                "no loops or conditions)", what);
    return fail(p, t->line, "'%s' is not supported (outside the Keras subset nnviz runs)", what);
}

static kr_Node *expr(P *p);
static kr_Node *expr_list(P *p, int line); /* a, b -> tuple; a -> a */

static kr_Node *fstring(P *p, Tok *t);

static kr_Node *atom(P *p)
{
    Tok *t = peek(p);
    kr_Node *n;
    if (t->kind == T_NUM) {
        p->pos++;
        if (!(n = node(p, KN_NUM, t->line)))
            return NULL;
        n->num = t->num, n->is_int = t->is_int;
        return n;
    }
    if (t->kind == T_STR) {
        /* adjacent strings join; any f part makes the whole an f-string */
        int any_f = 0, count = 0;
        for (int k = p->pos; p->toks[k].kind == T_STR; k++)
            any_f |= p->toks[k].fstr, count++;
        if (!any_f) {
            size_t total = 0;
            for (int k = 0; k < count; k++)
                total += p->toks[p->pos + k].len;
            if (!(n = node(p, KN_STR, t->line)) || !(n->str = kr_arena_alloc(p->arena, total + 1)))
                return NULL;
            for (int k = 0; k < count; k++) {
                memcpy(n->str + n->len, p->toks[p->pos + k].s, p->toks[p->pos + k].len);
                n->len += p->toks[p->pos + k].len;
            }
            p->pos += count;
            return n;
        }
        if (!(n = node(p, KN_FSTR, t->line)))
            return NULL;
        int cap = 0;
        for (int k = 0; k < count; k++) {
            Tok *s = &p->toks[p->pos + k];
            kr_Node *part = s->fstr ? fstring(p, s) : node(p, KN_STR, s->line);
            if (!part)
                return NULL;
            if (!s->fstr) {
                part->str = s->s, part->len = s->len;
                if (add_item(p, n, part, NULL, &cap))
                    return NULL;
            } else {
                for (int j = 0; j < part->n; j++)
                    if (add_item(p, n, part->items[j], NULL, &cap))
                        return NULL;
            }
        }
        p->pos += count;
        return n;
    }
    if (t->kind == T_NAME) {
        if (is_keyword(t->s)) {
            refuse_keyword(p, t);
            return NULL;
        }
        p->pos++;
        int c = !strcmp(t->s, "True") ? 'T' : !strcmp(t->s, "False") ? 'F'
              : !strcmp(t->s, "None") ? 'N' : 0;
        if (c) {
            if (!(n = node(p, KN_CONST, t->line)))
                return NULL;
            n->op = c;
            return n;
        }
        if (!(n = node(p, KN_NAME, t->line)))
            return NULL;
        n->str = t->s;
        return n;
    }
    if (t->kind == T_OP && !strcmp(t->s, "...")) {
        p->pos++;
        if ((n = node(p, KN_CONST, t->line)))
            n->op = 'E';
        return n;
    }
    if (t->kind == T_OP && (!strcmp(t->s, "(") || !strcmp(t->s, "["))) {
        int paren = t->s[0] == '(';
        const char *close = paren ? ")" : "]";
        p->pos++;
        if (!(n = node(p, paren ? KN_TUPLE : KN_LIST, t->line)))
            return NULL;
        int cap = 0, trailing_comma = 0;
        while (!is_op(p, close)) {
            kr_Node *item = expr(p);
            if (!item)
                return NULL;
            if (peek(p)->kind == T_NAME && !strcmp(peek(p)->s, "for")) {
                fail(p, peek(p)->line, "comprehensions are not supported (nnviz runs "
                                       "straight-line Keras programs)");
                return NULL;
            }
            if (add_item(p, n, item, NULL, &cap))
                return NULL;
            trailing_comma = accept(p, ",");
            if (!trailing_comma)
                break;
        }
        if (expect(p, close))
            return NULL;
        if (paren && n->n == 1 && !trailing_comma)
            return n->items[0]; /* (x) is x */
        return n;
    }
    if (t->kind == T_OP && !strcmp(t->s, "{")) {
        fail(p, t->line, "dictionaries and sets are not supported (outside the Keras subset "
                         "nnviz runs)");
        return NULL;
    }
    if (t->kind == T_NEWLINE || t->kind == T_EOF)
        fail(p, t->line, "syntax error: unexpected end of line");
    else
        fail(p, t->line, "syntax error: unexpected '%s'", tok_desc(t));
    return NULL;
}

static kr_Node *subscript_item(P *p)
{
    int line = peek(p)->line;
    kr_Node *lo = NULL, *hi = NULL, *step = NULL;
    if (!is_op(p, ":") && !(lo = expr(p)))
        return NULL;
    if (!accept(p, ":"))
        return lo;
    if (!is_op(p, ":") && !is_op(p, ",") && !is_op(p, "]") && !(hi = expr(p)))
        return NULL;
    if (accept(p, ":") && !is_op(p, ",") && !is_op(p, "]") && !(step = expr(p)))
        return NULL;
    kr_Node *s = node(p, KN_SLICE, line);
    if (s)
        s->a = lo, s->b = hi, s->c = step;
    return s;
}

static kr_Node *trailers(P *p, kr_Node *n)
{
    for (;;) {
        Tok *t = peek(p);
        if (accept(p, ".")) {
            Tok *name = peek(p);
            if (name->kind != T_NAME) {
                fail(p, name->line, "syntax error: expected a name after '.'");
                return NULL;
            }
            p->pos++;
            kr_Node *a = node(p, KN_ATTR, t->line);
            if (!a)
                return NULL;
            a->a = n, a->str = name->s;
            n = a;
        } else if (accept(p, "(")) {
            kr_Node *c = node(p, KN_CALL, t->line);
            if (!c)
                return NULL;
            c->a = n;
            int cap = 0, kw_seen = 0;
            while (!is_op(p, ")")) {
                if (is_op(p, "*") || is_op(p, "**")) {
                    fail(p, peek(p)->line, "*args and **kwargs are not supported (outside the "
                                           "Keras subset nnviz runs)");
                    return NULL;
                }
                char *kw = NULL;
                if (peek(p)->kind == T_NAME && p->toks[p->pos + 1].kind == T_OP &&
                    !strcmp(p->toks[p->pos + 1].s, "=")) {
                    kw = peek(p)->s;
                    p->pos += 2;
                    kw_seen = 1;
                } else if (kw_seen) {
                    fail(p, peek(p)->line, "syntax error: positional argument follows keyword "
                                           "argument");
                    return NULL;
                }
                kr_Node *arg = expr(p);
                if (!arg || add_item(p, c, arg, kw, &cap))
                    return NULL;
                if (peek(p)->kind == T_NAME && !strcmp(peek(p)->s, "for")) {
                    fail(p, peek(p)->line, "generator expressions are not supported (nnviz runs "
                                           "straight-line Keras programs)");
                    return NULL;
                }
                if (!accept(p, ","))
                    break;
            }
            if (expect(p, ")"))
                return NULL;
            n = c;
        } else if (accept(p, "[")) {
            kr_Node *ix = node(p, KN_INDEX, t->line);
            if (!ix)
                return NULL;
            ix->a = n;
            kr_Node *first = subscript_item(p);
            if (!first)
                return NULL;
            if (is_op(p, ",")) {
                kr_Node *tup = node(p, KN_TUPLE, t->line);
                int cap = 0;
                if (!tup || add_item(p, tup, first, NULL, &cap))
                    return NULL;
                while (accept(p, ",") && !is_op(p, "]")) {
                    kr_Node *s = subscript_item(p);
                    if (!s || add_item(p, tup, s, NULL, &cap))
                        return NULL;
                }
                first = tup;
            }
            if (expect(p, "]"))
                return NULL;
            ix->b = first;
            n = ix;
        } else {
            return n;
        }
    }
}

static kr_Node *unary(P *p);

static kr_Node *power(P *p)
{
    kr_Node *n = atom(p);
    if (!n || !(n = trailers(p, n)))
        return NULL;
    int line = peek(p)->line;
    if (accept(p, "**")) {
        kr_Node *r = unary(p);
        kr_Node *b = r ? node(p, KN_BINOP, line) : NULL;
        if (!b)
            return NULL;
        b->op = 'P', b->a = n, b->b = r;
        return b;
    }
    return n;
}

static kr_Node *unary(P *p)
{
    Tok *t = peek(p);
    if (is_op(p, "-") || is_op(p, "+")) {
        p->pos++;
        if (++p->depth > MAX_DEPTH) {
            fail(p, t->line, "syntax error: expression nested too deeply");
            return NULL;
        }
        kr_Node *a = unary(p);
        p->depth--;
        kr_Node *u = a ? node(p, KN_UNARY, t->line) : NULL;
        if (!u)
            return NULL;
        u->op = t->s[0], u->a = a;
        return u;
    }
    if (is_op(p, "~")) {
        fail(p, t->line, "the '~' operator is not supported (outside the Keras subset nnviz runs)");
        return NULL;
    }
    return power(p);
}

static kr_Node *binary(P *p, int level)
{
    /* level 0: comparisons, 1: + -, 2: * / // % @ */
    if (level == 3)
        return unary(p);
    kr_Node *n = binary(p, level + 1);
    while (n) {
        Tok *t = peek(p);
        if (t->kind != T_OP)
            break;
        int op = 0;
        const char *s = t->s;
        if (level == 0)
            op = !strcmp(s, "<") ? '<' : !strcmp(s, ">") ? '>' : !strcmp(s, "<=") ? 'L'
               : !strcmp(s, ">=") ? 'G' : !strcmp(s, "==") ? '=' : !strcmp(s, "!=") ? '!' : 0;
        else if (level == 1)
            op = !strcmp(s, "+") ? '+' : !strcmp(s, "-") ? '-' : 0;
        else
            op = !strcmp(s, "*") ? '*' : !strcmp(s, "/") ? '/' : !strcmp(s, "//") ? 'F'
               : !strcmp(s, "%") ? '%' : !strcmp(s, "@") ? '@' : 0;
        if (!op) {
            if (strchr("&|^", s[0]) && s[1] == '\0') {
                fail(p, t->line, "the '%s' operator is not supported (outside the Keras subset "
                                 "nnviz runs)", s);
                return NULL;
            }
            if (!strcmp(s, "<<") || !strcmp(s, ">>")) {
                fail(p, t->line, "the '%s' operator is not supported (outside the Keras subset "
                                 "nnviz runs)", s);
                return NULL;
            }
            break;
        }
        p->pos++;
        if (++p->depth > MAX_DEPTH) {
            fail(p, t->line, "syntax error: expression nested too deeply");
            return NULL;
        }
        kr_Node *r = binary(p, level + 1);
        p->depth--;
        kr_Node *b = r ? node(p, level == 0 ? KN_CMP : KN_BINOP, t->line) : NULL;
        if (!b)
            return NULL;
        b->op = op, b->a = n, b->b = r;
        n = b;
    }
    if (n && peek(p)->kind == T_NAME && is_keyword(peek(p)->s) && strcmp(peek(p)->s, "for")) {
        refuse_keyword(p, peek(p));
        return NULL;
    }
    return n;
}

static kr_Node *expr(P *p)
{
    if (++p->depth > MAX_DEPTH) {
        fail(p, peek(p)->line, "syntax error: expression nested too deeply");
        return NULL;
    }
    kr_Node *n = binary(p, 0);
    p->depth--;
    return n;
}

static kr_Node *expr_list(P *p, int line)
{
    kr_Node *first = expr(p);
    if (!first || !is_op(p, ","))
        return first;
    kr_Node *t = node(p, KN_TUPLE, line);
    int cap = 0;
    if (!t || add_item(p, t, first, NULL, &cap))
        return NULL;
    while (accept(p, ",")) {
        if (peek(p)->kind == T_NEWLINE || is_op(p, "=") || is_op(p, ";"))
            break;
        kr_Node *n = expr(p);
        if (!n || add_item(p, t, n, NULL, &cap))
            return NULL;
    }
    return t;
}

/* An f-string's raw text into literal parts and fields. */
static kr_Node *fstring(P *p, Tok *t)
{
    kr_Node *n = node(p, KN_FSTR, t->line);
    if (!n)
        return NULL;
    int cap = 0;
    const char *s = t->s;
    size_t len = t->len, i = 0;
    char *lit = kr_arena_alloc(p->arena, len + 1);
    size_t lit_n = 0;
    if (!lit)
        return NULL;
    while (i <= len) {
        if (i == len || (s[i] == '{' && !(i + 1 < len && s[i + 1] == '{'))) {
            if (lit_n) {
                kr_Node *part = node(p, KN_STR, t->line);
                if (!part || !(part->str = unescape(p, lit, lit_n, t->is_int, &part->len)) ||
                    add_item(p, n, part, NULL, &cap)) {
                    if (!p->failed)
                        fail(p, t->line, "syntax error: bad escape in f-string");
                    return NULL;
                }
                lit = kr_arena_alloc(p->arena, len + 1);
                lit_n = 0;
                if (!lit)
                    return NULL;
            }
            if (i == len)
                break;
            /* a field: expression up to a top-level '!', ':' or '}' */
            size_t j = i + 1;
            int depth = 0;
            char quote = 0;
            while (j < len) {
                char c = s[j];
                if (quote) {
                    if (c == quote) quote = 0;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (strchr("([{", c)) {
                    depth++;
                } else if (strchr(")]}", c) && depth > 0) {
                    depth--;
                } else if (depth == 0 && (c == '}' || c == ':' ||
                                          (c == '!' && j + 1 < len && s[j + 1] != '='))) {
                    break;
                }
                j++;
            }
            if (j >= len) {
                fail(p, t->line, "syntax error: f-string: expecting '}'");
                return NULL;
            }
            kr_Node *field = node(p, KN_FIELD, t->line);
            if (!field)
                return NULL;
            /* the expression, tokenized and parsed on its own */
            P sub = *p;
            sub.toks = NULL, sub.n = sub.cap = sub.pos = 0;
            if (tokenize(&sub, s + i + 1, j - (i + 1), t->line, 1) == 0) {
                if (sub.toks[0].kind == T_EOF)
                    fail(&sub, t->line, "syntax error: f-string: empty expression not allowed");
                else if ((field->a = expr_list(&sub, t->line)) && peek(&sub)->kind != T_EOF)
                    fail(&sub, t->line, "syntax error: f-string: unexpected '%s'",
                         tok_desc(peek(&sub)));
            }
            free(sub.toks);
            p->failed = sub.failed;
            if (p->failed)
                return NULL;
            if (s[j] == '!') {
                if (j + 1 >= len || !strchr("rsa", s[j + 1])) {
                    fail(p, t->line, "syntax error: f-string: invalid conversion character");
                    return NULL;
                }
                field->op = s[j + 1];
                j += 2;
            }
            size_t spec0 = j, spec1 = j;
            if (j < len && s[j] == ':') {
                spec0 = ++j;
                while (j < len && s[j] != '}') {
                    if (s[j] == '{') {
                        fail(p, t->line, "nested f-string fields are not supported (outside the "
                                         "Keras subset nnviz runs)");
                        return NULL;
                    }
                    j++;
                }
                spec1 = j;
            }
            if (j >= len || s[j] != '}') {
                fail(p, t->line, "syntax error: f-string: expecting '}'");
                return NULL;
            }
            if (!(field->str = kr_arena_strdup(p->arena, s + spec0, spec1 - spec0)) ||
                add_item(p, n, field, NULL, &cap))
                return NULL;
            i = j + 1;
            continue;
        }
        if (s[i] == '{' || s[i] == '}') {
            if (i + 1 < len && s[i + 1] == s[i]) {
                lit[lit_n++] = s[i];
                i += 2;
                continue;
            }
            fail(p, t->line, "syntax error: f-string: single '}' is not allowed");
            return NULL;
        }
        lit[lit_n++] = s[i++];
    }
    return n;
}

/* ---- statements ------------------------------------------------------------ */

static char *dotted_name(P *p)
{
    char buf[512];
    size_t n = 0;
    for (;;) {
        Tok *t = peek(p);
        if (t->kind != T_NAME || is_keyword(t->s)) {
            fail(p, t->line, "syntax error: expected a module name");
            return NULL;
        }
        size_t l = strlen(t->s);
        if (n + l + 2 >= sizeof buf) {
            fail(p, t->line, "syntax error: module name too long");
            return NULL;
        }
        memcpy(buf + n, t->s, l);
        n += l;
        p->pos++;
        if (!is_op(p, "."))
            break;
        p->pos++;
        buf[n++] = '.';
    }
    return kr_arena_strdup(p->arena, buf, n);
}

static char *plain_name(P *p)
{
    Tok *t = peek(p);
    if (t->kind != T_NAME || is_keyword(t->s)) {
        fail(p, t->line, "syntax error: expected a name");
        return NULL;
    }
    p->pos++;
    return t->s;
}

static int statement(P *p, kr_Stmt *st)
{
    Tok *t = peek(p);
    st->line = t->line;
    if (t->kind == T_DEF) {
        /* def NAME( */
        const char *s = t->s + 3;
        while (*s == ' ' || *s == '\t')
            s++;
        const char *e = s;
        while (is_id_start((unsigned char)*e) || is_digit((unsigned char)*e))
            e++;
        if (e == s || *e != '(')
            return fail(p, t->line, "syntax error: expected a function name after 'def'");
        p->pos++;
        st->kind = KS_DEF;
        st->module = kr_arena_strdup(p->arena, s, (size_t)(e - s));
        st->alias = t->s;
        return st->module ? 0 : fail(p, t->line, "out of memory");
    }
    if (t->kind == T_NAME && !strcmp(t->s, "pass")) {
        p->pos++;
        st->kind = KS_PASS;
        return 0;
    }
    if (t->kind == T_NAME && !strcmp(t->s, "import")) {
        p->pos++;
        st->kind = KS_IMPORT;
        if (!(st->module = dotted_name(p)))
            return -1;
        if (peek(p)->kind == T_NAME && !strcmp(peek(p)->s, "as")) {
            p->pos++;
            if (!(st->alias = plain_name(p)))
                return -1;
        }
        if (is_op(p, ","))
            return fail(p, t->line, "importing several modules on one line is not supported "
                                    "(one import per line)");
        return 0;
    }
    if (t->kind == T_NAME && !strcmp(t->s, "from")) {
        p->pos++;
        st->kind = KS_FROM;
        if (is_op(p, "."))
            return fail(p, t->line, "relative imports are not supported (outside the Keras "
                                    "subset nnviz runs)");
        if (!(st->module = dotted_name(p)))
            return -1;
        if (peek(p)->kind != T_NAME || strcmp(peek(p)->s, "import"))
            return fail(p, peek(p)->line, "syntax error: expected 'import'");
        p->pos++;
        if (accept(p, "*")) {
            st->n_names = -1; /* import * */
            return 0;
        }
        int paren = accept(p, "(");
        int cap = 0;
        for (;;) {
            char *name = plain_name(p), *alias = NULL;
            if (!name)
                return -1;
            if (peek(p)->kind == T_NAME && !strcmp(peek(p)->s, "as")) {
                p->pos++;
                if (!(alias = plain_name(p)))
                    return -1;
            }
            if (st->n_names == cap) {
                int c = cap ? cap * 2 : 4;
                char **nn = kr_arena_alloc(p->arena, (size_t)c * sizeof *nn);
                char **aa = kr_arena_alloc(p->arena, (size_t)c * sizeof *aa);
                if (!nn || !aa)
                    return fail(p, t->line, "out of memory");
                if (cap) {
                    memcpy(nn, st->names, (size_t)cap * sizeof *nn);
                    memcpy(aa, st->aliases, (size_t)cap * sizeof *aa);
                }
                st->names = nn, st->aliases = aa, cap = c;
            }
            st->names[st->n_names] = name;
            st->aliases[st->n_names++] = alias;
            if (!accept(p, ","))
                break;
            if (paren && is_op(p, ")"))
                break;
        }
        if (paren && expect(p, ")"))
            return -1;
        return 0;
    }
    if (t->kind == T_NAME && is_keyword(t->s))
        return refuse_keyword(p, t);
    kr_Node *first = expr_list(p, t->line);
    if (!first)
        return -1;
    if (is_op(p, "=")) {
        st->kind = KS_ASSIGN;
        kr_Node *chain[16];
        int n = 0;
        chain[n++] = first;
        while (accept(p, "=")) {
            if (n == 16)
                return fail(p, t->line, "syntax error: too many '=' in one statement");
            if (!(chain[n++] = expr_list(p, t->line)))
                return -1;
        }
        st->value = chain[n - 1];
        st->n_targets = n - 1;
        st->targets = kr_arena_alloc(p->arena, (size_t)(n - 1) * sizeof *st->targets);
        if (!st->targets)
            return fail(p, t->line, "out of memory");
        for (int k = 0; k < n - 1; k++) {
            kr_Node *tg = chain[k];
            int ok = tg->kind == KN_NAME || tg->kind == KN_ATTR || tg->kind == KN_INDEX;
            if (tg->kind == KN_TUPLE || tg->kind == KN_LIST) {
                ok = 1;
                for (int j = 0; j < tg->n; j++) {
                    kr_Node *e = tg->items[j];
                    int inner = e->kind == KN_TUPLE || e->kind == KN_LIST;
                    for (int i2 = 0; inner && i2 < e->n; i2++)
                        inner = e->items[i2]->kind == KN_NAME;
                    ok &= e->kind == KN_NAME || inner;
                }
            }
            if (!ok)
                return fail(p, tg->line, "syntax error: cannot assign to this expression");
            st->targets[k] = tg;
        }
        return 0;
    }
    Tok *o = peek(p);
    if (o->kind == T_OP && strlen(o->s) >= 2 && o->s[strlen(o->s) - 1] == '=' &&
        strchr("+-*/%@", o->s[0]) && strcmp(o->s, "==")) {
        p->pos++;
        if (first->kind != KN_NAME)
            return fail(p, o->line, "syntax error: augmented assignment needs a plain name");
        st->kind = KS_AUG;
        st->op = !strcmp(o->s, "//=") ? 'F' : !strcmp(o->s, "**=") ? 'P' : o->s[0];
        st->targets = kr_arena_alloc(p->arena, sizeof *st->targets);
        if (!st->targets || !(st->value = expr_list(p, t->line)))
            return -1;
        st->targets[0] = first;
        st->n_targets = 1;
        return 0;
    }
    if (o->kind == T_OP && (!strcmp(o->s, ":") || !strcmp(o->s, ":=")))
        return fail(p, o->line, "'%s' is not supported (outside the Keras subset nnviz runs)", o->s);
    st->kind = KS_EXPR;
    st->value = first;
    return 0;
}

int kr_parse(kr_Program *out, const char *file, const char *text, size_t len, char *err,
             size_t err_len)
{
    P p;
    memset(&p, 0, sizeof p);
    const char *base = strrchr(file, '/');
    p.file = base ? base + 1 : file;
    p.err = err, p.err_len = err_len;
    if (len > MAX_TEXT) {
        snprintf(err, err_len, "%s: too large for a Keras program (more than 16 MiB)", p.file);
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte order mark */
        text += 3, len -= 3;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\0') {
            int line = 1;
            for (size_t k = 0; k < i; k++)
                line += text[k] == '\n';
            snprintf(err, err_len, "%s:%d: syntax error: a NUL byte in the program", p.file, line);
            return -1;
        }
    /* strings and comments may hold any UTF-8, but only UTF-8 */
    for (size_t i = 0, line = 1; i < len;) {
        int k = utf8_len((const unsigned char *)text + i, len - i);
        if (!k) {
            snprintf(err, err_len, "%s:%zu: syntax error: the text is not UTF-8", p.file, line);
            return -1;
        }
        line += text[i] == '\n';
        i += (size_t)k;
    }
    if (!(p.arena = kr_arena_create())) {
        snprintf(err, err_len, "%s: out of memory", p.file);
        return -1;
    }
    kr_Stmt *stmts = NULL;
    int n = 0, cap = 0;
    if (tokenize(&p, text, len, 1, 0) != 0)
        goto fail;
    while (peek(&p)->kind != T_EOF) {
        if (peek(&p)->kind == T_NEWLINE || is_op(&p, ";")) {
            p.pos++;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            kr_Stmt *s = kr_arena_alloc(p.arena, (size_t)cap * sizeof *s);
            if (!s) {
                fail(&p, peek(&p)->line, "out of memory");
                goto fail;
            }
            if (n)
                memcpy(s, stmts, (size_t)n * sizeof *s);
            stmts = s;
        }
        memset(&stmts[n], 0, sizeof stmts[n]);
        if (statement(&p, &stmts[n]) != 0)
            goto fail;
        n++;
        if (peek(&p)->kind != T_NEWLINE && !is_op(&p, ";") && peek(&p)->kind != T_EOF) {
            Tok *t = peek(&p);
            if (t->kind == T_NAME && is_keyword(t->s))
                refuse_keyword(&p, t);
            else
                fail(&p, t->line, "syntax error: unexpected %s%s%s after the statement",
                     t->kind == T_OP || t->kind == T_NAME ? "'" : "", tok_desc(t),
                     t->kind == T_OP || t->kind == T_NAME ? "'" : "");
            goto fail;
        }
    }
    free(p.toks);
    memset(out, 0, sizeof *out);
    out->stmts = stmts;
    out->n_stmts = n;
    out->arena = p.arena;
    snprintf(out->file, sizeof out->file, "%s", p.file);
    return 0;
fail:
    if (!p.failed)
        snprintf(err, err_len, "%s: syntax error", p.file);
    free(p.toks);
    kr_arena_destroy(p.arena);
    return -1;
}

void kr_program_free(kr_Program *p)
{
    if (p) {
        kr_arena_destroy(p->arena);
        memset(p, 0, sizeof *p);
    }
}
