/* lesson_walk.c - walking a lesson over the core (lesson_walk.h).
 *
 * A step's action is its commands pushed on the core's queue, as keys push
 * them, and applied by app_core_sync. Going back restores the state a step
 * started from: first through the timeline (the branch it was on, the
 * batch, the phase), then the view, row and inspected neuron; the
 * parameters of every run are compared with the copy the mark keeps, and
 * when they differ (the runs were rebuilt since: a layer added, a
 * comparison opened, a file opened) the walk replays the lesson from its
 * set-up up to that step instead. Training is deterministic and RUN_UNTIL
 * stops at the same batch headless and in the window, so the replay lands
 * on the same bits. */
#include "lesson/lesson_walk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/health.h"

/* ======================================================================== */
/* the core                                                                  */
/* ======================================================================== */

/* Applies what is queued now (the frame would at its next sync). */
static void sync_now(app_Core *c)
{
    app_core_sync(c, c->now > 0 ? c->now : app_clock());
}

static int mark_into(lesson_Walk *w, app_Core *c, lesson_Mark *m, lesson_MarkData *d);

/* The set-up in the core, untrained, nothing highlighted: where the lesson
 * starts. opening: the lesson is being opened (counted in c->opened, so the
 * window shows its card), not replayed to go back. The caller does not
 * hold the lock. */
static int open_setup(lesson_Walk *w, app_Core *c, int opening, char *err, size_t err_len)
{
    nn_Experiment e = w->file->setup;
    if (nn_experiment_validate(&e, err, err_len) != NN_OK)
        return -1;
    app_runner_lock(c->runner);
    c->playing = 0;
    memset(&c->lesson_view, 0, sizeof c->lesson_view);
    /* the training thread stops now, not at the next sync: it must not
     * train the fresh runs before the lesson says so */
    app_runner_set(c->runner, 0, app_speeds[c->speed]);
    /* the data already loaded for the same data spec is kept (Fashion-MNIST
     * takes seconds to read); points drawn by hand are not the lesson's */
    int same_data = c->n_runs > 0 && !c->custom_data && c->train &&
                    memcmp(&e.data, &app_run_spec(c->runs[0])->data, sizeof e.data) == 0;
    int rc = same_data ? app_core_adopt_runs(c, &e, NULL, c->train, c->test, err, err_len)
                       : app_core_build_runs(c, &e, 1, NULL, err, err_len);
    if (rc == 0) {
        snprintf(c->source, sizeof c->source, "%s", w->file->path);
        c->opened += opening; /* the lesson opened (its card), not a replay of it */
        c->keras_fit_line = 0;
        memset(&c->lesson_view, 0, sizeof c->lesson_view);
        c->inspect.active = 0;
        c->inspect.row = 0;
        c->exercise.active = 0;
        w->compare_now[0] = '\0';
    }
    app_runner_unlock(c->runner);
    if (rc == 0) {
        sync_now(c);
        mark_into(w, c, &w->end_mark, &w->end_data);
    }
    return rc;
}

/* Pushes step k's commands from *next up to and including the next
 * RUN_UNTIL (applied at the next sync): in the window a RUN_UNTIL plays
 * over many frames, and the commands after it wait for its end, as they
 * do headless. Returns 1 when some were pushed. */
static int push_actions(lesson_Walk *w, app_Core *c, int k, int *next)
{
    const lesson_Step *s = &w->file->steps[k];
    int pushed = 0;
    while (*next < s->n_actions) {
        /* an OPEN's path was made relative to the lesson's folder when read */
        app_Command cmd = s->actions[(*next)++].cmd;
        pushed = 1;
        if (cmd.kind == APP_CMD_COMPARE)
            snprintf(w->compare_now, sizeof w->compare_now, "%.127s", cmd.text);
        else if (cmd.kind == APP_CMD_OPEN)
            w->compare_now[0] = '\0';
        app_core_push(c, cmd);
        if (cmd.kind == APP_CMD_RUN_UNTIL)
            break;
    }
    return pushed;
}

/* ======================================================================== */
/* marks: where a step started                                               */
/* ======================================================================== */

static size_t params_of_runs(const app_Core *c)
{
    size_t n = 0;
    for (int i = 0; i < c->n_runs; i++)
        n += c->runs[i]->s->model->n_params;
    return n;
}

/* 1 when every run's parameters are the mark's, bit for bit. */
static int same_params(const app_Core *c, const lesson_Mark *m, const lesson_MarkData *d)
{
    if (c->n_runs != m->n_runs || params_of_runs(c) != d->n_params)
        return 0;
    size_t o = 0;
    for (int i = 0; i < c->n_runs; i++) {
        const nn_Model *md = c->runs[i]->s->model;
        if (memcmp(md->params, d->params + o, md->n_params * sizeof *md->params) != 0)
            return 0;
        o += md->n_params;
    }
    return 1;
}

static int mark_into(lesson_Walk *w, app_Core *c, lesson_Mark *m, lesson_MarkData *d)
{
    app_runner_lock(c->runner);
    const app_Run *r = app_core_focus(c);
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    m->batches = cur.step;
    m->phase = cur.phase;
    m->branch = r->timeline.br[r->timeline.live].id;
    m->spec = r->s->spec;
    m->n_runs = c->n_runs;
    snprintf(m->compare, sizeof m->compare, "%s", w->compare_now);
    m->view = c->lesson_view;
    m->row = c->inspect.row;
    m->inspect_layer = c->inspect.active ? c->inspect.layer : -1;
    m->inspect_unit = c->inspect.active ? c->inspect.unit : -1;
    app_edit_log_sync(&c->edits, c->runs[0]->s);
    m->edit_seq = c->edits.total;
    m->edit_gen = c->edits.gen;
    d->focus = c->focus;
    size_t n = params_of_runs(c);
    float *p = realloc(d->params, (n ? n : 1) * sizeof *p);
    int ok = p != NULL;
    if (ok) {
        d->params = p;
        d->n_params = n;
        size_t o = 0;
        for (int i = 0; i < c->n_runs; i++) {
            const nn_Model *md = c->runs[i]->s->model;
            memcpy(p + o, md->params, md->n_params * sizeof *p);
            o += md->n_params;
        }
    }
    app_runner_unlock(c->runner);
    m->valid = ok;
    return ok ? 0 : -1;
}

static int take_mark(lesson_Walk *w, app_Core *c, int k)
{
    return mark_into(w, c, &w->marks[k], &w->mark_data[k]);
}

/* The view, row, inspector and shown run of the mark. */
static void restore_looks(app_Core *c, const lesson_Mark *m, const lesson_MarkData *d)
{
    app_runner_lock(c->runner);
    c->lesson_view = m->view;
    memset(&c->lesson_view.until, 0, sizeof c->lesson_view.until);
    c->inspect.row = m->row;
    c->inspect.active = m->inspect_layer >= 0;
    if (m->inspect_layer >= 0) {
        c->inspect.layer = m->inspect_layer;
        c->inspect.unit = m->inspect_unit;
    }
    if (d->focus < c->n_runs)
        c->focus = d->focus;
    c->exercise.active = 0;
    app_runner_unlock(c->runner);
}

/* Through the timeline: the mark's branch, batch and phase. 1 when the
 * parameters then are the mark's. */
static int restore_by_timeline(lesson_Walk *w, app_Core *c, int k)
{
    const lesson_Mark *m = &w->marks[k];
    if (c->n_runs != m->n_runs || strcmp(w->compare_now, m->compare) != 0)
        return 0;
    app_runner_lock(c->runner);
    const app_Run *r = app_core_focus(c);
    int live = r->timeline.br[r->timeline.live].id;
    app_runner_unlock(c->runner);
    c->status_error = 0;
    app_core_push(c, app_cmd(APP_CMD_PAUSE));
    if (live != m->branch)
        app_core_push(c, app_cmd_i(APP_CMD_SELECT_BRANCH, m->branch));
    app_core_push(c, app_cmd_u(APP_CMD_GOTO_STEP, (uint64_t)m->batches));
    for (int p = 0; p < m->phase; p++)
        app_core_push(c, app_cmd(APP_CMD_STEP_PHASE));
    sync_now(c);
    if (c->status_error)
        return 0;
    app_runner_lock(c->runner);
    int ok = same_params(c, m, &w->mark_data[k]) &&
             memcmp(&app_core_focus(c)->s->spec, &m->spec, sizeof m->spec) == 0;
    app_runner_unlock(c->runner);
    return ok;
}

/* From the set-up, every step before k run at once (headless, whatever
 * the window's mode). */
static int restore_by_replay(lesson_Walk *w, app_Core *c, int k, char *err, size_t err_len)
{
    if (open_setup(w, c, 0, err, err_len) != 0)
        return -1;
    int interactive = c->interactive;
    c->interactive = 0;
    for (int j = 0; j < k; j++) {
        int next = 0;
        while (push_actions(w, c, j, &next))
            sync_now(c);
    }
    c->interactive = interactive;
    app_runner_lock(c->runner);
    int ok = same_params(c, &w->marks[k], &w->mark_data[k]);
    app_runner_unlock(c->runner);
    if (!ok) {
        snprintf(err, err_len, "step %d: the state it started from cannot be rebuilt exactly "
                               "(it was changed by hand before the step began)", k + 1);
        return -1;
    }
    return 0;
}

static int restore_mark(lesson_Walk *w, app_Core *c, int k, char *err, size_t err_len)
{
    if (!w->marks[k].valid) {
        snprintf(err, err_len, "step %d has no start to return to", k + 1);
        return -1;
    }
    int rc = 0;
    if (!restore_by_timeline(w, c, k))
        rc = restore_by_replay(w, c, k, err, err_len);
    restore_looks(c, &w->marks[k], &w->mark_data[k]);
    sync_now(c);
    return rc;
}

/* ======================================================================== */
/* checks                                                                    */
/* ======================================================================== */

static int layer_ok(const nn_Model *m, int l, char *err, size_t err_len)
{
    if (l < 0 || l >= m->arch.n_layers) {
        snprintf(err, err_len, "layer %d: the network has %d (counting from 0)", l,
                 m->arch.n_layers);
        return 0;
    }
    return 1;
}

int lesson_core_metric(void *ctx, const lesson_Term *t, double *out, char *err, size_t err_len)
{
    app_Core *c = ctx;
    if (t->run < 0 || t->run >= c->n_runs) {
        snprintf(err, err_len, "run %d does not exist (%d run%s shown)", t->run, c->n_runs,
                 c->n_runs == 1 ? "" : "s");
        return -1;
    }
    const nn_Session *s = c->runs[t->run]->s;
    const nn_Model *m = s->model;
    switch (t->metric) {
    case LESSON_M_NUMBER: *out = t->value; return 0;
    case LESSON_M_LOSS: return app_core_figure(c, t->run, APP_UNTIL_LOSS, out, err, err_len);
    case LESSON_M_TEST_LOSS:
        return app_core_figure(c, t->run, APP_UNTIL_TEST_LOSS, out, err, err_len);
    case LESSON_M_ACCURACY:
        return app_core_figure(c, t->run, APP_UNTIL_ACCURACY, out, err, err_len);
    case LESSON_M_TEST_ACCURACY:
        return app_core_figure(c, t->run, APP_UNTIL_TEST_ACCURACY, out, err, err_len);
    case LESSON_M_EPOCH: return app_core_figure(c, t->run, APP_UNTIL_EPOCH, out, err, err_len);
    case LESSON_M_STEP: return app_core_figure(c, t->run, APP_UNTIL_STEP, out, err, err_len);
    case LESSON_M_LEARNING_RATE: *out = nn_opt_current_lr(s->opt); return 0;
    case LESSON_M_GRADIENT_NORM:
    case LESSON_M_DEAD_FRACTION:
    case LESSON_M_SATURATED_FRACTION: {
        if (!layer_ok(m, t->layer, err, err_len))
            return -1;
        nn_HealthSample h;
        if (nn_health_measure(s->trainer, &h) != NN_OK) {
            snprintf(err, err_len, "%s: no batch has run to measure", lesson_metric_name(t->metric));
            return -1;
        }
        *out = t->metric == LESSON_M_GRADIENT_NORM ? h.grad_norm[t->layer]
               : t->metric == LESSON_M_DEAD_FRACTION ? h.dead[t->layer]
                                                      : h.saturated[t->layer];
        return 0;
    }
    case LESSON_M_WEIGHT:
    case LESSON_M_BIAS: {
        if (!layer_ok(m, t->layer, err, err_len))
            return -1;
        int n_in = m->arch.sizes[t->layer], n_out = m->arch.sizes[t->layer + 1];
        int bias = t->metric == LESSON_M_BIAS;
        if (t->i < 0 || t->i >= (bias ? n_out : n_in) || (!bias && (t->j < 0 || t->j >= n_out))) {
            snprintf(err, err_len, "%s: layer %d has %d inputs and %d units (from 0)",
                     lesson_metric_name(t->metric), t->layer, n_in, n_out);
            return -1;
        }
        *out = bias ? m->b[t->layer][t->i]
                    : m->W[t->layer][(size_t)t->i * (size_t)n_out + (size_t)t->j];
        return 0;
    }
    default:
        snprintf(err, err_len, "unknown metric %d", (int)t->metric);
        return -1;
    }
}

static void eval_checks(lesson_Walk *w, app_Core *c)
{
    const lesson_Step *s = &w->file->steps[w->step];
    app_runner_lock(c->runner);
    for (int k = 0; k < s->n_checks && k < LESSON_MAX_CHECKS; k++) {
        lesson_CheckResult *r = &w->checks[k];
        r->err[0] = '\0';
        r->result = lesson_check_eval(&s->checks[k], lesson_core_metric, c, &r->lhs, &r->rhs,
                                      r->err, sizeof r->err);
    }
    app_runner_unlock(c->runner);
    w->n_checks_done = s->n_checks;
}

/* ======================================================================== */
/* the walk                                                                  */
/* ======================================================================== */

int lesson_walk_begin(lesson_Walk *w, app_Core *c, lesson_File *f, int zh, char *err,
                      size_t err_len)
{
    memset(w, 0, sizeof *w);
    w->file = f;
    w->zh = zh;
    w->step = -1;
    w->stage = LESSON_AT_CARD;
    w->choice = -1;
    if (!f) {
        snprintf(err, err_len, "no lesson");
        return -1;
    }
    return open_setup(w, c, 1, err, err_len);
}

void lesson_walk_end(lesson_Walk *w)
{
    for (int k = 0; k < LESSON_MAX_STEPS; k++)
        free(w->mark_data[k].params);
    free(w->end_data.params);
    lesson_free(w->file);
    memset(w, 0, sizeof *w);
    w->step = -1;
}

/* To step k's text: its start marked. */
static int enter_step(lesson_Walk *w, app_Core *c, int k, char *err, size_t err_len)
{
    if (take_mark(w, c, k) != 0) {
        snprintf(err, err_len, "out of memory marking step %d", k + 1);
        return -1;
    }
    w->step = k;
    w->stage = LESSON_AT_TEXT;
    w->choice = -1;
    w->n_checks_done = 0;
    return 0;
}

int lesson_walk_next(lesson_Walk *w, app_Core *c, char *err, size_t err_len)
{
    if (!w->file)
        return 1;
    switch (w->stage) {
    case LESSON_AT_CARD:
        if (w->file->n_steps == 0)
            return 1;
        return enter_step(w, c, 0, err, err_len);
    case LESSON_AT_TEXT: {
        const lesson_Predict *p = lesson_step_predict(&w->file->steps[w->step], w->zh);
        if (p->n_options > 0 && w->choice < 0)
            return 1; /* the class predicts before the reveal */
        w->stage = LESSON_AT_RUNNING;
        w->next_action = 0;
        push_actions(w, c, w->step, &w->next_action);
        return 0;
    }
    case LESSON_AT_RUNNING:
        return 1;
    case LESSON_AT_DONE:
        if (w->step + 1 >= w->file->n_steps)
            return 1;
        return enter_step(w, c, w->step + 1, err, err_len);
    }
    return 1;
}

int lesson_walk_back(lesson_Walk *w, app_Core *c, char *err, size_t err_len)
{
    if (!w->file || w->step < 0)
        return 1;
    int k = w->step;
    if (w->stage == LESSON_AT_TEXT) {
        if (k == 0) {
            /* back to the title card: the set-up as it opened */
            if (restore_mark(w, c, 0, err, err_len) != 0)
                return -1;
            w->step = -1;
            w->stage = LESSON_AT_CARD;
            return 0;
        }
        k--;
    }
    if (restore_mark(w, c, k, err, err_len) != 0)
        return -1;
    w->step = k;
    w->stage = LESSON_AT_TEXT;
    w->choice = -1;
    w->n_checks_done = 0;
    return 0;
}

void lesson_walk_poll(lesson_Walk *w, app_Core *c)
{
    if (!w->file || w->stage != LESSON_AT_RUNNING)
        return;
    if (c->queue.count > 0 || c->playing || app_core_until_running(c))
        return;
    if (push_actions(w, c, w->step, &w->next_action))
        return; /* the commands after a RUN_UNTIL, at the next sync */
    eval_checks(w, c);
    mark_into(w, c, &w->end_mark, &w->end_data);
    w->stage = LESSON_AT_DONE;
}

int lesson_walk_choose(lesson_Walk *w, int option)
{
    if (!w->file || w->step < 0 || w->stage != LESSON_AT_TEXT)
        return -1;
    const lesson_Predict *p = lesson_step_predict(&w->file->steps[w->step], w->zh);
    if (option < 0 || option >= p->n_options)
        return -1;
    w->choice = option;
    return 0;
}

/* Headless: syncs and polls until the action has ended (each RUN_UNTIL
 * trains at once, so a sync per group of commands). */
static void settle(lesson_Walk *w, app_Core *c)
{
    for (int n = 0; n <= LESSON_MAX_ACTIONS + 1 && w->stage == LESSON_AT_RUNNING; n++) {
        sync_now(c);
        lesson_walk_poll(w, c);
    }
}

int lesson_walk_run_step(lesson_Walk *w, app_Core *c, int k, char *err, size_t err_len)
{
    if (!w->file || k < 0 || k >= w->file->n_steps) {
        snprintf(err, err_len, "no step %d", k + 1);
        return -1;
    }
    /* to step k's text: forward from where the walk is, or back to it */
    if (k < w->step || (k == w->step && w->stage != LESSON_AT_TEXT)) {
        if (restore_mark(w, c, k, err, err_len) != 0)
            return -1;
        w->step = k;
        w->stage = LESSON_AT_TEXT;
    }
    while (w->step < k) {
        if (w->stage == LESSON_AT_TEXT && w->choice < 0)
            w->choice = 0;
        if (lesson_walk_next(w, c, err, err_len) < 0)
            return -1;
        if (w->stage == LESSON_AT_RUNNING) {
            settle(w, c);
            if (w->stage != LESSON_AT_DONE) {
                snprintf(err, err_len, "step %d: its action did not end", w->step + 1);
                return -1;
            }
        }
    }
    if (w->choice < 0 && lesson_step_predict(&w->file->steps[k], w->zh)->n_options > 0)
        w->choice = 0;
    if (lesson_walk_next(w, c, err, err_len) != 0) {
        snprintf(err, err_len, "step %d: its action could not start", k + 1);
        return -1;
    }
    settle(w, c);
    if (w->stage != LESSON_AT_DONE) {
        snprintf(err, err_len, "step %d: its action did not end", k + 1);
        return -1;
    }
    return 0;
}
