/* command.c - the command queue, and the commands' one-line text form. */
#include "core/command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exercise.h"
#include "core/lesson_view.h"
#include "engine/dataset.h"
#include "engine/loss.h"
#include "engine/model.h"
#include "engine/optimizer.h"

/* ======================================================================== */
/* builders and the queue                                                    */
/* ======================================================================== */

app_Command app_cmd(app_CmdKind kind)
{
    app_Command c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    return c;
}

app_Command app_cmd_i(app_CmdKind kind, int i0)
{
    app_Command c = app_cmd(kind);
    c.i[0] = i0;
    return c;
}

app_Command app_cmd_f(app_CmdKind kind, double f)
{
    app_Command c = app_cmd(kind);
    c.f = f;
    return c;
}

app_Command app_cmd_u(app_CmdKind kind, uint64_t u)
{
    app_Command c = app_cmd(kind);
    c.u = u;
    return c;
}

app_Command app_cmd_text(app_CmdKind kind, const char *text)
{
    app_Command c = app_cmd(kind);
    snprintf(c.text, sizeof c.text, "%s", text ? text : "");
    return c;
}

int app_queue_push(app_CmdQueue *q, const app_Command *c)
{
    if (q->count == APP_QUEUE_CAP) {
        q->dropped++;
        return -1;
    }
    q->q[(q->head + q->count) % APP_QUEUE_CAP] = *c;
    q->count++;
    return 0;
}

int app_queue_pop(app_CmdQueue *q, app_Command *c)
{
    if (q->count == 0)
        return 0;
    *c = q->q[q->head];
    q->head = (q->head + 1) % APP_QUEUE_CAP;
    q->count--;
    return 1;
}

/* ======================================================================== */
/* text form                                                                 */
/* ======================================================================== */

/* What each kind takes, in order: i = an int field, f = f, g = f2, u = u,
 * t = the text (the rest of the line). These letters are int fields too,
 * written as a name (a number is read as well): o optimizer, s schedule,
 * l loss, r regularization, n initializer, a activation, d Playground data
 * set, x input feature, k what an exercise asks (core/exercise.h). */
typedef struct {
    const char *name;
    const char *args;
} CmdInfo;

static const CmdInfo infos[APP_CMD_COUNT] = {
    [APP_CMD_PLAY] = {"PLAY", ""},
    [APP_CMD_PAUSE] = {"PAUSE", ""},
    [APP_CMD_TOGGLE_PLAY] = {"TOGGLE_PLAY", ""},
    [APP_CMD_SET_SPEED] = {"SET_SPEED", "i"},
    [APP_CMD_STEP_PHASE] = {"STEP_PHASE", ""},
    [APP_CMD_STEP_BATCH] = {"STEP_BATCH", ""},
    [APP_CMD_STEP_EPOCH] = {"STEP_EPOCH", ""},
    [APP_CMD_TRAIN] = {"TRAIN", "u"},
    [APP_CMD_RESET] = {"RESET", ""},
    [APP_CMD_GOTO_STEP] = {"GOTO_STEP", "u"},
    [APP_CMD_STEP_BACK] = {"STEP_BACK", ""},
    [APP_CMD_SET_LEARNING_RATE] = {"SET_LEARNING_RATE", "f"},
    [APP_CMD_SET_OPTIMIZER] = {"SET_OPTIMIZER", "o"},
    [APP_CMD_SET_SCHEDULE] = {"SET_SCHEDULE", "s"},
    [APP_CMD_SET_LOSS] = {"SET_LOSS", "l"},
    [APP_CMD_SET_REGULARIZATION] = {"SET_REGULARIZATION", "r"},
    [APP_CMD_SET_REG_RATE] = {"SET_REG_RATE", "f"},
    [APP_CMD_SET_INITIALIZER] = {"SET_INITIALIZER", "n"},
    [APP_CMD_SET_SEED] = {"SET_SEED", "u"},
    [APP_CMD_SET_BATCH_SIZE] = {"SET_BATCH_SIZE", "i"},
    [APP_CMD_SET_DATASET] = {"SET_DATASET", "d"},
    [APP_CMD_SET_NOISE] = {"SET_NOISE", "f"},
    [APP_CMD_SET_TRAIN_RATIO] = {"SET_TRAIN_RATIO", "f"},
    [APP_CMD_REGENERATE] = {"REGENERATE", ""},
    [APP_CMD_TOGGLE_FEATURE] = {"TOGGLE_FEATURE", "x"},
    [APP_CMD_ADD_LAYER] = {"ADD_LAYER", ""},
    [APP_CMD_REMOVE_LAYER] = {"REMOVE_LAYER", ""},
    [APP_CMD_SET_UNITS] = {"SET_UNITS", "ii"},
    [APP_CMD_SET_ACTIVATION] = {"SET_ACTIVATION", "ia"},
    [APP_CMD_SET_PARAM] = {"SET_PARAM", "iiif"},
    [APP_CMD_ADD_POINT] = {"ADD_POINT", "fgi"},
    [APP_CMD_REMOVE_POINT] = {"REMOVE_POINT", "fg"},
    [APP_CMD_OPEN] = {"OPEN", "t"},
    [APP_CMD_SCREENSHOT] = {"SCREENSHOT", "t"},
    [APP_CMD_EXPORT_HISTORY] = {"EXPORT_HISTORY", "t"},
    [APP_CMD_EXPORT_MODEL] = {"EXPORT_MODEL", "t"},
    [APP_CMD_SELECT_RUN] = {"SELECT_RUN", "i"},
    [APP_CMD_INSPECT] = {"INSPECT", "iii"},
    [APP_CMD_COMPARE] = {"COMPARE", "t"},
    [APP_CMD_SELECT_BRANCH] = {"SELECT_BRANCH", "i"},
    [APP_CMD_STEP_PHASE_BACK] = {"STEP_PHASE_BACK", ""},
    [APP_CMD_STEP_EPOCH_BACK] = {"STEP_EPOCH_BACK", ""},
    [APP_CMD_SELECT_ROW] = {"SELECT_ROW", "i"},
    [APP_CMD_GRADCHECK] = {"GRADCHECK", "iii"},
    [APP_CMD_SET_SLOWMO] = {"SET_SLOWMO", "i"},
    [APP_CMD_EXERCISE] = {"EXERCISE", "kiiu"},
    [APP_CMD_RUN_UNTIL] = {"RUN_UNTIL", "t"},
    [APP_CMD_HIGHLIGHT] = {"HIGHLIGHT", "t"},
    [APP_CMD_HIDE_CONTROLS] = {"HIDE_CONTROLS", "t"},
    [APP_CMD_SHOW_CONTROLS] = {"SHOW_CONTROLS", "t"},
    [APP_CMD_VIEW] = {"VIEW", "t"},
};

const char *app_cmd_name(app_CmdKind kind)
{
    return (unsigned)kind < APP_CMD_COUNT ? infos[kind].name : NULL;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* One whitespace-separated word of s into w; returns what follows it. */
static const char *word(const char *s, char *w, size_t len)
{
    s = skip_space(s);
    size_t n = 0;
    while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
        if (n + 1 < len)
            w[n++] = *s;
        s++;
    }
    w[n] = '\0';
    return s;
}

static int parse_int(const char *w, int *v)
{
    char *end;
    errno = 0;
    long x = strtol(w, &end, 10);
    if (end == w || *end || errno || x < -1000000000L || x > 1000000000L)
        return -1;
    *v = (int)x;
    return 0;
}

static int parse_u64(const char *w, uint64_t *v)
{
    char *end;
    errno = 0;
    if (w[0] == '-')
        return -1;
    unsigned long long x = strtoull(w, &end, 10);
    if (end == w || *end || errno)
        return -1;
    *v = (uint64_t)x;
    return 0;
}

static int parse_real(const char *w, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(w, &end);
    if (end == w || *end || errno == ERANGE || x != x)
        return -1;
    *v = x;
    return 0;
}

/* ---- names for the enum arguments ---- */

static const char *enum_name(char k, int v)
{
    switch (k) {
    case 'o': return (unsigned)v < NN_OPT_COUNT ? nn_opt_name((nn_OptKind)v) : NULL;
    case 's': return (unsigned)v < NN_SCHED_COUNT ? nn_sched_name((nn_SchedKind)v) : NULL;
    case 'l': return (unsigned)v < NN_LOSS_COUNT ? nn_loss_name((nn_Loss)v) : NULL;
    case 'r': return (unsigned)v < NN_REG_COUNT ? nn_reg_name((nn_Reg)v) : NULL;
    case 'n': return (unsigned)v < NN_INIT_COUNT ? nn_init_name((nn_Init)v) : NULL;
    case 'a': return (unsigned)v < NN_ACT_COUNT ? nn_act_name((nn_Act)v) : NULL;
    case 'd': return (unsigned)v < NN_PG_COUNT ? nn_playground_name((nn_PlaygroundSet)v) : NULL;
    case 'x': return (unsigned)v < NN_FEAT_COUNT ? nn_feature_name(v) : NULL;
    case 'k': return app_exercise_name((app_ExKind)v);
    default: return NULL;
    }
}

static int enum_value(char k, const char *w, int *v)
{
    int ok = 0;
    switch (k) {
    case 'o': { nn_OptKind x; if (nn_opt_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 's': { nn_SchedKind x; if (nn_sched_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'l': { nn_Loss x; if (nn_loss_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'r': { nn_Reg x; if (nn_reg_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'n': { nn_Init x; if (nn_init_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'a': { nn_Act x; if (nn_act_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'd': { nn_PlaygroundSet x; if (nn_playground_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'k': { app_ExKind x; if (app_exercise_from_name(w, &x) == 0) { *v = (int)x; ok = 1; } break; }
    case 'x':
        for (int b = 0; b < NN_FEAT_COUNT && !ok; b++)
            if (strcmp(w, nn_feature_name(b)) == 0) {
                *v = b;
                ok = 1;
            }
        break;
    default: break;
    }
    return ok ? 0 : parse_int(w, v);
}

static const char *arg_kind(char k)
{
    switch (k) {
    case 'i': return "a whole number";
    case 'u': return "a count from 0";
    case 'f': case 'g': return "a number";
    case 'o': return "an optimizer (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)";
    case 's': return "a learning-rate schedule";
    case 'l': return "a loss";
    case 'r': return "a regularization (none, l1, l2)";
    case 'n': return "an initializer";
    case 'a': return "an activation";
    case 'd': return "a Playground data set";
    case 'k': return "what to compute (z, delta, grad, weight)";
    default: return "an input feature";
    }
}

int app_cmd_parse(const char *line, app_Command *c, char *err, size_t err_len)
{
    char name[64], w[128];
    const char *s = word(line, name, sizeof name);
    if (!name[0] || name[0] == '#')
        return 1;
    int kind = -1;
    for (int k = 0; k < APP_CMD_COUNT; k++)
        if (infos[k].name && strcmp(infos[k].name, name) == 0)
            kind = k;
    if (kind < 0) {
        snprintf(err, err_len, "unknown command '%s'", name);
        return -1;
    }
    app_Command r = app_cmd((app_CmdKind)kind);
    int n_int = 0, n_arg = 0;
    for (const char *a = infos[kind].args; *a; a++, n_arg++) {
        if (*a == 't') {
            s = skip_space(s);
            size_t n = strcspn(s, "\r\n");
            while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
            if (n >= sizeof r.text) {
                snprintf(err, err_len, "%s: the path is longer than %d bytes", name,
                         (int)sizeof r.text - 1);
                return -1;
            }
            memcpy(r.text, s, n);
            r.text[n] = '\0';
            s += n;
            continue;
        }
        s = word(s, w, sizeof w);
        int bad = !w[0];
        if (!bad && *a == 'i')
            bad = parse_int(w, &r.i[n_int++]) != 0;
        else if (!bad && *a == 'u')
            bad = parse_u64(w, &r.u) != 0;
        else if (!bad && *a == 'f')
            bad = parse_real(w, &r.f) != 0;
        else if (!bad && *a == 'g')
            bad = parse_real(w, &r.f2) != 0;
        else if (!bad)
            bad = enum_value(*a, w, &r.i[n_int++]) != 0;
        if (bad) {
            snprintf(err, err_len, "%s: argument %d should be %s%s%s%s", name, n_arg + 1,
                     arg_kind(*a), w[0] ? ", not '" : "", w[0] ? w : "", w[0] ? "'" : "");
            return -1;
        }
    }
    if (app_lesson_cmd_kind(kind)) {
        /* a lesson command's argument is read now, so a bad one is refused
         * when its file is read */
        app_LessonArg la;
        char why[256];
        if (app_lesson_arg_parse(kind, r.text, &la, why, sizeof why) != 0) {
            snprintf(err, err_len, "%s: %s", name, why);
            return -1;
        }
    }
    s = skip_space(s);
    if (*s && *s != '\r' && *s != '\n' && *s != '#') {
        snprintf(err, err_len, "%s takes %d argument%s; '%.40s' is one too many", name, n_arg,
                 n_arg == 1 ? "" : "s", s);
        return -1;
    }
    *c = r;
    return 0;
}

/* " v" with the fewest digits that read back as the same double. */
static size_t fmt_real(double v, char *out, size_t len)
{
    char b[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, v);
        if (strtod(b, NULL) == v)
            break;
    }
    return (size_t)snprintf(out, len, " %s", b);
}

void app_cmd_format(const app_Command *c, char *out, size_t len)
{
    const char *name = app_cmd_name(c->kind);
    if (!name) {
        snprintf(out, len, "?");
        return;
    }
    size_t n = (size_t)snprintf(out, len, "%s", name);
    int n_int = 0;
    for (const char *a = infos[c->kind].args; *a && n < len; a++) {
        if (*a == 'i')
            n += (size_t)snprintf(out + n, len - n, " %d", c->i[n_int++]);
        else if (*a == 'u')
            n += (size_t)snprintf(out + n, len - n, " %llu", (unsigned long long)c->u);
        else if (*a == 'f' || *a == 'g')
            n += fmt_real(*a == 'f' ? c->f : c->f2, out + n, len - n);
        else if (*a == 't' && c->text[0])
            n += (size_t)snprintf(out + n, len - n, " %s", c->text);
        else if (*a != 't') {
            int v = c->i[n_int++];
            const char *word_name = enum_name(*a, v);
            n += word_name ? (size_t)snprintf(out + n, len - n, " %s", word_name)
                           : (size_t)snprintf(out + n, len - n, " %d", v);
        }
    }
}
