/* optimizer.h - Keras 3 optimizers and learning-rate schedules over flat arrays.
 *
 * Each update rule follows ../shared/FORMULAS.md to the letter (epsilon
 * placement included) and is written out in a comment at its function in
 * optimizer.c. State slots are flat arrays laid out exactly like
 * nn_Model.params, so slot views per layer use the model's W_off/b_off. */
#ifndef NN_OPTIMIZER_H
#define NN_OPTIMIZER_H

#include <stddef.h>
#include <stdint.h>

#include "nn_status.h"

typedef enum {
    NN_OPT_SGD = 0,   /* plain SGD */
    NN_OPT_MOMENTUM,  /* SGD with momentum */
    NN_OPT_NESTEROV,  /* SGD with Nesterov momentum */
    NN_OPT_ADAGRAD,
    NN_OPT_RMSPROP,
    NN_OPT_ADAM,
    NN_OPT_ADAMW,
    NN_OPT_COUNT
} nn_OptKind;

typedef enum {
    NN_SCHED_CONSTANT = 0,
    NN_SCHED_STEP,        /* lr0 * rate^floor(t / decay_steps): the tutorials' step decay,
                             the same numbers as exponential with staircase */
    NN_SCHED_EXPONENTIAL, /* lr0 * rate^(t / decay_steps), exponent floored if staircase */
    NN_SCHED_COSINE,      /* lr0 * ((1-alpha) * 1/2 (1 + cos(pi min(t,T)/T)) + alpha) */
    NN_SCHED_PIECEWISE,   /* Keras's PiecewiseConstantDecay: values[i] between boundaries */
    NN_SCHED_COUNT
} nn_SchedKind;

/* Most boundaries a piecewise schedule holds (values: one more). */
#define NN_SCHED_MAX_BOUNDARIES 16

typedef struct {
    nn_SchedKind kind;
    int64_t decay_steps; /* step: drop every N updates; exponential: decay_steps; cosine: T */
    float decay_rate;    /* step: factor per drop; exponential: rate */
    int staircase;       /* exponential only */
    float alpha;         /* cosine: final fraction of lr0 */
    /* piecewise only: update indices where the rate changes, strictly
     * increasing, and the learning rates themselves (as in Keras, the values
     * are the learning rates: lr0 is not used) */
    int n_boundaries;                                /* 1 .. NN_SCHED_MAX_BOUNDARIES */
    int64_t boundaries[NN_SCHED_MAX_BOUNDARIES];     /* (n_boundaries) */
    float values[NN_SCHED_MAX_BOUNDARIES + 1];       /* (n_boundaries + 1) */
} nn_Schedule;

typedef struct {
    nn_OptKind kind;
    float lr;                  /* initial learning rate (before the schedule) */
    float momentum;            /* SGD momentum / RMSprop momentum */
    float rho;                 /* RMSprop decay */
    float beta1, beta2;        /* Adam, AdamW */
    float epsilon;
    float initial_accumulator; /* Adagrad */
    float weight_decay;        /* AdamW */
    nn_Schedule schedule;
} nn_OptConfig;

/* cfg may be edited between steps (e.g. lr from a slider: the next step uses
 * it); kind, and whether RMSprop's momentum is 0, are fixed at creation,
 * since they decide which slots exist. */
typedef struct {
    nn_OptConfig cfg;
    size_t n;            /* parameters updated */
    int64_t iterations;  /* updates applied so far (Keras optimizer.iterations) */
    float *slot[2];      /* state, laid out like the parameters, NULL when unused:
                            momentum/nesterov: slot[0] = velocity v
                            adagrad:  slot[0] = accumulator A
                            rmsprop:  slot[0] = s (mean square), slot[1] = momentum m
                                      (NULL when created with momentum 0, as Keras)
                            adam(w):  slot[0] = m, slot[1] = v
                            The struct and its slots are one allocation. */
} nn_Optimizer;

/* Names: "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw";
 * schedules "constant", "step", "exponential", "cosine", "piecewise". *_name
 * never returns NULL ("unknown" out of range). *_from_name ignores ASCII case
 * ("Adam", "SGD", "RMSprop") and also takes "ExponentialDecay", "CosineDecay"
 * and "PiecewiseConstantDecay"; it
 * returns 0 and sets *out, or -1 for an unknown name (*out unchanged). */
const char *nn_opt_name(nn_OptKind kind);
int nn_opt_from_name(const char *name, nn_OptKind *out);
const char *nn_sched_name(nn_SchedKind kind);
int nn_sched_from_name(const char *name, nn_SchedKind *out);

/* Keras 3 defaults for this optimizer (momentum/nesterov kinds use 0.9,
 * the value tutorials pass; Keras's SGD default momentum is 0). Every field
 * is set: the schedule is constant, with decay_steps 1000, decay_rate 0.96,
 * alpha 0 ready for when a schedule is switched on (Keras has no defaults);
 * no piecewise boundaries (the caller gives them, as Keras's caller must). */
void nn_opt_config_default(nn_OptConfig *cfg, nn_OptKind kind);
/* Checks that the hyperparameters this kind and schedule use are finite and
 * in range: learning_rate > 0; momentum, rho, beta_1, beta_2 in [0, 1);
 * epsilon > 0; initial_accumulator_value, weight_decay >= 0; decay_steps > 0
 * for the step, exponential and cosine schedules; decay_rate in (0, 1];
 * alpha in [0, 1]; piecewise: 1 .. NN_SCHED_MAX_BOUNDARIES boundaries, whole
 * numbers >= 0 strictly increasing, and values > 0. The message names the
 * hyperparameter by its Keras name. */
nn_Status nn_opt_config_validate(const nn_OptConfig *cfg, char *err, size_t err_len);
/* Names of the state slots for display ("velocity", "accumulator",
 * "mean square", "momentum", "m", "v"); NULL if the kind has no such slot. */
const char *nn_opt_slot_name(nn_OptKind kind, int slot);
/* Slots the kind can have (RMSprop: 2, though slot[1] exists only with momentum). */
int nn_opt_slot_count(nn_OptKind kind);

/* Validates cfg and allocates an optimizer for n >= 1 parameters, slots at
 * their initial values (Adagrad: initial_accumulator; others 0). On failure
 * *out is NULL. */
nn_Status nn_opt_create(nn_Optimizer **out, const nn_OptConfig *cfg, size_t n,
                        char *err, size_t err_len);
void nn_opt_destroy(nn_Optimizer *opt); /* NULL is fine */
/* Back to the initial state (iterations 0, slots at their initial values). */
void nn_opt_reset(nn_Optimizer *opt);

/* Learning rate a schedule gives at update index t (0-based: the first
 * update uses t = 0, as Keras evaluates the schedule at optimizer.iterations).
 * A NULL schedule, or one with decay_steps <= 0 (piecewise: no boundaries),
 * gives lr0. */
double nn_schedule_lr(const nn_Schedule *s, double lr0, int64_t t);
/* The learning rate the next update will use. */
float nn_opt_current_lr(const nn_Optimizer *opt);

/* One update of all n parameters: w += delta, where delta (written, n floats)
 * is the change this rule makes, then iterations++. g is the batch-mean
 * gradient. w, g and delta must not overlap. No allocation.
 * w_new == w_old + delta holds exactly. For AdamW, w also ends bit-for-bit
 * where Keras's two steps (decay, then Adam) put it whenever the update moves
 * a weight by less than half its size; a weight crossing zero can differ
 * from that by one float rounding of delta (see adamw_range in optimizer.c). */
void nn_opt_step(nn_Optimizer *opt, float *w, const float *g, float *delta);
/* The same update restricted to parameters [begin, end), without counting
 * the step: ranges may run on different threads; then call
 * nn_opt_finish_step once. Splitting never changes a result. */
void nn_opt_step_range(nn_Optimizer *opt, float *w, const float *g, float *delta, size_t begin,
                       size_t end);
void nn_opt_finish_step(nn_Optimizer *opt);
/* The update of a 2-D block of parameters: elements offset + r*stride + c
 * for r < n_rows, c < width (a column band of a kernel). */
void nn_opt_step_block(nn_Optimizer *opt, float *w, const float *g, float *delta, size_t offset,
                       size_t n_rows, size_t stride, size_t width);

#endif
