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
#include "engine/model_io.h"
#include "engine/session.h"

#define EXIT_BAD_INPUT 2
#define EXIT_DIVERGED 3

static const char train_usage[] =
    "usage: nnviz train FILE [options]\n"
    "Train the experiment or lesson FILE (.ini) without a window.\n"
    "\n"
    "options:\n"
    "  --epochs N          stop after N epochs\n"
    "  --steps N           stop after N batches\n"
    "  --stop-loss X       stop when an epoch's training loss is below X\n"
    "  --batch-size N      rows per batch\n"
    "  --lr X              learning rate\n"
    "  --optimizer NAME    sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw\n"
    "                      (Keras defaults for its other hyperparameters)\n"
    "  --loss NAME         mse, binary_crossentropy, categorical_crossentropy,\n"
    "                      sparse_categorical_crossentropy, half_squared\n"
    "  --seed N            seed for data, initial weights and batch order\n"
    "  --data PATH.csv     train on a CSV file (header row; needs --label)\n"
    "  --label COLUMN      the CSV column holding the label\n"
    "  --no-shuffle        keep the data order in every epoch\n"
    "  --load-model PATH   start from a saved model (JSON)\n"
    "  --save-model PATH   save the trained model (JSON) at the end\n"
    "  --history PATH.csv  write per-epoch loss and accuracy as CSV\n"
    "  --quiet             no per-epoch lines, only the summary\n"
    "  -h, --help          this help\n"
    "\n"
    "Each epoch prints: epoch, loss, accuracy, test loss, test accuracy, seconds.\n"
    "Exit status: 0 done, 2 bad usage or input, 3 training diverged.\n";

typedef struct {
    const char *file;
    int64_t epochs, steps;
    int has_epochs, has_steps, has_stop_loss, has_batch, has_lr, has_opt, has_loss, has_seed;
    double stop_loss, lr;
    int batch_size;
    nn_OptKind opt;
    nn_Loss loss;
    uint64_t seed;
    const char *data, *label, *load_model, *save_model, *history;
    int no_shuffle, quiet;
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

/* Returns 0 to go on, -1 after --help, or an exit status > 0. */
static int parse_args(int argc, char **argv, TrainArgs *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(train_usage, stdout);
            return -1;
        }
        if (strcmp(o, "--no-shuffle") == 0) { a->no_shuffle = 1; continue; }
        if (strcmp(o, "--quiet") == 0 || strcmp(o, "-q") == 0) { a->quiet = 1; continue; }
        if (o[0] != '-') {
            if (a->file)
                return bad("unexpected argument '%s' (one FILE only)%s", o, "");
            a->file = o;
            continue;
        }
        static const char *const with_value[] = {
            "--epochs", "--steps", "--stop-loss", "--batch-size", "--lr", "--optimizer", "--loss",
            "--seed", "--data", "--label", "--load-model", "--save-model", "--history"};
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            known |= strcmp(o, with_value[k]) == 0;
        if (!known)
            return bad("unknown option '%s' (see nnviz train --help)%s", o, "");
        if (i + 1 >= argc)
            return bad("%s needs a value%s", o, "");
        const char *v = argv[++i];
        int64_t n;
        if (strcmp(o, "--epochs") == 0) {
            if (parse_i64(o, v, 1, 100000000, &n)) return EXIT_BAD_INPUT;
            a->epochs = n, a->has_epochs = 1;
        } else if (strcmp(o, "--steps") == 0) {
            if (parse_i64(o, v, 1, (int64_t)1 << 40, &n)) return EXIT_BAD_INPUT;
            a->steps = n, a->has_steps = 1;
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
        } else if (strcmp(o, "--optimizer") == 0) {
            if (nn_opt_from_name(v, &a->opt) != 0)
                return bad("--optimizer: unknown optimizer '%s'%s", v,
                           " (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)");
            a->has_opt = 1;
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
    if (a->data && !a->label)
        return bad("--data %s needs --label COLUMN%s", a->data, "");
    if (a->label && !a->data)
        return bad("--label needs --data PATH.csv%s%s", "", "");
    return 0;
}

/* Command-line values win over the file's. */
static int apply_overrides(const TrainArgs *a, nn_Experiment *e)
{
    if (a->has_opt) {
        float lr = e->opt.lr;
        nn_Schedule sched = e->opt.schedule;
        nn_opt_config_default(&e->opt, a->opt);
        e->opt.schedule = sched;
        if (!a->has_lr && e->opt.kind == a->opt)
            e->opt.lr = lr;
    }
    if (a->has_lr)
        e->opt.lr = (float)a->lr;
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
    if (e->epochs <= 0 && e->steps <= 0 && e->stop_loss <= 0.0) {
        fprintf(stderr, "nnviz train: %s: no stopping condition: set epochs, steps or stop_loss "
                        "(or pass --epochs N)\n", a->file);
        return EXIT_BAD_INPUT;
    }
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

/* Seconds for people: small epochs in milliseconds rather than "0.000s". */
static void fmt_seconds(char *buf, size_t n, double s)
{
    if (s < 1.0)
        snprintf(buf, n, "%.2fms", s * 1e3);
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
    printf("  loss %.6f  acc %s  test_loss %s  test_acc %s  %s\n", r->train_loss, acc, tl, ta,
           secs);
    fflush(stdout);
}

typedef struct {
    int quiet;
    int64_t max_epochs;
} Progress;

static int on_epoch(const nn_EpochRecord *r, void *ctx)
{
    const Progress *p = ctx;
    if (!p->quiet)
        print_epoch(r, p->max_epochs);
    return 0;
}

static int run_training(const TrainArgs *a, nn_Session *s)
{
    double t_start = seconds_now();
    Progress p = {a->quiet, s->spec.epochs};
    nn_StopReason why;
    nn_Status st = nn_session_train(s, on_epoch, &p, &why);
    double total = seconds_now() - t_start;
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    if (st == NN_DIVERGED) {
        fprintf(stderr,
                "nnviz train: %s: loss diverged (%g) at epoch %lld, step %lld: the learning rate "
                "(%g) is probably too high\n",
                a->file, c.last_loss, (long long)c.epoch + 1, (long long)c.step + 1,
                (double)nn_opt_current_lr(s->opt));
        return EXIT_DIVERGED;
    }
    if (st != NN_OK) {
        fprintf(stderr, "nnviz train: %s: %s\n", a->file, nn_status_name(st));
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
           "train loss %.6f acc %s; test loss %s acc %s\n",
           nn_stop_reason_name(why), (long long)c.epoch, (long long)c.step, (long long)c.samples,
           secs, tr.loss, acc, tl, ta);
    return 0;
}

int app_main_train(int argc, char **argv)
{
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
