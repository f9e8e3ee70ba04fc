/* lesson_show.c - a check's display text (lesson_show.h): the parsed check
 * written back term by term in the window's words and numbering, so the
 * band and the transcript cannot drift from each other or from the
 * window. */
#include "lesson/lesson_show.h"

#include <stdio.h>
#include <string.h>

#include "core/net_names.h"
#include "i18n/i18n.h"

#define TERM_MAX 240

static int per_layer(lesson_Metric m)
{
    return m == LESSON_M_GRADIENT_NORM || m == LESSON_M_DEAD_FRACTION ||
           m == LESSON_M_SATURATED_FRACTION;
}

/* The network of run r as the window names its units (plain numbers when
 * the core or the run is missing). */
static app_NetNames run_names(const app_Core *c, int r)
{
    if (!c || r < 0 || r >= c->n_runs || !c->runs[r] || !c->runs[r]->s)
        return (app_NetNames){NULL, 0, NULL};
    const nn_Session *s = c->runs[r]->s;
    return app_net_names(&s->spec, s->model, s->train);
}

/* A term without its run: "test accuracy", "gradient norm, layer 1", a
 * weight by name; short: a per-layer term that repeats the check's first
 * one at another layer ("layer 9"). */
static void term_text(const lesson_Term *t, const app_Core *c, int short_form, char *buf,
                      size_t len)
{
    static const i18n_Id plain[LESSON_M_COUNT] = {
        [LESSON_M_LOSS] = STR_CHECK_LOSS,
        [LESSON_M_TEST_LOSS] = STR_CHECK_TEST_LOSS,
        [LESSON_M_ACCURACY] = STR_CHECK_ACCURACY,
        [LESSON_M_TEST_ACCURACY] = STR_CHECK_TEST_ACCURACY,
        [LESSON_M_EPOCH] = STR_CHECK_EPOCH,
        [LESSON_M_STEP] = STR_CHECK_STEP,
        [LESSON_M_LEARNING_RATE] = STR_CHECK_LEARNING_RATE,
        [LESSON_M_GRADIENT_NORM] = STR_CHECK_GRADIENT_NORM,
        [LESSON_M_DEAD_FRACTION] = STR_CHECK_DEAD_FRACTION,
        [LESSON_M_SATURATED_FRACTION] = STR_CHECK_SATURATED_FRACTION,
    };
    if (t->metric == LESSON_M_NUMBER) {
        snprintf(buf, len, "%g", t->value);
    } else if (t->metric == LESSON_M_WEIGHT || t->metric == LESSON_M_BIAS) {
        app_NetNames n = run_names(c, t->run);
        char name[TERM_MAX - 40];
        int bias = t->metric == LESSON_M_BIAS;
        app_net_param_name(&n, t->layer, t->i, bias ? -1 : t->j, name, sizeof name);
        snprintf(buf, len, tr(bias ? STR_NET_EDIT_BIAS_OF : STR_NET_EDIT_WEIGHT_OF),
                 tr(bias ? STR_NET_BIAS : STR_NET_WEIGHT), name);
    } else if (per_layer(t->metric)) {
        snprintf(buf, len, tr(short_form ? STR_CHECK_LAYER : plain[t->metric]), t->layer + 1);
    } else if ((unsigned)t->metric < LESSON_M_COUNT) {
        snprintf(buf, len, "%s", tr(plain[t->metric]));
    } else {
        snprintf(buf, len, "?");
    }
}

/* A run's name as the comparison's legend shows it. */
static void run_name(const app_Core *c, int r, char *buf, size_t len)
{
    if (c && r >= 0 && r < c->n_runs && c->runs[r] && c->runs[r]->label[0])
        snprintf(buf, len, "%s", c->runs[r]->label);
    else
        snprintf(buf, len, tr(STR_RUN_LABEL), r + 1);
}

typedef struct {
    const app_Core *c;
    int name_runs;            /* more than one run shown (or one named that is not run 0) */
    const lesson_Term *first; /* the check's first per-layer term (NULL: none) */
} Show;

static void term_show(const Show *sh, const lesson_Term *t, char *buf, size_t len)
{
    int short_form = sh->first && t != sh->first && per_layer(t->metric) &&
                     t->metric == sh->first->metric && t->run == sh->first->run;
    char bare[TERM_MAX];
    term_text(t, sh->c, short_form, bare, sizeof bare);
    if (sh->name_runs && t->metric != LESSON_M_NUMBER && !short_form) {
        char run[80];
        run_name(sh->c, t->run, run, sizeof run);
        snprintf(buf, len, tr(STR_CHECK_OF_RUN), bare, run);
    } else {
        snprintf(buf, len, "%s", bare);
    }
}

static const char *op_text(char op)
{
    switch (op) {
    case '*': return " \xc3\x97 "; /* × */
    case '+': return " + ";
    case '-': return " - ";
    default: return " ? ";
    }
}

const char *lesson_cmp_show(const char *cmp)
{
    if (!strcmp(cmp, "<="))
        return "\xe2\x89\xa4"; /* ≤ */
    if (!strcmp(cmp, ">="))
        return "\xe2\x89\xa5"; /* ≥ */
    if (!strcmp(cmp, "<"))
        return "<";
    if (!strcmp(cmp, ">"))
        return ">";
    return "?";
}

/* Appends s to buf (used bytes *at of len), never past its end nor inside
 * a UTF-8 sequence; counts the whole in *need. */
static void put(char *buf, size_t len, size_t *at, size_t *need, const char *s)
{
    size_t n = strlen(s);
    *need += n;
    if (*at + 1 >= len)
        return;
    size_t room = len - 1 - *at;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf + *at, s, n);
    *at += n;
    buf[*at] = '\0';
    if (n < strlen(s))
        *at = len - 1; /* full: nothing more fits */
}

static void side_show(const Show *sh, const lesson_Side *s, char *buf, size_t len, size_t *at,
                      size_t *need)
{
    char t[TERM_MAX + 100];
    term_show(sh, &s->a, t, sizeof t);
    put(buf, len, at, need, t);
    if (!s->op)
        return;
    put(buf, len, at, need, op_text(s->op));
    term_show(sh, &s->b, t, sizeof t);
    put(buf, len, at, need, t);
}

static int names_other_run(const lesson_Side *s)
{
    return (s->a.metric != LESSON_M_NUMBER && s->a.run != 0) ||
           (s->op && s->b.metric != LESSON_M_NUMBER && s->b.run != 0);
}

static const lesson_Term *first_per_layer(const lesson_Check *ck)
{
    const lesson_Term *t[4] = {&ck->lhs.a, ck->lhs.op ? &ck->lhs.b : NULL, &ck->rhs.a,
                               ck->rhs.op ? &ck->rhs.b : NULL};
    for (int k = 0; k < 4; k++)
        if (t[k] && per_layer(t[k]->metric))
            return t[k];
    return NULL;
}

int lesson_check_show(const lesson_Check *ck, const app_Core *c, char *buf, size_t len)
{
    char scratch[1];
    if (!buf || len == 0) {
        buf = scratch;
        len = 1;
    }
    buf[0] = '\0';
    Show sh = {c, 0, first_per_layer(ck)};
    sh.name_runs = c ? c->n_runs > 1 : 0;
    if (names_other_run(&ck->lhs) || names_other_run(&ck->rhs))
        sh.name_runs = 1;
    size_t at = 0, need = 0;
    side_show(&sh, &ck->lhs, buf, len, &at, &need);
    put(buf, len, &at, &need, " ");
    put(buf, len, &at, &need, lesson_cmp_show(ck->cmp));
    put(buf, len, &at, &need, " ");
    side_show(&sh, &ck->rhs, buf, len, &at, &need);
    return (int)need;
}
