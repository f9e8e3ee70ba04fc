/* experiment.c - experiment/lesson files: INI through libinih, documented in
 * docs/experiment-format.md. Every value is checked where it is read, so an
 * error names the file, the line and the key. */
#include "experiment.h"

#include <errno.h>
#include <float.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file_open.h"
#include "model_io.h"

/* Lessons are a few kilobytes; anything far larger is not an experiment file,
 * and reading it line by line would only keep the user waiting. */
#define NN_EXPERIMENT_FILE_MAX ((uint64_t)4 << 20)
/* A value with its continuation lines joined; 31 hidden layers of 4096 need 186. */
#define NN_VALUE_MAX 2048
/* Doubles below this round to a finite float (FLT_MAX plus half its ulp). */
#define NN_FLOAT_LIMIT 3.4028235677973366e+38

void nn_experiment_default(nn_Experiment *e)
{
    memset(e, 0, sizeof *e);
    snprintf(e->title, sizeof e->title, "Spiral");
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_SPIRAL;
    e->data.samples = 500;
    e->data.noise = 0.0;
    e->data.train_ratio = 0.5;
    e->data.binary_dim = 8;
    e->data.features = NN_FEAT_X1 | NN_FEAT_X2;
    e->data.seed = 1;
    e->n_hidden = 2;
    e->hidden[0] = 4;
    e->hidden[1] = 2;
    e->hidden_act[0] = e->hidden_act[1] = NN_ACT_TANH;
    for (int l = 2; l < NN_MAX_LAYERS; l++)
        e->hidden_act[l] = NN_ACT_TANH;
    e->out_act = NN_ACT_TANH;
    e->n_out = 0;
    e->init = NN_INIT_UNIFORM;
    e->reg = NN_REG_NONE;
    e->reg_rate = 0.0f;
    e->loss = NN_LOSS_HALF_SQUARED;
    nn_opt_config_default(&e->opt, NN_OPT_SGD);
    e->opt.lr = 0.03f;
    e->batch_size = 10;
    e->epochs = 0;
    e->steps = 0;
    e->stop_loss = 0.0;
    e->shuffle = 1;
    e->seed = 1;
}

const char *nn_source_name(const nn_DataSpec *d)
{
    switch (d->kind) {
    case NN_SRC_PLAYGROUND: return nn_playground_name(d->playground);
    case NN_SRC_REG1D: return d->reg1d == NN_REG1D_LINEAR ? "linear1d" : "sine1d";
    case NN_SRC_BINARY: return "binary";
    case NN_SRC_CSV: return "csv";
    case NN_SRC_IDX: return "fashion-mnist";
    case NN_SRC_COUNT: break;
    }
    return "unknown";
}

nn_Status nn_experiment_validate(const nn_Experiment *e, char *err, size_t err_len)
{
    const nn_DataSpec *d = &e->data;
    if ((unsigned)d->kind >= NN_SRC_COUNT) {
        nn_errorf(err, err_len, "[data] source: unknown");
        return NN_ERR_INVALID_ARG;
    }
    if (d->kind == NN_SRC_PLAYGROUND || d->kind == NN_SRC_REG1D || d->kind == NN_SRC_BINARY) {
        if (d->samples < 10 || d->samples > 1000000) {
            nn_errorf(err, err_len, "[data] samples must be 10 to 1000000, not %d", d->samples);
            return NN_ERR_INVALID_ARG;
        }
    }
    if (!(d->noise >= 0.0 && d->noise <= 50.0)) {
        nn_errorf(err, err_len, "[data] noise must be 0 to 50, not %g", d->noise);
        return NN_ERR_INVALID_ARG;
    }
    if (d->train_ratio == 1.0 && d->kind != NN_SRC_CSV) {
        nn_errorf(err, err_len, "[data] train_ratio 100 (every row trains) is for csv data only");
        return NN_ERR_INVALID_ARG;
    }
    if (!(d->train_ratio >= 0.1 - 1e-9 && d->train_ratio <= 0.9 + 1e-9) && d->train_ratio != 1.0) {
        nn_errorf(err, err_len, "[data] train_ratio must be 10 to 90 (percent), not %g",
                  d->train_ratio * 100.0);
        return NN_ERR_INVALID_ARG;
    }
    if (d->kind == NN_SRC_CSV && (!d->path[0] || !d->label[0])) {
        nn_errorf(err, err_len, "[data] source = csv needs path and label");
        return NN_ERR_INVALID_ARG;
    }
    if (d->kind == NN_SRC_BINARY && (d->binary_dim < 1 || d->binary_dim > NN_MAX_UNITS)) {
        nn_errorf(err, err_len, "[data] bits must be 1 to %d, not %d", NN_MAX_UNITS, d->binary_dim);
        return NN_ERR_INVALID_ARG;
    }
    if (e->n_hidden < 0 || e->n_hidden > NN_MAX_LAYERS - 1) {
        nn_errorf(err, err_len, "[network] at most %d hidden layers, not %d", NN_MAX_LAYERS - 1,
                  e->n_hidden);
        return NN_ERR_INVALID_ARG;
    }
    for (int l = 0; l < e->n_hidden; l++) {
        if (e->hidden[l] < 1 || e->hidden[l] > NN_MAX_UNITS) {
            nn_errorf(err, err_len, "[network] hidden layer %d: units must be 1 to %d, not %d",
                      l + 1, NN_MAX_UNITS, e->hidden[l]);
            return NN_ERR_INVALID_ARG;
        }
        if ((unsigned)e->hidden_act[l] >= NN_ACT_COUNT || e->hidden_act[l] == NN_ACT_SOFTMAX) {
            nn_errorf(err, err_len, "[network] hidden layer %d: softmax is only for the output",
                      l + 1);
            return NN_ERR_INVALID_ARG;
        }
    }
    if (e->n_out < 0 || e->n_out > NN_MAX_UNITS) {
        nn_errorf(err, err_len, "[network] outputs must be 0 (from the data) to %d, not %d",
                  NN_MAX_UNITS, e->n_out);
        return NN_ERR_INVALID_ARG;
    }
    if (e->n_dropout > 1 && e->n_dropout != e->n_hidden) {
        nn_errorf(err, err_len, "[network] dropout gives %d rates for %d hidden layers (give one "
                                "for all, or one per layer)", e->n_dropout, e->n_hidden);
        return NN_ERR_INVALID_ARG;
    }
    if (!(e->input_dropout >= 0.0f && e->input_dropout < 1.0f)) {
        nn_errorf(err, err_len, "[network] input_dropout must be at least 0 and below 1");
        return NN_ERR_INVALID_ARG;
    }
    for (int l = 0; l < e->n_dropout; l++)
        if (!(e->dropout[l] >= 0.0f && e->dropout[l] < 1.0f)) {
            nn_errorf(err, err_len, "[network] dropout rates must be at least 0 and below 1");
            return NN_ERR_INVALID_ARG;
        }
    if (!(e->reg_rate >= 0.0f && isfinite(e->reg_rate))) {
        nn_errorf(err, err_len, "[network] regularization_rate must be >= 0");
        return NN_ERR_INVALID_ARG;
    }
    if (e->batch_size < 1 || e->batch_size > (1 << 20)) {
        nn_errorf(err, err_len, "[training] batch_size must be 1 to %d, not %d", 1 << 20,
                  e->batch_size);
        return NN_ERR_INVALID_ARG;
    }
    if (e->epochs < 0 || e->steps < 0 || !(e->stop_loss >= 0.0)) {
        nn_errorf(err, err_len, "[training] epochs, steps and stop_loss must not be negative");
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = nn_opt_config_validate(&e->opt, err, err_len);
    if (st != NN_OK)
        return st;
    return NN_OK;
}

/* ---- loading ------------------------------------------------------------ */

typedef struct {
    nn_Experiment *e;
    const char *path;
    FILE *f;
    int line;              /* lines handed to inih so far: the line being parsed */
    int read_error;        /* the file could not be read (e.g. it is a directory) */
    int stop_line;         /* reading stopped here: a line too long, or a NUL byte */
    const char *stop_msg;  /* why */
    char stop_start[24];   /* the start of that line, to find it by */
    /* inih calls the handler once per line of a value continued on indented
     * lines; the loader joins them and checks the whole value, so a key is
     * handled when the next key (or the end of the file) comes. */
    int prev_key;          /* mirrors inih: a key line since the last [section] */
    int cur_cont;          /* the line being parsed continues the previous value */
    int pending;           /* pend_* holds a key not yet handled */
    int pend_line;
    char pend_section[64], pend_name[64], pend_value[NN_VALUE_MAX];
    int key_line;          /* the line of the key being handled */
    char msg[400];         /* the first problem, without file:line */
    int failed;
    int failed_line;       /* where it was */
    int act_line;          /* where [network] activation was set */
    /* optimizer keys are applied after the optimizer's defaults, whatever
     * their order in the file */
    int has_opt;
    nn_OptKind opt_kind;
    int has[16];
    double val[16];
    int n_act;              /* activations listed in [network] activation */
    nn_Act acts[NN_MAX_LAYERS];
    int hidden_set;
    int n_values;           /* piecewise values listed, and where */
    int values_line, bounds_line;
} Loader;

enum { K_LR, K_MOMENTUM, K_RHO, K_B1, K_B2, K_EPS, K_ACC, K_WD, K_DSTEPS, K_DRATE, K_STAIR,
       K_ALPHA, K_SCHED };

static int fail(Loader *ld, const char *section, const char *key, const char *fmt, const char *v)
{
    if (!ld->failed) {
        char what[200];
        snprintf(what, sizeof what, fmt, v);
        snprintf(ld->msg, sizeof ld->msg, "[%s] %s: %s", section, key, what);
        ld->failed = 1;
        ld->failed_line = ld->key_line;
    }
    return 0;
}

static int parse_num(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == v || *end || errno == ERANGE || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int parse_int(const char *v, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == v || *end || errno || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

/* Ranges that hold for a hyperparameter whatever the optimizer (Keras's), so
 * a bad value is reported at its line; nn_opt_config_validate checks again. */
static const char *hyper_range(int slot, double x)
{
    switch (slot) {
    case K_LR: return x > 0 ? NULL : "'%s' must be greater than 0";
    case K_MOMENTUM: case K_RHO: case K_B1: case K_B2:
        return x >= 0 && x < 1 ? NULL : "'%s' must be from 0 to less than 1";
    case K_EPS: return x > 0 ? NULL : "'%s' must be greater than 0";
    case K_ACC: case K_WD: return x >= 0 ? NULL : "'%s' must not be negative";
    case K_DSTEPS:
        return x >= 1 && x <= 1e15 && x == floor(x) ? NULL : "'%s' must be a whole number >= 1";
    case K_DRATE: return x > 0 && x <= 1 ? NULL : "'%s' must be greater than 0 and at most 1";
    case K_ALPHA: return x >= 0 && x <= 1 ? NULL : "'%s' must be from 0 to 1";
    }
    return NULL;
}

/* x survives being stored as a float: finite, and not a non-zero value that
 * would become 0 or a subnormal (the engine flushes subnormals to zero, see
 * fpmode.h). Checked before the conversion, which is undefined past FLT_MAX. */
static int fits_float(double x)
{
    if (!(fabs(x) < NN_FLOAT_LIMIT))
        return 0;
    return x == 0 || fabsf((float)x) >= FLT_MIN;
}

#define FLOAT_RANGE "'%s' does not fit a float (0, or about 1.2e-38 to 3.4e+38 in size)"

/* A comma-separated list of 1 .. cap numbers into out; the count, or -1. */
static int parse_list(const char *v, double *out, int cap)
{
    int count = 0;
    const char *p = v;
    while (*p) {
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        if (end == p || errno == ERANGE || !isfinite(x) || count >= cap)
            return -1;
        out[count++] = x;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                return -1;
        } else if (*p) {
            return -1;
        }
    }
    return count > 0 ? count : -1;
}

static int parse_u64(const char *v, uint64_t *out)
{
    char *end;
    errno = 0;
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v == '-' || *v == '+')
        return -1; /* strtoull would wrap a minus sign around */
    unsigned long long x = strtoull(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == v || *end || errno)
        return -1;
    *out = x;
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on")) {
        *out = 1;
        return 0;
    }
    if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") || !strcasecmp(v, "off")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static int data_key(Loader *ld, const char *k, const char *v)
{
    nn_DataSpec *d = &ld->e->data;
    double x;
    long long n;
    if (!strcmp(k, "source")) {
        nn_PlaygroundSet pg;
        if (nn_playground_from_name(v, &pg) == 0) {
            d->kind = NN_SRC_PLAYGROUND;
            d->playground = pg;
        } else if (!strcmp(v, "linear1d")) {
            d->kind = NN_SRC_REG1D;
            d->reg1d = NN_REG1D_LINEAR;
        } else if (!strcmp(v, "sine1d")) {
            d->kind = NN_SRC_REG1D;
            d->reg1d = NN_REG1D_SINE;
        } else if (!strcmp(v, "binary")) {
            d->kind = NN_SRC_BINARY;
        } else if (!strcmp(v, "csv")) {
            d->kind = NN_SRC_CSV;
        } else if (!strcmp(v, "idx") || !strcmp(v, "fashion-mnist") || !strcmp(v, "mnist")) {
            d->kind = NN_SRC_IDX;
        } else {
            return fail(ld, "data", k,
                        "unknown source '%s' (circle, xor, gauss, spiral, plane, multigauss, "
                        "linear1d, sine1d, binary, csv, fashion-mnist)", v);
        }
    } else if (!strcmp(k, "samples")) {
        if (parse_int(v, 10, 1000000, &n))
            return fail(ld, "data", k, "'%s' is not a whole number from 10 to 1000000", v);
        d->samples = (int)n;
    } else if (!strcmp(k, "noise")) {
        if (parse_num(v, &x) || x < 0 || x > 50)
            return fail(ld, "data", k, "'%s' is not a number from 0 to 50", v);
        d->noise = x;
    } else if (!strcmp(k, "train_ratio")) {
        if (parse_num(v, &x) || ((x < 10 || x > 90) && x != 100))
            return fail(ld, "data", k,
                        "'%s' is not a percentage from 10 to 90 (or 100 for csv: no test rows)", v);
        d->train_ratio = x / 100.0;
    } else if (!strcmp(k, "features")) {
        uint32_t m;
        if (!strcmp(v, "raw") || !strcmp(v, "none")) {
            d->features = 0;
        } else if (nn_features_from_string(v, &m) != 0) {
            return fail(ld, "data", k,
                        "'%s' is not a list of x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)", v);
        } else {
            d->features = m;
        }
    } else if (!strcmp(k, "bits")) {
        if (parse_int(v, 1, NN_MAX_UNITS, &n))
            return fail(ld, "data", k, "'%s' is not a whole number from 1 to 4096", v);
        d->binary_dim = (int)n;
    } else if (!strcmp(k, "path") || !strcmp(k, "test_path") || !strcmp(k, "label")) {
        char *dst = !strcmp(k, "path") ? d->path : !strcmp(k, "label") ? d->label : d->test_path;
        size_t cap = !strcmp(k, "label") ? sizeof d->label : sizeof d->path;
        if (strlen(v) >= cap)
            return fail(ld, "data", k, "'%.40s...' is too long", v);
        snprintf(dst, cap, "%s", v);
    } else if (!strcmp(k, "max_rows")) {
        if (parse_int(v, 0, NN_MAX_SAMPLES, &n))
            return fail(ld, "data", k, "'%s' is not a whole number of rows", v);
        d->max_rows = (int)n;
    } else if (!strcmp(k, "seed")) {
        if (parse_u64(v, &d->seed))
            return fail(ld, "data", k, "'%s' is not a whole number >= 0", v);
    } else {
        return fail(ld, "data", k, "unknown key%s", "");
    }
    return 1;
}

static int network_key(Loader *ld, const char *k, const char *v)
{
    nn_Experiment *e = ld->e;
    double x;
    long long n;
    if (!strcmp(k, "hidden")) {
        int count = 0;
        if (strcmp(v, "none") && v[0]) {
            const char *p = v;
            while (*p) {
                char *end;
                errno = 0;
                long u = strtol(p, &end, 10);
                if (end == p || errno || u < 1 || u > NN_MAX_UNITS)
                    return fail(ld, "network", k,
                                "'%s' is not a comma-separated list of layer sizes (1 to 4096)", v);
                if (count >= NN_MAX_LAYERS - 1)
                    return fail(ld, "network", k, "more than 31 hidden layers in '%s'", v);
                e->hidden[count++] = (int)u;
                p = end;
                while (*p == ' ' || *p == '\t')
                    p++;
                if (*p == ',')
                    p++;
                else if (*p)
                    return fail(ld, "network", k,
                                "'%s' is not a comma-separated list of layer sizes (1 to 4096)", v);
                while (*p == ' ' || *p == '\t')
                    p++;
            }
        }
        e->n_hidden = count;
        ld->hidden_set = 1;
    } else if (!strcmp(k, "activation")) {
        int count = 0;
        char buf[512], *save = NULL; /* strtok_r: strtok's hidden state is not thread-safe */
        snprintf(buf, sizeof buf, "%s", v);
        for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
            nn_Act a;
            if (nn_act_from_name(tok, &a) != 0)
                return fail(ld, "network", k,
                            "unknown activation '%s' (linear, sigmoid, tanh, relu, leaky_relu, "
                            "elu, softplus, swish)", tok);
            if (a == NN_ACT_SOFTMAX)
                return fail(ld, "network", k, "softmax is only for output_activation%s", "");
            if (count >= NN_MAX_LAYERS)
                return fail(ld, "network", k, "too many activations%s", "");
            ld->acts[count++] = a;
        }
        if (count == 0)
            return fail(ld, "network", k, "no activation given%s", "");
        ld->n_act = count;
        ld->act_line = ld->key_line;
    } else if (!strcmp(k, "dropout")) {
        int count = 0;
        char buf[512], *save = NULL;
        snprintf(buf, sizeof buf, "%s", v);
        for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
            if (parse_num(tok, &x) || !(x >= 0.0 && x < 1.0))
                return fail(ld, "network", k, "'%s' is not a rate from 0 to below 1", tok);
            if (count >= NN_MAX_LAYERS)
                return fail(ld, "network", k, "too many rates%s", "");
            e->dropout[count++] = (float)x;
        }
        if (count == 0)
            return fail(ld, "network", k, "no rate given%s", "");
        e->n_dropout = count;
    } else if (!strcmp(k, "input_dropout")) {
        if (parse_num(v, &x) || !(x >= 0.0 && x < 1.0))
            return fail(ld, "network", k, "'%s' is not a rate from 0 to below 1", v);
        e->input_dropout = (float)x;
    } else if (!strcmp(k, "output_activation")) {
        if (nn_act_from_name(v, &e->out_act) != 0)
            return fail(ld, "network", k, "unknown activation '%s'", v);
    } else if (!strcmp(k, "outputs")) {
        if (parse_int(v, 0, NN_MAX_UNITS, &n))
            return fail(ld, "network", k, "'%s' is not a whole number from 0 to 4096", v);
        e->n_out = (int)n;
    } else if (!strcmp(k, "init")) {
        if (nn_init_from_name(v, &e->init) != 0)
            return fail(ld, "network", k,
                        "unknown initializer '%s' (glorot_uniform, he_normal, uniform, zeros)", v);
    } else if (!strcmp(k, "regularization")) {
        if (nn_reg_from_name(v, &e->reg) != 0)
            return fail(ld, "network", k, "unknown regularization '%s' (none, l1, l2)", v);
    } else if (!strcmp(k, "regularization_rate")) {
        if (parse_num(v, &x) || x < 0 || x > 10)
            return fail(ld, "network", k, "'%s' is not a number from 0 to 10", v);
        if (!fits_float(x))
            return fail(ld, "network", k, FLOAT_RANGE, v);
        e->reg_rate = (float)x;
    } else {
        return fail(ld, "network", k, "unknown key%s", "");
    }
    return 1;
}

static int training_key(Loader *ld, const char *k, const char *v)
{
    nn_Experiment *e = ld->e;
    double x;
    long long n;
    static const struct { const char *key; int slot; } hyper[] = {
        {"learning_rate", K_LR}, {"momentum", K_MOMENTUM}, {"rho", K_RHO}, {"beta_1", K_B1},
        {"beta_2", K_B2}, {"epsilon", K_EPS}, {"initial_accumulator_value", K_ACC},
        {"weight_decay", K_WD}, {"decay_steps", K_DSTEPS}, {"decay_rate", K_DRATE},
        {"alpha", K_ALPHA},
    };
    for (size_t i = 0; i < sizeof hyper / sizeof hyper[0]; i++) {
        if (!strcmp(k, hyper[i].key)) {
            if (parse_num(v, &x))
                return fail(ld, "training", k, "'%s' is not a number", v);
            const char *range = hyper_range(hyper[i].slot, x);
            if (range)
                return fail(ld, "training", k, range, v);
            /* all but decay_steps are stored as floats, after the file is read */
            if (hyper[i].slot != K_DSTEPS && !fits_float(x))
                return fail(ld, "training", k, FLOAT_RANGE, v);
            ld->has[hyper[i].slot] = 1;
            ld->val[hyper[i].slot] = x;
            return 1;
        }
    }
    if (!strcmp(k, "loss")) {
        if (nn_loss_from_name(v, &e->loss) != 0)
            return fail(ld, "training", k,
                        "unknown loss '%s' (mse, binary_crossentropy, categorical_crossentropy, "
                        "sparse_categorical_crossentropy, half_squared)", v);
    } else if (!strcmp(k, "optimizer")) {
        if (nn_opt_from_name(v, &ld->opt_kind) != 0)
            return fail(ld, "training", k,
                        "unknown optimizer '%s' (sgd, momentum, nesterov, adagrad, rmsprop, adam, "
                        "adamw)", v);
        ld->has_opt = 1;
    } else if (!strcmp(k, "schedule")) {
        nn_SchedKind s;
        if (nn_sched_from_name(v, &s) != 0)
            return fail(ld, "training", k,
                        "unknown schedule '%s' (constant, step, exponential, cosine, piecewise)",
                        v);
        ld->has[K_SCHED] = 1;
        ld->val[K_SCHED] = s;
    } else if (!strcmp(k, "boundaries") || !strcmp(k, "values")) {
        /* piecewise: straight into the schedule, which `optimizer` keeps */
        nn_Schedule *s = &e->opt.schedule;
        int is_b = k[0] == 'b';
        double list[NN_SCHED_MAX_BOUNDARIES + 1];
        int count = parse_list(v, list, is_b ? NN_SCHED_MAX_BOUNDARIES : NN_SCHED_MAX_BOUNDARIES + 1);
        if (count < 0)
            return fail(ld, "training", k, is_b ? "'%s' is not a list of 1 to 16 steps"
                                                : "'%s' is not a list of 2 to 17 learning rates", v);
        for (int i = 0; i < count; i++) {
            if (is_b && !(list[i] >= 0 && list[i] <= 1e15 && list[i] == floor(list[i]) &&
                          (i == 0 || list[i] > list[i - 1])))
                return fail(ld, "training", k,
                            "'%s' is not a list of whole numbers >= 0 in increasing order", v);
            if (!is_b && !(list[i] > 0))
                return fail(ld, "training", k, "'%s': every learning rate must be > 0", v);
            if (!is_b && !fits_float(list[i]))
                return fail(ld, "training", k, FLOAT_RANGE, v);
            if (is_b)
                s->boundaries[i] = (int64_t)list[i];
            else
                s->values[i] = (float)list[i];
        }
        if (is_b) {
            s->n_boundaries = count;
            ld->bounds_line = ld->line;
        } else {
            ld->n_values = count;
            ld->values_line = ld->line;
        }
    } else if (!strcmp(k, "staircase")) {
        int b;
        if (parse_bool(v, &b))
            return fail(ld, "training", k, "'%s' is not true or false", v);
        ld->has[K_STAIR] = 1;
        ld->val[K_STAIR] = b;
    } else if (!strcmp(k, "batch_size")) {
        if (parse_int(v, 1, 1 << 20, &n))
            return fail(ld, "training", k, "'%s' is not a whole number from 1 to 1048576", v);
        e->batch_size = (int)n;
    } else if (!strcmp(k, "epochs")) {
        if (parse_int(v, 0, 100000000, &n))
            return fail(ld, "training", k, "'%s' is not a whole number of epochs", v);
        e->epochs = n;
    } else if (!strcmp(k, "steps")) {
        if (parse_int(v, 0, (long long)1 << 40, &n))
            return fail(ld, "training", k, "'%s' is not a whole number of steps", v);
        e->steps = n;
    } else if (!strcmp(k, "stop_loss")) {
        if (parse_num(v, &x) || x < 0)
            return fail(ld, "training", k, "'%s' is not a number >= 0", v);
        e->stop_loss = x;
    } else if (!strcmp(k, "shuffle")) {
        if (parse_bool(v, &e->shuffle))
            return fail(ld, "training", k, "'%s' is not true or false", v);
    } else if (!strcmp(k, "seed")) {
        if (parse_u64(v, &e->seed))
            return fail(ld, "training", k, "'%s' is not a whole number >= 0", v);
    } else {
        return fail(ld, "training", k, "unknown key%s", "");
    }
    return 1;
}

static int handle_key(Loader *ld, const char *section, const char *name, const char *value)
{
    if (!strcmp(section, "data"))
        return data_key(ld, name, value);
    if (!strcmp(section, "network"))
        return network_key(ld, name, value);
    if (!strcmp(section, "training"))
        return training_key(ld, name, value);
    if (!strcmp(section, "lesson")) {
        if (!strcmp(name, "title")) {
            size_t n = strlen(value);
            if (n >= sizeof ld->e->title)
                return fail(ld, "lesson", name, "'%.40s...' is too long (127 characters at most)",
                            value);
            memcpy(ld->e->title, value, n + 1);
        } else if (!strcmp(name, "description")) {
            size_t n = strlen(value);
            if (n >= sizeof ld->e->description)
                return fail(ld, "lesson", name,
                            "'%.40s...' is too long (1023 characters at most)", value);
            memcpy(ld->e->description, value, n + 1);
        } else if (!strcmp(name, "title.zh") || !strcmp(name, "description.zh")) {
            /* the Chinese texts are the lesson reader's (src/lesson/lesson_file.c) */
        } else {
            return fail(ld, "lesson", name, "unknown key%s", "");
        }
        return 1;
    }
    if (!strncmp(section, "step", 4))
        return 1; /* narration steps: read by the lesson player */
    return fail(ld, section, name, "unknown section (data, network, training, lesson, step N)%s",
                "");
}

/* Handles the key held back by on_key, if any. */
static void flush_key(Loader *ld)
{
    if (!ld->pending)
        return;
    ld->pending = 0;
    if (ld->failed)
        return; /* report only the first problem */
    ld->key_line = ld->pend_line;
    handle_key(ld, ld->pend_section, ld->pend_name, ld->pend_value);
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    Loader *ld = user;
    if (ld->pending && ld->cur_cont && !strcmp(section, ld->pend_section) &&
        !strcmp(name, ld->pend_name)) {
        /* a continuation line: the value goes on, after one space */
        size_t k = strlen(ld->pend_value);
        int w = snprintf(ld->pend_value + k, sizeof ld->pend_value - k, " %s", value);
        if (w < 0 || (size_t)w >= sizeof ld->pend_value - k) {
            ld->pending = 0;
            ld->key_line = ld->pend_line;
            fail(ld, section, name, "the value is longer than %s characters", "2047");
        }
        return 1;
    }
    flush_key(ld);
    snprintf(ld->pend_section, sizeof ld->pend_section, "%s", section);
    snprintf(ld->pend_name, sizeof ld->pend_name, "%s", name);
    snprintf(ld->pend_value, sizeof ld->pend_value, "%s", value);
    ld->pend_line = ld->line;
    ld->pending = 1;
    return 1; /* problems are kept in ld with their line, not counted by inih */
}

/* The reader inih calls for each line (fgets's contract), counting lines so
 * that every key knows where it is. A line ends at LF, CRLF or a lone CR, so
 * a file from an old Mac is read as lines, not as one. inih's buffer holds
 * num - 1 characters: a longer comment is cut to fit (the rest is comment
 * too, also after " ;"), any other longer line stops reading with an error
 * at its line rather than having its tail read as a line of its own. A NUL
 * byte stops reading too: this is not a text file. */
static char *read_line(char *str, int num, void *stream)
{
    Loader *ld = stream;
    FILE *f = ld->f;
    int len = 0, c = EOF, cut = -1, long_line = 0;
    for (;;) {
        c = getc_unlocked(f);
        if (c == EOF || c == '\n')
            break;
        if (c == '\r') {
            int next = getc_unlocked(f);
            if (next != '\n' && next != EOF)
                ungetc(next, f);
            break;
        }
        if (c == '\0') {
            ld->stop_line = ld->line + 1;
            ld->stop_msg = "a NUL byte: not a text file";
            return NULL;
        }
        if (len < num - 1) {
            str[len++] = (char)c;
            if (cut < 0 && c == ';' && len >= 2 && (str[len - 2] == ' ' || str[len - 2] == '\t'))
                cut = len - 1; /* an inline comment: whatever follows can be dropped */
        } else {
            long_line = 1;
        }
    }
    if (ferror(f)) {
        ld->read_error = errno ? errno : EIO;
        return NULL;
    }
    if (c == EOF && len == 0 && !long_line)
        return NULL;
    str[len] = '\0';
    ld->line++;
    /* classify the line as inih will, to know whether it continues a value */
    const char *start = str;
    if (ld->line == 1 && !strncmp(start, "\xEF\xBB\xBF", 3))
        start += 3;
    int indented = *start == ' ' || *start == '\t';
    while (*start == ' ' || *start == '\t')
        start++;
    int comment = *start == ';' || *start == '#';
    ld->cur_cont = 0;
    if (long_line && !comment) {
        if (cut < 0) {
            ld->stop_line = ld->line;
            ld->stop_msg = "longer than 199 characters (continue a long value on indented lines)";
            snprintf(ld->stop_start, sizeof ld->stop_start, "%.20s", start);
            return NULL;
        }
        str[cut] = '\0';
    }
    if (comment || !*start)
        return str;
    if (indented && ld->prev_key)
        ld->cur_cont = 1;
    else
        ld->prev_key = *start != '[';
    return str;
}

nn_Status nn_experiment_load(nn_Experiment *out, const char *path, char *err, size_t err_len)
{
    nn_Experiment e;
    nn_experiment_default(&e); /* what the file does not say comes from the defaults */
    Loader ld;
    memset(&ld, 0, sizeof ld);
    ld.e = &e;
    ld.path = path;
    FILE *f = NULL;
    uint64_t size = 0;
    nn_Status st = nn_file_open(path, &f, &size, err, err_len);
    if (st != NN_OK)
        return st;
    if (size > NN_EXPERIMENT_FILE_MAX) {
        fclose(f);
        nn_errorf(err, err_len, "%s: larger than %d MiB, not an experiment file", path,
                  (int)(NN_EXPERIMENT_FILE_MAX >> 20));
        return NN_ERR_PARSE;
    }
    ld.f = f;
    errno = 0;
    int line = ini_parse_stream(read_line, &ld, on_key, &ld);
    flush_key(&ld);
    fclose(f);
    if (line == -2) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    if (ld.read_error) {
        nn_errorf(err, err_len, "%s: cannot read: %s", path, strerror(ld.read_error));
        return NN_ERR_IO;
    }
    if (line != 0 || ld.failed || ld.stop_line) {
        /* the first problem in the file, whoever found it */
        int first = line > 0 ? line : INT_MAX;
        if (ld.stop_line && ld.stop_line < first)
            first = ld.stop_line;
        if (ld.failed && ld.failed_line <= first)
            nn_errorf(err, err_len, "%s:%d: %s", path, ld.failed_line, ld.msg);
        else if (first == ld.stop_line && ld.stop_start[0])
            nn_errorf(err, err_len, "%s:%d: '%s...' is %s", path, ld.stop_line, ld.stop_start,
                      ld.stop_msg);
        else if (first == ld.stop_line)
            nn_errorf(err, err_len, "%s:%d: %s", path, ld.stop_line, ld.stop_msg);
        else
            nn_errorf(err, err_len, "%s:%d: not a 'key = value' line or a [section]", path, line);
        return NN_ERR_PARSE;
    }
    /* activations: one name for every hidden layer, or one per layer */
    if (ld.n_act > 0) {
        if (ld.n_act != 1 && ld.n_act != e.n_hidden) {
            nn_errorf(err, err_len,
                      "%s:%d: [network] activation lists %d names for %d hidden layers", path,
                      ld.act_line, ld.n_act, e.n_hidden);
            return NN_ERR_PARSE;
        }
        for (int l = 0; l < NN_MAX_LAYERS; l++)
            e.hidden_act[l] = ld.acts[ld.n_act == 1 ? 0 : (l < ld.n_act ? l : ld.n_act - 1)];
    }
    /* piecewise: one learning rate more than boundaries, as Keras asks */
    if ((ld.n_values || ld.bounds_line) && ld.n_values != e.opt.schedule.n_boundaries + 1) {
        nn_errorf(err, err_len,
                  "%s:%d: [training] values lists %d learning rates for %d boundaries (give one "
                  "more value than boundaries)", path, ld.values_line ? ld.values_line : ld.bounds_line,
                  ld.n_values, e.opt.schedule.n_boundaries);
        return NN_ERR_PARSE;
    }
    if (ld.has_opt) {
        nn_Schedule sched = e.opt.schedule;
        nn_opt_config_default(&e.opt, ld.opt_kind);
        e.opt.schedule = sched;
    }
    nn_OptConfig *o = &e.opt;
    if (ld.has[K_LR]) o->lr = (float)ld.val[K_LR];
    if (ld.has[K_MOMENTUM]) o->momentum = (float)ld.val[K_MOMENTUM];
    if (ld.has[K_RHO]) o->rho = (float)ld.val[K_RHO];
    if (ld.has[K_B1]) o->beta1 = (float)ld.val[K_B1];
    if (ld.has[K_B2]) o->beta2 = (float)ld.val[K_B2];
    if (ld.has[K_EPS]) o->epsilon = (float)ld.val[K_EPS];
    if (ld.has[K_ACC]) o->initial_accumulator = (float)ld.val[K_ACC];
    if (ld.has[K_WD]) o->weight_decay = (float)ld.val[K_WD];
    if (ld.has[K_SCHED]) o->schedule.kind = (nn_SchedKind)(int)ld.val[K_SCHED];
    if (ld.has[K_DSTEPS]) o->schedule.decay_steps = (int64_t)ld.val[K_DSTEPS];
    if (ld.has[K_DRATE]) o->schedule.decay_rate = (float)ld.val[K_DRATE];
    if (ld.has[K_STAIR]) o->schedule.staircase = (int)ld.val[K_STAIR];
    if (ld.has[K_ALPHA]) o->schedule.alpha = (float)ld.val[K_ALPHA];
    /* a relative data path is relative to the file */
    for (int k = 0; k < 2; k++) {
        char *p = k == 0 ? e.data.path : e.data.test_path;
        const char *slash = strrchr(path, '/');
        if (p[0] && p[0] != '/' && slash) {
            char joined[NN_PATH_MAX];
            int w = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - path), path, p);
            if (w > 0 && (size_t)w < sizeof joined)
                memcpy(p, joined, sizeof joined);
        }
    }
    char verr[300];
    if (nn_experiment_validate(&e, verr, sizeof verr) != NN_OK) {
        nn_errorf(err, err_len, "%s: %s", path, verr);
        return NN_ERR_INVALID_ARG;
    }
    *out = e;
    return NN_OK;
}

/* ---- saving ------------------------------------------------------------- */

/* What any written value needs, on one line or several: no blanks around
 * it (the reader strips them), no control characters, no ';' after a blank
 * (an inline comment). */
static int clean_value(const char *v)
{
    size_t n = strlen(v);
    if (n && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || (v[i] == ';' && i > 0 && (v[i - 1] == ' ' || v[i - 1] == '\t')))
            return 0;
    return 1;
}

/* Whether "key = value" reads back as value on one line of at most 199
 * characters. */
static int writable(const char *key, const char *v)
{
    return strlen(key) + 3 + strlen(v) <= 199 && clean_value(v);
}

/* Where a long value may be cut into continuation lines: at a single
 * blank between two words (the reader joins lines with one blank), and not
 * before ';' or '#' (a line starting with them is a comment). */
static int cut_here(const char *v, size_t i)
{
    return v[i] == ' ' && i > 0 && v[i - 1] != ' ' && v[i + 1] && v[i + 1] != ' ' &&
           v[i + 1] != ';' && v[i + 1] != '#';
}

/* Whether key's value can be written as lines the reader joins back into
 * it: a clean value with cuts no more than 180 characters apart. */
static int wrappable(const char *key, const char *v)
{
    if (!clean_value(v))
        return 0;
    size_t n = strlen(v), last = 0;
    for (size_t i = 0; i < n; i++) {
        if (cut_here(v, i))
            last = i;
        if (i - last > 180 - strlen(key))
            return 0;
    }
    return 1;
}

/* "key = value" over lines of about 90 characters, continued by indenting;
 * the value passed wrappable(). Returns the characters written (as snprintf). */
static size_t write_wrapped(char *out, size_t len, const char *key, const char *v)
{
    size_t n = (size_t)snprintf(out, len, "%s =", key);
    const char *indent = v[0] == ';' ? "" : " "; /* " ;" would start a comment */
    while (*v) {
        /* the last cut within 90 characters, else the first one after
         * (wrappable() keeps cuts close enough for any line to fit) */
        size_t take = strlen(v), cut = 0;
        if (take > 90) {
            for (size_t i = 1; i < take; i++) {
                if (!cut_here(v, i))
                    continue;
                if (i > 90 && cut)
                    break;
                cut = i;
                if (i > 90)
                    break;
            }
            take = cut ? cut : take;
        }
        n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%.*s\n", indent, (int)take, v);
        v += take;
        if (*v == ' ')
            v++;
        indent = "    ";
    }
    return n;
}

nn_Status nn_experiment_save(const nn_Experiment *e, const char *path, char *err, size_t err_len)
{
    if (!wrappable("description", e->description)) {
        nn_errorf(err, err_len, "%s: description '%.40s' cannot be written in an experiment "
                                "file (no ' ;', no blanks around it, words under 180 characters)",
                  path, e->description);
        return NN_ERR_INVALID_ARG;
    }
    const struct { const char *key; const char *v; } text[] = {
        {"title", e->title}, {"path", e->data.path}, {"label", e->data.label},
        {"test_path", e->data.test_path},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (!writable(text[i].key, text[i].v)) {
            nn_errorf(err, err_len, "%s: %s '%.40s' cannot be written on one line of an "
                                    "experiment file (199 characters, no ' ;')", path,
                      text[i].key, text[i].v);
            return NN_ERR_INVALID_ARG;
        }
    char buf[8192];
    size_t n = 0;
#define OUT(...) n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, __VA_ARGS__)
    /* a value starting with ';' goes right after '=': after a blank it would
     * start an inline comment */
#define SEP(v) ((v)[0] == ';' ? " =" : " = ")
    OUT("[lesson]\ntitle%s%s\n", SEP(e->title), e->title);
    if (e->description[0])
        n += write_wrapped(buf + n, n < sizeof buf ? sizeof buf - n : 0, "description",
                           e->description);
    OUT("\n[data]\nsource = %s\n", nn_source_name(&e->data));
    /* doubles get 17 digits, floats 9: both read back to the same value */
    OUT("samples = %d\nnoise = %.17g\ntrain_ratio = %.17g\n", e->data.samples, e->data.noise,
        e->data.train_ratio * 100.0);
    if (e->data.features) {
        OUT("features = ");
        int first = 1;
        for (int b = 0; b < NN_FEAT_COUNT; b++)
            if (e->data.features & (1u << b)) {
                OUT("%s%s", first ? "" : ", ", nn_feature_name(b));
                first = 0;
            }
        OUT("\n");
    } else {
        OUT("features = raw\n");
    }
    OUT("bits = %d\n", e->data.binary_dim);
    if (e->data.path[0]) OUT("path%s%s\n", SEP(e->data.path), e->data.path);
    if (e->data.label[0]) OUT("label%s%s\n", SEP(e->data.label), e->data.label);
    if (e->data.test_path[0]) OUT("test_path%s%s\n", SEP(e->data.test_path), e->data.test_path);
#undef SEP
    OUT("max_rows = %d\nseed = %llu\n\n[network]\nhidden = ", e->data.max_rows,
        (unsigned long long)e->data.seed);
    if (e->n_hidden == 0)
        OUT("none");
    for (int l = 0; l < e->n_hidden; l++)
        OUT("%s%d", l ? ", " : "", e->hidden[l]);
    OUT("\nactivation = ");
    for (int l = 0; l < (e->n_hidden ? e->n_hidden : 1); l++)
        OUT("%s%s", l ? ", " : "", nn_act_name(e->hidden_act[l]));
    OUT("\noutput_activation = %s\noutputs = %d\ninit = %s\nregularization = %s\n"
        "regularization_rate = %.9g\n\n",
        nn_act_name(e->out_act), e->n_out, nn_init_name(e->init), nn_reg_name(e->reg),
        (double)e->reg_rate);
    if (e->n_dropout > 0 && e->n_hidden > 0) { /* only when set: other files stay as they were */
        if (n > 0 && n < sizeof buf && buf[n - 1] == '\n')
            n--; /* into the [network] section, before its blank line */
        OUT("dropout = ");
        for (int l = 0; l < e->n_hidden; l++)
            OUT("%s%.9g", l ? ", " : "", (double)nn_experiment_dropout(e, l));
        OUT("\n\n");
    }
    if (e->input_dropout > 0.0f) { /* only when set, as dropout */
        if (n > 0 && n < sizeof buf && buf[n - 1] == '\n')
            n--;
        OUT("input_dropout = %.9g\n\n", (double)e->input_dropout);
    }
    const nn_OptConfig *o = &e->opt;
    OUT("[training]\nloss = %s\noptimizer = %s\n", nn_loss_name(e->loss), nn_opt_name(o->kind));
    /* Every hyperparameter, the unused ones too, so a switch of optimizer
     * finds them again; a value the loader would refuse (say epsilon 0 on an
     * optimizer that has none) is left out and comes back as its default. */
    const struct { const char *key; int slot; double v; } hp[] = {
        {"learning_rate", K_LR, o->lr}, {"momentum", K_MOMENTUM, o->momentum},
        {"rho", K_RHO, o->rho}, {"beta_1", K_B1, o->beta1}, {"beta_2", K_B2, o->beta2},
        {"epsilon", K_EPS, o->epsilon}, {"initial_accumulator_value", K_ACC, o->initial_accumulator},
        {"weight_decay", K_WD, o->weight_decay},
        {"decay_steps", K_DSTEPS, (double)o->schedule.decay_steps},
        {"decay_rate", K_DRATE, o->schedule.decay_rate}, {"alpha", K_ALPHA, o->schedule.alpha},
    };
    OUT("schedule = %s\nstaircase = %s\n", nn_sched_name(o->schedule.kind),
        o->schedule.staircase ? "true" : "false");
    for (size_t i = 0; i < sizeof hp / sizeof hp[0]; i++)
        if (isfinite(hp[i].v) && !hyper_range(hp[i].slot, hp[i].v))
            OUT("%s = %.*g\n", hp[i].key, hp[i].slot == K_DSTEPS ? 17 : 9, hp[i].v);
    const nn_Schedule *sc = &o->schedule;
    if (sc->n_boundaries > 0 && sc->n_boundaries <= NN_SCHED_MAX_BOUNDARIES) {
        OUT("boundaries = ");
        for (int i = 0; i < sc->n_boundaries; i++)
            OUT("%s%lld", i ? ", " : "", (long long)sc->boundaries[i]);
        OUT("\nvalues = ");
        for (int i = 0; i <= sc->n_boundaries; i++)
            OUT("%s%.9g", i ? ", " : "", (double)sc->values[i]);
        OUT("\n");
    }
    OUT("batch_size = %d\nepochs = %lld\nsteps = %lld\nstop_loss = %.17g\nshuffle = %s\n"
        "seed = %llu\n",
        e->batch_size, (long long)e->epochs, (long long)e->steps, e->stop_loss,
        e->shuffle ? "true" : "false", (unsigned long long)e->seed);
#undef OUT
    if (n >= sizeof buf) {
        nn_errorf(err, err_len, "%s: the experiment is too long to save", path);
        return NN_ERR_INVALID_ARG;
    }
    return nn_write_file_atomic(path, buf, n, err, err_len);
}
