/* compare.h - runs that differ in one knob, trained side by side.
 *
 * A comparison takes one experiment, one knob (activation, optimizer,
 * learning rate, batch size, initializer, regularization, its rate, loss)
 * and 2 to APP_CMP_MAX_VALUES values of it, and optionally k seeds per value.
 * Every run borrows one copy of the data. Runs of the same seed start from
 * the same weights and see the same batch order, because both come from
 * spec.seed, the shapes and the initializer, and the knob changes none of
 * those (except, by design, the initializer knob, and batch size changes how
 * the one shuffled order is cut into batches). Seed k of a value trains with
 * spec.seed = base seed + k; the data seed never changes, so all runs see the
 * same rows. Runs step in rounds, one batch of each unfinished run in order,
 * like the window's runner. Each run is exactly the run nn_session_train
 * would train alone from its spec (the tests check it bit for bit).
 *
 * Nothing here includes SDL. */
#ifndef NNVIZ_CORE_COMPARE_H
#define NNVIZ_CORE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/health.h"
#include "engine/session.h"

#define APP_CMP_MAX_VALUES 8
#define APP_CMP_MAX_SEEDS 5
#define APP_CMP_MAX_RUNS (APP_CMP_MAX_VALUES * APP_CMP_MAX_SEEDS)
#define APP_CMP_VALUE_LEN 32
#define APP_CMP_HEALTH_MAX 400 /* health samples kept per run */
#define APP_CMP_TRACE_MAX 1000 /* points of each run's loss by step */

typedef enum {
    APP_KNOB_ACTIVATION = 0, /* every hidden layer, or one (layer > 0) */
    APP_KNOB_OPTIMIZER,      /* the learning rate and schedule stay the experiment's */
    APP_KNOB_LEARNING_RATE,
    APP_KNOB_BATCH_SIZE,
    APP_KNOB_INIT,
    APP_KNOB_REGULARIZATION, /* switched on without a rate: Keras's 0.01 */
    APP_KNOB_REG_RATE,       /* needs a regularization that is on */
    APP_KNOB_LOSS,
    APP_KNOB_COUNT
} app_Knob;

/* One knob and the values it takes. */
typedef struct {
    app_Knob knob;
    int layer;    /* APP_KNOB_ACTIVATION: hidden layer 1..n, 0 = every hidden layer */
    int n_values; /* 2 .. APP_CMP_MAX_VALUES */
    char text[APP_CMP_MAX_VALUES][APP_CMP_VALUE_LEN]; /* each value as written */
    int code[APP_CMP_MAX_VALUES];   /* enum values (activation, optimizer, ...) */
    double num[APP_CMP_MAX_VALUES]; /* numbers (learning rate, batch size, rate) */
} app_Vary;

/* The runs' colours, 0xRRGGBB: Paul Tol's muted scheme (indigo, teal,
 * wine, olive, rose, green, purple, sand), colour-blind safe and clear of
 * the classes' blue and orange. */
extern const uint32_t app_cmp_palette[APP_CMP_MAX_VALUES];

/* The knob's name as --vary takes it ("activation", "learning_rate", ...). */
const char *app_knob_name(app_Knob k);
/* The knob's name as the window shows it ("Learning rate", in the window's
 * language; vary_label.c). */
const char *app_knob_label(app_Knob k);
/* Value i of v as the window shows it (vary_label.c): a loss, optimizer,
 * activation, initializer or regularization by its menu label ("Binary
 * CE", "Adam", "ReLU"), a number as written. The command line and the
 * files keep the Keras ids of v->text. Cut to len bytes. */
void app_vary_label(const app_Vary *v, int i, char *out, size_t len);
/* Values to offer for knob k ("sigmoid,tanh,relu"): a first comparison. */
const char *app_knob_suggestion(app_Knob k);
/* Parses "KNOB=v1,v2[,...]" (KNOB may be "activation:N" for hidden layer
 * N). 0, or -1 with one line in err naming the bad part. */
int app_vary_parse(const char *arg, app_Vary *v, char *err, size_t err_len);
/* out = base with value i of v applied, validated. 0, or -1 with one line
 * in err ("activation:3: the network has 2 hidden layers"). */
int app_vary_apply(const nn_Experiment *base, const app_Vary *v, int i, nn_Experiment *out,
                   char *err, size_t err_len);

/* One run of a comparison. */
typedef struct {
    nn_Experiment spec;  /* base with the knob's value and seed applied */
    nn_Session *s;       /* borrows the comparison's data */
    int value;           /* index into the vary's values */
    int seed_index;      /* 0 .. n_seeds-1 */
    uint64_t seed;       /* spec.seed */
    int done;            /* reached the limit */
    int diverged;        /* the loss went NaN/Inf (then also done) */
    double epoch_t0;     /* clock when its current epoch began */
    double initial_loss; /* training-set loss of the initial weights */
    nn_Metrics train, test; /* on the final weights (app_compare_finish) */
    /* the loss by step: the mean batch loss (penalty included) of every
     * trace_stride batches, at the step that ends them */
    float *trace_loss;
    int64_t *trace_step;
    int n_trace;
    double trace_sum;
    int trace_count;
    /* training health, sampled every health_stride batches */
    nn_HealthSample *health;
    int n_health;
} app_CmpRun;

typedef struct {
    app_Vary vary;
    int n_seeds;
    int n_runs;          /* n_values * n_seeds, value-major */
    app_CmpRun runs[APP_CMP_MAX_RUNS];
    nn_Dataset *train, *test; /* owned, shared by every run */
    int64_t epochs, steps;    /* the limit every run trains to (one of them > 0) */
    int64_t health_stride;    /* batches between health samples (0: none taken) */
    int64_t trace_stride;     /* batches per point of the loss traces */
    int64_t rounds;
} app_Compare;

/* Builds the runs of base varied by v, n_seeds (1..APP_CMP_MAX_SEEDS) each,
 * training to epochs or steps (exactly one > 0). health: sample training
 * health (engine/health.h) about APP_CMP_HEALTH_MAX times per run. All or
 * nothing: on failure *out is NULL and err has one line. */
int app_compare_create(app_Compare **out, const nn_Experiment *base, const app_Vary *v,
                       int n_seeds, int64_t epochs, int64_t steps, int health, char *err,
                       size_t err_len);
void app_compare_destroy(app_Compare *c);
/* One batch of every run not done, in order; records epochs as
 * nn_session_train does. Returns the runs still going, or -1 with err. */
int app_compare_round(app_Compare *c, char *err, size_t err_len);
/* Rounds until every run is done, then app_compare_finish. 0 or -1. */
int app_compare_run(app_Compare *c, char *err, size_t err_len);
/* Evaluates every run's final weights on the training and test sets. */
void app_compare_finish(app_Compare *c);
/* The run of value i and seed k. */
static inline app_CmpRun *app_compare_at(app_Compare *c, int i, int k)
{
    return &c->runs[i * c->n_seeds + k];
}

/* The batches after which run r's epoch training loss (as Keras prints it)
 * first was at most target; -1 if never. */
int64_t app_cmp_steps_to(const app_CmpRun *r, double target);
/* The target the table uses when none is given: a quarter of the median
 * training loss of the runs before training ("steps to cut the loss to a
 * quarter"), one target for every run. */
double app_compare_default_target(const app_Compare *c);

/* Median, lowest and highest of one figure over the seeds of one value
 * (diverged runs and NaN figures left out; n = how many were used). */
typedef struct {
    double med, lo, hi;
    int n;
} app_Band;

typedef enum {
    APP_FIG_LOSS = 0, APP_FIG_ACC, APP_FIG_TEST_LOSS, APP_FIG_TEST_ACC, APP_FIG_STEPS,
    APP_FIG_COUNT
} app_Figure;

/* The band of figure f of value i (steps: to target, runs that never
 * reached it left out). */
app_Band app_compare_band(const app_Compare *c, int i, app_Figure f, double target);
/* 1 when the seeds of values i and j overlap in figure f (their min-max
 * ranges touch): the difference between them may be seed luck. */
int app_compare_within_spread(const app_Compare *c, int i, int j, app_Figure f, double target);
/* The figure the verdicts use: test loss when there is a test set, else loss. */
app_Figure app_compare_key_figure(const app_Compare *c);

/* Writes every run's epoch history as one CSV, atomically:
 * run,value,seed,epoch,step,train_loss,train_acc,test_loss,test_acc */
int app_compare_save_history(const app_Compare *c, const char *path, char *err, size_t err_len);

#endif
