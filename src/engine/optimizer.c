/* optimizer.c - Keras 3 optimizers and learning-rate schedules over flat arrays.
 *
 * Every update rule is one function over n floats, with its formula from
 * ../shared/FORMULAS.md written in the comment above it. The per-element
 * expressions keep the order of operations of Keras's own code (one file per
 * optimizer in keras/src/optimizers/), so in float they round the way Keras's
 * float32 ops do. The per-step scalars (learning rate, Adam's alpha, 1 - rho,
 * 1 - beta) are computed once per step in double and then rounded to float.
 *
 * Each rule writes delta[i], the change it makes to w[i], and then applies it
 * with w[i] += delta[i], so w_new == w_old + delta holds exactly in float.
 *
 * Vectorization: each rule's loop is a static inline function over an index
 * range [lo, hi) with restrict pointers (no calls through pointers), run once
 * per block of NN_OPT_BLOCK floats and once for the tail. A block has a
 * trip count known to be a multiple of the vector width, which GCC 12's -O2
 * cost model ("very cheap") requires before it vectorizes a loop; -O3
 * vectorizes the tail too. The loops that take a square root (Adagrad,
 * RMSprop, Adam, AdamW) vectorize only when sqrtf need not set errno, i.e.
 * with -fno-math-errno: under GCC's default -fmath-errno each sqrtf keeps a
 * guarded libm call for negative arguments, control flow the vectorizer
 * refuses. The results are the same either way (sqrtf is correctly rounded). */
#include "optimizer.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bulk loops run over a multiple of this many floats (64 bytes, a multiple
 * of every SIMD width GCC targets for float). */
#define NN_OPT_BLOCK 16u

/* ------------------------------------------------------------------------ */
/* Names                                                                    */
/* ------------------------------------------------------------------------ */

static const char *const opt_names[NN_OPT_COUNT] = {
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
};

static const char *const sched_names[NN_SCHED_COUNT] = {
    "constant", "step", "exponential", "cosine", "piecewise",
};

/* ASCII case-insensitive equality, so "Adam", "SGD" and "RMSprop" parse. */
static int name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb)
            return 0;
        if (ca == '\0')
            return 1;
    }
}

const char *nn_opt_name(nn_OptKind kind)
{
    return (unsigned)kind < NN_OPT_COUNT ? opt_names[kind] : "unknown";
}

int nn_opt_from_name(const char *name, nn_OptKind *out)
{
    if (!name || !out)
        return -1;
    for (int i = 0; i < NN_OPT_COUNT; i++) {
        if (name_equal(name, opt_names[i])) {
            *out = (nn_OptKind)i;
            return 0;
        }
    }
    /* other spellings seen in Keras code and tutorials */
    if (name_equal(name, "sgd_momentum")) { *out = NN_OPT_MOMENTUM; return 0; }
    if (name_equal(name, "sgd_nesterov")) { *out = NN_OPT_NESTEROV; return 0; }
    return -1;
}

const char *nn_sched_name(nn_SchedKind kind)
{
    return (unsigned)kind < NN_SCHED_COUNT ? sched_names[kind] : "unknown";
}

int nn_sched_from_name(const char *name, nn_SchedKind *out)
{
    if (!name || !out)
        return -1;
    for (int i = 0; i < NN_SCHED_COUNT; i++) {
        if (name_equal(name, sched_names[i])) {
            *out = (nn_SchedKind)i;
            return 0;
        }
    }
    /* Keras class names and common spellings */
    if (name_equal(name, "none")) { *out = NN_SCHED_CONSTANT; return 0; }
    if (name_equal(name, "step_decay")) { *out = NN_SCHED_STEP; return 0; }
    if (name_equal(name, "ExponentialDecay") || name_equal(name, "exponential_decay")) {
        *out = NN_SCHED_EXPONENTIAL;
        return 0;
    }
    if (name_equal(name, "CosineDecay") || name_equal(name, "cosine_decay")) {
        *out = NN_SCHED_COSINE;
        return 0;
    }
    if (name_equal(name, "PiecewiseConstantDecay") || name_equal(name, "piecewise_constant")) {
        *out = NN_SCHED_PIECEWISE;
        return 0;
    }
    return -1;
}

int nn_opt_slot_count(nn_OptKind kind)
{
    switch (kind) {
    case NN_OPT_SGD: return 0;
    case NN_OPT_MOMENTUM:
    case NN_OPT_NESTEROV:
    case NN_OPT_ADAGRAD: return 1;
    case NN_OPT_RMSPROP:
    case NN_OPT_ADAM:
    case NN_OPT_ADAMW: return 2;
    case NN_OPT_COUNT: break;
    }
    return 0;
}

const char *nn_opt_slot_name(nn_OptKind kind, int slot)
{
    if (slot < 0 || slot >= nn_opt_slot_count(kind))
        return NULL;
    switch (kind) {
    case NN_OPT_MOMENTUM:
    case NN_OPT_NESTEROV: return "velocity";
    case NN_OPT_ADAGRAD: return "accumulator";
    case NN_OPT_RMSPROP: return slot == 0 ? "mean square" : "momentum";
    case NN_OPT_ADAM:
    case NN_OPT_ADAMW: return slot == 0 ? "m" : "v";
    case NN_OPT_SGD:
    case NN_OPT_COUNT: break;
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */
/* ------------------------------------------------------------------------ */

void nn_opt_config_default(nn_OptConfig *cfg, nn_OptKind kind)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = kind;
    /* Keras 3 defaults shared by the optimizers that have the parameter */
    cfg->lr = 0.001f;
    cfg->momentum = 0.0f;
    cfg->rho = 0.9f;
    cfg->beta1 = 0.9f;
    cfg->beta2 = 0.999f;
    cfg->epsilon = 1e-7f;
    cfg->initial_accumulator = 0.1f;
    cfg->weight_decay = 0.0f;
    /* Keras schedules have no defaults (decay_steps is required); these are
     * starting values for when a schedule is switched on. */
    cfg->schedule.kind = NN_SCHED_CONSTANT;
    cfg->schedule.decay_steps = 1000;
    cfg->schedule.decay_rate = 0.96f;
    cfg->schedule.staircase = 0;
    cfg->schedule.alpha = 0.0f;

    switch (kind) {
    case NN_OPT_SGD:
        cfg->lr = 0.01f;
        break;
    case NN_OPT_MOMENTUM:
    case NN_OPT_NESTEROV:
        cfg->lr = 0.01f;
        cfg->momentum = 0.9f;
        break;
    case NN_OPT_ADAMW:
        cfg->weight_decay = 0.004f;
        break;
    case NN_OPT_ADAGRAD:
    case NN_OPT_RMSPROP:
    case NN_OPT_ADAM:
        break;
    case NN_OPT_COUNT:
        cfg->lr = 0.01f;
        break;
    }
}

/* x is finite and lo <= x < hi (or x <= hi when hi_inclusive). */
static int in_range(double x, double lo, double hi, int hi_inclusive)
{
    if (!isfinite(x) || x < lo)
        return 0;
    return hi_inclusive ? x <= hi : x < hi;
}

static nn_Status check_unit(const char *opt, const char *name, float x, char *err, size_t err_len)
{
    if (in_range(x, 0.0, 1.0, 0))
        return NN_OK;
    nn_errorf(err, err_len, "%s: %s must be in [0, 1) (got %g)", opt, name, (double)x);
    return NN_ERR_INVALID_ARG;
}

static nn_Status check_positive(const char *opt, const char *name, float x, char *err,
                                size_t err_len)
{
    if (isfinite(x) && x > 0.0f)
        return NN_OK;
    nn_errorf(err, err_len, "%s: %s must be a finite number > 0 (got %g)", opt, name, (double)x);
    return NN_ERR_INVALID_ARG;
}

static nn_Status check_nonnegative(const char *opt, const char *name, float x, char *err,
                                   size_t err_len)
{
    if (isfinite(x) && x >= 0.0f)
        return NN_OK;
    nn_errorf(err, err_len, "%s: %s must be a finite number >= 0 (got %g)", opt, name,
              (double)x);
    return NN_ERR_INVALID_ARG;
}

/* Keras asks for strictly increasing boundaries and one value more; our
 * values are learning rates, so each must be > 0 like learning_rate. */
static nn_Status piecewise_validate(const nn_Schedule *s, char *err, size_t err_len)
{
    int n = s->n_boundaries;
    if (n < 1 || n > NN_SCHED_MAX_BOUNDARIES) {
        nn_errorf(err, err_len, "piecewise schedule: needs 1 to %d boundaries (got %d)",
                  NN_SCHED_MAX_BOUNDARIES, n);
        return NN_ERR_INVALID_ARG;
    }
    for (int i = 0; i < n; i++) {
        if (s->boundaries[i] < 0 || (i > 0 && s->boundaries[i] <= s->boundaries[i - 1])) {
            nn_errorf(err, err_len,
                      "piecewise schedule: boundaries must be steps >= 0 in increasing order "
                      "(boundary %d is %lld)", i + 1, (long long)s->boundaries[i]);
            return NN_ERR_INVALID_ARG;
        }
    }
    for (int i = 0; i <= n; i++) {
        if (!(isfinite(s->values[i]) && s->values[i] > 0.0f)) {
            nn_errorf(err, err_len, "piecewise schedule: values must be learning rates > 0 "
                      "(value %d is %g)", i + 1, (double)s->values[i]);
            return NN_ERR_INVALID_ARG;
        }
    }
    return NN_OK;
}

static nn_Status schedule_validate(const nn_Schedule *s, char *err, size_t err_len)
{
    if ((unsigned)s->kind >= NN_SCHED_COUNT) {
        nn_errorf(err, err_len, "unknown learning-rate schedule %d", (int)s->kind);
        return NN_ERR_INVALID_ARG;
    }
    const char *name = sched_names[s->kind];
    if (s->kind == NN_SCHED_CONSTANT)
        return NN_OK;
    if (s->kind == NN_SCHED_PIECEWISE)
        return piecewise_validate(s, err, err_len);
    if (s->decay_steps <= 0) {
        nn_errorf(err, err_len, "%s schedule: decay_steps must be > 0 (got %lld)", name,
                  (long long)s->decay_steps);
        return NN_ERR_INVALID_ARG;
    }
    if (s->kind == NN_SCHED_STEP || s->kind == NN_SCHED_EXPONENTIAL) {
        /* a decay: a rate above 1 would grow the learning rate without bound */
        if (!(isfinite(s->decay_rate) && s->decay_rate > 0.0f && s->decay_rate <= 1.0f)) {
            nn_errorf(err, err_len, "%s schedule: decay_rate must be in (0, 1] (got %g)", name,
                      (double)s->decay_rate);
            return NN_ERR_INVALID_ARG;
        }
    }
    if (s->kind == NN_SCHED_COSINE && !in_range(s->alpha, 0.0, 1.0, 1)) {
        nn_errorf(err, err_len, "%s schedule: alpha must be in [0, 1] (got %g)", name,
                  (double)s->alpha);
        return NN_ERR_INVALID_ARG;
    }
    return NN_OK;
}

nn_Status nn_opt_config_validate(const nn_OptConfig *cfg, char *err, size_t err_len)
{
    if (!cfg) {
        nn_errorf(err, err_len, "no optimizer configuration given");
        return NN_ERR_INVALID_ARG;
    }
    if ((unsigned)cfg->kind >= NN_OPT_COUNT) {
        nn_errorf(err, err_len, "unknown optimizer kind %d", (int)cfg->kind);
        return NN_ERR_INVALID_ARG;
    }
    const char *o = opt_names[cfg->kind];
    nn_Status st = check_positive(o, "learning_rate", cfg->lr, err, err_len);
    if (st != NN_OK)
        return st;

    switch (cfg->kind) {
    case NN_OPT_SGD:
        break;
    case NN_OPT_MOMENTUM:
    case NN_OPT_NESTEROV:
        st = check_unit(o, "momentum", cfg->momentum, err, err_len);
        break;
    case NN_OPT_ADAGRAD:
        st = check_nonnegative(o, "initial_accumulator_value", cfg->initial_accumulator, err,
                               err_len);
        if (st == NN_OK)
            st = check_positive(o, "epsilon", cfg->epsilon, err, err_len);
        break;
    case NN_OPT_RMSPROP:
        st = check_unit(o, "rho", cfg->rho, err, err_len);
        if (st == NN_OK)
            st = check_unit(o, "momentum", cfg->momentum, err, err_len);
        if (st == NN_OK)
            st = check_positive(o, "epsilon", cfg->epsilon, err, err_len);
        break;
    case NN_OPT_ADAM:
    case NN_OPT_ADAMW:
        st = check_unit(o, "beta_1", cfg->beta1, err, err_len);
        if (st == NN_OK)
            st = check_unit(o, "beta_2", cfg->beta2, err, err_len);
        if (st == NN_OK)
            st = check_positive(o, "epsilon", cfg->epsilon, err, err_len);
        if (st == NN_OK && cfg->kind == NN_OPT_ADAMW)
            st = check_nonnegative(o, "weight_decay", cfg->weight_decay, err, err_len);
        break;
    case NN_OPT_COUNT:
        break;
    }
    if (st != NN_OK)
        return st;
    return schedule_validate(&cfg->schedule, err, err_len);
}

/* ------------------------------------------------------------------------ */
/* Lifetime                                                                 */
/* ------------------------------------------------------------------------ */

/* Slots the optimizer actually allocates: RMSprop's momentum slot only when
 * momentum > 0 (as Keras creates it). */
static int slots_needed(const nn_OptConfig *cfg)
{
    if (cfg->kind == NN_OPT_RMSPROP && !(cfg->momentum > 0.0f))
        return 1;
    return nn_opt_slot_count(cfg->kind);
}

/* The struct and its slots share one 64-byte-aligned allocation; slots start
 * at this offset and each is padded to whole cache lines, so vector loads of
 * every slot are aligned like the parameters'. */
#define NN_OPT_HEADER (((sizeof(nn_Optimizer) + 63u) / 64u) * 64u)
#define NN_OPT_PAD(n) ((((n) + 15u) / 16u) * 16u)

nn_Status nn_opt_create(nn_Optimizer **out, const nn_OptConfig *cfg, size_t n, char *err,
                        size_t err_len)
{
    if (out)
        *out = NULL;
    if (!out || !cfg) {
        nn_errorf(err, err_len, "nn_opt_create: out and cfg must not be NULL");
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = nn_opt_config_validate(cfg, err, err_len);
    if (st != NN_OK)
        return st;
    if (n == 0) {
        nn_errorf(err, err_len, "an optimizer needs at least one parameter (got n = 0)");
        return NN_ERR_INVALID_ARG;
    }
    size_t k = (size_t)slots_needed(cfg);
    if (k > 0 && n > (((size_t)-1) - NN_OPT_HEADER) / (k * sizeof(float)) - 16) {
        nn_errorf(err, err_len, "%zu parameters are too many for %s's state", n,
                  opt_names[cfg->kind]);
        return NN_ERR_INVALID_ARG;
    }
    size_t stride = NN_OPT_PAD(n);
    unsigned char *mem = aligned_alloc(64, NN_OPT_HEADER + k * stride * sizeof(float));
    if (!mem) {
        nn_errorf(err, err_len, "out of memory allocating %s state for %zu parameters",
                  opt_names[cfg->kind], n);
        return NN_ERR_NOMEM;
    }
    nn_Optimizer *opt = (nn_Optimizer *)(void *)mem;
    memset(opt, 0, sizeof *opt);
    opt->cfg = *cfg;
    opt->n = n;
    float *slots = (float *)(void *)(mem + NN_OPT_HEADER);
    for (size_t s = 0; s < k; s++)
        opt->slot[s] = slots + s * stride;
    nn_opt_reset(opt);
    *out = opt;
    return NN_OK;
}

void nn_opt_destroy(nn_Optimizer *opt)
{
    free(opt);
}

void nn_opt_reset(nn_Optimizer *opt)
{
    if (!opt)
        return;
    opt->iterations = 0;
    for (int s = 0; s < 2; s++) {
        float *p = opt->slot[s];
        if (!p)
            continue;
        /* Keras's Adagrad starts its accumulator at initial_accumulator_value;
         * every other slot starts at 0 */
        float v0 = opt->cfg.kind == NN_OPT_ADAGRAD ? opt->cfg.initial_accumulator : 0.0f;
        for (size_t i = 0; i < opt->n; i++)
            p[i] = v0;
    }
}

/* ------------------------------------------------------------------------ */
/* Schedules                                                                */
/* ------------------------------------------------------------------------ */

/* constant:    lr0
 * step:        lr0 * decay_rate^floor(t / decay_steps)
 * exponential: lr0 * decay_rate^(t / decay_steps), exponent floored if staircase
 * cosine:      lr0 * ((1 - alpha) * 1/2 (1 + cos(pi min(t, T) / T)) + alpha),
 *              T = decay_steps
 * piecewise:   values[0]  if t <= boundaries[0]
 *              values[i]  if boundaries[i-1] < t <= boundaries[i]
 *              values[n]  if t > boundaries[n-1]          (n = n_boundaries)
 *              Keras's PiecewiseConstantDecay(boundaries, values) word for
 *              word: a boundary step itself still uses the value before it,
 *              and lr0 is not used (the values are the learning rates).
 * `step` is not a piecewise schedule with even drops: it is exponential with
 * staircase, lr0 * rate^floor(t / decay_steps).
 * A schedule whose decay_steps is not positive (invalid) gives lr0, as does
 * a piecewise one without boundaries. */
double nn_schedule_lr(const nn_Schedule *s, double lr0, int64_t t)
{
    if (!s || s->kind == NN_SCHED_CONSTANT)
        return lr0;
    if (t < 0)
        t = 0;
    if (s->kind == NN_SCHED_PIECEWISE) {
        int n = s->n_boundaries;
        if (n < 1 || n > NN_SCHED_MAX_BOUNDARIES)
            return lr0;
        int i = 0;
        while (i < n && t > s->boundaries[i])
            i++;
        return (double)s->values[i];
    }
    if (s->decay_steps <= 0)
        return lr0;
    double steps = (double)s->decay_steps;
    switch (s->kind) {
    case NN_SCHED_STEP:
        return lr0 * pow((double)s->decay_rate, (double)(t / s->decay_steps));
    case NN_SCHED_EXPONENTIAL: {
        double p = (double)t / steps;
        if (s->staircase)
            p = floor(p);
        return lr0 * pow((double)s->decay_rate, p);
    }
    case NN_SCHED_COSINE: {
        const double pi = 3.14159265358979323846;
        double tt = t < s->decay_steps ? (double)t : steps;
        double cosine = 0.5 * (1.0 + cos(pi * (tt / steps)));
        double alpha = (double)s->alpha;
        return lr0 * ((1.0 - alpha) * cosine + alpha);
    }
    case NN_SCHED_CONSTANT:
    case NN_SCHED_PIECEWISE:
    case NN_SCHED_COUNT:
        break;
    }
    return lr0;
}

float nn_opt_current_lr(const nn_Optimizer *opt)
{
    assert(opt);
    return (float)nn_schedule_lr(&opt->cfg.schedule, (double)opt->cfg.lr, opt->iterations);
}

/* ------------------------------------------------------------------------ */
/* Update rules                                                             */
/* ------------------------------------------------------------------------ */
/* Each *_range function updates elements lo .. hi-1. Scalars arrive already
 * rounded to float; the loop body is Keras's expression, in Keras's order. */

/* SGD:   w -= lr * g
 * delta = -(g * lr), so w + delta rounds exactly as Keras's w - g*lr. */
static inline void sgd_range(size_t lo, size_t hi, float *restrict w, const float *restrict g,
                             float *restrict delta, float lr)
{
    for (size_t i = lo; i < hi; i++) {
        float d = -(g[i] * lr);
        delta[i] = d;
        w[i] += d;
    }
}

/* SGD with momentum mu:   v = mu * v - lr * g;   w += v
 * delta = v (the new velocity). */
static inline void momentum_range(size_t lo, size_t hi, float *restrict w,
                                  const float *restrict g, float *restrict delta,
                                  float *restrict v, float lr, float mu)
{
    for (size_t i = lo; i < hi; i++) {
        float vi = v[i] * mu - g[i] * lr;
        v[i] = vi;
        delta[i] = vi;
        w[i] += vi;
    }
}

/* Nesterov:   v = mu * v - lr * g;   w += mu * v - lr * g   (v already updated)
 * delta = mu * v_new - lr * g. */
static inline void nesterov_range(size_t lo, size_t hi, float *restrict w,
                                  const float *restrict g, float *restrict delta,
                                  float *restrict v, float lr, float mu)
{
    for (size_t i = lo; i < hi; i++) {
        float step = g[i] * lr;
        float vi = v[i] * mu - step;
        v[i] = vi;
        float d = vi * mu - step;
        delta[i] = d;
        w[i] += d;
    }
}

/* Adagrad:   A += g^2;   w -= lr * g / sqrt(A + eps)      (eps inside the root)
 * delta = -(lr * g / sqrt(A + eps)). */
static inline void adagrad_range(size_t lo, size_t hi, float *restrict w,
                                 const float *restrict g, float *restrict delta,
                                 float *restrict acc, float lr, float eps)
{
    for (size_t i = lo; i < hi; i++) {
        float gi = g[i];
        float a = acc[i] + gi * gi;
        acc[i] = a;
        float d = -((lr * gi) / sqrtf(a + eps));
        delta[i] = d;
        w[i] += d;
    }
}

/* RMSprop:   s = rho * s + (1 - rho) * g^2;   w -= lr * g / sqrt(s + eps)
 * (eps inside the root). delta = -(lr * g / sqrt(s + eps)). */
static inline void rmsprop_range(size_t lo, size_t hi, float *restrict w,
                                 const float *restrict g, float *restrict delta,
                                 float *restrict s, float lr, float rho, float one_minus_rho,
                                 float eps)
{
    for (size_t i = lo; i < hi; i++) {
        float gi = g[i];
        float si = rho * s[i] + one_minus_rho * (gi * gi);
        s[i] = si;
        float d = -((lr * gi) / sqrtf(si + eps));
        delta[i] = d;
        w[i] += d;
    }
}

/* RMSprop with momentum mu > 0:
 *     s = rho * s + (1 - rho) * g^2;   m = mu * m + lr * g / sqrt(s + eps);   w -= m
 * delta = -m. */
static inline void rmsprop_momentum_range(size_t lo, size_t hi, float *restrict w,
                                          const float *restrict g, float *restrict delta,
                                          float *restrict s, float *restrict m, float lr,
                                          float rho, float one_minus_rho, float eps, float mu)
{
    for (size_t i = lo; i < hi; i++) {
        float gi = g[i];
        float si = rho * s[i] + one_minus_rho * (gi * gi);
        s[i] = si;
        float mi = mu * m[i] + (lr * gi) / sqrtf(si + eps);
        m[i] = mi;
        float d = -mi;
        delta[i] = d;
        w[i] += d;
    }
}

/* Adam (t = iterations + 1, counted from 1):
 *     m += (g - m)(1 - beta1);   v += (g^2 - v)(1 - beta2)
 *     alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *     w -= alpha * m / (sqrt(v) + eps)          (eps outside the root, not
 *                                                bias-corrected)
 * delta = -(m * alpha / (sqrt(v) + eps)). alpha is computed per step in double. */
static inline void adam_range(size_t lo, size_t hi, float *restrict w, const float *restrict g,
                              float *restrict delta, float *restrict m, float *restrict v,
                              float alpha, float one_minus_b1, float one_minus_b2, float eps)
{
    for (size_t i = lo; i < hi; i++) {
        float gi = g[i];
        float mi = m[i] + (gi - m[i]) * one_minus_b1;
        float vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
        m[i] = mi;
        v[i] = vi;
        float d = -((mi * alpha) / (sqrtf(vi) + eps));
        delta[i] = d;
        w[i] += d;
    }
}

/* AdamW, Keras's two steps (decay with the same lr, then Adam):
 *     w1 = w - w * weight_decay * lr
 *     w2 = w1 - alpha * m / (sqrt(v) + eps)      (m, v, alpha as in Adam)
 * Both steps are evaluated in float exactly as Keras does, giving w2; then
 * delta = w2 - w (the decay term plus the Adam term) and w += delta.
 * When w2 lies within a factor 2 of w (every update that moves a weight by
 * less than half its size) the subtraction w2 - w is exact (Sterbenz), so w
 * ends bit-for-bit at Keras's w2 and w_new == w_old + delta. When a weight
 * moves by more than half its size in one step (typically crossing zero),
 * w2 - w can round; w_new == w_old + delta still holds exactly, and w_new
 * differs from Keras's w2 by at most that rounding (about 6e-8 * |delta|).
 * No float delta can give both there. */
static inline void adamw_range(size_t lo, size_t hi, float *restrict w, const float *restrict g,
                               float *restrict delta, float *restrict m, float *restrict v,
                               float lr, float wd, float alpha, float one_minus_b1,
                               float one_minus_b2, float eps)
{
    for (size_t i = lo; i < hi; i++) {
        float wi = w[i];
        float w1 = wi - (wi * wd) * lr;
        float gi = g[i];
        float mi = m[i] + (gi - m[i]) * one_minus_b1;
        float vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
        m[i] = mi;
        v[i] = vi;
        float w2 = w1 - (mi * alpha) / (sqrtf(vi) + eps);
        float d = w2 - wi;
        delta[i] = d;
        w[i] = wi + d;
    }
}

/* Runs RULE(lo, hi, ...) over each row of the block (offset + r*stride,
 * width elements, r < n_rows) as a bulk of whole vector blocks plus a tail. */
#define NN_OPT_RUN(rule, ...)                                                           \
    do {                                                                                \
        for (size_t r_ = 0; r_ < n_rows; r_++) {                                        \
            size_t lo_ = offset + r_ * stride, nb_ = width / NN_OPT_BLOCK;              \
            for (size_t b_ = 0; b_ < nb_; b_++)                                         \
                rule(lo_ + b_ * NN_OPT_BLOCK, lo_ + b_ * NN_OPT_BLOCK + NN_OPT_BLOCK,   \
                     __VA_ARGS__);                                                      \
            rule(lo_ + nb_ * NN_OPT_BLOCK, lo_ + width, __VA_ARGS__);                   \
        }                                                                               \
    } while (0)

/* One update of all n parameters, then iterations++. */
void nn_opt_step(nn_Optimizer *opt, float *w, const float *g, float *delta)
{
    nn_opt_step_block(opt, w, g, delta, 0, 1, 0, opt->n);
    nn_opt_finish_step(opt);
}

void nn_opt_step_range(nn_Optimizer *opt, float *w, const float *g, float *delta, size_t begin,
                       size_t end)
{
    assert(begin <= end);
    nn_opt_step_block(opt, w, g, delta, begin, 1, 0, end - begin);
}

void nn_opt_finish_step(nn_Optimizer *opt)
{
    opt->iterations++;
}

/* The update of a block of parameters without counting the step.
 * lr = schedule(iterations) (0-based, as Keras evaluates its schedule at
 * optimizer.iterations before incrementing it). w, g, delta and the slots
 * must not overlap. No allocation. Built for AVX-512, AVX2 and the baseline
 * and picked at load time; no fused multiply-add is formed (ISO C mode), so
 * every build gives the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                          \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void nn_opt_step_block(nn_Optimizer *opt, float *w, const float *g, float *delta, size_t offset,
                       size_t n_rows, size_t stride, size_t width)
{
    assert(opt && w && g && delta);
    assert(n_rows == 0 || offset + (n_rows - 1) * stride + width <= opt->n);
    const nn_OptConfig *c = &opt->cfg;
    const double lr = nn_schedule_lr(&c->schedule, (double)c->lr, opt->iterations);
    const float lrf = (float)lr;
    const float eps = c->epsilon;

    switch (c->kind) {
    case NN_OPT_SGD:
        NN_OPT_RUN(sgd_range, w, g, delta, lrf);
        break;
    case NN_OPT_MOMENTUM:
        assert(opt->slot[0]);
        NN_OPT_RUN(momentum_range, w, g, delta, opt->slot[0], lrf, c->momentum);
        break;
    case NN_OPT_NESTEROV:
        assert(opt->slot[0]);
        NN_OPT_RUN(nesterov_range, w, g, delta, opt->slot[0], lrf, c->momentum);
        break;
    case NN_OPT_ADAGRAD:
        assert(opt->slot[0]);
        NN_OPT_RUN(adagrad_range, w, g, delta, opt->slot[0], lrf, eps);
        break;
    case NN_OPT_RMSPROP: {
        assert(opt->slot[0]);
        const float rho = c->rho;
        const float omr = (float)(1.0 - (double)rho);
        /* the momentum slot exists iff the optimizer was created with
         * momentum > 0, as Keras decides at build time */
        if (opt->slot[1])
            NN_OPT_RUN(rmsprop_momentum_range, w, g, delta, opt->slot[0], opt->slot[1], lrf,
                       rho, omr, eps, c->momentum);
        else
            NN_OPT_RUN(rmsprop_range, w, g, delta, opt->slot[0], lrf, rho, omr, eps);
        break;
    }
    case NN_OPT_ADAM:
    case NN_OPT_ADAMW: {
        assert(opt->slot[0] && opt->slot[1]);
        const double b1 = (double)c->beta1, b2 = (double)c->beta2;
        const double t = (double)(opt->iterations + 1);
        const double alpha = lr * sqrt(1.0 - pow(b2, t)) / (1.0 - pow(b1, t));
        const float af = (float)alpha;
        const float omb1 = (float)(1.0 - b1), omb2 = (float)(1.0 - b2);
        if (c->kind == NN_OPT_ADAM)
            NN_OPT_RUN(adam_range, w, g, delta, opt->slot[0], opt->slot[1], af, omb1, omb2,
                       eps);
        else
            NN_OPT_RUN(adamw_range, w, g, delta, opt->slot[0], opt->slot[1], lrf,
                       c->weight_decay, af, omb1, omb2, eps);
        break;
    }
    case NN_OPT_COUNT:
        assert(0 && "invalid optimizer kind");
        return;
    }
}
