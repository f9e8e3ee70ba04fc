/* command.c - the command queue, and the commands' one-line text form. */
#include "core/command.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * t = the text (the rest of the line). */
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
    [APP_CMD_SET_OPTIMIZER] = {"SET_OPTIMIZER", "i"},
    [APP_CMD_SET_SCHEDULE] = {"SET_SCHEDULE", "i"},
    [APP_CMD_SET_LOSS] = {"SET_LOSS", "i"},
    [APP_CMD_SET_REGULARIZATION] = {"SET_REGULARIZATION", "i"},
    [APP_CMD_SET_REG_RATE] = {"SET_REG_RATE", "f"},
    [APP_CMD_SET_INITIALIZER] = {"SET_INITIALIZER", "i"},
    [APP_CMD_SET_SEED] = {"SET_SEED", "u"},
    [APP_CMD_SET_BATCH_SIZE] = {"SET_BATCH_SIZE", "i"},
    [APP_CMD_SET_DATASET] = {"SET_DATASET", "i"},
    [APP_CMD_SET_NOISE] = {"SET_NOISE", "f"},
    [APP_CMD_SET_TRAIN_RATIO] = {"SET_TRAIN_RATIO", "f"},
    [APP_CMD_REGENERATE] = {"REGENERATE", ""},
    [APP_CMD_TOGGLE_FEATURE] = {"TOGGLE_FEATURE", "i"},
    [APP_CMD_ADD_LAYER] = {"ADD_LAYER", ""},
    [APP_CMD_REMOVE_LAYER] = {"REMOVE_LAYER", ""},
    [APP_CMD_SET_UNITS] = {"SET_UNITS", "ii"},
    [APP_CMD_SET_ACTIVATION] = {"SET_ACTIVATION", "ii"},
    [APP_CMD_SET_PARAM] = {"SET_PARAM", "iiif"},
    [APP_CMD_ADD_POINT] = {"ADD_POINT", "fgi"},
    [APP_CMD_REMOVE_POINT] = {"REMOVE_POINT", "fg"},
    [APP_CMD_OPEN] = {"OPEN", "t"},
    [APP_CMD_SCREENSHOT] = {"SCREENSHOT", "t"},
    [APP_CMD_EXPORT_HISTORY] = {"EXPORT_HISTORY", "t"},
    [APP_CMD_EXPORT_MODEL] = {"EXPORT_MODEL", "t"},
    [APP_CMD_SELECT_RUN] = {"SELECT_RUN", "i"},
    [APP_CMD_INSPECT] = {"INSPECT", "iii"},
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

static const char *arg_kind(char k)
{
    return k == 'i' ? "a whole number" : k == 'u' ? "a count from 0" : "a number";
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
        if (bad) {
            snprintf(err, err_len, "%s: argument %d should be %s%s%s%s", name, n_arg + 1,
                     arg_kind(*a), w[0] ? ", not '" : "", w[0] ? w : "", w[0] ? "'" : "");
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
        else if (*a == 'f')
            n += (size_t)snprintf(out + n, len - n, " %.17g", c->f);
        else if (*a == 'g')
            n += (size_t)snprintf(out + n, len - n, " %.17g", c->f2);
        else if (*a == 't' && c->text[0])
            n += (size_t)snprintf(out + n, len - n, " %s", c->text);
    }
}
