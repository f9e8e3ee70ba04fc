/* lesson_capture.c - "save this moment as a step" (lesson_capture.h).
 *
 * The focused run's timeline says how the run got here: its live branch,
 * the branch that one left, and so on, each with the settings it trained
 * with and the batch it forked at. Walking that chain back to the branch
 * the previous step ended on gives the segments to write: the settings'
 * changes at each fork as SET_* commands, then RUN_UNTIL step to the next
 * fork. Weights typed and points drawn by hand (c->edits) are written as
 * the SET_PARAM, ADD_POINT, REMOVE_POINT and CLEAR_POINTS they were, at
 * the batch and phase they were made at. When the chain does not reach
 * it (the network was rebuilt since: a layer added, a new seed), the step
 * rebuilds from the settings the chain starts with and trains from 0. */
#include "lesson/lesson_capture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model_io.h"

/* The step's text as it grows; a line that does not fit fails the capture. */
typedef struct {
    char *buf;
    size_t len, cap;
    int full;
} Out;

static void put(Out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->full = 1;
        o->buf[o->len] = '\0';
        return;
    }
    o->len += (size_t)n;
}

/* ======================================================================== */
/* settings as commands                                                      */
/* ======================================================================== */

/* The shortest text that reads back as the same float. */
static void fmt_float(char *out, size_t len, float v)
{
    for (int prec = 6; prec <= 9; prec++) {
        snprintf(out, len, "%.*g", prec, (double)v);
        if ((float)strtod(out, NULL) == v)
            return;
    }
}

static void fmt_double(char *out, size_t len, double v)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(out, len, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* The commands that rebuild the network or its data (the counters start
 * over), from a to b. -1 with err when b differs in a way no command gives. */
static int rebuild_diff(Out *o, const nn_Experiment *a, const nn_Experiment *b, int *rebuilt,
                        char *err, size_t err_len)
{
    char v[40];
    nn_Experiment x = *a; /* what the commands so far make of a */
    *rebuilt = 0;
    if (memcmp(&x.data, &b->data, sizeof x.data) != 0) {
        if (x.data.kind != NN_SRC_PLAYGROUND || b->data.kind != NN_SRC_PLAYGROUND ||
            x.data.samples != b->data.samples || b->data.seed < x.data.seed ||
            b->data.seed - x.data.seed > 20) {
            snprintf(err, err_len, "the data changed in a way no command gives (a file opened?)");
            return -1;
        }
        if (x.data.playground != b->data.playground) {
            put(o, "do = SET_DATASET %s\n", nn_playground_name(b->data.playground));
            x.data.playground = b->data.playground;
            x.out_act = b->out_act;
            x.loss = b->loss;
            x.n_out = b->n_out;
        }
        if (x.data.noise != b->data.noise) {
            fmt_double(v, sizeof v, b->data.noise);
            put(o, "do = SET_NOISE %s\n", v);
        }
        if (x.data.train_ratio != b->data.train_ratio) {
            fmt_double(v, sizeof v, b->data.train_ratio);
            put(o, "do = SET_TRAIN_RATIO %s\n", v);
        }
        for (int f = 0; f < NN_FEAT_COUNT; f++)
            if ((x.data.features ^ b->data.features) & (1u << f))
                put(o, "do = TOGGLE_FEATURE %s\n", nn_feature_name(f));
        for (uint64_t s = x.data.seed; s < b->data.seed; s++)
            put(o, "do = REGENERATE\n");
        *rebuilt = 1;
    }
    while (x.n_hidden < b->n_hidden) {
        put(o, "do = ADD_LAYER\n");
        int l = x.n_hidden;
        x.hidden[l] = l > 0 ? x.hidden[l - 1] : 4;
        x.hidden_act[l] = l > 0 ? x.hidden_act[l - 1] : NN_ACT_TANH;
        x.n_hidden++;
        *rebuilt = 1;
    }
    while (x.n_hidden > b->n_hidden) {
        put(o, "do = REMOVE_LAYER\n");
        x.n_hidden--;
        *rebuilt = 1;
    }
    for (int l = 0; l < b->n_hidden; l++) {
        if (x.hidden[l] != b->hidden[l]) {
            put(o, "do = SET_UNITS %d %d\n", l, b->hidden[l]);
            *rebuilt = 1;
        }
        if (x.hidden_act[l] != b->hidden_act[l]) {
            put(o, "do = SET_ACTIVATION %d %s\n", l, nn_act_name(b->hidden_act[l]));
            *rebuilt = 1;
        }
    }
    if (x.out_act != b->out_act) {
        put(o, "do = SET_ACTIVATION %d %s\n", b->n_hidden, nn_act_name(b->out_act));
        *rebuilt = 1;
    }
    if (x.loss != b->loss) {
        put(o, "do = SET_LOSS %s\n", nn_loss_name(b->loss));
        *rebuilt = 1;
    }
    if (x.init != b->init) {
        put(o, "do = SET_INITIALIZER %s\n", nn_init_name(b->init));
        *rebuilt = 1;
    }
    if (x.seed != b->seed) {
        put(o, "do = SET_SEED %llu\n", (unsigned long long)b->seed);
        *rebuilt = 1;
    }
    if (x.n_out != b->n_out && b->n_out != 0 && x.n_out != 0) {
        snprintf(err, err_len, "the output units changed in a way no command gives");
        return -1;
    }
    return 0;
}

/* The commands that change training without a rebuild, from a to b. */
static int train_diff(Out *o, const nn_Experiment *a, const nn_Experiment *b, char *err,
                      size_t err_len)
{
    char v[40];
    nn_OptConfig x = a->opt;
    if (x.kind != b->opt.kind) {
        put(o, "do = SET_OPTIMIZER %s\n", nn_opt_name(b->opt.kind));
        float lr = x.lr;
        nn_Schedule sc = x.schedule;
        nn_opt_config_default(&x, b->opt.kind);
        x.lr = lr;
        x.schedule = sc;
    }
    if (x.schedule.kind != b->opt.schedule.kind) {
        put(o, "do = SET_SCHEDULE %s\n", nn_sched_name(b->opt.schedule.kind));
        x.schedule.kind = b->opt.schedule.kind;
    }
    if (x.lr != b->opt.lr) {
        fmt_float(v, sizeof v, b->opt.lr);
        put(o, "do = SET_LEARNING_RATE %s\n", v);
        x.lr = b->opt.lr;
    }
    /* what SET_SCHEDULE fills in (decay steps, boundaries) is the core's;
     * the rest of the optimizer must be what the commands give */
    nn_OptConfig y = b->opt;
    x.schedule = y.schedule;
    if (memcmp(&x, &y, sizeof x) != 0) {
        snprintf(err, err_len, "the optimizer's settings changed in a way no command gives");
        return -1;
    }
    if (a->reg != b->reg)
        put(o, "do = SET_REGULARIZATION %s\n", nn_reg_name(b->reg));
    if (a->reg_rate != b->reg_rate &&
        !(a->reg == NN_REG_NONE && b->reg != NN_REG_NONE && a->reg_rate <= 0 &&
          b->reg_rate == 0.001f)) {
        fmt_float(v, sizeof v, b->reg_rate);
        put(o, "do = SET_REG_RATE %s\n", v);
    }
    if (a->batch_size != b->batch_size)
        put(o, "do = SET_BATCH_SIZE %d\n", b->batch_size);
    return 0;
}

/* ======================================================================== */
/* the position                                                              */
/* ======================================================================== */

typedef struct {
    const app_Branch *br;
    int64_t start, end;
} Seg;

static const app_Branch *branch_by_id(const app_Timeline *t, int id)
{
    for (int k = 0; k < t->n_br; k++)
        if (t->br[k].id == id)
            return &t->br[k];
    return NULL;
}

/* Where the commands written so far leave the focused run. */
typedef struct {
    int64_t step;
    int phase;
} Pos;

static int pos_cmp(Pos a, Pos b)
{
    if (a.step != b.step)
        return a.step < b.step ? -1 : 1;
    return a.phase < b.phase ? -1 : a.phase > b.phase;
}

/* The commands that take the run from *at to to: back with GOTO_STEP, the
 * rest of a batch with STEP_BATCH, on with RUN_UNTIL step, then phases. */
static void go_to(Out *o, Pos *at, Pos to, int bpe)
{
    if (pos_cmp(to, *at) < 0) {
        put(o, "do = GOTO_STEP %lld\n", (long long)to.step);
        at->step = to.step;
        at->phase = 0;
    }
    if (to.step > at->step && at->phase > 0) {
        put(o, "do = STEP_BATCH\n");
        at->step++;
        at->phase = 0;
    }
    if (to.step > at->step) {
        int64_t epochs = (to.step - at->step) / (bpe > 0 ? bpe : 1) + 2;
        if (epochs > 1000)
            put(o, "do = RUN_UNTIL step %lld %lld\n", (long long)to.step, (long long)epochs);
        else
            put(o, "do = RUN_UNTIL step %lld\n", (long long)to.step);
        at->step = to.step;
    }
    for (; at->phase < to.phase; at->phase++)
        put(o, "do = STEP_PHASE\n");
}

/* A hand edit as the command that made it; numbers written so that they
 * read back as the same double (the command's value), so the same float. */
static void put_edit(Out *o, const app_Edit *e)
{
    char x[40], y[40];
    fmt_double(x, sizeof x, e->f);
    fmt_double(y, sizeof y, e->f2);
    switch (e->kind) {
    case APP_CMD_SET_PARAM:
        put(o, "do = SET_PARAM %d %d %d %s\n", e->i[0], e->i[1], e->i[2], x);
        break;
    case APP_CMD_ADD_POINT: put(o, "do = ADD_POINT %s %s %d\n", x, y, e->i[0]); break;
    case APP_CMD_REMOVE_POINT: put(o, "do = REMOVE_POINT %s %s\n", x, y); break;
    default: put(o, "do = CLEAR_POINTS\n"); break;
    }
}

/* The hand edits since the mark that the step must repeat: those of this
 * network's generation made on a branch of the chain (in *edits, in the
 * order they were made), and the points drawn before the network was last
 * rebuilt (in *early: the data outlives a rebuild). A weight typed on a
 * branch the run has left is gone with it; a point drawn there is not, and
 * the commands cannot place it: refused. */
static int hand_edits(const app_Core *c, const lesson_Mark *from, const Seg *seg, int n,
                      const app_Edit **edits, int *n_edits, const app_Edit **early,
                      int *n_early, char *err, size_t err_len)
{
    const app_EditLog *log = &c->edits;
    *n_edits = *n_early = 0;
    for (int64_t q = from->edit_seq; q < log->total; q++) {
        const app_Edit *e = app_edit_log_at(log, q);
        if (!e) {
            snprintf(err, err_len, "more than %d weights or points were edited by hand since "
                                   "the previous step", APP_EDIT_LOG_CAP);
            return -1;
        }
        int data = e->kind != APP_CMD_SET_PARAM;
        if (e->gen != log->gen) {
            if (data)
                early[(*n_early)++] = e;
            continue;
        }
        int on_chain = 0;
        for (int k = 0; k < n; k++)
            on_chain |= seg[k].br->id == e->branch;
        if (on_chain)
            edits[(*n_edits)++] = e;
        else if (data) {
            snprintf(err, err_len, "points were drawn on a branch of the timeline the run has "
                                   "left since: draw them again where the run is now");
            return -1;
        }
    }
    return 0;
}

static int position(Out *o, app_Core *c, const lesson_Mark *from, int compared, char *err,
                    size_t err_len)
{
    const app_Run *r = app_core_focus(c);
    const app_Timeline *t = &r->timeline;
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    int bpe = nn_trainer_batches_per_epoch(r->s->trainer);
    app_edit_log_sync(&c->edits, c->runs[0]->s);
    int same_gen = from->edit_gen == c->edits.gen;
    Seg seg[APP_TL_MAX_BRANCHES];
    int n = 0, reached = 0;
    const app_Branch *b = &t->br[t->live];
    while (b && n < APP_TL_MAX_BRANCHES) {
        seg[n].br = b;
        seg[n].end = n == 0 ? cur.step : seg[n - 1].br->fork;
        seg[n].start = b->fork;
        n++;
        if (!compared && same_gen && b->id == from->branch) {
            reached = 1;
            break;
        }
        b = b->parent ? branch_by_id(t, b->parent) : NULL;
    }
    if (!reached && b) {
        snprintf(err, err_len, "the run's history is longer than its timeline keeps");
        return -1;
    }
    static const app_Edit *edits[APP_EDIT_LOG_CAP], *early[APP_EDIT_LOG_CAP];
    int n_edits = 0, n_early = 0;
    if (hand_edits(c, from, seg, n, edits, &n_edits, early, &n_early, err, err_len) != 0)
        return -1;
    if (n_early > 0 &&
        (reached || compared || memcmp(&from->spec.data, &seg[n - 1].br->spec.data,
                                       sizeof from->spec.data) != 0)) {
        snprintf(err, err_len, "points were drawn before the data set changed: draw them "
                               "after it");
        return -1;
    }
    /* points drawn before the rebuild, on the network of the previous step */
    for (int k = 0; k < n_early; k++)
        put_edit(o, early[k]);
    const nn_Experiment *prev = &from->spec;
    Pos at = {from->batches, from->phase};
    if (reached) {
        seg[n - 1].start = from->batches;
    } else if (!compared) {
        /* rebuilt since the previous step: from its settings to the first
         * segment's, then from step 0 */
        int rebuilt = 0;
        if (rebuild_diff(o, prev, &seg[n - 1].br->spec, &rebuilt, err, err_len) != 0 ||
            train_diff(o, prev, &seg[n - 1].br->spec, err, err_len) != 0)
            return -1;
        if (!rebuilt)
            put(o, "do = RESET\n");
        prev = &seg[n - 1].br->spec;
        at = (Pos){0, 0};
    } else {
        prev = &seg[n - 1].br->spec;
        at = (Pos){0, 0};
    }
    int next = 0; /* the next hand edit to write */
    for (int k = n - 1; k >= 0; k--) {
        const nn_Experiment *s = &seg[k].br->spec;
        int rebuilt = 0;
        if (rebuild_diff(o, prev, s, &rebuilt, err, err_len) != 0)
            return -1;
        if (rebuilt) {
            snprintf(err, err_len, "the network was rebuilt while it trained");
            return -1;
        }
        size_t before = o->len;
        if (train_diff(o, prev, s, err, err_len) != 0)
            return -1;
        int by_hand = 0;
        for (int q = 0; q < n_edits; q++)
            by_hand |= edits[q]->branch == seg[k].br->id;
        if (k < n - 1 && o->len == before && !by_hand) {
            snprintf(err, err_len, "at batch %lld the weights or the data were changed in a "
                                   "way no command gives",
                     (long long)seg[k].start);
            return -1;
        }
        /* the hand edits up to this segment's end (one made inside a batch
         * belongs to the branch starting at the next boundary) */
        Pos end = k == 0 ? (Pos){cur.step, cur.phase} : (Pos){seg[k].end, 0};
        for (; next < n_edits; next++) {
            Pos p = {edits[next]->step, edits[next]->phase};
            if (pos_cmp(p, end) > 0)
                break;
            if (pos_cmp(p, at) < 0) {
                snprintf(err, err_len, "the run went back past a weight or point edited by "
                                       "hand at batch %lld",
                         (long long)p.step);
                return -1;
            }
            go_to(o, &at, p, bpe);
            put_edit(o, edits[next]);
        }
        go_to(o, &at, end, bpe);
        prev = s;
    }
    if (next < n_edits) {
        snprintf(err, err_len, "a weight or point was edited by hand where the run no longer is");
        return -1;
    }
    return 0;
}

/* ======================================================================== */
/* what the class looks at                                                   */
/* ======================================================================== */

static void looks(Out *o, app_Core *c, const lesson_Mark *from)
{
    char line[512];
    const app_LessonView *v = &c->lesson_view, *f = &from->view;
    if (c->focus != 0)
        put(o, "do = SELECT_RUN %d\n", c->focus);
    int layer = c->inspect.active ? c->inspect.layer : -1;
    int unit = c->inspect.active ? c->inspect.unit : -1;
    if (layer != from->inspect_layer || unit != from->inspect_unit ||
        (layer >= 0 && c->inspect.row != from->row))
        put(o, "do = INSPECT %d %d %d\n", layer, layer >= 0 ? unit : 0, c->inspect.row);
    else if (c->inspect.row != from->row)
        put(o, "do = SELECT_ROW %d\n", c->inspect.row);
    if (memcmp(&v->highlight, &f->highlight, sizeof v->highlight) != 0) {
        app_LessonView only = *v;
        only.view = APP_VIEW_MAIN;
        only.view_args[0] = '\0';
        only.hidden = 0;
        app_lesson_view_describe(&only, line, sizeof line);
        /* "highlight X; view main" */
        char *semi = strchr(line, ';');
        if (semi)
            *semi = '\0';
        put(o, "do = HIGHLIGHT %s\n", line + strlen("highlight "));
    }
    if (v->hidden != f->hidden) {
        uint32_t show = f->hidden & ~v->hidden, hide = v->hidden & ~f->hidden;
        for (int pass = 0; pass < 2; pass++) {
            uint32_t m = pass ? hide : show;
            if (!m)
                continue;
            put(o, "do = %s ", pass ? "HIDE_CONTROLS" : "SHOW_CONTROLS");
            int first = 1;
            for (int k = 0; k < APP_CTL_COUNT; k++)
                if (m & (1u << k)) {
                    put(o, "%s%s", first ? "" : ",", app_control_name((app_ControlId)k));
                    first = 0;
                }
            put(o, "\n");
        }
    }
    if (v->view != f->view || strcmp(v->view_args, f->view_args) != 0)
        put(o, "do = VIEW %s%s%s\n", app_view_name(v->view), v->view_args[0] ? " " : "",
            v->view_args);
}

int lesson_capture_step_text(app_Core *c, const lesson_Mark *from, const char *from_compare,
                             const char *compare_now, char *out, size_t out_len, char *err,
                             size_t err_len)
{
    Out o = {out, 0, out_len, 0};
    out[0] = '\0';
    put(&o, "[step]\ntext = %s\ntext.zh = %s\n", LESSON_CAPTURE_TEXT, LESSON_CAPTURE_TEXT_ZH);
    int compared = strcmp(from_compare, compare_now) != 0;
    if (compared)
        put(&o, "do = COMPARE %s\n", compare_now);
    else if (c->n_runs != from->n_runs) {
        snprintf(err, err_len, "the runs compared changed outside the lesson: open the "
                               "comparison with a step's COMPARE");
        return -1;
    }
    if (position(&o, c, from, compared, err, err_len) != 0)
        return -1;
    looks(&o, c, from);
    if (o.full) {
        snprintf(err, err_len, "the step is longer than %zu bytes", out_len);
        return -1;
    }
    return 0;
}

/* ======================================================================== */
/* saving                                                                    */
/* ======================================================================== */

static char *read_all(const char *path, size_t *len, char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: cannot be read", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 4096 > cap) {
            char *more = realloc(buf, cap * 2);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    if (!buf) {
        snprintf(err, err_len, "%s: out of memory", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* path's text with the step appended, written atomically. */
static int append_step(const char *path, const char *step, char *err, size_t err_len)
{
    size_t len = 0;
    char *text = read_all(path, &len, err, err_len);
    if (!text)
        return -1;
    size_t sl = strlen(step);
    char *all = malloc(len + sl + 3);
    if (!all) {
        free(text);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    memcpy(all, text, len);
    size_t n = len;
    if (n > 0 && all[n - 1] != '\n')
        all[n++] = '\n';
    all[n++] = '\n';
    memcpy(all + n, step, sl);
    n += sl;
    free(text);
    nn_Status st = nn_write_file_atomic(path, all, n, err, err_len);
    free(all);
    return st == NN_OK ? 0 : -1;
}

int lesson_capture_save(lesson_Walk *w, app_Core *c, const char *path, char *err,
                        size_t err_len)
{
    static char step[16384];
    int own = w && w->file && (!path || strcmp(path, w->file->path) == 0);
    if (!own && !path) {
        snprintf(err, err_len, "no lesson file to save the step in");
        return -1;
    }
    if (own) {
        int at_end = w->file->n_steps == 0 ? w->stage == LESSON_AT_CARD
                                           : w->step == w->file->n_steps - 1 &&
                                                 w->stage == LESSON_AT_DONE;
        if (!at_end || !w->end_mark.valid) {
            snprintf(err, err_len, "walk the lesson to the end of its last step first: the "
                                   "new step follows it");
            return -1;
        }
        if (w->file->n_steps >= LESSON_MAX_STEPS) {
            snprintf(err, err_len, "the lesson has %d steps already", LESSON_MAX_STEPS);
            return -1;
        }
        app_runner_lock(c->runner);
        int rc = lesson_capture_step_text(c, &w->end_mark, w->end_mark.compare, w->compare_now,
                                          step, sizeof step, err, err_len);
        app_runner_unlock(c->runner);
        if (rc != 0 || append_step(w->file->path, step, err, err_len) != 0)
            return -1;
        lesson_File *f = NULL;
        if (lesson_load(w->file->path, &f, err, err_len) != 0)
            return -1;
        int k = f->n_steps - 1;
        lesson_free(w->file);
        w->file = f;
        /* the new step starts where the last one ended, and ends here */
        w->marks[k] = w->end_mark;
        free(w->mark_data[k].params);
        w->mark_data[k] = w->end_data;
        w->end_data.params = NULL;
        w->end_data.n_params = 0;
        w->end_mark.valid = 0;
        w->step = k;
        w->stage = LESSON_AT_RUNNING;
        w->choice = -1;
        w->next_action = f->steps[k].n_actions; /* its commands ran: they were done by hand */
        lesson_walk_poll(w, c);
        return 0;
    }
    /* a new lesson: the experiment as its timeline starts, and one step */
    app_runner_lock(c->runner);
    const app_Run *r = app_core_focus(c);
    const app_Timeline *t = &r->timeline;
    const app_Branch *root = &t->br[t->live];
    for (int guard = 0; root->parent && guard < APP_TL_MAX_BRANCHES; guard++) {
        const app_Branch *p = branch_by_id(t, root->parent);
        if (!p)
            break;
        root = p;
    }
    lesson_Mark from;
    memset(&from, 0, sizeof from);
    from.valid = 1;
    from.spec = root->spec;
    from.branch = root->id;
    from.batches = root->fork;
    from.n_runs = c->n_runs;
    from.inspect_layer = from.inspect_unit = -1;
    /* every hand edit kept: those before the last rebuild drew points */
    app_edit_log_sync(&c->edits, c->runs[0]->s);
    from.edit_seq = 0;
    from.edit_gen = c->edits.gen;
    nn_Experiment setup = root->spec;
    int rc = root->fork == 0 ? lesson_capture_step_text(c, &from, "", "", step, sizeof step, err,
                                                        err_len)
                             : -1;
    if (root->fork != 0)
        snprintf(err, err_len, "the run's start is no longer in its timeline");
    app_runner_unlock(c->runner);
    if (rc != 0)
        return -1;
    if (c->n_runs > 1) {
        snprintf(err, err_len, "a comparison cannot start a new lesson: capture one run");
        return -1;
    }
    if (nn_experiment_save(&setup, path, err, err_len) != NN_OK)
        return -1;
    return append_step(path, step, err, err_len);
}
