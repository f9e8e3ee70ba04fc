/* cmd_train.c - `nnviz train FILE [options]`: headless training from an
 * experiment file, with command-line overrides, one progress line per epoch
 * and a final summary. Exit status: 0 done, 2 bad usage or input, 3 diverged. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/subcommands.h"
#include "core/timeline.h"
#include "core/trace.h"
#include "engine/model_io.h"
#include "engine/session.h"

#define EXIT_BAD_INPUT 2
#define EXIT_DIVERGED 3

static const char train_usage[] =
    "usage: nnviz train FILE [options]\n"
    "Train the experiment or lesson FILE (.ini) without a window. An option\n"
    "wins over the file's value (keys as in docs/experiment-format.md).\n"
    "\n"
    "training:\n"
    "  --batch-size N      rows per batch\n"
    "  --epochs N          stop after N epochs\n"
    "  --steps N           stop after N batches\n"
    "  --stop-loss X       stop when an epoch's training loss is below X\n"
    "\n"
    "data:\n"
    "  --data PATH.csv     train on a CSV file (header row; needs --label)\n"
    "  --label COLUMN      the CSV column holding the label\n"
    "  --train-ratio PCT   percent of the rows that train, 10 to 90; the rest test.\n"
    "                      Rows are shuffled (data seed) before the cut. CSV only:\n"
    "                      100 trains on every row, in the file's order, no test set\n"
    "  --test-data PATH    CSV: test on this file; every row of the data trains, in\n"
    "                      the file's order\n"
    "  --no-shuffle        batches in the same order every epoch: the file's order\n"
    "                      with --train-ratio 100 or --test-data; after a cut below\n"
    "                      100 the (seeded, shuffled) order the cut left\n"
    "  --seed N            seed for data, initial weights and batch order\n"
    "\n"
    "network:\n"
    "  --init NAME         glorot_uniform, he_normal, uniform, zeros\n"
    "  --regularization NAME  none, l1, l2 (kernel weights; rate 0.01 unless given)\n"
    "  --regularization-rate X  lambda, 0 to 10\n"
    "  --loss NAME         mse, binary_crossentropy, categorical_crossentropy,\n"
    "                      sparse_categorical_crossentropy, half_squared\n"
    "\n"
    "optimizer (Keras names and defaults):\n"
    "  --optimizer NAME    sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw;\n"
    "                      another kind than the file's starts from Keras's defaults\n"
    "                      (learning rate included) unless the options below say\n"
    "  --lr X              learning rate (> 0)\n"
    "  --momentum X        momentum, nesterov, rmsprop: 0 to < 1\n"
    "  --rho X             rmsprop: 0 to < 1\n"
    "  --beta-1 X, --beta-2 X  adam, adamw: 0 to < 1\n"
    "  --epsilon X         adagrad, rmsprop, adam, adamw: > 0\n"
    "  --initial-accumulator X  adagrad: >= 0\n"
    "  --weight-decay X    adamw: >= 0\n"
    "\n"
    "learning-rate schedule (over update t, from 0):\n"
    "  --schedule NAME     constant, step, exponential, cosine, piecewise\n"
    "  --decay-steps N     step, exponential, cosine: the period, >= 1\n"
    "  --decay-rate X      step, exponential: factor, > 0 to 1\n"
    "  --staircase, --no-staircase  exponential: floor the exponent or not\n"
    "  --alpha X           cosine: final fraction of the learning rate, 0 to 1\n"
    "  --boundaries N,...  piecewise: the updates after which the rate changes\n"
    "  --values X,...      piecewise: the learning rates, one more than boundaries\n"
    "                      (Keras's PiecewiseConstantDecay: values[0] while\n"
    "                      t <= boundaries[0], ...; --lr is not used)\n"
    "\n"
    "files:\n"
    "  --load-model PATH   start from a saved model (JSON). Its loss, regularization\n"
    "                      and optimizer replace the experiment's; the options above\n"
    "                      still win. The saved optimizer state (and its update\n"
    "                      count, which schedules read) is kept while the optimizer\n"
    "                      kind stays the same; another kind starts afresh\n"
    "  --save-model PATH   save the trained model (JSON) at the end\n"
    "  --history PATH.csv  write per-epoch loss and accuracy as CSV\n"
    "  --trace PATH.csv    write every phase's numbers of the first batches (inputs,\n"
    "                      z, a, loss, delta, gradients, optimizer state, changes)\n"
    "                      as CSV (docs/trace-format.md); training is not changed\n"
    "  --trace-batches N   batches the trace covers (default 1)\n"
    "  --rewind K          after training, go back K batches through the timeline\n"
    "                      (what --save-model and --history then write)\n"
    "  --quiet             no per-epoch lines, only the summary\n"
    "  -h, --help          this help\n"
    "\n"
    "An option the run would not use (say --beta-1 with sgd) is refused.\n"
    "Each epoch prints: epoch, loss, accuracy, test loss, test accuracy, seconds.\n"
    "Its loss and accuracy are the running mean over the epoch's batches (the\n"
    "weights changing meanwhile); the summary's train loss and accuracy evaluate\n"
    "the whole training set once more with the final weights, so they differ.\n"
    "Exit status: 0 done, 2 bad usage or input, 3 training diverged.\n"
    "\n"
    "nnviz train PROGRAM.py runs a Keras program instead (see docs/keras.md).\n";

/* Optimizer and schedule numbers an option can set. */
enum { H_MOMENTUM, H_RHO, H_BETA1, H_BETA2, H_EPSILON, H_ACCUM, H_WDECAY, H_DSTEPS, H_DRATE,
       H_ALPHA, H_COUNT };

/* The options that set them: lowest and highest value and whether those
 * are allowed (Keras's ranges, as the experiment file checks them). */
static const struct {
    const char *flag;
    double lo, hi;
    int lo_in, hi_in;
    const char *range; /* for the message */
} hyper_opts[H_COUNT] = {
    [H_MOMENTUM] = {"--momentum", 0, 1, 1, 0, "a number from 0 to less than 1"},
    [H_RHO] = {"--rho", 0, 1, 1, 0, "a number from 0 to less than 1"},
    [H_BETA1] = {"--beta-1", 0, 1, 1, 0, "a number from 0 to less than 1"},
    [H_BETA2] = {"--beta-2", 0, 1, 1, 0, "a number from 0 to less than 1"},
    [H_EPSILON] = {"--epsilon", 0, 1e30, 0, 1, "a number greater than 0"},
    [H_ACCUM] = {"--initial-accumulator", 0, 1e30, 1, 1, "a number >= 0"},
    [H_WDECAY] = {"--weight-decay", 0, 1e30, 1, 1, "a number >= 0"},
    [H_DSTEPS] = {"--decay-steps", 1, 1e15, 1, 1, "a whole number >= 1"},
    [H_DRATE] = {"--decay-rate", 0, 1, 0, 1, "a number greater than 0 and at most 1"},
    [H_ALPHA] = {"--alpha", 0, 1, 1, 1, "a number from 0 to 1"},
};

typedef struct {
    const char *file;
    int64_t epochs, steps;
    int has_epochs, has_steps, has_stop_loss, has_batch, has_lr, has_opt, has_loss, has_seed;
    double stop_loss, lr;
    int batch_size;
    nn_OptKind opt;
    nn_Loss loss;
    uint64_t seed;
    const char *data, *label, *load_model, *save_model, *history, *test_data;
    int no_shuffle, quiet;
    const char *trace;        /* --trace PATH */
    int64_t trace_batches;    /* --trace-batches N (default 1) */
    int64_t rewind;           /* --rewind K (0: none) */
    int has_rewind;
    int has_hyper[H_COUNT];
    double hyper[H_COUNT];
    int has_sched, staircase; /* staircase: -1 not given, else 0/1 */
    nn_SchedKind sched;
    int n_bounds, n_values;   /* given lists (0 = not given) */
    int64_t bounds[NN_SCHED_MAX_BOUNDARIES];
    float values[NN_SCHED_MAX_BOUNDARIES + 1];
    int has_reg, has_reg_rate, has_init, has_ratio;
    nn_Reg reg;
    double reg_rate, ratio;
    nn_Init init;
} TrainArgs;

static int bad(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "nnviz train: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return EXIT_BAD_INPUT;
}

static int parse_i64(const char *opt, const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi) {
        char range[64];
        snprintf(range, sizeof range, "%lld..%lld", (long long)lo, (long long)hi);
        fprintf(stderr, "nnviz train: %s: '%s' is not a whole number in %s\n", opt, s, range);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_pos_double(const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !isfinite(v) || v <= 0.0) {
        fprintf(stderr, "nnviz train: %s: '%s' is not a positive number\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* A number in the range hyper_opts[h] describes. */
static int parse_hyper(int h, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    int ok = !errno && end != s && *end == '\0' && isfinite(v) &&
             (hyper_opts[h].lo_in ? v >= hyper_opts[h].lo : v > hyper_opts[h].lo) &&
             (hyper_opts[h].hi_in ? v <= hyper_opts[h].hi : v < hyper_opts[h].hi) &&
             (h != H_DSTEPS || v == floor(v));
    if (!ok) {
        fprintf(stderr, "nnviz train: %s: '%s' is not %s\n", hyper_opts[h].flag, s,
                hyper_opts[h].range);
        return -1;
    }
    *out = v;
    return 0;
}

/* A comma-separated list: piecewise boundaries (whole, >= 0, increasing) or
 * values (learning rates > 0). Returns the count, or -1 after a message. */
static int parse_list(const char *opt, const char *s, int is_bounds, int64_t *bounds,
                      float *values)
{
    int cap = is_bounds ? NN_SCHED_MAX_BOUNDARIES : NN_SCHED_MAX_BOUNDARIES + 1, n = 0;
    const char *p = s;
    while (*p) {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        int ok = end != p && !errno && isfinite(v) && n < cap;
        if (ok && is_bounds)
            ok = v >= 0 && v <= 1e15 && v == floor(v) && (n == 0 || (int64_t)v > bounds[n - 1]);
        else if (ok)
            ok = v > 0 && v < 1e30;
        if (!ok)
            break;
        if (is_bounds)
            bounds[n++] = (int64_t)v;
        else
            values[n++] = (float)v;
        p = end;
        if (*p == ',' && p[1])
            p++;
        else if (*p)
            break;
    }
    if (*p || n == 0) {
        fprintf(stderr, "nnviz train: %s: '%s' is not %s\n", opt, s,
                is_bounds ? "a list of 1 to 16 whole numbers >= 0 in increasing order (10,20)"
                          : "a list of 2 to 17 learning rates > 0 (0.1,0.01)");
        return -1;
    }
    return n;
}

static int any_opt_option(const TrainArgs *a)
{
    int any = a->has_opt || a->has_lr || a->has_sched || a->staircase >= 0 || a->n_bounds ||
              a->n_values;
    for (int h = 0; h < H_COUNT; h++)
        any |= a->has_hyper[h];
    return any;
}

/* Returns 0 to go on, -1 after --help, or an exit status > 0. */
static int parse_args(int argc, char **argv, TrainArgs *a)
{
    memset(a, 0, sizeof *a);
    a->staircase = -1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(train_usage, stdout);
            return -1;
        }
        if (strcmp(o, "--no-shuffle") == 0) { a->no_shuffle = 1; continue; }
        if (strcmp(o, "--quiet") == 0 || strcmp(o, "-q") == 0) { a->quiet = 1; continue; }
        if (strcmp(o, "--staircase") == 0) { a->staircase = 1; continue; }
        if (strcmp(o, "--no-staircase") == 0) { a->staircase = 0; continue; }
        if (o[0] != '-') {
            if (a->file)
                return bad("unexpected argument '%s' (one FILE only)%s", o, "");
            a->file = o;
            continue;
        }
        static const char *const with_value[] = {
            "--epochs", "--steps", "--stop-loss", "--batch-size", "--lr", "--optimizer", "--loss",
            "--seed", "--data", "--label", "--load-model", "--save-model", "--history",
            "--test-data", "--train-ratio", "--schedule", "--boundaries", "--values",
            "--regularization", "--regularization-rate", "--init", "--trace", "--trace-batches",
            "--rewind"};
        int known = 0, hyper = -1;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            known |= strcmp(o, with_value[k]) == 0;
        for (int h = 0; h < H_COUNT; h++)
            if (strcmp(o, hyper_opts[h].flag) == 0)
                hyper = h;
        if (!known && hyper < 0)
            return bad("unknown option '%s' (see nnviz train --help)%s", o, "");
        if (i + 1 >= argc)
            return bad("%s needs a value%s", o, "");
        const char *v = argv[++i];
        int64_t n;
        if (hyper >= 0) {
            if (parse_hyper(hyper, v, &a->hyper[hyper])) return EXIT_BAD_INPUT;
            a->has_hyper[hyper] = 1;
        } else if (strcmp(o, "--epochs") == 0) {
            if (parse_i64(o, v, 1, 100000000, &n)) return EXIT_BAD_INPUT;
            a->epochs = n, a->has_epochs = 1;
        } else if (strcmp(o, "--steps") == 0) {
            if (parse_i64(o, v, 1, (int64_t)1 << 40, &n)) return EXIT_BAD_INPUT;
            a->steps = n, a->has_steps = 1;
        } else if (strcmp(o, "--trace") == 0) {
            a->trace = v;
        } else if (strcmp(o, "--trace-batches") == 0) {
            if (parse_i64(o, v, 1, 1000000, &n)) return EXIT_BAD_INPUT;
            a->trace_batches = n;
        } else if (strcmp(o, "--rewind") == 0) {
            if (parse_i64(o, v, 0, (int64_t)1 << 40, &n)) return EXIT_BAD_INPUT;
            a->rewind = n, a->has_rewind = 1;
        } else if (strcmp(o, "--batch-size") == 0) {
            if (parse_i64(o, v, 1, 1 << 20, &n)) return EXIT_BAD_INPUT;
            a->batch_size = (int)n, a->has_batch = 1;
        } else if (strcmp(o, "--seed") == 0) {
            if (parse_i64(o, v, 0, INT64_MAX, &n)) return EXIT_BAD_INPUT;
            a->seed = (uint64_t)n, a->has_seed = 1;
        } else if (strcmp(o, "--lr") == 0) {
            if (parse_pos_double(o, v, &a->lr)) return EXIT_BAD_INPUT;
            a->has_lr = 1;
        } else if (strcmp(o, "--stop-loss") == 0) {
            if (parse_pos_double(o, v, &a->stop_loss)) return EXIT_BAD_INPUT;
            a->has_stop_loss = 1;
        } else if (strcmp(o, "--train-ratio") == 0) {
            char *end;
            errno = 0;
            a->ratio = strtod(v, &end);
            if (errno || end == v || *end || !((a->ratio >= 10 && a->ratio <= 90) || a->ratio == 100))
                return bad("--train-ratio: '%s' is not a percentage from 10 to 90, or 100 (every "
                           "row trains)%s", v, "");
            a->has_ratio = 1;
        } else if (strcmp(o, "--regularization-rate") == 0) {
            char *end;
            errno = 0;
            a->reg_rate = strtod(v, &end);
            if (errno || end == v || *end || !(a->reg_rate >= 0 && a->reg_rate <= 10))
                return bad("--regularization-rate: '%s' is not a number from 0 to 10%s", v, "");
            a->has_reg_rate = 1;
        } else if (strcmp(o, "--optimizer") == 0) {
            if (nn_opt_from_name(v, &a->opt) != 0)
                return bad("--optimizer: unknown optimizer '%s'%s", v,
                           " (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)");
            a->has_opt = 1;
        } else if (strcmp(o, "--schedule") == 0) {
            if (nn_sched_from_name(v, &a->sched) != 0)
                return bad("--schedule: unknown schedule '%s'%s", v,
                           " (constant, step, exponential, cosine, piecewise)");
            a->has_sched = 1;
        } else if (strcmp(o, "--boundaries") == 0) {
            if ((a->n_bounds = parse_list(o, v, 1, a->bounds, NULL)) < 0) return EXIT_BAD_INPUT;
        } else if (strcmp(o, "--values") == 0) {
            if ((a->n_values = parse_list(o, v, 0, NULL, a->values)) < 0) return EXIT_BAD_INPUT;
        } else if (strcmp(o, "--regularization") == 0) {
            if (nn_reg_from_name(v, &a->reg) != 0)
                return bad("--regularization: unknown regularization '%s'%s", v, " (none, l1, l2)");
            a->has_reg = 1;
        } else if (strcmp(o, "--init") == 0) {
            if (nn_init_from_name(v, &a->init) != 0)
                return bad("--init: unknown initializer '%s'%s", v,
                           " (glorot_uniform, he_normal, uniform, zeros)");
            a->has_init = 1;
        } else if (strcmp(o, "--loss") == 0) {
            if (nn_loss_from_name(v, &a->loss) != 0)
                return bad("--loss: unknown loss '%s'%s", v,
                           " (mse, binary_crossentropy, categorical_crossentropy, "
                           "sparse_categorical_crossentropy, half_squared)");
            a->has_loss = 1;
        } else if (strcmp(o, "--data") == 0) {
            a->data = v;
        } else if (strcmp(o, "--label") == 0) {
            a->label = v;
        } else if (strcmp(o, "--test-data") == 0) {
            a->test_data = v;
        } else if (strcmp(o, "--load-model") == 0) {
            a->load_model = v;
        } else if (strcmp(o, "--save-model") == 0) {
            a->save_model = v;
        } else {
            a->history = v;
        }
    }
    if (!a->file)
        return bad("missing FILE (an experiment or lesson .ini; see nnviz train --help)%s%s", "", "");
    if (a->trace_batches && !a->trace)
        return bad("--trace-batches needs --trace PATH.csv%s%s", "", "");
    if (!a->trace_batches)
        a->trace_batches = 1;
    if (a->data && !a->label)
        return bad("--data %s needs --label COLUMN%s", a->data, "");
    if (a->label && !a->data)
        return bad("--label needs --data PATH.csv%s%s", "", "");
    if (a->has_ratio && a->test_data)
        return bad("--train-ratio is not used with --test-data (every row of the data trains)%s%s",
                   "", "");
    if (a->has_init && a->load_model)
        return bad("--init is not used with --load-model (the weights come from %s)%s",
                   a->load_model, "");
    return 0;
}

/* The optimizer options onto cfg (the experiment's, or a loaded model's). */
static void apply_opt_options(const TrainArgs *a, nn_OptConfig *c)
{
    if (a->has_opt && a->opt != c->kind) {
        nn_Schedule sched = c->schedule;
        nn_opt_config_default(c, a->opt); /* Keras's defaults for the new kind */
        c->schedule = sched;
    }
    if (a->has_lr)
        c->lr = (float)a->lr;
    float *dst[H_COUNT] = {
        [H_MOMENTUM] = &c->momentum, [H_RHO] = &c->rho, [H_BETA1] = &c->beta1,
        [H_BETA2] = &c->beta2, [H_EPSILON] = &c->epsilon, [H_ACCUM] = &c->initial_accumulator,
        [H_WDECAY] = &c->weight_decay, [H_DRATE] = &c->schedule.decay_rate,
        [H_ALPHA] = &c->schedule.alpha};
    for (int h = 0; h < H_COUNT; h++)
        if (a->has_hyper[h] && dst[h])
            *dst[h] = (float)a->hyper[h];
    if (a->has_hyper[H_DSTEPS])
        c->schedule.decay_steps = (int64_t)a->hyper[H_DSTEPS];
    if (a->has_sched)
        c->schedule.kind = a->sched;
    if (a->staircase >= 0)
        c->schedule.staircase = a->staircase;
    if (a->n_bounds) {
        c->schedule.n_boundaries = a->n_bounds;
        memcpy(c->schedule.boundaries, a->bounds, sizeof a->bounds);
    }
    if (a->n_values)
        memcpy(c->schedule.values, a->values, sizeof a->values);
}

/* An option the run would not use is refused rather than dropped: checked
 * on the optimizer and regularization the run trains with. */
static int check_used(const TrainArgs *a, const nn_OptConfig *c, nn_Reg reg)
{
    static const struct { int h; unsigned kinds; const char *key, *users; } opt_use[] = {
        {H_MOMENTUM, 1u << NN_OPT_MOMENTUM | 1u << NN_OPT_NESTEROV | 1u << NN_OPT_RMSPROP,
         "momentum", "momentum, nesterov and rmsprop"},
        {H_RHO, 1u << NN_OPT_RMSPROP, "rho", "rmsprop"},
        {H_BETA1, 1u << NN_OPT_ADAM | 1u << NN_OPT_ADAMW, "beta_1", "adam and adamw"},
        {H_BETA2, 1u << NN_OPT_ADAM | 1u << NN_OPT_ADAMW, "beta_2", "adam and adamw"},
        {H_EPSILON, 1u << NN_OPT_ADAGRAD | 1u << NN_OPT_RMSPROP | 1u << NN_OPT_ADAM |
                        1u << NN_OPT_ADAMW, "epsilon", "adagrad, rmsprop, adam and adamw"},
        {H_ACCUM, 1u << NN_OPT_ADAGRAD, "initial_accumulator_value", "adagrad"},
        {H_WDECAY, 1u << NN_OPT_ADAMW, "weight_decay", "adamw"},
    };
    for (size_t i = 0; i < sizeof opt_use / sizeof opt_use[0]; i++)
        if (a->has_hyper[opt_use[i].h] && !(opt_use[i].kinds & 1u << c->kind)) {
            fprintf(stderr, "nnviz train: %s: the %s optimizer has no %s (%s have; see "
                            "--optimizer)\n", hyper_opts[opt_use[i].h].flag, nn_opt_name(c->kind),
                    opt_use[i].key, opt_use[i].users);
            return EXIT_BAD_INPUT;
        }
    nn_SchedKind k = c->schedule.kind;
    static const struct { int h; unsigned kinds; const char *users; } sched_use[] = {
        {H_DSTEPS, 1u << NN_SCHED_STEP | 1u << NN_SCHED_EXPONENTIAL | 1u << NN_SCHED_COSINE,
         "step, exponential and cosine"},
        {H_DRATE, 1u << NN_SCHED_STEP | 1u << NN_SCHED_EXPONENTIAL, "step and exponential"},
        {H_ALPHA, 1u << NN_SCHED_COSINE, "cosine"},
    };
    for (size_t i = 0; i < sizeof sched_use / sizeof sched_use[0]; i++)
        if (a->has_hyper[sched_use[i].h] && !(sched_use[i].kinds & 1u << k)) {
            fprintf(stderr, "nnviz train: %s: the %s schedule does not use it (%s do; see "
                            "--schedule)\n", hyper_opts[sched_use[i].h].flag, nn_sched_name(k),
                    sched_use[i].users);
            return EXIT_BAD_INPUT;
        }
    if (a->staircase >= 0 && k != NN_SCHED_EXPONENTIAL)
        return bad("--%sstaircase: only the exponential schedule has a staircase (this run's is "
                   "%s)", a->staircase ? "" : "no-", nn_sched_name(k));
    if ((a->n_bounds || a->n_values) && k != NN_SCHED_PIECEWISE)
        return bad("%s: only the piecewise schedule has them (this run's is %s; see --schedule)",
                   a->n_bounds ? "--boundaries" : "--values", nn_sched_name(k));
    if (a->has_lr && k == NN_SCHED_PIECEWISE)
        return bad("--lr is not used by the piecewise schedule: its --values are the learning "
                   "rates%s%s", "", "");
    if (a->n_bounds && !a->n_values)
        return bad("--boundaries needs --values (the learning rates, one more than "
                   "boundaries)%s%s", "", "");
    if (a->n_values && a->n_values != c->schedule.n_boundaries + 1) {
        fprintf(stderr, "nnviz train: --values: %d learning rates for %d boundaries (give one "
                        "more value than boundaries)\n", a->n_values, c->schedule.n_boundaries);
        return EXIT_BAD_INPUT;
    }
    if (a->has_reg_rate && reg == NN_REG_NONE)
        return bad("--regularization-rate: no regularization is on (add --regularization l1 or "
                   "l2)%s%s", "", "");
    char err[256];
    if (nn_opt_config_validate(c, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz train: %s%s\n", err,
                k == NN_SCHED_PIECEWISE ? " (see --boundaries and --values)" : "");
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* Regularization options onto a (reg, rate) pair: switched on without a
 * rate, Keras's default 0.01. */
static void apply_reg_options(const TrainArgs *a, nn_Reg *reg, float *rate)
{
    if (a->has_reg) {
        *reg = a->reg;
        if (a->reg != NN_REG_NONE && *rate <= 0.0f && !a->has_reg_rate)
            *rate = 0.01f;
    }
    if (a->has_reg_rate)
        *rate = (float)a->reg_rate;
}

/* Command-line values win over the file's. */
static int apply_overrides(const TrainArgs *a, nn_Experiment *e)
{
    apply_opt_options(a, &e->opt);
    apply_reg_options(a, &e->reg, &e->reg_rate);
    if (a->has_init)
        e->init = a->init;
    if (a->has_loss)
        e->loss = a->loss;
    if (a->has_batch)
        e->batch_size = a->batch_size;
    if (a->has_epochs)
        e->epochs = a->epochs;
    if (a->has_steps) {
        e->steps = a->steps;
        if (!a->has_epochs)
            e->epochs = 0; /* --steps alone: the step count decides */
    }
    if (a->has_stop_loss)
        e->stop_loss = a->stop_loss;
    if (a->has_seed) {
        e->seed = a->seed;
        e->data.seed = a->seed;
    }
    if (a->no_shuffle)
        e->shuffle = 0;
    if (a->data) {
        e->data.kind = NN_SRC_CSV;
        snprintf(e->data.path, sizeof e->data.path, "%s", a->data);
        snprintf(e->data.label, sizeof e->data.label, "%s", a->label);
        e->data.test_path[0] = '\0';
        e->data.features = 0;
    }
    if (a->test_data) {
        if (e->data.kind != NN_SRC_CSV)
            return bad("--test-data needs CSV data (--data PATH.csv, or a csv experiment; this "
                       "one's is %s)%s", nn_source_name(&e->data), "");
        if (strlen(a->test_data) >= sizeof e->data.test_path)
            return bad("--test-data: the path is too long%s%s", "", "");
        snprintf(e->data.test_path, sizeof e->data.test_path, "%s", a->test_data);
    }
    if (a->has_ratio) {
        if (e->data.kind == NN_SRC_IDX)
            return bad("--train-ratio is not used with %s data (it has its own test set)%s",
                       nn_source_name(&e->data), "");
        if (e->data.kind == NN_SRC_CSV && e->data.test_path[0])
            return bad("--train-ratio is not used: %s gives a test file (every row of the data "
                       "trains)%s", a->file, "");
        if (a->ratio == 100 && e->data.kind != NN_SRC_CSV)
            return bad("--train-ratio 100 is for CSV data only (%s data needs test rows; 10 to "
                       "90)%s", nn_source_name(&e->data), "");
        e->data.train_ratio = a->ratio / 100.0;
    }
    if (e->epochs <= 0 && e->steps <= 0 && e->stop_loss <= 0.0) {
        fprintf(stderr, "nnviz train: %s: no stopping condition: set epochs, steps or stop_loss "
                        "(or pass --epochs N)\n", a->file);
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* A loaded model's own loss, regularization and optimizer replace the
 * experiment's; the command line still wins over them. The optimizer's
 * state survives when its kind (and so its slots) stays; otherwise it
 * starts afresh, and the run says so. On failure nothing is changed. */
static int apply_to_loaded(const TrainArgs *a, const nn_OptConfig *spec_opt, nn_Model *m,
                           nn_Optimizer **opt)
{
    char err[256];
    if (a->has_loss) {
        if (nn_arch_validate(&m->arch, a->loss, err, sizeof err) != NN_OK) {
            fprintf(stderr, "nnviz train: --loss %s: %s: %s\n", nn_loss_name(a->loss),
                    a->load_model, err);
            return EXIT_BAD_INPUT;
        }
    }
    nn_Reg reg = m->reg;
    float rate = m->reg_rate;
    apply_reg_options(a, &reg, &rate);
    if (!*opt || !any_opt_option(a)) {
        int rc = check_used(a, *opt ? &(*opt)->cfg : spec_opt, reg);
        if (rc)
            return rc;
    } else {
        nn_OptConfig cfg = (*opt)->cfg;
        apply_opt_options(a, &cfg);
        int rc = check_used(a, &cfg, reg);
        if (rc)
            return rc;
        const nn_Optimizer *old = *opt;
        int same_slots = cfg.kind == old->cfg.kind &&
                         (cfg.kind != NN_OPT_RMSPROP || (old->slot[1] != NULL) == (cfg.momentum > 0));
        if (same_slots) {
            (*opt)->cfg = cfg; /* the state and the update count go on */
        } else {
            nn_Optimizer *fresh = NULL;
            if (nn_opt_create(&fresh, &cfg, m->n_params, err, sizeof err) != NN_OK) {
                fprintf(stderr, "nnviz train: %s\n", err);
                return EXIT_BAD_INPUT;
            }
            if (!a->quiet)
                printf("%s: the saved %s state is not used: %s starts afresh\n", a->load_model,
                       nn_opt_name(old->cfg.kind), nn_opt_name(cfg.kind));
            nn_opt_destroy(*opt);
            *opt = fresh;
        }
    }
    if (a->has_loss)
        m->loss = a->loss;
    m->reg = reg;
    m->reg_rate = rate;
    return 0;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void fmt_metric(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4f", v);
}

/* Always seconds, as the help and README say; a fast epoch keeps four
 * decimals so it does not read "0.00s". */
static void fmt_seconds(char *buf, size_t n, double s)
{
    if (s < 1.0)
        snprintf(buf, n, "%.4fs", s);
    else
        snprintf(buf, n, "%.2fs", s);
}

static void print_epoch(const nn_EpochRecord *r, int64_t max_epochs)
{
    char acc[16], tl[16], ta[16];
    fmt_metric(acc, sizeof acc, r->train_acc);
    fmt_metric(tl, sizeof tl, r->test_loss);
    fmt_metric(ta, sizeof ta, r->test_acc);
    if (max_epochs > 0)
        printf("epoch %lld/%lld", (long long)r->epoch, (long long)max_epochs);
    else
        printf("epoch %lld", (long long)r->epoch);
    char secs[24];
    fmt_seconds(secs, sizeof secs, r->seconds);
    /* loss and acc: the running mean over the epoch's batches */
    printf("  loss %.6f  acc %s  test_loss %s  test_acc %s  %s\n", r->train_loss, acc, tl, ta,
           secs);
    fflush(stdout);
}

typedef struct {
    int quiet;
    int64_t max_epochs;
    app_Timeline *timeline;   /* kept for --rewind, else NULL */
} Progress;

static int on_epoch(const nn_EpochRecord *r, void *ctx)
{
    const Progress *p = ctx;
    if (!p->quiet)
        print_epoch(r, p->max_epochs);
    return 0;
}

/* The timeline follows every batch when --rewind will need it. */
static void on_batch(const nn_Session *s, void *ctx)
{
    Progress *p = ctx;
    if (p->timeline)
        app_timeline_after_batch(p->timeline, s);
}

/* --rewind K: back K batches through the timeline, which restores the last
 * checkpoint before and replays (epochs recorded again as they end). */
static int rewind_steps(const TrainArgs *a, nn_Session *s, app_Timeline *t)
{
    int64_t now = nn_trainer_cursor(s->trainer).step;
    if (a->rewind > now) {
        fprintf(stderr, "nnviz train: --rewind %lld: only %lld batches were trained\n",
                (long long)a->rewind, (long long)now);
        return EXIT_BAD_INPUT;
    }
    int64_t to = now - a->rewind;
    char err[256];
    if (app_timeline_restore(t, s, to, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz train: --rewind %lld: %s\n", (long long)a->rewind, err);
        return 1;
    }
    while (nn_trainer_cursor(s->trainer).step < to) {
        int64_t ep = nn_trainer_cursor(s->trainer).epoch;
        if (nn_trainer_step_batch(s->trainer) != NN_OK ||
            (nn_trainer_cursor(s->trainer).epoch != ep &&
             nn_session_record_epoch(s, 0.0, NULL) != NN_OK)) {
            fprintf(stderr, "nnviz train: --rewind: the replay failed at step %lld\n",
                    (long long)nn_trainer_cursor(s->trainer).step);
            return 1;
        }
    }
    if (!a->quiet)
        printf("rewound %lld batches: at step %lld of %lld\n", (long long)a->rewind,
               (long long)to, (long long)now);
    return 0;
}

static int run_training(const TrainArgs *a, nn_Session *s)
{
    double t_start = seconds_now();
    app_Timeline timeline;
    char err[256];
    Progress p = {a->quiet, s->spec.epochs, NULL};
    if (a->has_rewind) {
        if (app_timeline_init(&timeline, s, APP_TIMELINE_BUDGET, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz train: %s\n", err);
            return 1;
        }
        p.timeline = &timeline;
    }
    nn_StopReason why;
    nn_Status st = nn_session_train_hooked(s, on_epoch, on_batch, &p, &why);
    double total = seconds_now() - t_start;
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    if (st == NN_DIVERGED) {
        fprintf(stderr,
                "nnviz train: %s: loss diverged (%g) at epoch %lld, step %lld: the learning rate "
                "(%g) is probably too high\n",
                a->file, c.last_loss, (long long)c.epoch + 1, (long long)c.step + 1,
                (double)nn_opt_current_lr(s->opt));
        if (p.timeline)
            app_timeline_free(p.timeline);
        return EXIT_DIVERGED;
    }
    if (st != NN_OK) {
        fprintf(stderr, "nnviz train: %s: %s\n", a->file, nn_status_name(st));
        if (p.timeline)
            app_timeline_free(p.timeline);
        return 1;
    }
    nn_Metrics tr, te;
    nn_session_evaluate(s, &tr, &te, NULL);
    char acc[16], tl[16], ta[16];
    fmt_metric(acc, sizeof acc, tr.accuracy);
    fmt_metric(tl, sizeof tl, te.loss);
    fmt_metric(ta, sizeof ta, te.accuracy);
    char secs[24];
    fmt_seconds(secs, sizeof secs, total);
    printf("done (%s): %lld epochs, %lld steps, %lld samples in %s; "
           "evaluated after training: train loss %.6f acc %s; test loss %s acc %s "
           "(epoch lines: running mean over the epoch)\n",
           nn_stop_reason_name(why), (long long)c.epoch, (long long)c.step, (long long)c.samples,
           secs, tr.loss, acc, tl, ta);
    int rc = 0;
    if (p.timeline) {
        rc = rewind_steps(a, s, p.timeline);
        app_timeline_free(p.timeline);
    }
    return rc;
}

int app_main_train(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-' && app_keras_file(argv[i]))
            return app_main_keras(argc, argv);
    TrainArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    char err[512] = "";
    nn_Experiment e;
    nn_experiment_default(&e);
    if (nn_experiment_load(&e, a.file, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz train: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    if ((rc = apply_overrides(&a, &e)) != 0)
        return rc;
    if (!a.load_model && (rc = check_used(&a, &e.opt, e.reg)) != 0)
        return rc;
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz train: %s: %s\n", a.file, err);
        return EXIT_BAD_INPUT;
    }
    if (a.load_model) {
        nn_Model *m = NULL;
        nn_Optimizer *opt = NULL;
        uint32_t features = 0;
        if (nn_model_load(a.load_model, &m, &opt, &features, err, sizeof err) != NN_OK) {
            fprintf(stderr, "nnviz train: %s\n", err);
            nn_session_destroy(s);
            return EXIT_BAD_INPUT;
        }
        if ((rc = apply_to_loaded(&a, &e.opt, m, &opt)) != 0) {
            nn_model_destroy(m);
            nn_opt_destroy(opt);
            nn_session_destroy(s);
            return rc;
        }
        if (features != 0)
            s->spec.data.features = features; /* the model was trained on these inputs */
        if (nn_session_adopt_model(s, m, opt, err, sizeof err) != NN_OK) {
            fprintf(stderr, "nnviz train: %s: %s\n", a.load_model, err);
            nn_model_destroy(m);
            nn_opt_destroy(opt);
            nn_session_destroy(s);
            return EXIT_BAD_INPUT;
        }
    }
    if (a.trace) {
        if (app_trace_write(s, a.trace, (int)a.trace_batches, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz train: --trace: %s\n", err);
            nn_session_destroy(s);
            return 1;
        }
        if (!a.quiet)
            printf("wrote the trace of %lld batch(es) to %s\n", (long long)a.trace_batches,
                   a.trace);
    }
    rc = run_training(&a, s);
    if (rc == 0 && a.history &&
        nn_session_save_history(s, a.history, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz train: %s\n", err);
        rc = 1;
    }
    if (rc == 0 && a.save_model &&
        nn_model_save(a.save_model, s->model, s->opt, e.data.features, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz train: %s\n", err);
        rc = 1;
    }
    if (rc == 0 && a.save_model && !a.quiet)
        printf("saved model to %s\n", a.save_model);
    nn_session_destroy(s);
    return rc;
}
