/* lesson_view.c - the names lesson steps use for panels, controls, views
 * and RUN_UNTIL's targets, and the reading of the lesson commands'
 * arguments (lesson_view.h). */
#include "core/lesson_view.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/command.h"
#include "race/landscape_slice.h"
#include "race/race_config.h"
#include "race/race_surface.h"

static const char *const panel_names[APP_PANEL_COUNT] = {
    "network", "output", "loss_chart", "data", "features", "inspector",
    "top_bar", "code", "health", "compare", "race", "landscape",
};

static const char *const control_names[APP_CTL_COUNT] = {
    "play", "step", "reset", "learning_rate", "optimizer", "activation",
    "loss", "regularization", "reg_rate", "batch_size", "dataset", "noise",
    "train_ratio", "layers", "units", "seed", "speed",
};

static const char *const view_names[APP_VIEW_COUNT] = {
    "main", "health", "race", "landscape", "gallery",
};

static const char *const until_names[] = {
    [APP_UNTIL_NONE] = "none",
    [APP_UNTIL_EPOCH] = "epoch",
    [APP_UNTIL_STEP] = "step",
    [APP_UNTIL_LOSS] = "loss",
    [APP_UNTIL_TEST_LOSS] = "test_loss",
    [APP_UNTIL_ACCURACY] = "accuracy",
    [APP_UNTIL_TEST_ACCURACY] = "test_accuracy",
};
#define N_UNTIL ((int)(sizeof until_names / sizeof until_names[0]))

static int find(const char *const *names, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    return -1;
}

const char *app_panel_name(app_PanelId p)
{
    return (unsigned)p < APP_PANEL_COUNT ? panel_names[p] : NULL;
}

const char *app_control_name(app_ControlId k)
{
    return (unsigned)k < APP_CTL_COUNT ? control_names[k] : NULL;
}

const char *app_view_name(app_ViewId v)
{
    return (unsigned)v < APP_VIEW_COUNT ? view_names[v] : NULL;
}

const char *app_until_name(app_UntilKind k)
{
    return (unsigned)k < (unsigned)N_UNTIL ? until_names[k] : NULL;
}

int app_panel_parse(const char *name) { return find(panel_names, APP_PANEL_COUNT, name); }
int app_control_parse(const char *name) { return find(control_names, APP_CTL_COUNT, name); }
int app_view_parse(const char *name) { return find(view_names, APP_VIEW_COUNT, name); }

int app_until_parse(const char *name)
{
    int k = find(until_names, N_UNTIL, name);
    return k > 0 ? k : -1; /* "none" is not a target */
}

int app_lesson_cmd_kind(int kind)
{
    return kind == APP_CMD_RUN_UNTIL || kind == APP_CMD_HIGHLIGHT ||
           kind == APP_CMD_HIDE_CONTROLS || kind == APP_CMD_SHOW_CONTROLS || kind == APP_CMD_VIEW;
}

/* ======================================================================== */
/* reading the arguments                                                     */
/* ======================================================================== */

#define MAX_WORDS 12

/* The text cut into at most MAX_WORDS whitespace-separated words (a '#'
 * ends it, as a comment does a command line). Returns the count, or -1 when
 * there are more words or one is too long. */
static int split(const char *text, char w[MAX_WORDS][128])
{
    int n = 0;
    const char *s = text;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#' || *s == '\r' || *s == '\n')
            return n;
        if (n == MAX_WORDS)
            return -1;
        size_t k = 0;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
            if (k + 1 >= sizeof w[0])
                return -1;
            w[n][k++] = *s++;
        }
        w[n][k] = '\0';
        n++;
    }
}

static int read_int(const char *w, long lo, long hi, int *v)
{
    char *end;
    errno = 0;
    long x = strtol(w, &end, 10);
    if (end == w || *end || errno || x < lo || x > hi)
        return -1;
    *v = (int)x;
    return 0;
}

static int read_real(const char *w, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(w, &end);
    if (end == w || *end || errno == ERANGE || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

static int parse_until(char w[MAX_WORDS][128], int n, app_LessonArg *a, char *err, size_t len)
{
    if (n < 2 || n > 3) {
        snprintf(err, len, "wants KIND VALUE [MAX_EPOCHS] (KIND: epoch, step, loss, test_loss, "
                           "accuracy, test_accuracy)");
        return -1;
    }
    int k = app_until_parse(w[0]);
    if (k < 0) {
        snprintf(err, len, "unknown target '%s' (epoch, step, loss, test_loss, accuracy, "
                           "test_accuracy)", w[0]);
        return -1;
    }
    a->until = (app_UntilKind)k;
    if (k == APP_UNTIL_EPOCH || k == APP_UNTIL_STEP) {
        int v;
        if (read_int(w[1], 0, 1000000000L, &v) != 0) {
            snprintf(err, len, "%s wants a count from 0, not '%s'", w[0], w[1]);
            return -1;
        }
        a->target = v;
    } else {
        double v;
        int acc = k == APP_UNTIL_ACCURACY || k == APP_UNTIL_TEST_ACCURACY;
        if (read_real(w[1], &v) != 0 || v < 0 || (acc && v > 1)) {
            snprintf(err, len, "%s wants a number %s, not '%s'", w[0], acc ? "from 0 to 1" : "from 0",
                     w[1]);
            return -1;
        }
        a->target = v;
    }
    a->max_epochs = 1000;
    if (n == 3) {
        int m;
        if (read_int(w[2], 1, 1000000000L, &m) != 0) {
            snprintf(err, len, "the most epochs to run should be a whole number from 1, not '%s'",
                     w[2]);
            return -1;
        }
        a->max_epochs = m;
    }
    return 0;
}

static int parse_highlight(char w[MAX_WORDS][128], int n, app_LessonArg *a, char *err, size_t len)
{
    static const char usage[] = "wants neuron L U, edge L I J, panel NAME, control NAME or none";
    if (n == 0) {
        snprintf(err, len, "%s", usage);
        return -1;
    }
    int *dst[3] = {&a->layer, &a->i, &a->j};
    int want = 0;
    if (strcmp(w[0], "none") == 0) {
        a->hl = APP_HL_NONE;
    } else if (strcmp(w[0], "neuron") == 0) {
        a->hl = APP_HL_NEURON;
        want = 2;
    } else if (strcmp(w[0], "edge") == 0) {
        a->hl = APP_HL_EDGE;
        want = 3;
    } else if (strcmp(w[0], "panel") == 0 || strcmp(w[0], "control") == 0) {
        int panel = w[0][0] == 'p';
        if (n != 2) {
            snprintf(err, len, "%s wants one name", w[0]);
            return -1;
        }
        int id = panel ? app_panel_parse(w[1]) : app_control_parse(w[1]);
        if (id < 0) {
            char names[400];
            size_t o = 0;
            int count = panel ? APP_PANEL_COUNT : APP_CTL_COUNT;
            for (int k = 0; k < count && o < sizeof names; k++)
                o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", k ? ", " : "",
                                      panel ? panel_names[k] : control_names[k]);
            snprintf(err, len, "unknown %s '%s' (%s)", w[0], w[1], names);
            return -1;
        }
        a->hl = panel ? APP_HL_PANEL : APP_HL_CONTROL;
        a->id = id;
        return 0;
    } else {
        snprintf(err, len, "unknown kind '%s': %s", w[0], usage);
        return -1;
    }
    if (n != want + 1) {
        snprintf(err, len, "%s %s", w[0], want == 2 ? "wants a layer and a unit (from 0)"
                                      : want == 3 ? "wants a layer and two units i and j (from 0)"
                                                  : "takes nothing more");
        return -1;
    }
    for (int k = 0; k < want; k++)
        if (read_int(w[k + 1], 0, 1000000L, dst[k]) != 0) {
            snprintf(err, len, "%s: '%s' should be a whole number from 0", w[0], w[k + 1]);
            return -1;
        }
    return 0;
}

static int parse_controls(char w[MAX_WORDS][128], int n, app_LessonArg *a, char *err, size_t len)
{
    if (n == 0) {
        snprintf(err, len, "wants control names separated by commas, or all");
        return -1;
    }
    a->mask = 0;
    for (int k = 0; k < n; k++) {
        /* the names between commas (strtok would keep hidden state) */
        for (const char *p = w[k]; *p;) {
            size_t span = strcspn(p, ",");
            char tok[128];
            snprintf(tok, sizeof tok, "%.*s", (int)span, p);
            p += span;
            if (*p == ',')
                p++;
            if (!tok[0])
                continue;
            if (strcmp(tok, "all") == 0) {
                a->mask |= (1u << APP_CTL_COUNT) - 1u;
                continue;
            }
            int id = app_control_parse(tok);
            if (id < 0) {
                snprintf(err, len, "unknown control '%s' (play, step, reset, learning_rate, "
                                   "optimizer, activation, loss, regularization, reg_rate, "
                                   "batch_size, dataset, noise, train_ratio, layers, units, seed, "
                                   "speed, or all)", tok);
                return -1;
            }
            a->mask |= 1u << id;
        }
    }
    if (!a->mask) {
        snprintf(err, len, "names no control");
        return -1;
    }
    return 0;
}

/* One race setting: surface=NAME, lr=X, start=X,Y, optimizers=a,b,c,
 * steps=N. The names are checked with the race's tables. */
static int race_setting(const char *key, const char *val, char *err, size_t len)
{
    char why[256];
    if (strcmp(key, "surface") == 0) {
        race_SurfKind s;
        if (race_surface_from_name(val, &s) != 0) {
            snprintf(err, len, "race: unknown surface '%s' (bowl, rosenbrock, beale, saddle, "
                               "himmelblau, cliff)", val);
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "lr") == 0) {
        double v;
        if (read_real(val, &v) != 0 || !(v > 0)) {
            snprintf(err, len, "race: lr should be a number above 0, not '%s'", val);
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "start") == 0) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", val);
        char *comma = strchr(buf, ',');
        double x, y;
        if (comma)
            *comma = '\0';
        if (!comma || read_real(buf, &x) != 0 || read_real(comma + 1, &y) != 0) {
            snprintf(err, len, "race: start should be X,Y, not '%s'", val);
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "optimizers") == 0) {
        race_Racers r;
        race_Overrides ov = race_overrides_none();
        if (race_racers_parse(&r, val, &ov, why, sizeof why) != NN_OK) {
            snprintf(err, len, "race: %s", why);
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "steps") == 0) {
        int v;
        if (read_int(val, 1, 100000, &v) != 0) {
            snprintf(err, len, "race: steps should be a whole number from 1 to 100000, not '%s'",
                     val);
            return -1;
        }
        return 0;
    }
    snprintf(err, len, "race: unknown setting '%s' (surface, lr, start, optimizers, steps)", key);
    return -1;
}

static int landscape_setting(const char *key, const char *val, char *err, size_t len)
{
    if (strcmp(key, "mode") != 0) {
        snprintf(err, len, "landscape: unknown setting '%s' (mode)", key);
        return -1;
    }
    if (strcmp(val, "weights") == 0) /* the first two kernel weights */
        return 0;
    race_SliceSpec sp;
    char why[256];
    if (race_slice_spec_parse(&sp, val, why, sizeof why) != NN_OK) {
        snprintf(err, len, "landscape: %s", why);
        return -1;
    }
    return 0;
}

static int parse_view(char w[MAX_WORDS][128], int n, app_LessonArg *a, char *err, size_t len)
{
    if (n == 0) {
        snprintf(err, len, "wants main, health, race [settings], landscape [settings] or gallery L");
        return -1;
    }
    int v = app_view_parse(w[0]);
    if (v < 0) {
        snprintf(err, len, "unknown view '%s' (main, health, race, landscape, gallery; the "
                           "comparison is COMPARE)", w[0]);
        return -1;
    }
    a->view = (app_ViewId)v;
    a->view_args[0] = '\0';
    if (v == APP_VIEW_MAIN || v == APP_VIEW_HEALTH) {
        if (n > 1) {
            snprintf(err, len, "%s takes no settings ('%s')", w[0], w[1]);
            return -1;
        }
        return 0;
    }
    if (v == APP_VIEW_GALLERY) {
        if (n != 2 || read_int(w[1], 0, 1000000L, &a->layer) != 0) {
            snprintf(err, len, "gallery wants one layer, a whole number from 0");
            return -1;
        }
        snprintf(a->view_args, sizeof a->view_args, "%s", w[1]);
        return 0;
    }
    size_t o = 0;
    for (int k = 1; k < n; k++) {
        char *eq = strchr(w[k], '=');
        if (!eq || eq == w[k] || !eq[1]) {
            snprintf(err, len, "%s: '%s' should be KEY=VALUE", w[0], w[k]);
            return -1;
        }
        *eq = '\0';
        int rc = v == APP_VIEW_RACE ? race_setting(w[k], eq + 1, err, len)
                                    : landscape_setting(w[k], eq + 1, err, len);
        if (rc != 0)
            return -1;
        if (o < sizeof a->view_args)
            o += (size_t)snprintf(a->view_args + o, sizeof a->view_args - o, "%s%s=%s",
                                  k > 1 ? " " : "", w[k], eq + 1);
    }
    if (o >= sizeof a->view_args) {
        snprintf(err, len, "%s: the settings are longer than %d bytes", w[0],
                 (int)sizeof a->view_args - 1);
        return -1;
    }
    return 0;
}

int app_lesson_arg_parse(int kind, const char *text, app_LessonArg *out, char *err,
                         size_t err_len)
{
    char w[MAX_WORDS][128];
    int n = split(text ? text : "", w);
    if (n < 0) {
        snprintf(err, err_len, "too many or too long words in '%.60s'", text);
        return -1;
    }
    app_LessonArg a;
    memset(&a, 0, sizeof a);
    int rc;
    switch (kind) {
    case APP_CMD_RUN_UNTIL: rc = parse_until(w, n, &a, err, err_len); break;
    case APP_CMD_HIGHLIGHT: rc = parse_highlight(w, n, &a, err, err_len); break;
    case APP_CMD_HIDE_CONTROLS:
    case APP_CMD_SHOW_CONTROLS: rc = parse_controls(w, n, &a, err, err_len); break;
    case APP_CMD_VIEW: rc = parse_view(w, n, &a, err, err_len); break;
    default:
        snprintf(err, err_len, "not a lesson command");
        return -1;
    }
    if (rc == 0)
        *out = a;
    return rc;
}

void app_lesson_view_describe(const app_LessonView *v, char *out, size_t len)
{
    size_t o = 0;
    const char *what = "none";
    char hl[64];
    switch (v->highlight.kind) {
    case APP_HL_NEURON:
        snprintf(hl, sizeof hl, "neuron %d %d", v->highlight.layer, v->highlight.i);
        what = hl;
        break;
    case APP_HL_EDGE:
        snprintf(hl, sizeof hl, "edge %d %d %d", v->highlight.layer, v->highlight.i,
                 v->highlight.j);
        what = hl;
        break;
    case APP_HL_PANEL:
    case APP_HL_CONTROL: {
        int panel = v->highlight.kind == APP_HL_PANEL;
        const char *name = panel ? app_panel_name((app_PanelId)v->highlight.id)
                                 : app_control_name((app_ControlId)v->highlight.id);
        snprintf(hl, sizeof hl, "%s %s", panel ? "panel" : "control", name ? name : "?");
        what = hl;
        break;
    }
    default: break;
    }
    const char *view = app_view_name(v->view);
    o += (size_t)snprintf(out + o, len - o, "highlight %s; view %s%s%s", what, view ? view : "?",
                          v->view_args[0] ? " " : "", v->view_args);
    if (v->hidden && o < len) {
        o += (size_t)snprintf(out + o, len - o, "; hidden ");
        int first = 1;
        for (int k = 0; k < APP_CTL_COUNT && o < len; k++)
            if (v->hidden & (1u << k)) {
                o += (size_t)snprintf(out + o, len - o, "%s%s", first ? "" : ",", control_names[k]);
                first = 0;
            }
    }
}
