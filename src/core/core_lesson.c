/* core_lesson.c - what a lesson step asks of the core: train until a
 * target (RUN_UNTIL), point at something (HIGHLIGHT), hide or show
 * controls, open a view. What they ask is kept in c->lesson_view for the
 * window to draw and `nnviz lesson` to print.
 *
 * RUN_UNTIL stops at the same batch headless and in the window: the target
 * is checked once before training and then after every round (one batch of
 * every run, in lockstep) by one function, until_check, whether the rounds
 * run here on the applying thread (headless) or on the training thread
 * (the window, through the runner's until hook). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "i18n/i18n.h"

/* Beyond this many rows (train and test) the window evaluates its figures
 * at most once a second (run_metrics.c), and RUN_UNTIL checks losses and
 * accuracies at epoch ends only: evaluating Fashion-MNIST's 70 000 rows
 * after every batch would take longer than training it. */
#define BIG_ROWS 20000

int app_core_big_data(const app_Core *c)
{
    int64_t rows = (c->train ? c->train->n : 0) + (c->test ? c->test->n : 0);
    return rows > BIG_ROWS;
}

static nn_Evaluator *evaluator(app_Core *c, const nn_Model *m)
{
    if (c->lesson_eval && memcmp(&c->lesson_eval_arch, &m->arch, sizeof m->arch) == 0)
        return c->lesson_eval;
    nn_evaluator_destroy(c->lesson_eval);
    c->lesson_eval = NULL;
    char err[256];
    if (nn_evaluator_create(&c->lesson_eval, &m->arch, 256, err, sizeof err) != NN_OK)
        return NULL;
    c->lesson_eval_arch = m->arch;
    return c->lesson_eval;
}

int app_core_figure(app_Core *c, int run, app_UntilKind which, double *out, char *err,
                    size_t err_len)
{
    if (run < 0 || run >= c->n_runs) {
        snprintf(err, err_len, "run %d does not exist (%d run%s shown)", run, c->n_runs,
                 c->n_runs == 1 ? "" : "s");
        return -1;
    }
    const nn_Session *s = c->runs[run]->s;
    nn_Cursor cur = nn_trainer_cursor(s->trainer);
    *out = NAN;
    if (which == APP_UNTIL_EPOCH || which == APP_UNTIL_STEP) {
        *out = (double)(which == APP_UNTIL_EPOCH ? cur.epoch : cur.step);
        return 0;
    }
    int test = which == APP_UNTIL_TEST_LOSS || which == APP_UNTIL_TEST_ACCURACY;
    int acc = which == APP_UNTIL_ACCURACY || which == APP_UNTIL_TEST_ACCURACY;
    const nn_Dataset *d = test ? s->test : s->train;
    if (!d)
        return 0;
    if (app_core_big_data(c)) {
        /* as the window shows it: the epoch's record at its end, the
         * running epoch's mean on the way, the test set evaluated */
        const nn_EpochRecord *last = s->n_history > 0 ? &s->history[s->n_history - 1] : NULL;
        if (last && last->step == cur.step) {
            *out = test ? (acc ? last->test_acc : last->test_loss)
                        : (acc ? last->train_acc : last->train_loss);
            return 0;
        }
        if (!test) {
            if (cur.epoch_rows > 0)
                *out = acc ? (d->task == NN_TASK_CLASSIFY
                                  ? (double)cur.epoch_correct / (double)cur.epoch_rows
                                  : NAN)
                           : cur.epoch_loss_sum / (double)cur.epoch_rows;
            else if (last)
                *out = acc ? last->train_acc : last->train_loss;
            return 0;
        }
    }
    nn_Evaluator *ev = evaluator(c, s->model);
    if (!ev) {
        snprintf(err, err_len, "out of memory evaluating the model");
        return -1;
    }
    nn_Metrics m;
    nn_evaluate(ev, s->model, d, s->spec.data.features, &m, NULL);
    *out = acc ? m.accuracy : m.loss;
    return 0;
}

int app_core_until_running(const app_Core *c)
{
    return c->lesson_view.until.kind != APP_UNTIL_NONE && c->lesson_view.until.reached == 0;
}

/* After a round (and once before the first): 1 reached, -1 given up (its
 * most epochs passed, or the shown run diverged), 0 go on. Reads the runs
 * only, so the training thread may ask it (with the lock held). */
static int until_outcome(app_Core *c)
{
    if (!app_core_until_running(c))
        return 0;
    const app_LessonView *v = &c->lesson_view;
    const app_Run *r = app_core_focus(c);
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    if (r->diverged || cur.diverged)
        return -1;
    int hit = 0;
    if (v->until.kind == APP_UNTIL_EPOCH) {
        hit = (double)cur.epoch >= v->until.target;
    } else if (v->until.kind == APP_UNTIL_STEP) {
        hit = (double)cur.step >= v->until.target;
    } else if (!app_core_big_data(c) || (cur.batch == 0 && cur.phase == 0)) {
        double x;
        char err[128];
        int lower = v->until.kind == APP_UNTIL_LOSS || v->until.kind == APP_UNTIL_TEST_LOSS;
        if (app_core_figure(c, c->focus, v->until.kind, &x, err, sizeof err) == 0 && isfinite(x))
            hit = lower ? x <= v->until.target : x >= v->until.target;
    }
    if (hit)
        return 1;
    return cur.epoch - v->until.start_epoch >= v->until.max_epochs ? -1 : 0;
}

/* The same on the applying thread, noting the outcome: 1 when it is over. */
static int until_check(app_Core *c)
{
    int o = until_outcome(c);
    if (o)
        c->lesson_view.until.reached = o;
    return o != 0;
}

/* The training thread's question after each round; the outcome is noted
 * by app_core_sync when the thread has stopped (on the UI thread, so the
 * window reads lesson_view without racing the thread). */
static int until_hook(void *ctx)
{
    return until_outcome(ctx) != 0;
}

/* A figure the RUN_UNTIL can never reach: a test figure without a test
 * set, an accuracy of a regression. */
static int unreachable(app_Core *c, app_UntilKind k)
{
    if (k == APP_UNTIL_EPOCH || k == APP_UNTIL_STEP)
        return 0;
    const nn_Session *s = app_core_focus(c)->s;
    int test = k == APP_UNTIL_TEST_LOSS || k == APP_UNTIL_TEST_ACCURACY;
    const nn_Dataset *d = test ? s->test : s->train;
    if (!d)
        return 1;
    return (k == APP_UNTIL_ACCURACY || k == APP_UNTIL_TEST_ACCURACY) &&
           d->task != NN_TASK_CLASSIFY;
}

static void run_until(app_Core *c, const app_LessonArg *a)
{
    app_LessonView *v = &c->lesson_view;
    c->playing = 0;
    c->slowmo_ms = 0;
    memset(&v->until, 0, sizeof v->until);
    v->until.kind = a->until;
    v->until.target = a->target;
    v->until.max_epochs = a->max_epochs;
    v->until.start_epoch = nn_trainer_cursor(app_core_focus(c)->s->trainer).epoch;
    if (unreachable(c, a->until)) {
        v->until.reached = -1;
        app_core_status(c, 1, "RUN_UNTIL %s: this network has no such figure",
                        app_until_name(a->until));
        return;
    }
    if (until_check(c))
        return; /* already there: nothing to train */
    if (c->interactive) {
        /* the class watches it train; the training thread asks until_check
         * after every round and stops itself where it holds */
        app_runner_set_until(c->runner, until_hook, c);
        app_runner_set_limit(c->runner, 0, 0); /* the lesson's epochs do not cut it short */
        c->playing = 1;
        return;
    }
    for (;;) {
        int st = app_runner_round(c->runner);
        if (st != 0) {
            v->until.reached = -1;
            if (st == 1)
                app_core_status(c, 1, "%s", tr(STR_STATUS_DIVERGED));
            return;
        }
        if (until_check(c))
            return;
    }
}

void app_core_lesson_before(app_Core *c, const app_Command *cmd)
{
    switch (cmd->kind) {
    case APP_CMD_STEP_PHASE:
    case APP_CMD_STEP_BATCH:
    case APP_CMD_STEP_EPOCH:
    case APP_CMD_TRAIN:
    case APP_CMD_RESET:
    case APP_CMD_GOTO_STEP:
    case APP_CMD_STEP_BACK:
    case APP_CMD_OPEN:
    case APP_CMD_COMPARE:
    case APP_CMD_SELECT_BRANCH:
    case APP_CMD_STEP_PHASE_BACK:
    case APP_CMD_STEP_EPOCH_BACK:
    case APP_CMD_SET_SLOWMO:
    case APP_CMD_EXERCISE:
        /* moved by hand: the target no longer applies (pausing and playing
         * again keeps it) */
        if (app_core_until_running(c))
            memset(&c->lesson_view.until, 0, sizeof c->lesson_view.until);
        break;
    default: break;
    }
}

void app_core_lesson_runner_stopped(app_Core *c, int why)
{
    if (!app_core_until_running(c))
        return;
    if (why == APP_RUNNER_UNTIL)
        until_check(c); /* where the thread stopped, nothing has moved since */
    else
        c->lesson_view.until.reached = -1; /* every run diverged, or training failed */
}

void app_core_lesson_apply(app_Core *c, const app_Command *cmd)
{
    app_LessonArg a;
    char err[256];
    if (app_lesson_arg_parse(cmd->kind, cmd->text, &a, err, sizeof err) != 0) {
        app_core_status(c, 1, "%s: %s", app_cmd_name(cmd->kind), err);
        return;
    }
    app_LessonView *v = &c->lesson_view;
    switch (cmd->kind) {
    case APP_CMD_RUN_UNTIL: run_until(c, &a); break;
    case APP_CMD_HIGHLIGHT:
        v->highlight.kind = a.hl;
        v->highlight.layer = a.layer;
        v->highlight.i = a.i;
        v->highlight.j = a.j;
        v->highlight.id = a.id;
        break;
    case APP_CMD_HIDE_CONTROLS: v->hidden |= a.mask; break;
    case APP_CMD_SHOW_CONTROLS: v->hidden &= ~a.mask; break;
    case APP_CMD_VIEW:
        v->view = a.view;
        snprintf(v->view_args, sizeof v->view_args, "%s", a.view_args);
        break;
    default: break;
    }
}
