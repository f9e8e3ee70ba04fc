/* cmd_compare.c - `nnviz compare FILE --vary KNOB=v1,v2[,...]`: runs that
 * differ in one knob, trained side by side from the same start (core/compare.h),
 * one table row per value and the overlaid histories as CSV.
 * Exit status: 0 done (diverged runs are a result, shown in the table),
 * 1 training failed, 2 bad usage or input. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cmp_view.h"
#include "app/subcommands.h"
#include "core/compare.h"
#include "core/core.h"

#define EXIT_FAILED 1
#define EXIT_BAD_INPUT 2

static const char compare_usage[] =
    "usage: nnviz compare FILE --vary KNOB=V1,V2[,...] [options]\n"
    "Train runs of the experiment FILE that differ in one knob, side by side: they\n"
    "share the data, the initial weights and the batch order (all from the file's\n"
    "seeds), and step batch for batch together.\n"
    "\n"
    "  --vary KNOB=V1,V2,...  2 to 8 values of one knob:\n"
    "                      activation      every hidden layer (relu, tanh, sigmoid, ...)\n"
    "                      activation:N    hidden layer N only (from 1)\n"
    "                      optimizer       sgd, momentum, nesterov, adagrad, rmsprop,\n"
    "                                      adam, adamw (the learning rate stays the file's)\n"
    "                      learning_rate   (or lr) numbers > 0\n"
    "                      batch_size      whole numbers\n"
    "                      init            glorot_uniform, he_normal, uniform, zeros\n"
    "                      regularization  none, l1, l2 (rate 0.01 unless the file sets one)\n"
    "                      regularization_rate  0 to 10 (the file must switch one on)\n"
    "                      loss            a loss the output layer allows\n"
    "  --seeds K           train each value with K seeds (1 to 5): the file's seed,\n"
    "                      seed+1, ... for weights and batch order (the data stays);\n"
    "                      the table gives median [min..max] and says whether two\n"
    "                      values differ by more than the spread between seeds\n"
    "  --epochs N          train N epochs (default: the file's epochs)\n"
    "  --steps N           train N batches instead\n"
    "  --target-loss X     'steps' column: batches until an epoch's training loss first\n"
    "                      reached X (default: a quarter of the initial loss)\n"
    "  --history PATH.csv  write every run's per-epoch history to one CSV\n"
    "                      (run,KNOB,seed,epoch,step,train_loss,train_acc,test_loss,test_acc)\n"
    "  -h, --help          this help\n"
    "\n"
    "Each row: the value, then loss, accuracy, test loss and test accuracy of the\n"
    "final weights, steps to the target loss, and whether the run diverged.\n"
    "Exit status: 0 done, 1 training failed, 2 bad usage or input.\n";

typedef struct {
    const char *file, *vary, *history;
    int seeds;
    int64_t epochs, steps;
    double target;
    int has_target;
} CompareArgs;

static int bad(const char *msg, const char *a)
{
    fprintf(stderr, "nnviz compare: ");
    fprintf(stderr, msg, a);
    fputc('\n', stderr);
    return EXIT_BAD_INPUT;
}

static int parse_count(const char *opt, const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "nnviz compare: %s: '%s' is not a whole number from %lld to %lld\n", opt,
                s, (long long)lo, (long long)hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* 0 parsed, 1 help printed, else an exit status. */
static int parse_args(int argc, char **argv, CompareArgs *a)
{
    memset(a, 0, sizeof *a);
    a->seeds = 1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            fputs(compare_usage, stdout);
            return 1;
        }
        if (o[0] != '-') {
            if (a->file)
                return bad("one FILE only ('%s' is a second; see nnviz compare --help)", o);
            a->file = o;
            continue;
        }
        int takes = !strcmp(o, "--vary") || !strcmp(o, "--seeds") || !strcmp(o, "--epochs") ||
                    !strcmp(o, "--steps") || !strcmp(o, "--history") ||
                    !strcmp(o, "--target-loss");
        if (!takes)
            return bad("unknown option '%s' (see nnviz compare --help)", o);
        if (i + 1 >= argc)
            return bad("%s needs a value", o);
        const char *v = argv[++i];
        int64_t n;
        if (!strcmp(o, "--vary")) {
            if (a->vary)
                return bad("--vary is given twice (one knob at a time)%s", "");
            a->vary = v;
        } else if (!strcmp(o, "--seeds")) {
            if (parse_count(o, v, 1, APP_CMP_MAX_SEEDS, &n) != 0)
                return EXIT_BAD_INPUT;
            a->seeds = (int)n;
        } else if (!strcmp(o, "--epochs")) {
            if (parse_count(o, v, 1, 1000000000, &a->epochs) != 0)
                return EXIT_BAD_INPUT;
        } else if (!strcmp(o, "--steps")) {
            if (parse_count(o, v, 1, (int64_t)1 << 40, &a->steps) != 0)
                return EXIT_BAD_INPUT;
        } else if (!strcmp(o, "--history")) {
            a->history = v;
        } else {
            char *end;
            errno = 0;
            a->target = strtod(v, &end);
            if (errno || end == v || *end || !isfinite(a->target) || a->target < 0)
                return bad("--target-loss: '%s' is not a number >= 0", v);
            a->has_target = 1;
        }
    }
    if (!a->file)
        return bad("no FILE given (usage: nnviz compare FILE --vary KNOB=V1,V2)%s", "");
    if (!a->vary)
        return bad("--vary KNOB=V1,V2 is required (see nnviz compare --help)%s", "");
    if (a->epochs > 0 && a->steps > 0)
        return bad("give --epochs or --steps, not both%s", "");
    if (a->history) {
        /* refused before training rather than after it */
        char dir[1024];
        snprintf(dir, sizeof dir, "%s", a->history);
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[slash == dir ? 1 : 0] = '\0';
        if (access(slash ? dir : ".", W_OK) != 0)
            return bad("--history %s: cannot write in its directory", a->history);
    }
    return 0;
}

/* A figure: 4 decimals, or 3 significant digits when that would show 0.0000. */
static const char *num(char *buf, size_t len, double v)
{
    snprintf(buf, len, v != 0.0 && fabs(v) < 0.0005 ? "%.2e" : "%.4f", v);
    return buf;
}

/* One cell: the figure, or median [min..max] over seeds. */
static void cell(char *buf, size_t len, app_Band b, int seeds, int whole)
{
    char x[24], y[24], z[24];
    if (b.n == 0)
        snprintf(buf, len, "-");
    else if (whole && seeds == 1)
        snprintf(buf, len, "%.0f", b.med);
    else if (whole)
        snprintf(buf, len, "%.0f [%.0f..%.0f]", b.med, b.lo, b.hi);
    else if (seeds == 1)
        snprintf(buf, len, "%s", num(x, sizeof x, b.med));
    else
        snprintf(buf, len, "%s [%s..%s]", num(x, sizeof x, b.med), num(y, sizeof y, b.lo),
                 num(z, sizeof z, b.hi));
}

static const char *const fig_names[APP_FIG_COUNT] = {"loss", "acc", "test_loss", "test_acc",
                                                     "steps"};

static void print_table(const app_Compare *c, double target)
{
    const app_Vary *v = &c->vary;
    int w = c->n_seeds == 1 ? 10 : 29;
    char knob[48];
    if (v->knob == APP_KNOB_ACTIVATION && v->layer > 0)
        snprintf(knob, sizeof knob, "%s:%d", app_knob_name(v->knob), v->layer);
    else
        snprintf(knob, sizeof knob, "%s", app_knob_name(v->knob));
    printf("%-20s", knob);
    for (int f = 0; f < APP_FIG_COUNT; f++)
        printf(" %-*s", f == APP_FIG_STEPS ? (c->n_seeds == 1 ? 8 : 20) : w, fig_names[f]);
    printf(" diverged\n");
    for (int i = 0; i < v->n_values; i++) {
        printf("%-20s", v->text[i]);
        for (int f = 0; f < APP_FIG_COUNT; f++) {
            char buf[128];
            cell(buf, sizeof buf, app_compare_band(c, i, (app_Figure)f, target), c->n_seeds,
                 f == APP_FIG_STEPS);
            printf(" %-*s", f == APP_FIG_STEPS ? (c->n_seeds == 1 ? 8 : 20) : w, buf);
        }
        int div = 0;
        for (int k = 0; k < c->n_seeds; k++)
            div += c->runs[i * c->n_seeds + k].diverged;
        if (c->n_seeds == 1)
            printf(" %s\n", div ? "yes" : "no");
        else
            printf(" %d/%d\n", div, c->n_seeds);
    }
}

/* Pairs of values: is their difference larger than the seeds' spread? */
static void print_verdicts(const app_Compare *c, double target)
{
    app_Figure f = app_compare_key_figure(c);
    for (int i = 0; i < c->vary.n_values; i++)
        for (int j = i + 1; j < c->vary.n_values; j++) {
            app_Band a = app_compare_band(c, i, f, target), b = app_compare_band(c, j, f, target);
            if (a.n == 0 || b.n == 0) {
                printf("%s vs %s: no %s to compare (diverged)\n", c->vary.text[i],
                       c->vary.text[j], fig_names[f]);
                continue;
            }
            printf("%s vs %s: median %s %.4g vs %.4g: %s\n", c->vary.text[i], c->vary.text[j],
                   fig_names[f], a.med, b.med,
                   app_compare_within_spread(c, i, j, f, target)
                       ? "within the spread between seeds (may be seed luck)"
                       : "larger than the spread between seeds");
        }
}

int app_compare_build(int argc, char **argv, int health, app_Compare **out, double *target)
{
    *out = NULL;
    CompareArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc == 1)
        return 1;
    if (rc)
        return -rc;
    char err[512];
    app_Vary v;
    if (app_vary_parse(a.vary, &v, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz compare: %s\n", err);
        return -EXIT_BAD_INPUT;
    }
    nn_Experiment e;
    nn_Model *model = NULL;
    if (app_spec_for_file(a.file, &e, &model, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz compare: %s\n", err);
        return -EXIT_BAD_INPUT;
    }
    nn_model_destroy(model); /* a model file gives the shape; weights start from the seed */
    int64_t epochs = a.epochs, steps = a.steps;
    if (!epochs && !steps) {
        epochs = e.epochs;
        steps = epochs > 0 ? 0 : e.steps;
    }
    if (!epochs && !steps) {
        fprintf(stderr, "nnviz compare: %s: no epochs or steps set (pass --epochs N)\n", a.file);
        return -EXIT_BAD_INPUT;
    }
    app_Compare *c;
    if (app_compare_create(&c, &e, &v, a.seeds, epochs, steps, health, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz compare: %s: %s\n", a.file, err);
        return -EXIT_BAD_INPUT;
    }
    if (app_compare_run(c, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz compare: %s: %s\n", a.file, err);
        app_compare_destroy(c);
        return -EXIT_FAILED;
    }
    *target = a.has_target ? a.target : app_compare_default_target(c);
    if (a.history && app_compare_save_history(c, a.history, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz compare: %s\n", err);
        app_compare_destroy(c);
        return -EXIT_BAD_INPUT;
    }
    *out = c;
    return 0;
}

int app_main_compare(int argc, char **argv)
{
    app_Compare *c = NULL;
    double target;
    int rc = app_compare_build(argc, argv, 0, &c, &target);
    if (rc == 1)
        return 0;
    if (rc < 0)
        return -rc;
    const char *file = NULL; /* the FILE argument, for the summary */
    for (int i = 1; i < argc && !file; i++) {
        if (argv[i][0] != '-')
            file = argv[i];
        else if (strcmp(argv[i], "-h") != 0 && strcmp(argv[i], "--help") != 0)
            i++; /* every other option takes a value */
    }
    printf("compare %s: %d run%s, %lld %s each", file, c->n_runs, c->n_runs == 1 ? "" : "s",
           (long long)(c->epochs ? c->epochs : c->steps), c->epochs ? "epochs" : "steps");
    uint64_t seed = c->runs[0].seed;
    if (c->n_seeds > 1)
        printf(", seeds %llu..%llu", (unsigned long long)seed,
               (unsigned long long)(seed + (uint64_t)c->n_seeds - 1));
    else
        printf(", seed %llu", (unsigned long long)seed);
    int given = 0;
    for (int i = 1; i < argc; i++)
        given |= strcmp(argv[i], "--target-loss") == 0;
    printf("; steps = batches to an epoch loss <= %.4g%s\n", target,
           given ? "" : " (a quarter of the initial loss)");
    print_table(c, target);
    if (c->n_seeds > 1)
        print_verdicts(c, target);
    app_compare_destroy(c);
    return 0;
}
