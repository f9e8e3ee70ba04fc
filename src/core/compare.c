/* compare.c - runs that differ in one knob: parsing the knob, building the
 * runs on shared data, stepping them in rounds, and the figures the table
 * and the seed bands are made of. */
#include "core/compare.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/model_io.h"

/* ======================================================================== */
/* the knob                                                                  */
/* ======================================================================== */

static const char *const knob_names[APP_KNOB_COUNT] = {
    [APP_KNOB_ACTIVATION] = "activation",
    [APP_KNOB_OPTIMIZER] = "optimizer",
    [APP_KNOB_LEARNING_RATE] = "learning_rate",
    [APP_KNOB_BATCH_SIZE] = "batch_size",
    [APP_KNOB_INIT] = "init",
    [APP_KNOB_REGULARIZATION] = "regularization",
    [APP_KNOB_REG_RATE] = "regularization_rate",
    [APP_KNOB_LOSS] = "loss",
};

const uint32_t app_cmp_palette[APP_CMP_MAX_VALUES] = {0x332288, 0x44aa99, 0x882255, 0x999933,
                                                       0xcc6677, 0x117733, 0xaa4499, 0xddcc77};

const char *app_knob_name(app_Knob k)
{
    return (unsigned)k < APP_KNOB_COUNT ? knob_names[k] : "unknown";
}

const char *app_knob_suggestion(app_Knob k)
{
    static const char *const s[APP_KNOB_COUNT] = {
        [APP_KNOB_ACTIVATION] = "sigmoid,tanh,relu",
        [APP_KNOB_OPTIMIZER] = "sgd,momentum,adam",
        [APP_KNOB_LEARNING_RATE] = "0.003,0.03,0.3",
        [APP_KNOB_BATCH_SIZE] = "1,10,50",
        [APP_KNOB_INIT] = "glorot_uniform,he_normal,uniform",
        [APP_KNOB_REGULARIZATION] = "none,l1,l2",
        [APP_KNOB_REG_RATE] = "0.001,0.01,0.1",
        [APP_KNOB_LOSS] = "mse,half_squared",
    };
    return (unsigned)k < APP_KNOB_COUNT ? s[k] : "";
}

/* The knob a name means: the names above, with '-' for '_' and the short
 * forms lr and initializer accepted. -1 if none. */
static int knob_from_name(const char *s, size_t len)
{
    char name[40];
    if (len == 0 || len >= sizeof name)
        return -1;
    for (size_t i = 0; i < len; i++)
        name[i] = s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
    name[len] = '\0';
    if (!strcmp(name, "lr"))
        return APP_KNOB_LEARNING_RATE;
    if (!strcmp(name, "initializer"))
        return APP_KNOB_INIT;
    for (int k = 0; k < APP_KNOB_COUNT; k++)
        if (!strcmp(name, knob_names[k]))
            return k;
    return -1;
}

/* "a, b, c" of the names a *_name function gives for 0 .. n-1. */
static void list_names(char *buf, size_t len, const char *(*name)(int), int n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", name(i));
}
static const char *act_name_i(int i) { return nn_act_name((nn_Act)i); }
static const char *opt_name_i(int i) { return nn_opt_name((nn_OptKind)i); }
static const char *init_name_i(int i) { return nn_init_name((nn_Init)i); }
static const char *reg_name_i(int i) { return nn_reg_name((nn_Reg)i); }
static const char *loss_name_i(int i) { return nn_loss_name((nn_Loss)i); }

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* One value of knob k into code/num. 0, or -1 with err. */
static int parse_value(app_Vary *v, int i, char *err, size_t err_len)
{
    const char *s = v->text[i];
    const char *k = knob_names[v->knob];
    char names[400];
    double x;
    switch (v->knob) {
    case APP_KNOB_ACTIVATION: {
        nn_Act a;
        if (nn_act_from_name(s, &a) == 0 && a != NN_ACT_SOFTMAX) {
            v->code[i] = (int)a;
            return 0;
        }
        list_names(names, sizeof names, act_name_i, NN_ACT_SOFTMAX);
        snprintf(err, err_len, "--vary %s: '%s' is not a hidden-layer activation (%s)", k, s,
                 names);
        return -1;
    }
    case APP_KNOB_OPTIMIZER: {
        nn_OptKind o;
        if (nn_opt_from_name(s, &o) == 0) {
            v->code[i] = (int)o;
            return 0;
        }
        list_names(names, sizeof names, opt_name_i, NN_OPT_COUNT);
        snprintf(err, err_len, "--vary %s: '%s' is not an optimizer (%s)", k, s, names);
        return -1;
    }
    case APP_KNOB_INIT: {
        nn_Init in;
        if (nn_init_from_name(s, &in) == 0) {
            v->code[i] = (int)in;
            return 0;
        }
        list_names(names, sizeof names, init_name_i, NN_INIT_COUNT);
        snprintf(err, err_len, "--vary %s: '%s' is not an initializer (%s)", k, s, names);
        return -1;
    }
    case APP_KNOB_REGULARIZATION: {
        nn_Reg r;
        if (nn_reg_from_name(s, &r) == 0) {
            v->code[i] = (int)r;
            return 0;
        }
        list_names(names, sizeof names, reg_name_i, NN_REG_COUNT);
        snprintf(err, err_len, "--vary %s: '%s' is not a regularization (%s)", k, s, names);
        return -1;
    }
    case APP_KNOB_LOSS: {
        nn_Loss l;
        if (nn_loss_from_name(s, &l) == 0) {
            v->code[i] = (int)l;
            return 0;
        }
        list_names(names, sizeof names, loss_name_i, NN_LOSS_COUNT);
        snprintf(err, err_len, "--vary %s: '%s' is not a loss (%s)", k, s, names);
        return -1;
    }
    case APP_KNOB_LEARNING_RATE:
        if (parse_number(s, &x) == 0 && x > 0.0) {
            v->num[i] = x;
            return 0;
        }
        snprintf(err, err_len, "--vary %s: '%s' is not a positive number", k, s);
        return -1;
    case APP_KNOB_BATCH_SIZE:
        if (parse_number(s, &x) == 0 && x >= 1 && x <= (1 << 20) && x == floor(x)) {
            v->num[i] = x;
            return 0;
        }
        snprintf(err, err_len, "--vary %s: '%s' is not a whole number from 1 to 1048576", k, s);
        return -1;
    case APP_KNOB_REG_RATE:
        if (parse_number(s, &x) == 0 && x >= 0.0 && x <= 10.0) {
            v->num[i] = x;
            return 0;
        }
        snprintf(err, err_len, "--vary %s: '%s' is not a number from 0 to 10", k, s);
        return -1;
    case APP_KNOB_COUNT:
        break;
    }
    snprintf(err, err_len, "--vary: unknown knob");
    return -1;
}

int app_vary_parse(const char *arg, app_Vary *out, char *err, size_t err_len)
{
    app_Vary v;
    memset(&v, 0, sizeof v);
    const char *eq = strchr(arg, '=');
    if (!eq) {
        snprintf(err, err_len, "--vary '%s': expected KNOB=VALUE,VALUE[,...] (knobs: activation, "
                 "activation:N, optimizer, learning_rate, batch_size, init, regularization, "
                 "regularization_rate, loss)", arg);
        return -1;
    }
    const char *colon = memchr(arg, ':', (size_t)(eq - arg));
    int k = knob_from_name(arg, (size_t)((colon ? colon : eq) - arg));
    if (k < 0) {
        snprintf(err, err_len, "--vary: unknown knob '%.*s' (activation, activation:N, "
                 "optimizer, learning_rate, batch_size, init, regularization, "
                 "regularization_rate, loss)", (int)((colon ? colon : eq) - arg), arg);
        return -1;
    }
    v.knob = (app_Knob)k;
    if (colon) {
        char *end;
        long n = strtol(colon + 1, &end, 10);
        if (k != APP_KNOB_ACTIVATION || end != eq || colon + 1 == eq || n < 1 ||
            n >= NN_MAX_LAYERS) {
            snprintf(err, err_len, "--vary '%.*s': only activation takes a layer, as "
                     "activation:N with N a hidden layer from 1", (int)(eq - arg), arg);
            return -1;
        }
        v.layer = (int)n;
    }
    const char *p = eq + 1;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0) {
            snprintf(err, err_len, "--vary %s: an empty value (values are separated by single "
                     "commas)", knob_names[k]);
            return -1;
        }
        if (v.n_values == APP_CMP_MAX_VALUES) {
            snprintf(err, err_len, "--vary %s: more than %d values", knob_names[k],
                     APP_CMP_MAX_VALUES);
            return -1;
        }
        if (len >= APP_CMP_VALUE_LEN) {
            snprintf(err, err_len, "--vary %s: the value '%.*s' is too long", knob_names[k],
                     (int)len, p);
            return -1;
        }
        memcpy(v.text[v.n_values], p, len);
        v.text[v.n_values][len] = '\0';
        if (parse_value(&v, v.n_values, err, err_len) != 0)
            return -1;
        v.n_values++;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (v.n_values < 2) {
        snprintf(err, err_len, "--vary %s: give at least two values to compare (v1,v2)",
                 knob_names[k]);
        return -1;
    }
    *out = v;
    return 0;
}

int app_vary_apply(const nn_Experiment *base, const app_Vary *v, int i, nn_Experiment *out,
                   char *err, size_t err_len)
{
    nn_Experiment e = *base;
    const char *k = knob_names[v->knob];
    switch (v->knob) {
    case APP_KNOB_ACTIVATION:
        if (e.n_hidden == 0) {
            snprintf(err, err_len, "--vary %s: the network has no hidden layer", k);
            return -1;
        }
        if (v->layer > e.n_hidden) {
            snprintf(err, err_len, "--vary %s:%d: the network has %d hidden layer%s", k,
                     v->layer, e.n_hidden, e.n_hidden == 1 ? "" : "s");
            return -1;
        }
        for (int l = 0; l < e.n_hidden; l++)
            if (v->layer == 0 || l == v->layer - 1)
                e.hidden_act[l] = (nn_Act)v->code[i];
        break;
    case APP_KNOB_OPTIMIZER: {
        /* one knob at a time: the learning rate and schedule stay, as in the window */
        float lr = e.opt.lr;
        nn_Schedule sc = e.opt.schedule;
        nn_opt_config_default(&e.opt, (nn_OptKind)v->code[i]);
        e.opt.lr = lr;
        e.opt.schedule = sc;
        break;
    }
    case APP_KNOB_LEARNING_RATE:
        e.opt.lr = (float)v->num[i];
        break;
    case APP_KNOB_BATCH_SIZE:
        e.batch_size = (int)v->num[i];
        break;
    case APP_KNOB_INIT:
        e.init = (nn_Init)v->code[i];
        break;
    case APP_KNOB_REGULARIZATION:
        e.reg = (nn_Reg)v->code[i];
        if (e.reg != NN_REG_NONE && e.reg_rate <= 0.0f)
            e.reg_rate = 0.01f;
        break;
    case APP_KNOB_REG_RATE:
        if (e.reg == NN_REG_NONE) {
            snprintf(err, err_len, "--vary %s: no regularization is on (set regularization = l1 "
                     "or l2 in the file, or vary regularization)", k);
            return -1;
        }
        e.reg_rate = (float)v->num[i];
        break;
    case APP_KNOB_LOSS:
        e.loss = (nn_Loss)v->code[i];
        break;
    case APP_KNOB_COUNT:
        snprintf(err, err_len, "--vary: unknown knob");
        return -1;
    }
    char why[256];
    if (nn_experiment_validate(&e, why, sizeof why) != NN_OK) {
        snprintf(err, err_len, "--vary %s=%s: %s", k, v->text[i], why);
        return -1;
    }
    *out = e;
    return 0;
}

/* ======================================================================== */
/* the runs                                                                  */
/* ======================================================================== */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void app_compare_destroy(app_Compare *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n_runs; i++) {
        nn_session_destroy(c->runs[i].s);
        free(c->runs[i].health);
        free(c->runs[i].trace_loss);
        free(c->runs[i].trace_step);
    }
    nn_dataset_destroy(c->train);
    nn_dataset_destroy(c->test);
    free(c);
}

int app_compare_create(app_Compare **out, const nn_Experiment *base, const app_Vary *v,
                       int n_seeds, int64_t epochs, int64_t steps, int health, char *err,
                       size_t err_len)
{
    *out = NULL;
    if (n_seeds < 1 || n_seeds > APP_CMP_MAX_SEEDS || v->n_values < 1 ||
        v->n_values > APP_CMP_MAX_VALUES || (epochs > 0) == (steps > 0) || epochs < 0 ||
        steps < 0) {
        snprintf(err, err_len, "compare: 1 to %d seeds, 1 to %d values and either epochs or "
                 "steps", APP_CMP_MAX_SEEDS, APP_CMP_MAX_VALUES);
        return -1;
    }
    app_Compare *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, err_len, "compare: out of memory");
        return -1;
    }
    c->vary = *v;
    c->n_seeds = n_seeds;
    c->epochs = epochs;
    c->steps = steps;
    if (nn_session_load_data(&base->data, &c->train, &c->test, err, err_len) != NN_OK) {
        free(c);
        return -1;
    }
    int64_t most_batches = 0;
    for (int i = 0; i < v->n_values; i++) {
        nn_Experiment e;
        if (app_vary_apply(base, v, i, &e, err, err_len) != 0) {
            app_compare_destroy(c);
            return -1;
        }
        /* the limit is the comparison's; nothing else stops a run early */
        e.epochs = epochs;
        e.steps = steps;
        e.stop_loss = 0.0;
        for (int k = 0; k < n_seeds; k++) {
            app_CmpRun *r = &c->runs[c->n_runs];
            r->spec = e;
            r->spec.seed = base->seed + (uint64_t)k; /* weights and batch order, not the data */
            r->seed = r->spec.seed;
            r->value = i;
            r->seed_index = k;
            char why[256];
            if (nn_session_create_borrowed(&r->s, &r->spec, c->train, c->test, why,
                                           sizeof why) != NN_OK) {
                snprintf(err, err_len, "--vary %s=%s: %s", knob_names[v->knob], v->text[i], why);
                app_compare_destroy(c);
                return -1;
            }
            nn_Metrics m0, t0;
            nn_session_evaluate(r->s, &m0, &t0, NULL);
            r->initial_loss = m0.loss;
            r->epoch_t0 = seconds_now();
            c->n_runs++;
            int64_t b = steps > 0 ? steps : epochs * nn_trainer_batches_per_epoch(r->s->trainer);
            if (b > most_batches)
                most_batches = b;
        }
    }
    c->trace_stride = (most_batches + APP_CMP_TRACE_MAX - 1) / APP_CMP_TRACE_MAX;
    if (c->trace_stride < 1)
        c->trace_stride = 1;
    for (int i = 0; i < c->n_runs; i++) {
        c->runs[i].trace_loss = malloc(sizeof(float) * APP_CMP_TRACE_MAX);
        c->runs[i].trace_step = malloc(sizeof(int64_t) * APP_CMP_TRACE_MAX);
        if (!c->runs[i].trace_loss || !c->runs[i].trace_step) {
            snprintf(err, err_len, "compare: out of memory for the loss traces");
            app_compare_destroy(c);
            return -1;
        }
    }
    if (health) {
        c->health_stride = (most_batches + APP_CMP_HEALTH_MAX - 1) / APP_CMP_HEALTH_MAX;
        if (c->health_stride < 1)
            c->health_stride = 1;
        for (int i = 0; i < c->n_runs; i++) {
            c->runs[i].health = malloc(sizeof(nn_HealthSample) * APP_CMP_HEALTH_MAX);
            if (!c->runs[i].health) {
                snprintf(err, err_len, "compare: out of memory for the health samples");
                app_compare_destroy(c);
                return -1;
            }
        }
    }
    *out = c;
    return 0;
}

/* The run reached the comparison's limit (as nn_session_train stops). */
static int reached(const app_Compare *c, const app_CmpRun *r)
{
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    if (c->epochs > 0)
        return cur.epoch >= c->epochs && cur.batch == 0 && cur.phase == 0;
    return cur.step >= c->steps;
}

int app_compare_round(app_Compare *c, char *err, size_t err_len)
{
    int going = 0;
    for (int i = 0; i < c->n_runs; i++) {
        app_CmpRun *r = &c->runs[i];
        if (r->done || (r->done = reached(c, r)))
            continue;
        int64_t epoch = nn_trainer_cursor(r->s->trainer).epoch;
        nn_Status st = nn_trainer_step_batch(r->s->trainer);
        if (st == NN_DIVERGED) {
            r->diverged = r->done = 1;
            continue;
        }
        if (st != NN_OK) {
            snprintf(err, err_len, "run %d: %s", i + 1, nn_status_name(st));
            return -1;
        }
        nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
        if (cur.epoch != epoch) {
            double now = seconds_now();
            if (nn_session_record_epoch(r->s, now - r->epoch_t0, NULL) != NN_OK) {
                snprintf(err, err_len, "run %d: out of memory for its history", i + 1);
                return -1;
            }
            r->epoch_t0 = now;
        }
        r->trace_sum += cur.last_loss;
        r->trace_count++;
        if (cur.step % c->trace_stride == 0 && r->n_trace < APP_CMP_TRACE_MAX) {
            r->trace_loss[r->n_trace] = (float)(r->trace_sum / r->trace_count);
            r->trace_step[r->n_trace++] = cur.step;
            r->trace_sum = 0.0;
            r->trace_count = 0;
        }
        if (r->health && cur.step % c->health_stride == 0 && r->n_health < APP_CMP_HEALTH_MAX &&
            nn_health_measure(r->s->trainer, &r->health[r->n_health]) == NN_OK)
            r->n_health++;
        r->done = reached(c, r);
        going += !r->done;
    }
    c->rounds++;
    return going;
}

void app_compare_finish(app_Compare *c)
{
    for (int i = 0; i < c->n_runs; i++)
        nn_session_evaluate(c->runs[i].s, &c->runs[i].train, &c->runs[i].test, NULL);
}

int app_compare_run(app_Compare *c, char *err, size_t err_len)
{
    int going;
    while ((going = app_compare_round(c, err, err_len)) > 0)
        ;
    if (going < 0)
        return -1;
    app_compare_finish(c);
    return 0;
}

/* ======================================================================== */
/* figures                                                                   */
/* ======================================================================== */

int64_t app_cmp_steps_to(const app_CmpRun *r, double target)
{
    for (int64_t i = 0; i < r->s->n_history; i++)
        if (r->s->history[i].train_loss <= target)
            return r->s->history[i].step;
    return -1;
}

static int cmp_double(const void *a, const void *b);

double app_compare_default_target(const app_Compare *c)
{
    double v[APP_CMP_MAX_RUNS];
    int n = 0;
    for (int i = 0; i < c->n_runs; i++)
        if (isfinite(c->runs[i].initial_loss))
            v[n++] = c->runs[i].initial_loss;
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return 0.25 * (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

static double figure(const app_CmpRun *r, app_Figure f, double target)
{
    switch (f) {
    case APP_FIG_LOSS: return r->train.loss;
    case APP_FIG_ACC: return r->train.accuracy;
    case APP_FIG_TEST_LOSS: return r->test.loss;
    case APP_FIG_TEST_ACC: return r->test.accuracy;
    case APP_FIG_STEPS: {
        int64_t s = app_cmp_steps_to(r, target);
        return s < 0 ? NAN : (double)s;
    }
    case APP_FIG_COUNT: break;
    }
    return NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

app_Band app_compare_band(const app_Compare *c, int i, app_Figure f, double target)
{
    double v[APP_CMP_MAX_SEEDS];
    int n = 0;
    for (int k = 0; k < c->n_seeds; k++) {
        const app_CmpRun *r = &c->runs[i * c->n_seeds + k];
        double x = r->diverged ? NAN : figure(r, f, target);
        if (isfinite(x))
            v[n++] = x;
    }
    app_Band b = {NAN, NAN, NAN, n};
    if (n == 0)
        return b;
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    b.lo = v[0];
    b.hi = v[n - 1];
    b.med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return b;
}

int app_compare_within_spread(const app_Compare *c, int i, int j, app_Figure f, double target)
{
    app_Band a = app_compare_band(c, i, f, target), b = app_compare_band(c, j, f, target);
    if (a.n == 0 || b.n == 0)
        return 0;
    return !(a.hi < b.lo || b.hi < a.lo);
}

app_Figure app_compare_key_figure(const app_Compare *c)
{
    return c->test ? APP_FIG_TEST_LOSS : APP_FIG_LOSS;
}

int app_compare_save_history(const app_Compare *c, const char *path, char *err, size_t err_len)
{
    size_t cap = 128, len = 0;
    for (int i = 0; i < c->n_runs; i++)
        cap += (size_t)c->runs[i].s->n_history * (200 + APP_CMP_VALUE_LEN);
    char *buf = malloc(cap);
    if (!buf) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    len += (size_t)snprintf(buf, cap, "run,%s,seed,epoch,step,train_loss,train_acc,test_loss,"
                            "test_acc\n", knob_names[c->vary.knob]);
    for (int i = 0; i < c->n_runs; i++) {
        const app_CmpRun *r = &c->runs[i];
        for (int64_t h = 0; h < r->s->n_history; h++) {
            const nn_EpochRecord *e = &r->s->history[h];
            len += (size_t)snprintf(buf + len, cap - len, "%d,%s,%llu,%lld,%lld,%.9g,%.9g,%.9g,"
                                    "%.9g\n", i + 1, c->vary.text[r->value],
                                    (unsigned long long)r->seed, (long long)e->epoch,
                                    (long long)e->step, e->train_loss, e->train_acc,
                                    e->test_loss, e->test_acc);
        }
    }
    nn_Status st = nn_write_file_atomic(path, buf, len, err, err_len);
    free(buf);
    return st == NN_OK ? 0 : -1;
}
