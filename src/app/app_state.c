/* app_state.c - the window's session: loading, actions, training within a
 * time budget, live metrics and hand-drawn data. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "engine/model_io.h"

const int app_speeds[] = {1, 2, 5, 10, 30, 60, 200, 1000, 5000, 0};
const char *const app_speed_names[] = {"1 batch/s", "2 batch/s", "5 batch/s", "10 batch/s",
                                       "30 batch/s", "60 batch/s", "200 batch/s", "1000 batch/s",
                                       "5000 batch/s", "max speed"};
/* The window opens at a pace a class can follow: 1000 batches a second is
 * 40 epochs a second of Playground's spiral (the boundary forms in seconds,
 * as in Playground) and about one epoch a second of Fashion-MNIST. */
#define APP_DEFAULT_SPEED 7

int app_speed_count(void)
{
    return (int)(sizeof app_speeds / sizeof app_speeds[0]);
}

void app_set_status(app_State *a, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->status, sizeof a->status, fmt, ap);
    va_end(ap);
    a->status_error = error;
    a->status_until = a->now + (error ? 8.0 : 4.0);
}

/* ======================================================================== */
/* loading                                                                   */
/* ======================================================================== */

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n >= e && strcasecmp(path + n - e, ext) == 0;
}

void app_default_spec(nn_Experiment *e, char *path, size_t len)
{
    nn_experiment_default(e);
    if (path && len)
        path[0] = '\0';
#ifdef NNVIZ_LESSON_DIR
    char p[1024], err[256];
    snprintf(p, sizeof p, "%s/spiral.ini", NNVIZ_LESSON_DIR);
    nn_Experiment tmp;
    FILE *f = fopen(p, "r");
    if (f) {
        fclose(f);
        if (nn_experiment_load(&tmp, p, err, sizeof err) == NN_OK) {
            *e = tmp;
            if (path && len)
                snprintf(path, len, "%s", p);
        }
    }
#endif
}

/* The last column name of a CSV header: the label unless told otherwise. */
static int csv_last_column(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    line[strcspn(line, "\r\n")] = '\0';
    const char *last = strrchr(line, ',');
    last = last ? last + 1 : line;
    while (*last == ' ' || *last == '"')
        last++;
    size_t n = strlen(last);
    if (n >= len)
        n = len - 1;
    memcpy(out, last, n);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '"' || out[n - 1] == ' '))
        out[--n] = '\0';
    return n > 0 ? 0 : -1;
}

/* Builds the spec a file describes. *model receives a loaded model file. */
static int spec_for_file(const char *path, nn_Experiment *e, nn_Model **model, uint32_t *features,
                         char *err, size_t err_len)
{
    *model = NULL;
    if (has_ext(path, ".json")) {
        app_default_spec(e, NULL, 0);
        if (nn_model_load(path, model, NULL, features, err, err_len) != NN_OK)
            return -1;
        return 0;
    }
    if (has_ext(path, ".csv")) {
        app_default_spec(e, NULL, 0);
        e->data.kind = NN_SRC_CSV;
        snprintf(e->data.path, sizeof e->data.path, "%s", path);
        if (csv_last_column(path, e->data.label, sizeof e->data.label) != 0) {
            snprintf(err, err_len, "%s: no header row", path);
            return -1;
        }
        e->data.features = 0;
        e->out_act = NN_ACT_SOFTMAX;
        e->loss = NN_LOSS_SPARSE_CCE;
        e->n_out = 0;
        return 0;
    }
    if (has_ext(path, ".py")) {
        snprintf(err, err_len, "%s: Keras files are opened by the Keras bridge, not built here", path);
        return -1;
    }
    return nn_experiment_load(e, path, err, err_len) == NN_OK ? 0 : -1;
}

/* A model file brings its own architecture: the spec follows it so later
 * rebuilds keep the shape. */
static void spec_from_model(nn_Experiment *e, const nn_Model *m, uint32_t features)
{
    e->n_hidden = m->arch.n_layers - 1;
    for (int l = 0; l < e->n_hidden; l++) {
        e->hidden[l] = m->arch.sizes[l + 1];
        e->hidden_act[l] = m->arch.act[l];
    }
    e->out_act = m->arch.act[m->arch.n_layers - 1];
    e->n_out = nn_model_outputs(m);
    e->loss = m->loss;
    e->reg = m->reg;
    e->reg_rate = m->reg_rate;
    if (features)
        e->data.features = features;
}

static void after_new_session(app_State *a)
{
    a->spec = a->s->spec;
    a->metrics_step = -1;
    a->heat.drawn_step = -1;
    a->custom_data = 0;
    a->edit.active = 0;
    a->sample = 0;
    a->epoch_t0 = plat_now();
    a->phase_view = 0;
    a->inspect.active = 0;
    a->snap.n_history = 0;
    free(a->confusion);
    a->confusion = NULL;
    a->n_conf = 0;
}

int app_open_file(app_State *a, const char *path)
{
    char err[512] = "";
    nn_Experiment e;
    nn_Model *m = NULL;
    uint32_t features = 0;
    if (spec_for_file(path, &e, &m, &features, err, sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    if (m)
        spec_from_model(&e, m, features);
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        nn_model_destroy(m);
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    if (m && nn_session_adopt_model(s, m, NULL, err, sizeof err) != NN_OK) {
        nn_model_destroy(m);
        nn_session_destroy(s);
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    app_lock(a);
    nn_Session *old = a->s;
    a->s = s;
    a->playing = 0;
    app_worker_set(a, 0, app_speeds[a->speed]);
    snprintf(a->source, sizeof a->source, "%s", path);
    after_new_session(a);
    app_unlock(a);
    nn_session_destroy(old);
    const char *base = strrchr(path, '/');
    app_set_status(a, 0, "Opened %s", base ? base + 1 : path);
    return 0;
}

static app_State *alloc_state(plat_Ctx *plat, char *err, size_t err_len)
{
    app_State *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    a->plat = plat;
    if (ui_init(&a->ui, 65536, plat_text_width, plat_text_height, plat) != 0) {
        snprintf(err, err_len, "out of memory for the UI");
        free(a);
        return NULL;
    }
    if (app_worker_create(a) != 0) {
        snprintf(err, err_len, "cannot create the training lock");
        ui_free(&a->ui);
        free(a);
        return NULL;
    }
    a->speed = APP_DEFAULT_SPEED;
    a->zoom = 1.0f;
    a->scale = 1.0f;
    a->draw_class = 1;
    a->show_acc = 1;
    a->metrics_step = -1;
    a->heat.drawn_step = -1;
    a->now = a->last_now = plat_now();
    const char *sd = getenv("NNVIZ_SHOT_DIR");
    snprintf(a->shot_dir, sizeof a->shot_dir, "%s", sd && sd[0] ? sd : ".");
    return a;
}

int app_create_spec(app_State **out, plat_Ctx *plat, const nn_Experiment *spec, char *err,
                    size_t err_len)
{
    *out = NULL;
    app_State *a = alloc_state(plat, err, err_len);
    if (!a)
        return -1;
    if (nn_session_create(&a->s, spec, err, err_len) != NN_OK) {
        app_destroy(a);
        return -1;
    }
    after_new_session(a);
    *out = a;
    return 0;
}

int app_create(app_State **out, plat_Ctx *plat, const char *path, char *err, size_t err_len)
{
    *out = NULL;
    app_State *a = alloc_state(plat, err, err_len);
    if (!a)
        return -1;
    nn_Experiment e;
    nn_Model *m = NULL;
    uint32_t features = 0;
    if (path) {
        if (spec_for_file(path, &e, &m, &features, err, err_len) != 0) {
            app_destroy(a);
            return -1;
        }
        if (m)
            spec_from_model(&e, m, features);
        snprintf(a->source, sizeof a->source, "%s", path);
    } else {
        app_default_spec(&e, a->source, sizeof a->source);
    }
    if (nn_session_create(&a->s, &e, err, err_len) != NN_OK) {
        nn_model_destroy(m);
        app_destroy(a);
        return -1;
    }
    if (m && nn_session_adopt_model(a->s, m, NULL, err, err_len) != NN_OK) {
        nn_model_destroy(m);
        app_destroy(a);
        return -1;
    }
    after_new_session(a);
    *out = a;
    return 0;
}

void app_destroy(app_State *a)
{
    if (!a)
        return;
    app_worker_destroy(a); /* joins the training thread before its session goes */
    app_heat_free(a);
    app_snap_free(a);
    nn_evaluator_destroy(a->eval);
    nn_session_destroy(a->s);
    free(a->confusion);
    ui_free(&a->ui);
    free(a);
}

app_View app_view_of(const app_State *a)
{
    const nn_Dataset *d = a->s->train;
    if (d->img_w > 0 && d->img_h > 0)
        return APP_VIEW_IMAGE;
    if (d->dim == 2)
        return APP_VIEW_PLANE;
    if (d->dim == 1)
        return APP_VIEW_LINE;
    return APP_VIEW_OTHER;
}

/* ======================================================================== */
/* training                                                                  */
/* ======================================================================== */

/* Epochs are recorded densely at first and then ever more sparsely, so a
 * class left training at full speed for an hour does not fill the memory
 * (the chart shows the whole run either way). */
static int should_record(int64_t epoch)
{
    if (epoch <= 2000)
        return 1;
    int64_t stride = 1;
    while (epoch / stride > 2000)
        stride *= 2;
    return epoch % stride == 0;
}

static void epoch_done(app_State *a)
{
    nn_Cursor c = nn_trainer_cursor(a->s->trainer);
    double now = plat_now();
    if (should_record(c.epoch)) {
        nn_EpochRecord rec;
        nn_session_record_epoch(a->s, now - a->epoch_t0, &rec);
    }
    a->epoch_t0 = now;
}

static void on_diverged(app_State *a)
{
    a->playing = 0;
    app_set_status(a, 1, "The loss diverged (NaN or infinity): the learning rate is probably too "
                         "high. Press R to reset.");
}

int app_step_locked(app_State *a)
{
    int64_t ep = nn_trainer_cursor(a->s->trainer).epoch;
    nn_Status st = nn_trainer_step_batch(a->s->trainer);
    if (st == NN_DIVERGED)
        return 1;
    if (st != NN_OK)
        return -1;
    if (nn_trainer_cursor(a->s->trainer).epoch != ep)
        epoch_done(a);
    return 0;
}

/* Up to n batches on this thread, stopping early when the epoch moves past
 * stop_epoch (-1: no such stop); the caller holds the lock. */
static void run_batches(app_State *a, int64_t n, int64_t stop_epoch)
{
    for (int64_t i = 0; i < n; i++) {
        if (stop_epoch >= 0 && nn_trainer_cursor(a->s->trainer).epoch != stop_epoch)
            break;
        int st = app_step_locked(a);
        if (st == 1)
            on_diverged(a);
        if (st != 0)
            break;
    }
    a->phase_view = 0;
}

static void train_locked(app_State *a, int64_t n)
{
    run_batches(a, n, -1);
}

void app_train_batches(app_State *a, int64_t n)
{
    app_lock(a);
    train_locked(a, n);
    app_unlock(a);
}

static void step_phase(app_State *a)
{
    int64_t ep = nn_trainer_cursor(a->s->trainer).epoch;
    nn_Status st = nn_trainer_step_phase(a->s->trainer);
    if (st == NN_DIVERGED) {
        on_diverged(a);
        return;
    }
    if (nn_trainer_cursor(a->s->trainer).epoch != ep)
        epoch_done(a);
    a->phase_view = 1;
    nn_Phase ph = nn_trainer_last_phase(a->s->trainer);
    int L = a->s->model->arch.n_layers;
    if (ph.kind == NN_PHASE_FORWARD)
        app_set_status(a, 0, "Forward pass: layer %d computes z = W\xc2\xb7" "a + b and a = f(z)%s",
                       ph.layer + 1, ph.layer == L - 1 ? " (the output)" : "");
    else if (ph.kind == NN_PHASE_LOSS)
        app_set_status(a, 0, "Loss of the batch: %.4f, and \xce\xb4 = \xe2\x88\x82L/\xe2\x88\x82z of the output layer",
                       nn_trainer_cursor(a->s->trainer).last_loss);
    else if (ph.kind == NN_PHASE_BACKWARD)
        app_set_status(a, 0, "Backward pass: layer %d gets \xce\xb4, \xe2\x88\x82L/\xe2\x88\x82W and \xe2\x88\x82L/\xe2\x88\x82" "b",
                       ph.layer + 1);
    else
        app_set_status(a, 0, "Update: the optimizer changes every weight and bias by \xce\x94");
}

static void step_epoch(app_State *a)
{
    /* the rest of this epoch: at most a full epoch of batches and one more
     * for a half-run batch */
    run_batches(a, (int64_t)nn_trainer_batches_per_epoch(a->s->trainer) + 2,
                nn_trainer_cursor(a->s->trainer).epoch);
}

static void rebuild(app_State *a)
{
    char err[512];
    int same_data = memcmp(&a->spec.data, &a->s->spec.data, sizeof a->spec.data) == 0;
    if (nn_session_rebuild(a->s, &a->spec, err, sizeof err) != NN_OK) {
        app_set_status(a, 1, "%s", err);
        a->spec = a->s->spec; /* the controls show what is running */
        return;
    }
    int custom = a->custom_data && same_data;
    after_new_session(a);
    a->custom_data = custom;
}

static int add_point_locked(app_State *a, float x1, float x2, int cls);
static int remove_point_locked(app_State *a, float x1, float x2);

static void set_param(app_State *a)
{
    nn_Model *m = a->s->model;
    int l = a->set_param.layer, i = a->set_param.i, j = a->set_param.j;
    if (l < 0 || l >= m->arch.n_layers || i < 0 || j >= m->arch.sizes[l + 1])
        return;
    if (i >= (j < 0 ? m->arch.sizes[l + 1] : m->arch.sizes[l]))
        return;
    if (j < 0)
        m->b[l][i] = a->set_param.v;
    else
        m->W[l][(size_t)i * (size_t)m->arch.sizes[l + 1] + (size_t)j] = a->set_param.v;
    a->heat.drawn_step = -1;
    a->metrics_step = -1;
}

static void apply_pending(app_State *a)
{
    unsigned p = a->pending;
    a->pending &= APP_ACT_SCREENSHOT; /* taken after the frame is drawn */
    char err[512];
    if (p & APP_ACT_REBUILD) {
        rebuild(a);
    } else if (p & APP_ACT_RESET) {
        if (a->spec.seed != a->s->spec.seed) {
            rebuild(a);
        } else {
            nn_session_reset(a->s);
            a->metrics_step = -1;
            a->heat.drawn_step = -1;
            a->edit.active = 0;
            a->epoch_t0 = plat_now();
            a->phase_view = 0;
        }
        app_set_status(a, 0, "Reset: new weights from seed %llu",
                       (unsigned long long)a->spec.seed);
    }
    if (p & APP_ACT_SET_OPT) {
        if (nn_session_set_optimizer(a->s, &a->spec.opt, err, sizeof err) != NN_OK) {
            app_set_status(a, 1, "%s", err);
            a->spec.opt = a->s->spec.opt;
        }
    }
    if (p & APP_ACT_LIVE_REG) {
        a->s->model->reg = a->spec.reg;
        a->s->model->reg_rate = a->spec.reg_rate;
        a->s->spec.reg = a->spec.reg;
        a->s->spec.reg_rate = a->spec.reg_rate;
        a->metrics_step = -1;
    }
    if (p & APP_ACT_SET_PARAM)
        set_param(a);
    if (p & APP_ACT_POINT) {
        if (a->point.add) {
            if (add_point_locked(a, a->point.x1, a->point.x2, a->point.cls) == 0)
                app_set_status(a, 0, "Added a %s point (%d training points)",
                               a->point.cls ? "blue" : "orange", a->s->train->n);
        } else if (remove_point_locked(a, a->point.x1, a->point.x2) == 0) {
            app_set_status(a, 0, "Removed a point (%d training points)", a->s->train->n);
        }
    }
    if (p & APP_ACT_STEP_BATCH) {
        a->playing = 0;
        train_locked(a, 1);
    }
    if (p & APP_ACT_STEP_EPOCH) {
        a->playing = 0;
        step_epoch(a);
    }
    if (p & APP_ACT_STEP_PHASE) {
        a->playing = 0;
        step_phase(a);
    }
    if (p & APP_ACT_EXPORT_CSV)
        app_export_history(a, NULL);
    if (p & APP_ACT_EXPORT_MODEL)
        app_export_model(a, NULL);
}

void app_sync(app_State *a)
{
    app_lock(a);
    int stop = app_worker_take_diverged(a);
    if (stop == 1)
        on_diverged(a);
    else if (stop)
        a->playing = 0;
    apply_pending(a);
    if (a->playing)
        a->phase_view = 0;
    app_worker_set(a, a->playing, app_speeds[a->speed]);
    app_snap_take(a);
    app_unlock(a);
}

/* ======================================================================== */
/* metrics                                                                   */
/* ======================================================================== */

/* The evaluator works on the snapshot's model: the session's own belongs
 * to the training thread (it evaluates the test set at every epoch's end). */
static nn_Evaluator *ui_evaluator(app_State *a)
{
    const nn_Model *m = app_model(a);
    if (a->eval && memcmp(&a->eval_arch, &m->arch, sizeof m->arch) == 0)
        return a->eval;
    nn_evaluator_destroy(a->eval);
    a->eval = NULL;
    char err[256];
    if (nn_evaluator_create(&a->eval, &m->arch, 256, err, sizeof err) != NN_OK)
        return NULL;
    a->eval_arch = m->arch;
    return a->eval;
}

void app_refresh_metrics(app_State *a, int force)
{
    nn_Session *s = a->s;
    const app_Snap *S = &a->snap;
    const nn_Model *m = app_model(a);
    if (!m)
        return;
    nn_Cursor c = S->cursor;
    if (!force && a->metrics_step == c.step)
        return;
    int64_t rows = (int64_t)s->train->n + (s->test ? s->test->n : 0);
    int big = rows > 20000;
    /* big sets are evaluated at most once a second, small ones ten times */
    double every = big ? 1.0 : 0.1;
    if (!force && a->playing && a->now - a->metrics_time < every)
        return;
    nn_Evaluator *ev = ui_evaluator(a);
    if (!ev)
        return;
    uint32_t features = s->spec.data.features;
    int k = s->train->task == NN_TASK_CLASSIFY ? s->train->n_classes : 0;
    if (k > 0 && a->n_conf != k) {
        free(a->confusion);
        a->confusion = calloc((size_t)k * (size_t)k, sizeof *a->confusion);
        a->n_conf = a->confusion ? k : 0;
    }
    if (big) {
        /* the training figures come from the cursor's running epoch; only the
         * test set is evaluated (10 000 rows, not 70 000) */
        const nn_Dataset *d = s->test ? s->test : s->train;
        nn_Metrics mt;
        nn_evaluate(ev, m, d, features, &mt, a->confusion);
        if (s->test)
            a->m_test = mt;
        if (c.epoch_rows > 0) {
            a->m_train.loss = c.epoch_loss_sum / (double)c.epoch_rows;
            a->m_train.accuracy = k ? (double)c.epoch_correct / (double)c.epoch_rows : NAN;
        } else if (S->n_history > 0) {
            a->m_train.loss = S->history[S->n_history - 1].train_loss;
            a->m_train.accuracy = S->history[S->n_history - 1].train_acc;
        } else if (!s->test) {
            a->m_train = mt;
        } else {
            a->m_train.loss = NAN;
            a->m_train.accuracy = NAN;
        }
    } else {
        nn_evaluate(ev, m, s->train, features, &a->m_train, s->test ? NULL : a->confusion);
        if (s->test)
            nn_evaluate(ev, m, s->test, features, &a->m_test, a->confusion);
    }
    if (!s->test) {
        a->m_test.loss = NAN;
        a->m_test.accuracy = NAN;
    }
    a->metrics_step = c.step;
    a->metrics_time = a->now;
}

/* ======================================================================== */
/* hand-drawn data                                                           */
/* ======================================================================== */

/* Replaces the training set, keeping weights, optimizer and counters. */
static int swap_train(app_State *a, nn_Dataset *d)
{
    nn_Session *s = a->s;
    char err[256];
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = s->spec.batch_size;
    tc.shuffle = s->spec.shuffle;
    tc.features = s->spec.data.features;
    nn_rng_seed(&tc.rng, s->spec.seed ^ 0x5DEECE66DULL);
    nn_Trainer *tr = NULL;
    if (nn_trainer_create(&tr, s->model, s->opt, d, &tc, err, sizeof err) != NN_OK) {
        app_set_status(a, 1, "%s", err);
        nn_dataset_destroy(d);
        return -1;
    }
    nn_Cursor old = nn_trainer_cursor(s->trainer), c = nn_trainer_cursor(tr);
    c.epoch = old.epoch;
    c.step = old.step;
    c.samples = old.samples;
    nn_trainer_set_cursor(tr, &c);
    nn_trainer_destroy(s->trainer);
    nn_dataset_destroy(s->train);
    s->trainer = tr;
    s->train = d;
    a->custom_data = 1;
    a->metrics_step = -1;
    a->heat.drawn_step = -1;
    return 0;
}

static nn_Dataset *copy_rows(const nn_Dataset *src, int n_new, int skip)
{
    nn_Dataset *d = NULL;
    char err[256];
    if (nn_dataset_create(&d, src->task, n_new, 2, src->n_targets, src->n_classes, 0, err,
                          sizeof err) != NN_OK)
        return NULL;
    /* the name says the set was edited by hand; truncated to fit */
    size_t room = sizeof d->name - sizeof " (drawn)";
    memcpy(d->name, src->name, strnlen(src->name, room));
    d->name[strnlen(src->name, room)] = '\0';
    strcat(d->name, " (drawn)");
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

static int add_point_locked(app_State *a, float x1, float x2, int cls)
{
    const nn_Dataset *src = a->s->train;
    if (src->dim != 2)
        return -1;
    nn_Dataset *d = copy_rows(src, src->n + 1, -1);
    if (!d)
        return -1;
    int k = src->n;
    d->x[k * 2] = x1;
    d->x[k * 2 + 1] = x2;
    if (d->task == NN_TASK_CLASSIFY)
        d->label[k] = cls < d->n_classes ? cls : d->n_classes - 1;
    else
        d->y[k * d->n_targets] = cls ? 1.0f : -1.0f;
    return swap_train(a, d);
}

static int remove_point_locked(app_State *a, float x1, float x2)
{
    const nn_Dataset *src = a->s->train;
    if (src->dim != 2 || src->n <= 2)
        return -1;
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
    if (best < 0)
        return -1;
    nn_Dataset *d = copy_rows(src, src->n - 1, best);
    if (!d)
        return -1;
    return swap_train(a, d);
}

int app_add_point(app_State *a, float x1, float x2, int cls)
{
    app_lock(a);
    int rc = add_point_locked(a, x1, x2, cls);
    app_unlock(a);
    return rc;
}

int app_remove_point(app_State *a, float x1, float x2)
{
    app_lock(a);
    int rc = remove_point_locked(a, x1, x2);
    app_unlock(a);
    return rc;
}
