/* core.c - the runs, and the one place where commands change them. */
#include "core/core.h"
#include "core/loss_label.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/run_phase.h"
#include "i18n/i18n.h"

const int app_speeds[] = {1, 2, 5, 10, 30, 60, 200, 1000, 5000, 0};
/* The window opens at a pace a class can follow: 1000 batches a second is
 * 40 epochs a second of Playground's spiral (the boundary forms in seconds,
 * as in Playground) and about one epoch a second of Fashion-MNIST. */
#define APP_DEFAULT_SPEED 7

/* Run colours: the first is the single run's familiar blue; the others are
 * from Paul Tol's colour-blind-safe set, apart from the classes' blue and
 * orange. */
static const uint32_t run_colors[APP_MAX_RUNS] = {0x0877bd, 0x117733, 0xaa4499, 0x882255};

int app_speed_count(void)
{
    return (int)(sizeof app_speeds / sizeof app_speeds[0]);
}

void app_core_status(app_Core *c, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->status, sizeof c->status, fmt, ap);
    va_end(ap);
    app_loss_labels_in(c->status, sizeof c->status); /* engine messages name losses by id */
    c->status_error = error;
    /* news of something done stays a few seconds; an error stays until the
     * next action (app_core_push), however long the user takes to read it */
    c->status_until = error ? HUGE_VAL : c->now + 4.0;
}

void app_core_push(app_Core *c, app_Command cmd)
{
    if (app_queue_push(&c->queue, &cmd) != 0)
        app_core_status(c, 1, tr(STR_STATUS_QUEUE_FULL), app_cmd_name(cmd.kind));
}

/* ======================================================================== */
/* set-up                                                                    */
/* ======================================================================== */

static void after_batch(void *ctx, app_Run *run)
{
    (void)ctx;
    app_run_checkpoint(run);
}

/* A lesson's epochs (or steps) stop playing where `nnviz train` stops;
 * once reached, Space goes on past them until the next reset. */
static void arm_limit(app_Core *c)
{
    const nn_Experiment *e = app_run_spec(c->runs[0]);
    app_runner_set_limit(c->runner, e->epochs, e->steps);
}

static void free_run(app_Core *c, app_Run *r)
{
    if (c->run_freed)
        c->run_freed(c->run_freed_ctx, r);
    app_run_destroy(r);
}

static int init_common(app_Core *c, char *err, size_t err_len)
{
    memset(c, 0, sizeof *c);
    c->speed = APP_DEFAULT_SPEED;
    c->now = app_clock();
    const char *sd = getenv("NNVIZ_SHOT_DIR");
    snprintf(c->out_dir, sizeof c->out_dir, "%s", sd && sd[0] ? sd : ".");
    if (app_runner_create(&c->runner, c->runs, &c->n_runs, after_batch, c) != 0) {
        snprintf(err, err_len, "cannot create the training lock");
        return -1;
    }
    return 0;
}

static size_t data_bytes(const nn_Dataset *d)
{
    if (!d)
        return 0;
    size_t rows = (size_t)d->n;
    size_t x = d->x ? rows * (size_t)d->dim * sizeof(float) : rows * d->x_u8_stride;
    size_t y = d->y ? rows * (size_t)d->n_targets * sizeof(float) : rows * sizeof(int32_t);
    return x + y;
}

size_t app_timeline_budget_for(const nn_Dataset *train, const nn_Dataset *test)
{
    /* Large data (Fashion-MNIST: 56 MB) and a full timeline together would
     * make the window hold well over what a classroom laptop should spare:
     * the timeline gives up what the data takes beyond 4 MB, down to 8 MB
     * (Fashion-MNIST keeps about 12 MB: still hundreds of rewind points for
     * its 0.4 MB model). */
    size_t data = data_bytes(train) + data_bytes(test);
    size_t cap = APP_TIMELINE_BUDGET, least = (size_t)8 << 20, spare = (size_t)4 << 20;
    if (data <= spare)
        return cap;
    size_t over = data - spare;
    return over + least >= cap ? least : cap - over;
}

/* Builds n runs of specs borrowing train and test, all or nothing; model
 * (may be NULL) is adopted by the first run. On success the runs and data
 * replace the core's (the caller holds the lock). On failure data that is
 * not already the core's is destroyed; the core is unchanged. */
static int build_on(app_Core *c, const nn_Experiment *specs, int n, nn_Model *model,
                    nn_Dataset *train, nn_Dataset *test, char *err, size_t err_len)
{
    int shared = train == c->train; /* the core's own data, kept (adopted data) */
    app_Run *fresh[APP_MAX_RUNS] = {0};
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        nn_Session *s = NULL;
        ok = nn_session_create_borrowed(&s, &specs[i], train, test, err, err_len) == NN_OK;
        if (ok && i == 0 && model) {
            ok = nn_session_adopt_model(s, model, NULL, err, err_len) == NN_OK;
            if (ok)
                model = NULL;
            else
                nn_session_destroy(s);
        }
        char label[64];
        snprintf(label, sizeof label, tr(STR_RUN_LABEL), i + 1);
        if (ok)
            ok = app_run_create(&fresh[i], s, label, run_colors[i], err, err_len) == 0;
    }
    nn_model_destroy(model);
    if (!ok) {
        for (int i = 0; i < n; i++)
            app_run_destroy(fresh[i]);
        if (!shared) {
            nn_dataset_destroy(train);
            nn_dataset_destroy(test);
        }
        return -1;
    }
    for (int i = 0; i < c->n_runs; i++)
        free_run(c, c->runs[i]);
    memcpy(c->runs, fresh, sizeof fresh);
    c->n_runs = n;
    size_t budget = app_timeline_budget_for(train, test);
    for (int i = 0; i < n; i++) /* the runs share the timeline's bound */
        c->runs[i]->timeline.budget = budget / (size_t)n;
    c->focus = 0;
    if (!shared) {
        nn_dataset_destroy(c->train);
        nn_dataset_destroy(c->test);
        c->train = train;
        c->test = test;
        c->custom_data = 0;
        c->points_cleared = 0;
        c->n_pending = 0;
    }
    c->inspect.active = 0;
    arm_limit(c);
    return 0;
}

/* Loads spec's data once and builds n runs borrowing it, all or nothing.
 * Data a program made (app_core_adopt_runs) is kept while the data spec is
 * the one it came with: there is nothing to load it from. */
int app_core_build_runs(app_Core *c, const nn_Experiment *specs, int n, nn_Model *model,
                        char *err, size_t err_len)
{
    if (c->adopted_data && c->n_runs > 0 &&
        memcmp(&specs[0].data, &app_run_spec(c->runs[0])->data, sizeof specs[0].data) == 0)
        return build_on(c, specs, n, model, c->train, c->test, err, err_len);
    nn_Dataset *train = NULL, *test = NULL;
    if (nn_session_load_data(&specs[0].data, &train, &test, err, err_len) != NN_OK) {
        nn_model_destroy(model);
        return -1;
    }
    if (build_on(c, specs, n, model, train, test, err, err_len) != 0)
        return -1;
    c->adopted_data = 0;
    return 0;
}

int app_core_adopt_runs(app_Core *c, const nn_Experiment *spec, nn_Model *model,
                        nn_Dataset *train, nn_Dataset *test, char *err, size_t err_len)
{
    if (!train) {
        nn_model_destroy(model);
        nn_dataset_destroy(test);
        snprintf(err, err_len, "no training data to adopt");
        return -1;
    }
    if (train == c->train) /* adopting the core's own data is building on it */
        return build_on(c, spec, 1, model, train, test, err, err_len);
    if (build_on(c, spec, 1, model, train, test, err, err_len) != 0)
        return -1;
    c->adopted_data = 1;
    return 0;
}

int app_core_init_spec(app_Core *c, const nn_Experiment *spec, char *err, size_t err_len)
{
    if (init_common(c, err, err_len) != 0)
        return -1;
    if (nn_experiment_validate(spec, err, err_len) != NN_OK ||
        app_core_build_runs(c, spec, 1, NULL, err, err_len) != 0) {
        app_core_free(c);
        return -1;
    }
    c->opened++;
    app_core_sync(c, app_clock());
    return 0;
}

int app_core_init(app_Core *c, const char *path, char *err, size_t err_len)
{
    if (init_common(c, err, err_len) != 0)
        return -1;
    int rc;
    if (path) {
        rc = app_core_open(c, path, err, err_len);
    } else {
        nn_Experiment e;
        app_default_spec(&e, c->source, sizeof c->source);
        rc = app_core_build_runs(c, &e, 1, NULL, err, err_len);
        c->opened += rc == 0;
    }
    if (rc != 0) {
        app_core_free(c);
        return -1;
    }
    if (!c->status_keep)
        c->status[0] = '\0'; /* "Opened ..." is not news at start-up */
    app_core_sync(c, app_clock());
    return 0;
}

void app_core_free(app_Core *c)
{
    app_runner_destroy(c->runner); /* joins the training thread before its runs go */
    c->runner = NULL;
    for (int i = 0; i < c->n_runs; i++)
        free_run(c, c->runs[i]);
    c->n_runs = 0;
    nn_dataset_destroy(c->train);
    nn_dataset_destroy(c->test);
    c->train = c->test = NULL;
    nn_evaluator_destroy(c->lesson_eval);
    c->lesson_eval = NULL;
}

/* ======================================================================== */
/* experiment edits                                                          */
/* ======================================================================== */

/* How an edit reaches a run's session. */
typedef enum {
    EFFECT_REBUILD = 0, /* new network (and data when its spec changed) */
    EFFECT_OPTIMIZER,   /* new optimizer, weights kept */
    EFFECT_REG,         /* regularization, applied to the model live */
    EFFECT_BATCH        /* new batch size, weights and optimizer kept */
} Effect;

/* Changes one spec as the command says; returns the effect, or -1 when the
 * command changes nothing here. */
static int edit_spec(nn_Experiment *e, const app_Command *cmd)
{
    switch (cmd->kind) {
    case APP_CMD_SET_LEARNING_RATE:
        e->opt.lr = (float)cmd->f;
        return EFFECT_OPTIMIZER;
    case APP_CMD_SET_OPTIMIZER: {
        if ((unsigned)cmd->i[0] >= NN_OPT_COUNT)
            return -1;
        float lr = e->opt.lr;
        nn_Schedule sc = e->opt.schedule;
        nn_opt_config_default(&e->opt, (nn_OptKind)cmd->i[0]);
        e->opt.lr = lr; /* the class keeps its learning rate when switching */
        e->opt.schedule = sc;
        return EFFECT_OPTIMIZER;
    }
    case APP_CMD_SET_SCHEDULE: {
        if ((unsigned)cmd->i[0] >= NN_SCHED_COUNT)
            return -1;
        nn_Schedule *s = &e->opt.schedule;
        s->kind = (nn_SchedKind)cmd->i[0];
        if (s->decay_steps <= 0)
            s->decay_steps = 1000;
        if (s->kind == NN_SCHED_STEP && !(s->decay_rate > 0 && s->decay_rate < 1))
            s->decay_rate = 0.5f;
        if (s->kind == NN_SCHED_EXPONENTIAL && !(s->decay_rate > 0 && s->decay_rate < 1))
            s->decay_rate = 0.96f;
        if (s->kind == NN_SCHED_PIECEWISE && s->n_boundaries == 0) {
            /* a first drop to a tenth, after decay_steps updates */
            s->n_boundaries = 1;
            s->boundaries[0] = s->decay_steps;
            s->values[0] = e->opt.lr;
            s->values[1] = e->opt.lr * 0.1f;
        }
        return EFFECT_OPTIMIZER;
    }
    case APP_CMD_SET_LOSS:
        if ((unsigned)cmd->i[0] >= NN_LOSS_COUNT)
            return -1;
        e->loss = (nn_Loss)cmd->i[0];
        return EFFECT_REBUILD;
    case APP_CMD_SET_REGULARIZATION:
        if ((unsigned)cmd->i[0] >= NN_REG_COUNT)
            return -1;
        e->reg = (nn_Reg)cmd->i[0];
        if (e->reg != NN_REG_NONE && e->reg_rate <= 0)
            e->reg_rate = 0.001f;
        return EFFECT_REG;
    case APP_CMD_SET_REG_RATE:
        e->reg_rate = (float)cmd->f;
        return EFFECT_REG;
    case APP_CMD_SET_INITIALIZER:
        if ((unsigned)cmd->i[0] >= NN_INIT_COUNT)
            return -1;
        e->init = (nn_Init)cmd->i[0];
        return EFFECT_REBUILD;
    case APP_CMD_SET_SEED:
        e->seed = cmd->u;
        return EFFECT_REBUILD;
    case APP_CMD_SET_BATCH_SIZE:
        e->batch_size = cmd->i[0];
        return EFFECT_BATCH;
    case APP_CMD_SET_DATASET: {
        int k = cmd->i[0];
        if ((unsigned)k >= NN_PG_COUNT)
            return -1;
        /* choosing a set also picks the output Playground uses for its problem */
        int regress = k == NN_PG_PLANE || k == NN_PG_MULTIGAUSS;
        if (e->data.kind != NN_SRC_PLAYGROUND) {
            e->data.samples = 500;
            e->data.train_ratio = 0.5;
            e->data.features = NN_FEAT_X1 | NN_FEAT_X2;
            e->out_act = NN_ACT_TANH;
            e->loss = NN_LOSS_HALF_SQUARED;
            e->n_out = 0;
        }
        e->data.kind = NN_SRC_PLAYGROUND;
        e->data.playground = (nn_PlaygroundSet)k;
        if (regress) {
            e->out_act = NN_ACT_LINEAR;
            if (e->loss != NN_LOSS_MSE && e->loss != NN_LOSS_HALF_SQUARED)
                e->loss = NN_LOSS_HALF_SQUARED;
            e->n_out = 1;
        } else if (e->out_act == NN_ACT_LINEAR) {
            e->out_act = NN_ACT_TANH;
        }
        if (e->data.features == 0)
            e->data.features = NN_FEAT_X1 | NN_FEAT_X2;
        return EFFECT_REBUILD;
    }
    case APP_CMD_SET_NOISE:
        e->data.noise = cmd->f;
        return EFFECT_REBUILD;
    case APP_CMD_SET_TRAIN_RATIO:
        e->data.train_ratio = cmd->f;
        return EFFECT_REBUILD;
    case APP_CMD_REGENERATE:
        e->data.seed++;
        return EFFECT_REBUILD;
    case APP_CMD_TOGGLE_FEATURE: {
        if ((unsigned)cmd->i[0] >= NN_FEAT_COUNT)
            return -1;
        uint32_t f = e->data.features ^ (1u << cmd->i[0]);
        if (!f)
            return -1; /* at least one input stays on */
        e->data.features = f;
        return EFFECT_REBUILD;
    }
    case APP_CMD_ADD_LAYER: {
        if (e->n_hidden >= APP_MAX_HIDDEN_UI)
            return -1;
        int l = e->n_hidden;
        e->hidden[l] = l > 0 ? e->hidden[l - 1] : 4;
        e->hidden_act[l] = l > 0 ? e->hidden_act[l - 1] : NN_ACT_TANH;
        e->n_hidden++;
        return EFFECT_REBUILD;
    }
    case APP_CMD_REMOVE_LAYER:
        if (e->n_hidden == 0)
            return -1;
        e->n_hidden--;
        return EFFECT_REBUILD;
    case APP_CMD_SET_UNITS:
        if (cmd->i[0] < 0 || cmd->i[0] >= e->n_hidden || cmd->i[1] < 1 ||
            cmd->i[1] > APP_MAX_UNITS_UI)
            return -1;
        e->hidden[cmd->i[0]] = cmd->i[1];
        return EFFECT_REBUILD;
    case APP_CMD_SET_ACTIVATION:
        if ((unsigned)cmd->i[1] >= NN_ACT_COUNT || cmd->i[0] < -1 || cmd->i[0] > e->n_hidden)
            return -1;
        if (cmd->i[0] == e->n_hidden)
            e->out_act = (nn_Act)cmd->i[1];
        for (int l = 0; l < e->n_hidden; l++)
            if (cmd->i[0] == -1 || cmd->i[0] == l)
                e->hidden_act[l] = (nn_Act)cmd->i[1];
        return EFFECT_REBUILD;
    default:
        return -1;
    }
}

/* Every run rebuilt from its edited spec, all or nothing: new data is
 * loaded once when the data spec changed, else the runs keep the data
 * (hand-drawn points included). */
static void rebuild_runs(app_Core *c, const nn_Experiment *specs)
{
    char err[512];
    int same_data = memcmp(&specs[0].data, &app_run_spec(c->runs[0])->data, sizeof specs[0].data) == 0;
    if (!same_data) {
        /* the same runs on new data: a comparison's runs keep their names,
         * colours and the one the main view shows */
        char labels[APP_MAX_RUNS][sizeof c->runs[0]->label];
        uint32_t colors[APP_MAX_RUNS];
        int n = c->n_runs, focus = c->focus;
        for (int i = 0; i < n; i++) {
            memcpy(labels[i], c->runs[i]->label, sizeof labels[i]);
            colors[i] = c->runs[i]->color;
        }
        if (app_core_build_runs(c, specs, n, NULL, err, sizeof err) != 0) {
            app_core_status(c, 1, "%s", err);
            return;
        }
        for (int i = 0; i < n; i++) {
            memcpy(c->runs[i]->label, labels[i], sizeof labels[i]);
            c->runs[i]->color = colors[i];
        }
        c->focus = focus;
        return;
    }
    nn_Session *fresh[APP_MAX_RUNS] = {0};
    for (int i = 0; i < c->n_runs; i++) {
        if (nn_session_create_borrowed(&fresh[i], &specs[i], c->train, c->test, err, sizeof err) !=
            NN_OK) {
            for (int k = 0; k < i; k++)
                nn_session_destroy(fresh[k]);
            app_core_status(c, 1, "%s", err);
            return;
        }
    }
    for (int i = 0; i < c->n_runs; i++)
        if (app_run_set_session(c->runs[i], fresh[i], err, sizeof err) != 0)
            app_core_status(c, 1, "%s", err);
}

static void edit_runs(app_Core *c, const app_Command *cmd)
{
    nn_Experiment specs[APP_MAX_RUNS];
    int effect = -1;
    for (int i = 0; i < c->n_runs; i++) {
        specs[i] = *app_run_spec(c->runs[i]);
        int e = edit_spec(&specs[i], cmd);
        if (e >= 0)
            effect = e;
    }
    if (effect < 0)
        return;
    char err[512];
    /* an edit of the data (a set switch may pick another loss) leaves each
     * compared run its own value of the knob */
    if (memcmp(&specs[0].data, &app_run_spec(c->runs[0])->data, sizeof specs[0].data) != 0 &&
        app_core_compare_respec(c, specs, err, sizeof err) != 0) {
        app_core_status(c, 1, "%s", err);
        return;
    }
    for (int i = 0; i < c->n_runs; i++)
        if (nn_experiment_validate(&specs[i], err, sizeof err) != NN_OK) {
            app_core_status(c, 1, "%s", err);
            return;
        }
    if (effect == EFFECT_REBUILD) {
        rebuild_runs(c, specs);
        c->inspect.active = 0;
        return;
    }
    for (int i = 0; i < c->n_runs; i++) {
        app_Run *r = c->runs[i];
        nn_Session *s = r->s;
        nn_Status st = NN_OK;
        if (effect == EFFECT_OPTIMIZER) {
            st = nn_session_set_optimizer(s, &specs[i].opt, err, sizeof err);
        } else if (effect == EFFECT_BATCH) {
            st = nn_session_set_batch_size(s, specs[i].batch_size, err, sizeof err);
        } else {
            s->model->reg = s->spec.reg = specs[i].reg;
            s->model->reg_rate = s->spec.reg_rate = specs[i].reg_rate;
        }
        if (st != NN_OK) {
            app_core_status(c, 1, "%s", err);
            return;
        }
        app_run_touched(r);
    }
}

/* ======================================================================== */
/* hand-drawn data                                                           */
/* ======================================================================== */

#define DRAWN_MARK " (drawn)"

/* A copy of src's 2-D rows without row skip, with room for extra more. */
static nn_Dataset *copy_rows(const nn_Dataset *src, int extra, int skip)
{
    int n_new = src->n + extra - (skip >= 0);
    nn_Dataset *d = NULL;
    char err[256];
    if (nn_dataset_create(&d, src->task, n_new, 2, src->n_targets, src->n_classes, 0, err,
                          sizeof err) != NN_OK)
        return NULL;
    /* the name says the set was edited by hand, once */
    size_t keep = strnlen(src->name, sizeof d->name - sizeof DRAWN_MARK);
    size_t mark = strlen(DRAWN_MARK);
    int marked = keep >= mark && memcmp(src->name + keep - mark, DRAWN_MARK, mark) == 0;
    memcpy(d->name, src->name, keep);
    d->name[keep] = '\0';
    if (!marked)
        strcat(d->name, DRAWN_MARK);
    int k = 0;
    for (int i = 0; i < src->n && k < n_new; i++) {
        if (i == skip)
            continue;
        d->x[k * 2] = nn_dataset_x(src, i, 0);
        d->x[k * 2 + 1] = nn_dataset_x(src, i, 1);
        if (src->task == NN_TASK_CLASSIFY)
            d->label[k] = src->label[i];
        else
            for (int t = 0; t < src->n_targets; t++)
                d->y[k * src->n_targets + t] = src->y[i * src->n_targets + t];
        k++;
    }
    return d;
}

/* Every run trains on d from now on (weights, optimizer and counters kept;
 * the batch order follows from each run's own seeds). */
static int use_train(app_Core *c, nn_Dataset *d)
{
    char err[256];
    for (int i = 0; i < c->n_runs; i++) {
        if (nn_session_set_train(c->runs[i]->s, d, 0, err, sizeof err) != NN_OK) {
            for (int k = 0; k < i; k++)
                nn_session_set_train(c->runs[k]->s, c->train, 0, err, sizeof err);
            nn_dataset_destroy(d);
            app_core_status(c, 1, "%s", err);
            return -1;
        }
        app_run_touched(c->runs[i]);
    }
    nn_dataset_destroy(c->train);
    c->train = d;
    c->custom_data = 1;
    return 0;
}

static i18n_Id kc_status(int cls)
{
    return cls ? STR_STATUS_ADDED_BLUE : STR_STATUS_ADDED_ORANGE;
}

static void add_pending(app_Core *c, float x1, float x2, int cls);

static void add_point(app_Core *c, float x1, float x2, int cls)
{
    const nn_Dataset *src = c->train;
    if (src->dim != 2)
        return;
    if (c->points_cleared) {
        add_pending(c, x1, x2, cls);
        return;
    }
    nn_Dataset *d = copy_rows(src, 1, -1);
    if (!d)
        return;
    int k = src->n;
    d->x[k * 2] = x1;
    d->x[k * 2 + 1] = x2;
    if (d->task == NN_TASK_CLASSIFY)
        d->label[k] = cls < d->n_classes ? cls : d->n_classes - 1;
    else
        d->y[k * d->n_targets] = cls ? 1.0f : -1.0f;
    if (use_train(c, d) == 0)
        app_core_status(c, 0, tr(cls ? STR_STATUS_ADDED_BLUE : STR_STATUS_ADDED_ORANGE), c->train->n);
}

/* CLEAR_POINTS: the drawn set starts over. The engine trains on two points
 * at least, so the runs keep the old set, untrained, until two are drawn. */
static void clear_points(app_Core *c)
{
    if (c->train->dim != 2)
        return;
    c->playing = 0;
    c->points_cleared = 1;
    c->n_pending = 0;
    app_core_status(c, 0, "%s", tr(STR_STATUS_DRAW_TWO));
}

/* A point drawn after CLEAR_POINTS: the second makes the new training set. */
static void add_pending(app_Core *c, float x1, float x2, int cls)
{
    c->pending[c->n_pending][0] = x1;
    c->pending[c->n_pending][1] = x2;
    c->pending[c->n_pending][2] = (float)cls;
    if (++c->n_pending < 2) {
        app_core_status(c, 0, "%s", tr(STR_STATUS_DRAW_TWO));
        return;
    }
    const nn_Dataset *src = c->train;
    nn_Dataset *d = copy_rows(src, 2 - src->n, -1);
    if (!d)
        return;
    for (int k = 0; k < 2; k++) {
        int kc = (int)c->pending[k][2];
        d->x[k * 2] = c->pending[k][0];
        d->x[k * 2 + 1] = c->pending[k][1];
        if (d->task == NN_TASK_CLASSIFY)
            d->label[k] = kc < d->n_classes ? kc : d->n_classes - 1;
        else
            for (int t = 0; t < d->n_targets; t++)
                d->y[k * d->n_targets + t] = t == 0 ? (kc ? 1.0f : -1.0f) : 0.0f;
    }
    if (use_train(c, d) == 0) {
        c->points_cleared = 0;
        c->n_pending = 0;
        app_core_status(c, 0, tr(kc_status(cls)), c->train->n);
    }
}

static void remove_point(app_Core *c, float x1, float x2)
{
    const nn_Dataset *src = c->train;
    if (c->points_cleared) {
        /* the nearest point drawn since the clear */
        int best = -1;
        float bd = INFINITY;
        for (int i = 0; i < c->n_pending; i++) {
            float dx = c->pending[i][0] - x1, dy = c->pending[i][1] - x2;
            if (dx * dx + dy * dy < bd) {
                bd = dx * dx + dy * dy;
                best = i;
            }
        }
        if (best >= 0) {
            c->n_pending--;
            if (best == 0 && c->n_pending > 0)
                memcpy(c->pending[0], c->pending[1], sizeof c->pending[0]);
        }
        return;
    }
    if (src->dim != 2 || src->n <= 2)
        return;
    int best = -1;
    float bd = INFINITY;
    for (int i = 0; i < src->n; i++) {
        float dx = nn_dataset_x(src, i, 0) - x1, dy = nn_dataset_x(src, i, 1) - x2;
        float d2 = dx * dx + dy * dy;
        if (d2 < bd) {
            bd = d2;
            best = i;
        }
    }
    nn_Dataset *d = best >= 0 ? copy_rows(src, 0, best) : NULL;
    if (d && use_train(c, d) == 0)
        app_core_status(c, 0, tr(STR_STATUS_REMOVED), c->train->n);
}

/* ======================================================================== */
/* transport                                                                 */
/* ======================================================================== */

static void report_diverged(app_Core *c)
{
    c->playing = 0;
    app_core_status(c, 1, "%s", tr(STR_STATUS_DIVERGED));
}

/* One batch, phase or epoch of every run, in order. */
static void step_runs(app_Core *c, int (*step)(app_Run *), int checkpoint)
{
    c->playing = 0;
    int live = 0;
    for (int i = 0; i < c->n_runs; i++) {
        app_Run *r = c->runs[i];
        if (r->diverged)
            continue;
        int st = step(r);
        if (st == 0)
            live++;
        if (st == 0 && checkpoint)
            app_run_checkpoint(r);
    }
    if (!live)
        report_diverged(c);
}

static int step_phase_and_checkpoint(app_Run *r)
{
    int st = app_run_step_phase(r);
    if (st == 0 && nn_trainer_cursor(r->s->trainer).phase == 0)
        app_run_checkpoint(r);
    return st;
}

/* The caption of the phase the focused run just ran. */
static void phase_status(app_Core *c)
{
    const nn_Session *s = app_core_focus(c)->s;
    nn_Phase ph = nn_trainer_last_phase(s->trainer);
    int L = s->model->arch.n_layers;
    if (ph.kind == NN_PHASE_FORWARD)
        app_core_status(c, 0, tr(ph.layer == L - 1 ? STR_STATUS_PHASE_FORWARD_OUTPUT : STR_STATUS_PHASE_FORWARD),
                        ph.layer + 1);
    else if (ph.kind == NN_PHASE_LOSS)
        app_core_status(c, 0, tr(STR_STATUS_PHASE_LOSS), nn_trainer_cursor(s->trainer).last_loss);
    else if (ph.kind == NN_PHASE_BACKWARD)
        app_core_status(c, 0, tr(STR_STATUS_PHASE_BACKWARD), ph.layer + 1);
    else
        app_core_status(c, 0, "%s", tr(STR_STATUS_PHASE_UPDATE));
}

static void reset_runs(app_Core *c)
{
    c->playing = 0;
    for (int i = 0; i < c->n_runs; i++) {
        app_Run *r = c->runs[i];
        nn_session_reset(r->s);
        r->diverged = 0;
        r->phase_view = 0;
        r->snap.n_history = 0;
        r->epoch_t0 = app_clock();
        r->epoch_secs = 0;
        app_run_touched(r);
    }
    arm_limit(c);
    app_core_status(c, 0, tr(STR_STATUS_RESET),
                    (unsigned long long)app_run_spec(app_core_focus(c))->seed);
}

int app_core_open(app_Core *c, const char *path, char *err, size_t err_len)
{
    nn_Experiment e;
    nn_Model *m = NULL;
    char note[256] = "";
    if (app_is_keras_file(path)) {
        /* a Keras program: run up to its fit for the network and the data */
        app_KerasOpen k;
        if (app_keras_open(path, &k, err, err_len) != 0)
            return -1;
        if (app_core_adopt_runs(c, &k.spec, k.model, k.train, k.test, err, err_len) != 0)
            return -1;
        c->keras_fit_line = k.fit_line;
        snprintf(note, sizeof note, "%s", k.note);
    } else {
        if (app_spec_for_file(path, &e, &m, err, err_len) != 0)
            return -1;
        if (nn_experiment_validate(&e, err, err_len) != NN_OK) {
            nn_model_destroy(m);
            return -1;
        }
        if (app_core_build_runs(c, &e, 1, m, err, err_len) != 0)
            return -1;
        c->keras_fit_line = 0;
    }
    snprintf(c->source, sizeof c->source, "%s", path);
    c->opened++; /* a file opened: the window shows its card */
    const char *base = strrchr(path, '/');
    app_core_status(c, 0, tr(STR_STATUS_OPENED), base ? base + 1 : path);
    if (note[0]) /* what the program's missing data was bound to is news, also at start-up */
        app_core_status(c, 0, "%s", note);
    c->status_keep = note[0] != 0;
    return 0;
}

static void goto_step(app_Core *c, int64_t step)
{
    c->playing = 0;
    char err[256];
    for (int i = 0; i < c->n_runs; i++)
        if (app_run_goto(c->runs[i], step, err, sizeof err) != 0) {
            app_core_status(c, 1, "%s", err);
            return;
        }
}

/* One batch back: to the start of the batch in progress, else to the one
 * before. */
static void step_back(app_Core *c)
{
    nn_Cursor cur = nn_trainer_cursor(app_core_focus(c)->s->trainer);
    int64_t to = cur.phase > 0 || cur.diverged ? cur.step : cur.step - 1;
    if (to < 0)
        return;
    goto_step(c, to);
}

/* Every run to the tip of its timeline branch with this id (edits apply to
 * every run, so their branches match). */
static void select_branch(app_Core *c, int id)
{
    c->playing = 0;
    char err[256];
    for (int i = 0; i < c->n_runs; i++) {
        const app_Timeline *t = &c->runs[i]->timeline;
        int b = -1;
        for (int k = 0; k < t->n_br; k++)
            if (t->br[k].id == id)
                b = k;
        if (b < 0) {
            app_core_status(c, 1, tr(STR_STATUS_NO_BRANCH), id);
            return;
        }
        if (app_run_switch_branch(c->runs[i], b, err, sizeof err) != 0) {
            app_core_status(c, 1, "%s", err);
            return;
        }
    }
    app_core_status(c, 0, tr(STR_STATUS_ON_BRANCH), id);
}

/* One phase or one epoch back, every run (run_phase.c); the caption of
 * where the focused run landed goes to the status line. */
static void step_runs_back(app_Core *c, app_CmdKind kind)
{
    c->playing = 0;
    char err[256];
    for (int i = 0; i < c->n_runs; i++) {
        app_Run *r = c->runs[i];
        int rc = kind == APP_CMD_STEP_PHASE_BACK ? app_run_step_phase_back(r, err, sizeof err)
                                                 : app_run_step_epoch_back(r, err, sizeof err);
        if (rc < 0) {
            app_core_status(c, 1, "%s", err);
            return;
        }
    }
    if (kind == APP_CMD_STEP_PHASE_BACK) {
        const nn_Session *s = app_core_focus(c)->s;
        char cap[256];
        app_phase_caption_opt(nn_trainer_last_phase(s->trainer), s->model->arch.n_layers,
                              (int)s->spec.opt.kind, cap, sizeof cap);
        app_core_status(c, 0, "%s", cap);
    }
}

static void set_param(app_Core *c, const app_Command *cmd)
{
    int l = cmd->i[0], i = cmd->i[1], j = cmd->i[2];
    float v = (float)cmd->f;
    if (!isfinite(v))
        return;
    for (int k = 0; k < c->n_runs; k++) {
        nn_Model *m = c->runs[k]->s->model;
        if (l < 0 || l >= m->arch.n_layers || i < 0 || j < -1 || j >= m->arch.sizes[l + 1])
            return;
        if (i >= (j < 0 ? m->arch.sizes[l + 1] : m->arch.sizes[l]))
            return;
        if (j < 0)
            m->b[l][i] = v;
        else
            m->W[l][(size_t)i * (size_t)m->arch.sizes[l + 1] + (size_t)j] = v;
        app_run_touched(c->runs[k]);
    }
    app_core_status(c, 0, tr(j < 0 ? STR_STATUS_SET_BIAS : STR_STATUS_SET_WEIGHT), (double)v);
}

/* ======================================================================== */
/* applying                                                                  */
/* ======================================================================== */

static void apply(app_Core *c, const app_Command *cmd)
{
    char err[512];
    /* a status describes the last thing done to the runs, or what went
     * wrong with it; the next such command replaces it (or leaves the line
     * to the key hints), and ends an error's styling with it. Looking
     * (inspecting, choosing a run, a speed) keeps it. */
    int looks = cmd->kind == APP_CMD_INSPECT || cmd->kind == APP_CMD_SELECT_RUN ||
                cmd->kind == APP_CMD_SET_SPEED;
    if (!looks) {
        c->status[0] = '\0';
        c->status_error = 0;
    }
    /* slow motion stops at any other move through time */
    if ((cmd->kind <= APP_CMD_STEP_BACK && cmd->kind != APP_CMD_SET_SPEED) ||
        cmd->kind == APP_CMD_STEP_PHASE_BACK ||
        cmd->kind == APP_CMD_STEP_EPOCH_BACK)
        c->slowmo_ms = 0;
    app_core_lesson_before(c, cmd);
    if (c->points_cleared &&
        (cmd->kind == APP_CMD_PLAY || cmd->kind == APP_CMD_TOGGLE_PLAY ||
         cmd->kind == APP_CMD_STEP_BATCH || cmd->kind == APP_CMD_STEP_EPOCH ||
         cmd->kind == APP_CMD_STEP_PHASE || cmd->kind == APP_CMD_TRAIN)) {
        /* nothing to train on yet: the runs' set was cleared */
        c->playing = 0;
        app_core_status(c, 1, "%s", tr(STR_STATUS_DRAW_TWO));
        return;
    }
    switch (cmd->kind) {
    case APP_CMD_PLAY: c->playing = 1; break;
    case APP_CMD_PAUSE: c->playing = 0; break;
    case APP_CMD_TOGGLE_PLAY: c->playing = !c->playing; break;
    case APP_CMD_SET_SPEED:
        if (cmd->i[0] >= 0 && cmd->i[0] < app_speed_count())
            c->speed = cmd->i[0];
        break;
    case APP_CMD_STEP_BATCH: step_runs(c, app_run_step_batch, 1); break;
    case APP_CMD_STEP_EPOCH: step_runs(c, app_run_step_epoch, 0); break;
    case APP_CMD_STEP_PHASE:
        step_runs(c, step_phase_and_checkpoint, 0);
        if (!app_core_focus(c)->diverged)
            phase_status(c);
        break;
    case APP_CMD_TRAIN: {
        c->playing = 0;
        for (uint64_t k = 0; k < cmd->u; k++) {
            int st = app_runner_round(c->runner);
            if (st == 1)
                report_diverged(c);
            if (st != 0)
                break;
        }
        break;
    }
    case APP_CMD_RESET:
        reset_runs(c);
        break;
    case APP_CMD_GOTO_STEP: goto_step(c, (int64_t)(cmd->u > INT64_MAX ? INT64_MAX : cmd->u)); break;
    case APP_CMD_STEP_BACK: step_back(c); break;
    case APP_CMD_SET_PARAM: set_param(c, cmd); break;
    case APP_CMD_ADD_POINT: add_point(c, (float)cmd->f, (float)cmd->f2, cmd->i[0]); break;
    case APP_CMD_REMOVE_POINT: remove_point(c, (float)cmd->f, (float)cmd->f2); break;
    case APP_CMD_CLEAR_POINTS: clear_points(c); break;
    case APP_CMD_OPEN:
        c->playing = 0;
        if (app_core_open(c, cmd->text, err, sizeof err) != 0)
            app_core_status(c, 1, "%s", err);
        break;
    case APP_CMD_SCREENSHOT:
        c->shot_pending = 1;
        snprintf(c->shot_path, sizeof c->shot_path, "%s", cmd->text);
        break;
    case APP_CMD_EXPORT_HISTORY:
    case APP_CMD_EXPORT_MODEL: {
        int rc = (cmd->kind == APP_CMD_EXPORT_MODEL ? app_export_model : app_export_history)(
            app_core_focus(c), c->out_dir, cmd->text, err, sizeof err);
        app_core_status(c, rc != 0, "%s", err);
        break;
    }
    case APP_CMD_SELECT_RUN:
        if (cmd->i[0] >= 0 && cmd->i[0] < c->n_runs)
            c->focus = cmd->i[0];
        break;
    case APP_CMD_COMPARE:
        c->playing = 0;
        if (app_core_compare(c, cmd->text, err, sizeof err) != 0)
            app_core_status(c, 1, "%s", err);
        break;
    case APP_CMD_SELECT_BRANCH: select_branch(c, cmd->i[0]); break;
    case APP_CMD_STEP_PHASE_BACK:
    case APP_CMD_STEP_EPOCH_BACK: step_runs_back(c, cmd->kind); break;
    case APP_CMD_SELECT_ROW: c->inspect.row = cmd->i[0] > 0 ? cmd->i[0] : 0; break;
    case APP_CMD_SET_SLOWMO:
        c->playing = 0;
        c->slowmo_ms = cmd->i[0] <= 0 ? 0
                       : cmd->i[0] < APP_SLOWMO_MIN_MS ? APP_SLOWMO_MIN_MS
                       : cmd->i[0] > APP_SLOWMO_MAX_MS ? APP_SLOWMO_MAX_MS : cmd->i[0];
        c->slowmo_next = c->now; /* the first phase at once */
        break;
    case APP_CMD_GRADCHECK: {
        const nn_Trainer *t = app_core_focus(c)->s->trainer;
        nn_Cursor cur = nn_trainer_cursor(t);
        c->gradcheck.valid = 0;
        if (app_gradcheck(t, cmd->i[0], cmd->i[1], cmd->i[2], 0, &c->gradcheck.r, err, sizeof err) != 0) {
            app_core_status(c, 1, "%s", err);
            break;
        }
        c->gradcheck.valid = 1;
        c->gradcheck.layer = cmd->i[0];
        c->gradcheck.i = cmd->i[1];
        c->gradcheck.j = cmd->i[2];
        c->gradcheck.step = cur.step;
        c->gradcheck.phase = cur.phase;
        break;
    }
    case APP_CMD_EXERCISE: app_core_exercise(c, cmd); break;
    case APP_CMD_RUN_UNTIL:
    case APP_CMD_HIGHLIGHT:
    case APP_CMD_HIDE_CONTROLS:
    case APP_CMD_SHOW_CONTROLS:
    case APP_CMD_VIEW: app_core_lesson_apply(c, cmd); break;
    case APP_CMD_INSPECT:
        if (cmd->i[0] != c->inspect.layer || cmd->i[1] != c->inspect.unit)
            c->exercise.active = 0; /* the question was about the neuron left */
        c->inspect.active = cmd->i[0] >= 0;
        c->inspect.layer = cmd->i[0];
        c->inspect.unit = cmd->i[1];
        c->inspect.row = cmd->i[2] > 0 ? cmd->i[2] : 0;
        break;
    default:
        edit_runs(c, cmd);
        if (cmd->kind == APP_CMD_SET_SEED && !c->status_error)
            app_core_status(c, 0, tr(STR_STATUS_NEW_SEED), (unsigned long long)cmd->u);
        if (cmd->kind == APP_CMD_REGENERATE && !c->status_error)
            app_core_status(c, 0, tr(STR_STATUS_NEW_SAMPLES),
                            (unsigned long long)app_run_spec(app_core_focus(c))->data.seed);
        break;
    }
}

void app_core_sync(app_Core *c, double now)
{
    c->now = now;
    app_runner_lock(c->runner);
    int stop = app_runner_take_stop(c->runner);
    if (stop)
        app_core_lesson_runner_stopped(c, stop);
    if (stop == APP_RUNNER_DIVERGED) {
        report_diverged(c);
    } else if (stop == APP_RUNNER_LIMIT) {
        c->playing = 0;
        const nn_Experiment *e = app_run_spec(c->runs[0]);
        if (e->steps > 0 && nn_trainer_cursor(c->runs[0]->s->trainer).step >= e->steps)
            app_core_status(c, 0, tr(STR_STATUS_LESSON_STEPS), (long long)e->steps);
        else
            app_core_status(c, 0, tr(STR_STATUS_LESSON_EPOCHS), (long long)e->epochs);
        app_runner_set_limit(c->runner, 0, 0);
    } else if (stop) {
        c->playing = 0;
    }
    app_Command cmd;
    while (app_queue_pop(&c->queue, &cmd)) {
        app_edit_log_sync(&c->edits, c->runs[0]->s);
        apply(c, &cmd);
        app_core_note_edit(c, &cmd);
    }
    if (c->slowmo_ms > 0 && now >= c->slowmo_next) {
        /* slow motion: the phase that is due, as the . key steps it */
        step_runs(c, step_phase_and_checkpoint, 0);
        if (app_core_focus(c)->diverged)
            c->slowmo_ms = 0;
        else
            phase_status(c);
        c->slowmo_next = now + c->slowmo_ms / 1000.0;
    }
    if (c->playing)
        for (int i = 0; i < c->n_runs; i++)
            c->runs[i]->phase_view = 0;
    if (app_runner_set(c->runner, c->playing, app_speeds[c->speed]) != 0) {
        c->playing = 0;
        app_core_status(c, 1, "%s", tr(STR_STATUS_NO_THREAD));
    }
    app_SnapWants w = {c->want_grads, c->inspect.active, c->inspect.layer, c->inspect.unit,
                       c->inspect.row};
    for (int i = 0; i < c->n_runs; i++)
        app_run_snap_take(c->runs[i], &w);
    app_runner_unlock(c->runner);
}
