/* lesson_check.c - a lesson step's checks: the small grammar of lesson_check.h
 * read into terms once when the file is loaded, and evaluated later through
 * the caller's metric function, so this file knows nothing of the app. */
#include "lesson/lesson_check.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layers, units and runs are small; a larger index is a typo. */
#define LESSON_INDEX_MAX 100000

static const struct {
    const char *name;
    int n_index;              /* 0, or numbers after the name (weight 3, bias 2) */
    int needs_layer;          /* needs "layer N" after it */
} metrics[LESSON_M_COUNT] = {
    [LESSON_M_NUMBER] = {"number", 0, 0},
    [LESSON_M_LOSS] = {"loss", 0, 0},
    [LESSON_M_TEST_LOSS] = {"test_loss", 0, 0},
    [LESSON_M_ACCURACY] = {"accuracy", 0, 0},
    [LESSON_M_TEST_ACCURACY] = {"test_accuracy", 0, 0},
    [LESSON_M_EPOCH] = {"epoch", 0, 0},
    [LESSON_M_STEP] = {"step", 0, 0},
    [LESSON_M_LEARNING_RATE] = {"learning_rate", 0, 0},
    [LESSON_M_GRADIENT_NORM] = {"gradient_norm", 0, 1},
    [LESSON_M_DEAD_FRACTION] = {"dead_fraction", 0, 1},
    [LESSON_M_SATURATED_FRACTION] = {"saturated_fraction", 0, 1},
    [LESSON_M_WEIGHT] = {"weight", 3, 0},
    [LESSON_M_BIAS] = {"bias", 2, 0},
};

/* The list an "unknown metric" message offers. */
#define METRIC_LIST                                                                           \
    "loss, test_loss, accuracy, test_accuracy, epoch, step, learning_rate, gradient_norm, "   \
    "dead_fraction, saturated_fraction, weight L I J, bias L I"

const char *lesson_metric_name(lesson_Metric m)
{
    if ((unsigned)m >= LESSON_M_COUNT)
        return "unknown";
    return metrics[m].name;
}

/* ---- tokens ------------------------------------------------------------- */

typedef enum { T_END = 0, T_NUM, T_WORD, T_OP, T_CMP, T_BAD } TokKind;

typedef struct {
    TokKind kind;
    double num;
    char text[40];            /* a word or operator as written (cut) */
} Tok;

typedef struct {
    const char *s;
    int after_term;           /* the previous token ended a term: '-' is then an operator */
    Tok tok;                  /* the current token */
    char *err;
    size_t err_len;
} Lexer;

static void next(Lexer *lx)
{
    const char *s = lx->s;
    while (*s == ' ' || *s == '\t')
        s++;
    Tok *t = &lx->tok;
    memset(t, 0, sizeof *t);
    if (!*s) {
        t->kind = T_END;
    } else if (*s == '<' || *s == '>') {
        t->kind = T_CMP;
        t->text[0] = *s++;
        if (*s == '=')
            t->text[1] = *s++;
    } else if (*s == '*' || *s == '+' || (*s == '-' && lx->after_term)) {
        t->kind = T_OP;
        t->text[0] = *s++;
    } else if (isdigit((unsigned char)*s) || *s == '.' || *s == '-') {
        char *end;
        t->num = strtod(s, &end);
        size_t n = (size_t)(end - s);
        snprintf(t->text, sizeof t->text, "%.*s", (int)(n ? n : 1), s);
        if (n == 0 || !isfinite(t->num)) {
            t->kind = T_BAD;
            n = n ? n : 1;
        } else {
            t->kind = T_NUM;
        }
        s += n;
    } else if (isalpha((unsigned char)*s) || *s == '_') {
        size_t n = 0;
        while (isalnum((unsigned char)s[n]) || s[n] == '_')
            n++;
        snprintf(t->text, sizeof t->text, "%.*s", (int)(n < sizeof t->text ? n : sizeof t->text - 1), s);
        t->kind = T_WORD;
        s += n;
    } else {
        /* one character, or one UTF-8 sequence, for the message; a control
         * character by its code, so the message stays one printable line */
        size_t n = 1;
        while (((unsigned char)s[n] & 0xC0) == 0x80 && n < 4)
            n++;
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            snprintf(t->text, sizeof t->text, "\\x%02X", (unsigned char)*s);
        else
            snprintf(t->text, sizeof t->text, "%.*s", (int)n, s);
        t->kind = T_BAD;
        s += n;
    }
    lx->after_term = t->kind == T_NUM || t->kind == T_WORD;
    lx->s = s;
}

static int bad(Lexer *lx, const char *fmt, const char *arg)
{
    snprintf(lx->err, lx->err_len, fmt, arg);
    return -1;
}

/* A whole number 0..LESSON_INDEX_MAX for `what` ("layer", "run", ...). */
static int index_arg(Lexer *lx, const char *what, int *out)
{
    next(lx);
    Tok *t = &lx->tok;
    if (t->kind != T_NUM || t->num != floor(t->num) || t->num < 0 || t->num > LESSON_INDEX_MAX) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s needs a whole number from 0%s%%s%s", what,
                 t->kind == T_END ? "" : ", not '", t->kind == T_END ? "" : "'");
        return bad(lx, msg, t->kind == T_END ? "" : t->text);
    }
    *out = (int)t->num;
    return 0;
}

/* ---- the grammar -------------------------------------------------------- */

/* term := NUMBER | [run R] METRIC [layer N] | [run R] layer N. The current
 * token is the term's first; on return it is the token after the term.
 * first_metric: the check's first metric term so far (NULL: none yet), which
 * "layer N" alone refers to. */
static int parse_term(Lexer *lx, lesson_Term *t, const lesson_Term *first_metric)
{
    memset(t, 0, sizeof *t);
    t->layer = t->i = t->j = -1;
    Tok *k = &lx->tok;
    if (k->kind == T_NUM) {
        t->metric = LESSON_M_NUMBER;
        t->value = k->num;
        next(lx);
        return 0;
    }
    if (k->kind == T_END)
        return bad(lx, "a number or a metric is missing at the end%s", "");
    if (k->kind != T_WORD)
        return bad(lx, "'%s' is not a number or a metric", k->text);
    int has_run = 0;
    if (!strcmp(k->text, "run")) {
        if (index_arg(lx, "run", &t->run) != 0)
            return -1;
        has_run = 1;
        next(lx);
        if (k->kind != T_WORD)
            return bad(lx, "a metric should follow 'run R'%s", "");
    }
    if (!strcmp(k->text, "layer")) {
        /* the shorthand: the first metric of the check at another layer */
        if (!first_metric || !metrics[first_metric->metric].needs_layer)
            return bad(lx, "'layer N' alone needs a per-layer metric before it (gradient_norm, "
                           "dead_fraction, saturated_fraction)%s", "");
        int run = t->run;
        *t = *first_metric;
        if (has_run)
            t->run = run;
        if (index_arg(lx, "layer", &t->layer) != 0)
            return -1;
        next(lx);
        return 0;
    }
    int m = -1;
    for (int i = 1; i < LESSON_M_COUNT; i++)
        if (!strcmp(k->text, metrics[i].name))
            m = i;
    if (m < 0)
        return bad(lx, "unknown metric '%s' (" METRIC_LIST ")", k->text);
    t->metric = (lesson_Metric)m;
    if (m == LESSON_M_WEIGHT || m == LESSON_M_BIAS) {
        const char *what = m == LESSON_M_WEIGHT ? "weight L I J: " : "bias L I: ";
        char name[48];
        snprintf(name, sizeof name, "%sL", what);
        if (index_arg(lx, name, &t->layer) != 0)
            return -1;
        snprintf(name, sizeof name, "%sI", what);
        if (index_arg(lx, name, &t->i) != 0)
            return -1;
        if (m == LESSON_M_WEIGHT) {
            snprintf(name, sizeof name, "%sJ", what);
            if (index_arg(lx, name, &t->j) != 0)
                return -1;
        }
    }
    next(lx);
    if (k->kind == T_WORD && !strcmp(k->text, "layer")) {
        if (!metrics[m].needs_layer)
            return bad(lx, "%s takes no 'layer N'", metrics[m].name);
        if (index_arg(lx, "layer", &t->layer) != 0)
            return -1;
        next(lx);
    } else if (metrics[m].needs_layer) {
        return bad(lx, "%s needs 'layer N' after it (the dense layer, from 0)", metrics[m].name);
    }
    return 0;
}

/* side := term [op term] */
static int parse_side(Lexer *lx, lesson_Side *side, const lesson_Term *first_metric)
{
    memset(side, 0, sizeof *side);
    if (parse_term(lx, &side->a, first_metric) != 0)
        return -1;
    if (!first_metric && side->a.metric != LESSON_M_NUMBER)
        first_metric = &side->a;
    if (lx->tok.kind != T_OP)
        return 0;
    side->op = lx->tok.text[0];
    next(lx);
    return parse_term(lx, &side->b, first_metric);
}

static const lesson_Term *first_metric_of(const lesson_Side *s)
{
    if (s->a.metric != LESSON_M_NUMBER)
        return &s->a;
    if (s->op && s->b.metric != LESSON_M_NUMBER)
        return &s->b;
    return NULL;
}

int lesson_check_parse(const char *text, lesson_Check *out, char *err, size_t err_len)
{
    lesson_Check c;
    memset(&c, 0, sizeof c);
    size_t n = strlen(text);
    if (n >= sizeof c.text) {
        snprintf(err, err_len, "the check is longer than %d bytes", (int)sizeof c.text - 1);
        return -1;
    }
    memcpy(c.text, text, n + 1);
    Lexer lx = {.s = text, .err = err, .err_len = err_len};
    next(&lx);
    if (lx.tok.kind == T_END) {
        snprintf(err, err_len, "the check is empty (e.g. 'test_accuracy >= 0.9')");
        return -1;
    }
    if (parse_side(&lx, &c.lhs, NULL) != 0)
        return -1;
    if (lx.tok.kind != T_CMP) {
        if (lx.tok.kind == T_END)
            snprintf(err, err_len, "a comparison (<, <=, >, >=) is missing");
        else
            snprintf(err, err_len, "'%s' where a comparison (<, <=, >, >=) should be",
                     lx.tok.text);
        return -1;
    }
    memcpy(c.cmp, lx.tok.text, 3);
    c.cmp[2] = '\0';
    next(&lx);
    if (parse_side(&lx, &c.rhs, first_metric_of(&c.lhs)) != 0)
        return -1;
    if (lx.tok.kind != T_END) {
        snprintf(err, err_len, "'%s' after the end of the check%s", lx.tok.text,
                 lx.tok.kind == T_CMP ? " (one comparison per check)" : "");
        return -1;
    }
    if (!first_metric_of(&c.lhs) && !first_metric_of(&c.rhs)) {
        snprintf(err, err_len, "the check compares numbers only; name a metric ("
                 METRIC_LIST ")");
        return -1;
    }
    *out = c;
    return 0;
}

/* ---- evaluation --------------------------------------------------------- */

static int term_value(const lesson_Term *t, lesson_MetricFn fn, void *ctx, double *v, char *err,
                      size_t err_len)
{
    if (t->metric == LESSON_M_NUMBER) {
        *v = t->value;
        return 0;
    }
    if ((unsigned)t->metric >= LESSON_M_COUNT) {
        snprintf(err, err_len, "unknown metric %d", (int)t->metric);
        return -1;
    }
    if (!fn) {
        snprintf(err, err_len, "%s: nothing to measure it on", metrics[t->metric].name);
        return -1;
    }
    return fn(ctx, t, v, err, err_len) == 0 ? 0 : -1;
}

static int side_value(const lesson_Side *s, lesson_MetricFn fn, void *ctx, double *v, char *err,
                      size_t err_len)
{
    double a, b;
    if (term_value(&s->a, fn, ctx, &a, err, err_len) != 0)
        return -1;
    if (!s->op) {
        *v = a;
        return 0;
    }
    if (term_value(&s->b, fn, ctx, &b, err, err_len) != 0)
        return -1;
    switch (s->op) {
    case '*': *v = a * b; return 0;
    case '+': *v = a + b; return 0;
    case '-': *v = a - b; return 0;
    default:
        snprintf(err, err_len, "unknown operator '%c'", s->op);
        return -1;
    }
}

int lesson_check_eval(const lesson_Check *c, lesson_MetricFn fn, void *ctx, double *lhs,
                      double *rhs, char *err, size_t err_len)
{
    double l = NAN, r = NAN;
    int ok = side_value(&c->lhs, fn, ctx, &l, err, err_len) == 0 &&
             side_value(&c->rhs, fn, ctx, &r, err, err_len) == 0;
    if (lhs)
        *lhs = l;
    if (rhs)
        *rhs = r;
    if (!ok)
        return -1;
    /* a NaN (a diverged loss) satisfies no comparison: the check does not hold */
    if (!strcmp(c->cmp, "<"))
        return l < r;
    if (!strcmp(c->cmp, "<="))
        return l <= r;
    if (!strcmp(c->cmp, ">"))
        return l > r;
    if (!strcmp(c->cmp, ">="))
        return l >= r;
    snprintf(err, err_len, "unknown comparison '%s'", c->cmp);
    return -1;
}
