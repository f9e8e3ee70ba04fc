/* test_optimizer.c - the Keras 3 update rules, defaults, schedules and checks.
 *
 * Every optimizer is run for three steps on five parameters with a different
 * gradient each step (negative and zero entries included) and compared with
 * a reference written out again here, in double, straight from
 * ../shared/FORMULAS.md (it shares no code with the engine). For every kind
 * the final weights are also compared with literal numbers computed offline
 * with python3 in double from the same formulas with decimal hyperparameters
 * (the script is at the bottom of this comment), so a misreading shared by the
 * engine and the reference above cannot pass.
 *
 *     import math
 *     w0 = [0.5, -0.3, 0.0, 1.2, -2.0]
 *     G = [[0.1, -0.2, 0.0, 0.7, -1.5], [-0.3, 0.05, 0.4, 0.0, 2.0],
 *          [0.2, 0.0, -0.6, -0.1, 0.3]]
 *     def run(kind, lr, mu=0.0, rho=0.9, b1=0.9, b2=0.999, eps=1e-7, acc0=0.1, wd=0.0):
 *         w = list(w0); s0 = [acc0 if kind == 'adagrad' else 0.0] * 5; s1 = [0.0] * 5
 *         for t, g in enumerate(G, start=1):
 *             for i in range(5):
 *                 gi = g[i]
 *                 if kind == 'sgd': w[i] -= lr * gi
 *                 elif kind == 'momentum': s0[i] = mu * s0[i] - lr * gi; w[i] += s0[i]
 *                 elif kind == 'nesterov':
 *                     s0[i] = mu * s0[i] - lr * gi; w[i] += mu * s0[i] - lr * gi
 *                 elif kind == 'adagrad':
 *                     s0[i] += gi * gi; w[i] -= lr * gi / math.sqrt(s0[i] + eps)
 *                 elif kind == 'rmsprop':
 *                     s0[i] = rho * s0[i] + (1 - rho) * gi * gi
 *                     if mu > 0:
 *                         s1[i] = mu * s1[i] + lr * gi / math.sqrt(s0[i] + eps); w[i] -= s1[i]
 *                     else: w[i] -= lr * gi / math.sqrt(s0[i] + eps)
 *                 else:  # adam, adamw
 *                     if kind == 'adamw': w[i] -= w[i] * wd * lr
 *                     s0[i] += (gi - s0[i]) * (1 - b1); s1[i] += (gi * gi - s1[i]) * (1 - b2)
 *                     a = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
 *                     w[i] -= a * s0[i] / (math.sqrt(s1[i]) + eps)
 *         return w
 */
#include "test_util.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"

/* ------------------------------------------------------------------------ */
/* Counting allocations (glibc, not under a sanitizer, which owns malloc)    */
/* ------------------------------------------------------------------------ */

#include "alloc_count.h"

/* ------------------------------------------------------------------------ */
/* Fixtures                                                                 */
/* ------------------------------------------------------------------------ */

#define N5 5
#define STEPS 3

static const float W0[N5] = {0.5f, -0.3f, 0.0f, 1.2f, -2.0f};
static const float G[STEPS][N5] = {
    {0.1f, -0.2f, 0.0f, 0.7f, -1.5f},
    {-0.3f, 0.05f, 0.4f, 0.0f, 2.0f},
    {0.2f, 0.0f, -0.6f, -0.1f, 0.3f},
};

/* |actual - expected| <= abs_tol + rel_tol * |expected| */
#define assert_near(actual, expected, abs_tol, rel_tol)                                   \
    do {                                                                                  \
        double en_ = (double)(expected);                                                  \
        assert_close((actual), en_, (abs_tol) + (rel_tol) * fabs(en_));                   \
    } while (0)

static nn_OptConfig config(nn_OptKind kind)
{
    nn_OptConfig c;
    nn_opt_config_default(&c, kind);
    return c;
}

static nn_Optimizer *make(const nn_OptConfig *c, size_t n)
{
    nn_Optimizer *opt = NULL;
    char err[256] = "";
    nn_Status st = nn_opt_create(&opt, c, n, err, sizeof err);
    if (st != NN_OK)
        print_error("nn_opt_create: %s\n", err);
    assert_int_equal(st, NN_OK);
    assert_non_null(opt);
    return opt;
}

/* w_new == w_old + delta, evaluated in float */
static void assert_delta_exact(const float *w_new, const float *w_old, const float *delta,
                               size_t n)
{
    for (size_t i = 0; i < n; i++) {
        volatile float sum = w_old[i];
        sum += delta[i];
        if (w_new[i] != sum) {
            print_error("w[%zu]: new %.9g != old %.9g + delta %.9g = %.9g\n", i,
                        (double)w_new[i], (double)w_old[i], (double)delta[i], (double)sum);
            fail();
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Reference in double, written from FORMULAS.md                             */
/* ------------------------------------------------------------------------ */

typedef struct {
    double w[N5];     /* parameters */
    double s0[N5];    /* v / A / s / m */
    double s1[N5];    /* RMSprop momentum m / Adam v */
    double delta[N5]; /* change made by the last step */
    int t;            /* updates done */
} Ref;

static void ref_init(Ref *r, const nn_OptConfig *c)
{
    memset(r, 0, sizeof *r);
    for (int i = 0; i < N5; i++) {
        r->w[i] = W0[i];
        r->s0[i] = c->kind == NN_OPT_ADAGRAD ? (double)c->initial_accumulator : 0.0;
    }
}

static void ref_step(Ref *r, const nn_OptConfig *c, const float *gf)
{
    const double lr = c->lr, mu = c->momentum, rho = c->rho, eps = c->epsilon;
    const double b1 = c->beta1, b2 = c->beta2, wd = c->weight_decay;
    r->t++;
    const int t = r->t;
    for (int i = 0; i < N5; i++) {
        const double g = gf[i];
        const double old = r->w[i];
        double w = old;
        switch (c->kind) {
        case NN_OPT_SGD: /* w -= lr g */
            w -= lr * g;
            break;
        case NN_OPT_MOMENTUM: /* v = mu v - lr g; w += v */
            r->s0[i] = mu * r->s0[i] - lr * g;
            w += r->s0[i];
            break;
        case NN_OPT_NESTEROV: /* v = mu v - lr g; w += mu v - lr g */
            r->s0[i] = mu * r->s0[i] - lr * g;
            w += mu * r->s0[i] - lr * g;
            break;
        case NN_OPT_ADAGRAD: /* A += g^2; w -= lr g / sqrt(A + eps) */
            r->s0[i] += g * g;
            w -= lr * g / sqrt(r->s0[i] + eps);
            break;
        case NN_OPT_RMSPROP: /* s = rho s + (1-rho) g^2; ... */
            r->s0[i] = rho * r->s0[i] + (1.0 - rho) * g * g;
            if (mu > 0.0) { /* m = mu m + lr g / sqrt(s + eps); w -= m */
                r->s1[i] = mu * r->s1[i] + lr * g / sqrt(r->s0[i] + eps);
                w -= r->s1[i];
            } else { /* w -= lr g / sqrt(s + eps) */
                w -= lr * g / sqrt(r->s0[i] + eps);
            }
            break;
        case NN_OPT_ADAMW: /* first w -= w wd lr, then the Adam step */
            w -= w * wd * lr;
            /* fall through */
        case NN_OPT_ADAM: { /* m += (g-m)(1-b1); v += (g^2-v)(1-b2); w -= a m/(sqrt v + eps) */
            r->s0[i] += (g - r->s0[i]) * (1.0 - b1);
            r->s1[i] += (g * g - r->s1[i]) * (1.0 - b2);
            double a = lr * sqrt(1.0 - pow(b2, t)) / (1.0 - pow(b1, t));
            w -= a * r->s0[i] / (sqrt(r->s1[i]) + eps);
            break;
        }
        case NN_OPT_COUNT:
            fail();
        }
        r->w[i] = w;
        r->delta[i] = w - old;
    }
}

/* Runs STEPS updates of cfg on W0 with G, checking weights, deltas and state
 * against the reference after every step; leaves the final weights in w. */
static void run_against_reference(const nn_OptConfig *cfg, float w[N5])
{
    nn_Optimizer *opt = make(cfg, N5);
    Ref r;
    ref_init(&r, cfg);
    memcpy(w, W0, sizeof W0);
    float delta[N5];
    int has_s1 = cfg->kind == NN_OPT_ADAM || cfg->kind == NN_OPT_ADAMW ||
                 (cfg->kind == NN_OPT_RMSPROP && cfg->momentum > 0.0f);
    for (int step = 0; step < STEPS; step++) {
        float before[N5];
        memcpy(before, w, sizeof before);
        assert_int_equal(opt->iterations, step);
        nn_opt_step(opt, w, G[step], delta);
        ref_step(&r, cfg, G[step]);
        assert_int_equal(opt->iterations, step + 1);
        assert_delta_exact(w, before, delta, N5);
        for (int i = 0; i < N5; i++) {
            assert_near(w[i], r.w[i], 1e-6, 0.0);
            assert_near(delta[i], r.delta[i], 3e-7, 1e-5);
            if (cfg->kind != NN_OPT_SGD)
                assert_near(opt->slot[0][i], r.s0[i], 1e-12, 1e-5);
            if (has_s1)
                assert_near(opt->slot[1][i], r.s1[i], 1e-12, 1e-5);
        }
    }
    nn_opt_destroy(opt);
}

/* Literal final weights, from the python3 script at the top of this file. */
static void assert_final(const float w[N5], const double expected[N5])
{
    for (int i = 0; i < N5; i++)
        assert_near(w[i], expected[i], 1e-6, 0.0);
}

/* ------------------------------------------------------------------------ */
/* Update rules                                                             */
/* ------------------------------------------------------------------------ */

static void test_sgd(void **state)
{
    (void)state;
    static const double expected[N5] = {0.5, -0.29849999999999999, 0.002, 1.194, -2.008};
    nn_OptConfig c = config(NN_OPT_SGD);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_momentum(void **state)
{
    (void)state;
    static const double expected[N5] = {0.50098999999999994, -0.29552999999999996,
                                        -0.0016000000000000003, 1.1820300000000001,
                                        -2.0003500000000001};
    nn_OptConfig c = config(NN_OPT_MOMENTUM);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_nesterov(void **state)
{
    (void)state;
    static const double expected[N5] = {0.50089099999999998, -0.29447699999999993,
                                        0.00055999999999999973, 1.1778269999999997,
                                        -2.0083150000000001};
    nn_OptConfig c = config(NN_OPT_NESTEROV);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_adagrad(void **state)
{
    (void)state;
    static const double expected[N5] = {0.4999610608126055, -0.29959793089630765,
                                        -2.2463689144738147e-05, 1.1992177771344801,
                                        -1.9999334002551399};
    nn_OptConfig c = config(NN_OPT_ADAGRAD);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_rmsprop(void **state)
{
    (void)state;
    static const double expected[N5] = {0.49809276578801032, -0.2976435743665572,
                                        -0.00048965801037003428, 1.1973334674603371,
                                        -1.9998184103155066};
    nn_OptConfig c = config(NN_OPT_RMSPROP);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_rmsprop_momentum(void **state)
{
    (void)state;
    static const double expected[N5] = {0.49539912973982853, -0.29296137840918324,
                                        -0.0033356990106573471, 1.1919259781792926,
                                        -1.9967298803808817};
    nn_OptConfig c = config(NN_OPT_RMSPROP);
    c.momentum = 0.9f;
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_adam(void **state)
{
    (void)state;
    static const double expected[N5] = {0.49947542897741287, -0.29816766015947366,
                                        -0.00053148913918855544, 1.1979076407164606,
                                        -1.9994181917965324};
    nn_OptConfig c = config(NN_OPT_ADAM);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

static void test_adamw(void **state)
{
    (void)state;
    static const double expected[N5] = {0.49946943502440433, -0.29816407005157503,
                                        -0.00053148616266479262, 1.1978932514542293,
                                        -1.9993941991184587};
    nn_OptConfig c = config(NN_OPT_ADAMW);
    float w[N5];
    run_against_reference(&c, w);
    assert_final(w, expected);
}

/* A bigger weight decay, so the decay term is far above float rounding. */
static void test_adamw_strong_decay(void **state)
{
    (void)state;
    nn_OptConfig c = config(NN_OPT_ADAMW);
    c.lr = 0.01f;
    c.weight_decay = 0.5f;
    float w[N5];
    run_against_reference(&c, w);
    /* the decay alone moves w[4] = -2 by +2 * 0.5 * 0.01 = 0.01 per step, so a
     * missing or doubled decay is far outside the tolerance */
    nn_OptConfig adam = c;
    adam.kind = NN_OPT_ADAM;
    float w_adam[N5];
    run_against_reference(&adam, w_adam);
    assert_true(fabsf(w[4] - w_adam[4]) > 0.025f);
}

/* AdamW equals Keras's two steps done separately in float: the decay
 * w1 = w - w*wd*lr, then an Adam update of w1. Weights stay well away from
 * zero here, so the result must match bit for bit. */
static void test_adamw_is_decay_then_adam(void **state)
{
    (void)state;
    enum { N = 21 }; /* one block of 16 and a tail of 5 */
    nn_OptConfig cw = config(NN_OPT_ADAMW);
    cw.lr = 0.01f;
    cw.weight_decay = 0.1f;
    cw.schedule.kind = NN_SCHED_EXPONENTIAL;
    cw.schedule.decay_steps = 2;
    cw.schedule.decay_rate = 0.5f;
    nn_OptConfig ca = cw;
    ca.kind = NN_OPT_ADAM;
    nn_Optimizer *ow = make(&cw, N), *oa = make(&ca, N);
    float w[N], w2[N], g[N], dw[N], da[N], before[N];
    for (int i = 0; i < N; i++) {
        w[i] = w2[i] = (i % 2 ? -1.0f : 1.0f) * (0.5f + 0.1f * (float)i);
    }
    for (int step = 0; step < 5; step++) {
        for (int i = 0; i < N; i++)
            g[i] = G[step % STEPS][i % N5] * (1.0f + 0.25f * (float)step);
        float lr = nn_opt_current_lr(ow);
        assert_true(lr == nn_opt_current_lr(oa));
        memcpy(before, w, sizeof w);
        nn_opt_step(ow, w, g, dw);
        for (int i = 0; i < N; i++)
            w2[i] = w2[i] - (w2[i] * cw.weight_decay) * lr;
        nn_opt_step(oa, w2, g, da);
        assert_delta_exact(w, before, dw, N);
        for (int i = 0; i < N; i++) {
            if (w[i] != w2[i]) {
                print_error("step %d w[%d]: adamw %.9g, decay then adam %.9g\n", step, i,
                            (double)w[i], (double)w2[i]);
                fail();
            }
        }
    }
    nn_opt_destroy(ow);
    nn_opt_destroy(oa);
}

/* Weights crossing zero: delta still applies exactly and w stays within
 * float rounding of Keras's two-step value. For w = 0x1.345d8p-14, g = -1
 * no float delta can reproduce Keras's float two-step result exactly (it is
 * one ulp away from any w + delta), so exactness of delta is what holds. */
static void test_adamw_crossing_zero(void **state)
{
    (void)state;
    enum { N = 4 };
    nn_OptConfig c = config(NN_OPT_ADAMW);
    c.lr = 0.01f;
    nn_Optimizer *opt = make(&c, N);
    float w[N] = {1e-6f, -3e-5f, 2e-9f, 0x1.345d8p-14f}, g[N] = {1.0f, -1.0f, 0.5f, -1.0f};
    float d[N], before[N];
    memcpy(before, w, sizeof w);
    nn_opt_step(opt, w, g, d);
    assert_delta_exact(w, before, d, N);
    for (int i = 0; i < N; i++) {
        double x = before[i];
        x -= x * 0.004 * 0.01;
        double step = 0.01 * sqrt(0.001) / 0.1 * (0.1 * g[i]) /
                      (sqrt(0.001 * (double)g[i] * g[i]) + 1e-7);
        assert_near(w[i], x - step, 0.0, 1e-6);
    }
    nn_opt_destroy(opt);
}

/* Keras's Adam has epsilon outside the square root and not bias-corrected;
 * with a gradient of 1e-6 the three readings differ by orders of magnitude. */
static void test_adam_epsilon_outside_sqrt(void **state)
{
    (void)state;
    nn_OptConfig c = config(NN_OPT_ADAM);
    nn_Optimizer *opt = make(&c, 1);
    float w = 0.0f, g = 1e-6f, d;
    nn_opt_step(opt, &w, &g, &d);
    /* lr sqrt(1-b2)/(1-b1) * (1-b1) g / (sqrt((1-b2) g^2) + eps) */
    assert_near(d, -0.00024025307335204227, 0.0, 1e-4);
    assert_true(fabs(d - -9.9999999500000047e-08) > 1e-4);  /* eps inside the root */
    assert_true(fabs(d - -0.00090909090909090909) > 1e-4);  /* PyTorch's placement */
    nn_opt_destroy(opt);
}

/* Adagrad and RMSprop have epsilon inside the square root. */
static void test_adagrad_rmsprop_epsilon_inside_sqrt(void **state)
{
    (void)state;
    nn_OptConfig c = config(NN_OPT_ADAGRAD);
    c.initial_accumulator = 0.0f;
    c.epsilon = 0.01f;
    nn_Optimizer *opt = make(&c, 1);
    float w = 0.0f, g = 0.1f, d;
    nn_opt_step(opt, &w, &g, &d);
    assert_near(d, -0.0007071067811865474, 0.0, 1e-5);     /* lr g / sqrt(A + eps) */
    assert_true(fabs(d - -0.00090909090909090909) > 1e-4); /* lr g / (sqrt(A) + eps) */
    nn_opt_destroy(opt);

    c = config(NN_OPT_RMSPROP);
    c.epsilon = 0.01f;
    opt = make(&c, 1);
    w = 0.0f;
    nn_opt_step(opt, &w, &g, &d);
    assert_near(d, -0.00095346258924559229, 0.0, 1e-5);    /* lr g / sqrt(s + eps) */
    assert_true(fabs(d - -0.0024025307335204214) > 1e-4);  /* lr g / (sqrt(s) + eps) */
    nn_opt_destroy(opt);
}

/* The blocked loop and its tail compute the same rule: n = 37 parameters
 * (two blocks of 16 and a tail of 5) repeating the five-parameter fixture
 * must give, element for element, the five-parameter result. */
static void test_blocks_and_tail_agree(void **state)
{
    (void)state;
    enum { N = 37 };
    for (int k = 0; k < NN_OPT_COUNT + 1; k++) {
        nn_OptConfig c = config(k < NN_OPT_COUNT ? (nn_OptKind)k : NN_OPT_RMSPROP);
        if (k == NN_OPT_COUNT)
            c.momentum = 0.9f; /* RMSprop with momentum */
        nn_Optimizer *small = make(&c, N5), *big = make(&c, N);
        float ws[N5], wb[N], gb[N], ds[N5], db[N];
        memcpy(ws, W0, sizeof ws);
        for (int i = 0; i < N; i++)
            wb[i] = W0[i % N5];
        for (int step = 0; step < STEPS; step++) {
            for (int i = 0; i < N; i++)
                gb[i] = G[step][i % N5];
            nn_opt_step(small, ws, G[step], ds);
            nn_opt_step(big, wb, gb, db);
            for (int i = 0; i < N; i++) {
                if (wb[i] != ws[i % N5] || db[i] != ds[i % N5]) {
                    print_error("%s step %d element %d: %.9g vs %.9g\n", nn_opt_name(c.kind),
                                step, i, (double)wb[i], (double)ws[i % N5]);
                    fail();
                }
            }
        }
        nn_opt_destroy(small);
        nn_opt_destroy(big);
    }
}

/* ------------------------------------------------------------------------ */
/* Defaults, names, state                                                   */
/* ------------------------------------------------------------------------ */

static void test_defaults_match_keras(void **state)
{
    (void)state;
    nn_OptConfig c = config(NN_OPT_SGD);
    assert_true(c.kind == NN_OPT_SGD && c.lr == 0.01f && c.momentum == 0.0f);
    c = config(NN_OPT_MOMENTUM);
    assert_true(c.lr == 0.01f && c.momentum == 0.9f);
    c = config(NN_OPT_NESTEROV);
    assert_true(c.lr == 0.01f && c.momentum == 0.9f);
    c = config(NN_OPT_ADAGRAD);
    assert_true(c.lr == 0.001f && c.initial_accumulator == 0.1f && c.epsilon == 1e-7f);
    c = config(NN_OPT_RMSPROP);
    assert_true(c.lr == 0.001f && c.rho == 0.9f && c.momentum == 0.0f && c.epsilon == 1e-7f);
    c = config(NN_OPT_ADAM);
    assert_true(c.lr == 0.001f && c.beta1 == 0.9f && c.beta2 == 0.999f && c.epsilon == 1e-7f);
    assert_true(c.weight_decay == 0.0f);
    c = config(NN_OPT_ADAMW);
    assert_true(c.kind == NN_OPT_ADAMW && c.lr == 0.001f && c.beta1 == 0.9f &&
                c.beta2 == 0.999f && c.epsilon == 1e-7f && c.weight_decay == 0.004f);
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        c = config((nn_OptKind)k);
        assert_int_equal(c.kind, k);
        assert_int_equal(c.schedule.kind, NN_SCHED_CONSTANT);
        char err[200];
        assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_OK);
        /* every schedule's starting values are valid too; piecewise has
         * none (Keras requires its boundaries and values) */
        for (int s = 0; s < NN_SCHED_COUNT; s++) {
            c.schedule.kind = (nn_SchedKind)s;
            assert_int_equal(nn_opt_config_validate(&c, err, sizeof err),
                             s == NN_SCHED_PIECEWISE ? NN_ERR_INVALID_ARG : NN_OK);
        }
    }
}

static void test_names(void **state)
{
    (void)state;
    static const char *const names[NN_OPT_COUNT] = {
        "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
    };
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        assert_string_equal(nn_opt_name((nn_OptKind)k), names[k]);
        nn_OptKind out = NN_OPT_COUNT;
        assert_int_equal(nn_opt_from_name(names[k], &out), 0);
        assert_int_equal(out, k);
    }
    nn_OptKind out = NN_OPT_COUNT;
    assert_int_equal(nn_opt_from_name("Adam", &out), 0);
    assert_int_equal(out, NN_OPT_ADAM);
    assert_int_equal(nn_opt_from_name("SGD", &out), 0);
    assert_int_equal(out, NN_OPT_SGD);
    assert_int_equal(nn_opt_from_name("RMSprop", &out), 0);
    assert_int_equal(out, NN_OPT_RMSPROP);
    assert_int_equal(nn_opt_from_name("AdamW", &out), 0);
    assert_int_equal(out, NN_OPT_ADAMW);
    assert_int_equal(nn_opt_from_name("Adagrad", &out), 0);
    assert_int_equal(out, NN_OPT_ADAGRAD);
    out = NN_OPT_SGD;
    assert_int_equal(nn_opt_from_name("adamx", &out), -1);
    assert_int_equal(nn_opt_from_name("", &out), -1);
    assert_int_equal(nn_opt_from_name("ada", &out), -1);
    assert_int_equal(nn_opt_from_name(NULL, &out), -1);
    assert_int_equal(out, NN_OPT_SGD); /* unchanged on failure */
    assert_string_equal(nn_opt_name(NN_OPT_COUNT), "unknown");

    static const char *const sched[NN_SCHED_COUNT] = {"constant", "step", "exponential",
                                                      "cosine", "piecewise"};
    for (int k = 0; k < NN_SCHED_COUNT; k++) {
        assert_string_equal(nn_sched_name((nn_SchedKind)k), sched[k]);
        nn_SchedKind s = NN_SCHED_COUNT;
        assert_int_equal(nn_sched_from_name(sched[k], &s), 0);
        assert_int_equal(s, k);
    }
    nn_SchedKind s = NN_SCHED_COUNT;
    assert_int_equal(nn_sched_from_name("Cosine", &s), 0);
    assert_int_equal(s, NN_SCHED_COSINE);
    assert_int_equal(nn_sched_from_name("ExponentialDecay", &s), 0);
    assert_int_equal(s, NN_SCHED_EXPONENTIAL);
    assert_int_equal(nn_sched_from_name("PiecewiseConstantDecay", &s), 0);
    assert_int_equal(s, NN_SCHED_PIECEWISE);
    assert_int_equal(nn_sched_from_name("linear", &s), -1);
    assert_int_equal(nn_sched_from_name(NULL, &s), -1);
    assert_string_equal(nn_sched_name(NN_SCHED_COUNT), "unknown");
}

static void test_slot_names(void **state)
{
    (void)state;
    assert_int_equal(nn_opt_slot_count(NN_OPT_SGD), 0);
    assert_null(nn_opt_slot_name(NN_OPT_SGD, 0));
    assert_int_equal(nn_opt_slot_count(NN_OPT_MOMENTUM), 1);
    assert_string_equal(nn_opt_slot_name(NN_OPT_MOMENTUM, 0), "velocity");
    assert_null(nn_opt_slot_name(NN_OPT_MOMENTUM, 1));
    assert_string_equal(nn_opt_slot_name(NN_OPT_NESTEROV, 0), "velocity");
    assert_int_equal(nn_opt_slot_count(NN_OPT_ADAGRAD), 1);
    assert_string_equal(nn_opt_slot_name(NN_OPT_ADAGRAD, 0), "accumulator");
    assert_int_equal(nn_opt_slot_count(NN_OPT_RMSPROP), 2);
    assert_string_equal(nn_opt_slot_name(NN_OPT_RMSPROP, 0), "mean square");
    assert_string_equal(nn_opt_slot_name(NN_OPT_RMSPROP, 1), "momentum");
    for (int k = NN_OPT_ADAM; k <= NN_OPT_ADAMW; k++) {
        assert_int_equal(nn_opt_slot_count((nn_OptKind)k), 2);
        assert_string_equal(nn_opt_slot_name((nn_OptKind)k, 0), "m");
        assert_string_equal(nn_opt_slot_name((nn_OptKind)k, 1), "v");
        assert_null(nn_opt_slot_name((nn_OptKind)k, 2));
        assert_null(nn_opt_slot_name((nn_OptKind)k, -1));
    }
    assert_int_equal(nn_opt_slot_count(NN_OPT_COUNT), 0);
    assert_null(nn_opt_slot_name(NN_OPT_COUNT, 0));
}

static void test_create_slots_and_initial_values(void **state)
{
    (void)state;
    enum { N = 19 };
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_OptConfig c = config((nn_OptKind)k);
        nn_Optimizer *opt = make(&c, N);
        assert_int_equal(opt->n, N);
        assert_int_equal(opt->iterations, 0);
        int want = nn_opt_slot_count(c.kind);
        if (c.kind == NN_OPT_RMSPROP)
            want = 1; /* no momentum slot when momentum is 0, as in Keras */
        for (int s = 0; s < 2; s++) {
            if (s >= want) {
                assert_null(opt->slot[s]);
                continue;
            }
            assert_non_null(opt->slot[s]);
            float v0 = c.kind == NN_OPT_ADAGRAD ? 0.1f : 0.0f;
            for (int i = 0; i < N; i++)
                assert_true(opt->slot[s][i] == v0);
        }
        nn_opt_destroy(opt);
    }
    nn_OptConfig c = config(NN_OPT_RMSPROP);
    c.momentum = 0.5f;
    nn_Optimizer *opt = make(&c, N);
    assert_non_null(opt->slot[0]);
    assert_non_null(opt->slot[1]);
    nn_opt_destroy(opt);
    nn_opt_destroy(NULL);
}

static void test_create_errors(void **state)
{
    (void)state;
    char err[200];
    static nn_Optimizer sentinel; /* *out must be set to NULL on failure */
    nn_OptConfig c = config(NN_OPT_ADAM);
    nn_Optimizer *opt = &sentinel;
    assert_int_equal(nn_opt_create(&opt, &c, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(opt);
    assert_non_null(strstr(err, "n = 0"));
    c.beta1 = 1.0f;
    opt = &sentinel;
    assert_int_equal(nn_opt_create(&opt, &c, 4, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(opt);
    assert_non_null(strstr(err, "beta_1"));
    assert_int_equal(nn_opt_create(NULL, &c, 4, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_opt_create(&opt, NULL, 4, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(opt);
    c = config(NN_OPT_ADAM);
    assert_int_equal(nn_opt_create(&opt, &c, ((size_t)-1) / 2, NULL, 0), NN_ERR_INVALID_ARG);
    assert_null(opt);
}

static void test_iterations_and_reset(void **state)
{
    (void)state;
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_OptConfig c = config((nn_OptKind)k);
        nn_Optimizer *a = make(&c, N5), *fresh = make(&c, N5);
        float w[N5], d[N5], wf[N5], df[N5];
        memcpy(w, W0, sizeof w);
        for (int step = 0; step < STEPS; step++)
            nn_opt_step(a, w, G[step], d);
        assert_int_equal(a->iterations, STEPS);
        nn_opt_reset(a);
        assert_int_equal(a->iterations, 0);
        for (int s = 0; s < 2; s++) {
            if (!a->slot[s])
                continue;
            for (int i = 0; i < N5; i++)
                assert_true(a->slot[s][i] == (c.kind == NN_OPT_ADAGRAD ? 0.1f : 0.0f));
        }
        /* after a reset the next step is the first step again (Adam's t = 1) */
        memcpy(w, W0, sizeof w);
        memcpy(wf, W0, sizeof wf);
        nn_opt_step(a, w, G[1], d);
        nn_opt_step(fresh, wf, G[1], df);
        assert_memory_equal(w, wf, sizeof w);
        assert_memory_equal(d, df, sizeof d);
        assert_int_equal(a->iterations, 1);
        nn_opt_destroy(a);
        nn_opt_destroy(fresh);
    }
}

/* ------------------------------------------------------------------------ */
/* Schedules                                                                */
/* ------------------------------------------------------------------------ */

static nn_Schedule sched(nn_SchedKind kind, int64_t steps, float rate, int staircase,
                         float alpha)
{
    nn_Schedule s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.decay_steps = steps;
    s.decay_rate = rate;
    s.staircase = staircase;
    s.alpha = alpha;
    return s;
}

#define assert_lr(s, t, expected) assert_near(nn_schedule_lr(&(s), 0.1, (t)), (expected), 0.0, 1e-7)

static void test_schedule_constant(void **state)
{
    (void)state;
    nn_Schedule s = sched(NN_SCHED_CONSTANT, 0, 0.0f, 0, 0.0f);
    assert_lr(s, 0, 0.1);
    assert_lr(s, 12345, 0.1);
}

static void test_schedule_step(void **state)
{
    (void)state;
    nn_Schedule s = sched(NN_SCHED_STEP, 10, 0.5f, 0, 0.0f);
    assert_lr(s, 0, 0.1);
    assert_lr(s, 9, 0.1);
    assert_lr(s, 10, 0.05);
    assert_lr(s, 19, 0.05);
    assert_lr(s, 25, 0.025);
    assert_lr(s, 100, 9.7656250000000005e-05);
}

static void test_schedule_exponential(void **state)
{
    (void)state;
    nn_Schedule s = sched(NN_SCHED_EXPONENTIAL, 10, 0.5f, 0, 0.0f);
    assert_lr(s, 0, 0.1);
    assert_lr(s, 5, 0.070710678118654766); /* 0.1 * 0.5^0.5 */
    assert_lr(s, 10, 0.05);
    assert_lr(s, 25, 0.017677669529663691); /* 0.1 * 0.5^2.5 */
    s.staircase = 1;
    assert_lr(s, 0, 0.1);
    assert_lr(s, 5, 0.1);
    assert_lr(s, 9, 0.1);
    assert_lr(s, 10, 0.05);
    assert_lr(s, 25, 0.025);
}

static void test_schedule_cosine(void **state)
{
    (void)state;
    nn_Schedule s = sched(NN_SCHED_COSINE, 100, 0.0f, 0, 0.0f);
    assert_lr(s, 0, 0.1);
    assert_lr(s, 25, 0.085355339059327379);
    assert_lr(s, 50, 0.05);
    assert_lr(s, 75, 0.014644660940672627);
    assert_near(nn_schedule_lr(&s, 0.1, 100), 0.0, 1e-15, 0.0);
    assert_near(nn_schedule_lr(&s, 0.1, 250), 0.0, 1e-15, 0.0);
    s.alpha = 0.2f;
    assert_lr(s, 0, 0.1);
    assert_lr(s, 25, 0.08828427124746191);
    assert_lr(s, 50, 0.06);
    assert_lr(s, 100, 0.02);
    assert_lr(s, 150, 0.02);
    assert_lr(s, 1000000, 0.02);
}

/* Keras's PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1]) as its
 * docstring states it: values[0] while step <= boundaries[0], values[i] while
 * boundaries[i-1] < step <= boundaries[i], values[-1] once step > the last
 * boundary. The boundary step itself still has the earlier value. lr0 (0.1
 * in assert_lr) is not used: the values are the learning rates. */
static void test_schedule_piecewise(void **state)
{
    (void)state;
    nn_Schedule s = sched(NN_SCHED_PIECEWISE, 0, 0.0f, 0, 0.0f);
    s.n_boundaries = 2;
    s.boundaries[0] = 100000;
    s.boundaries[1] = 110000;
    s.values[0] = 1.0f;
    s.values[1] = 0.5f;
    s.values[2] = 0.125f;
    assert_lr(s, 0, 1.0);
    assert_lr(s, 99999, 1.0);
    assert_lr(s, 100000, 1.0);  /* at the boundary: still values[0] */
    assert_lr(s, 100001, 0.5);  /* after it */
    assert_lr(s, 109999, 0.5);
    assert_lr(s, 110000, 0.5);
    assert_lr(s, 110001, 0.125);
    assert_lr(s, 1000000000, 0.125);
    /* not a staircase of a factor: rates may go up as well as down */
    s.n_boundaries = 1;
    s.boundaries[0] = 0;
    s.values[0] = 0.25f;
    s.values[1] = 2.0f;
    assert_lr(s, 0, 0.25);
    assert_lr(s, 1, 2.0);
    /* an optimizer steps with it: the first update uses t = 0 */
    nn_OptConfig c;
    nn_opt_config_default(&c, NN_OPT_SGD);
    c.schedule = s;
    c.schedule.boundaries[0] = 1;
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &c, 1, NULL, 0), NN_OK);
    float w = 1.0f, g = 1.0f, d;
    nn_opt_step(opt, &w, &g, &d); /* t = 0: lr 0.25 */
    assert_true(w == 0.75f);
    nn_opt_step(opt, &w, &g, &d); /* t = 1 = boundary: still 0.25 */
    assert_true(w == 0.5f);
    assert_true(nn_opt_current_lr(opt) == 2.0f); /* t = 2: after the boundary */
    nn_opt_step(opt, &w, &g, &d);
    assert_true(w == -1.5f);
    nn_opt_destroy(opt);
}

static void test_schedule_piecewise_validate(void **state)
{
    (void)state;
    nn_OptConfig c;
    nn_opt_config_default(&c, NN_OPT_ADAM);
    char err[200];
    c.schedule = sched(NN_SCHED_PIECEWISE, 0, 0.0f, 0, 0.0f); /* no boundaries */
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "boundaries"));
    c.schedule.n_boundaries = 2;
    c.schedule.boundaries[0] = 10;
    c.schedule.boundaries[1] = 10; /* not increasing */
    c.schedule.values[0] = c.schedule.values[1] = c.schedule.values[2] = 0.1f;
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "increasing"));
    c.schedule.boundaries[1] = 20;
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_OK); /* decay_steps unused */
    c.schedule.values[2] = 0.0f;
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "value 3"));
    c.schedule.values[2] = 0.01f;
    c.schedule.boundaries[0] = -1;
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_ERR_INVALID_ARG);
    c.schedule.boundaries[0] = 0;
    c.schedule.n_boundaries = NN_SCHED_MAX_BOUNDARIES + 1;
    assert_int_equal(nn_opt_config_validate(&c, err, sizeof err), NN_ERR_INVALID_ARG);
}

/* The first update uses the schedule at t = 0 (Keras's optimizer.iterations
 * before the increment), and nn_opt_current_lr tells the next one. */
static void test_step_uses_scheduled_lr(void **state)
{
    (void)state;
    nn_OptConfig c = config(NN_OPT_SGD);
    c.lr = 0.1f;
    c.schedule = sched(NN_SCHED_STEP, 2, 0.5f, 0, 0.0f);
    nn_Optimizer *opt = make(&c, 1);
    static const double lrs[6] = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025};
    float w = 0.0f, g = 1.0f, d;
    for (int t = 0; t < 6; t++) {
        assert_near(nn_opt_current_lr(opt), lrs[t], 0.0, 1e-7);
        nn_opt_step(opt, &w, &g, &d);
        assert_near(d, -lrs[t], 0.0, 1e-7);
    }
    nn_opt_destroy(opt);

    /* Adam: alpha = lr_t * sqrt(1 - b2^(t+1)) / (1 - b1^(t+1)) with lr_t from
     * the cosine schedule at t; a constant gradient keeps m/(sqrt(v)) at 1 */
    c = config(NN_OPT_ADAM);
    c.lr = 0.01f;
    c.epsilon = 1e-30f;
    c.schedule = sched(NN_SCHED_COSINE, 4, 0.0f, 0, 0.0f);
    opt = make(&c, 1);
    w = 0.0f;
    g = 0.5f;
    double m = 0.0, v = 0.0;
    for (int t = 0; t < 4; t++) {
        nn_opt_step(opt, &w, &g, &d);
        double lr = 0.01 * 0.5 * (1.0 + cos(3.14159265358979323846 * t / 4.0));
        m += (0.5 - m) * (1.0 - 0.9);
        v += (0.25 - v) * (1.0 - 0.999);
        double a = lr * sqrt(1.0 - pow(0.999, t + 1)) / (1.0 - pow(0.9, t + 1));
        assert_near(d, -a * m / sqrt(v), 1e-12, 1e-5);
    }
    nn_opt_destroy(opt);
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */
/* ------------------------------------------------------------------------ */

static void expect_invalid(const nn_OptConfig *c, const char *name)
{
    char err[256] = "";
    nn_Status st = nn_opt_config_validate(c, err, sizeof err);
    if (st != NN_ERR_INVALID_ARG || !strstr(err, name)) {
        print_error("expected a message naming %s, got status %d: \"%s\"\n", name, (int)st,
                    err);
        fail();
    }
    assert_null(strchr(err, '\n'));
    /* a NULL buffer is allowed */
    assert_int_equal(nn_opt_config_validate(c, NULL, 0), NN_ERR_INVALID_ARG);
}

static void expect_valid(const nn_OptConfig *c)
{
    char err[256] = "";
    nn_Status st = nn_opt_config_validate(c, err, sizeof err);
    if (st != NN_OK)
        print_error("unexpected: %s\n", err);
    assert_int_equal(st, NN_OK);
}

static void test_validate(void **state)
{
    (void)state;
    const float bad_lr[] = {0.0f, -0.01f, NAN, INFINITY};
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        for (size_t j = 0; j < sizeof bad_lr / sizeof bad_lr[0]; j++) {
            nn_OptConfig c = config((nn_OptKind)k);
            c.lr = bad_lr[j];
            expect_invalid(&c, "learning_rate");
        }
    }
    const float bad_unit[] = {1.0f, -0.1f, 1.5f, NAN, INFINITY};
    for (size_t j = 0; j < sizeof bad_unit / sizeof bad_unit[0]; j++) {
        nn_OptConfig c = config(NN_OPT_MOMENTUM);
        c.momentum = bad_unit[j];
        expect_invalid(&c, "momentum");
        c = config(NN_OPT_NESTEROV);
        c.momentum = bad_unit[j];
        expect_invalid(&c, "momentum");
        c = config(NN_OPT_RMSPROP);
        c.momentum = bad_unit[j];
        expect_invalid(&c, "momentum");
        c = config(NN_OPT_RMSPROP);
        c.rho = bad_unit[j];
        expect_invalid(&c, "rho");
        c = config(NN_OPT_ADAM);
        c.beta1 = bad_unit[j];
        expect_invalid(&c, "beta_1");
        c = config(NN_OPT_ADAMW);
        c.beta2 = bad_unit[j];
        expect_invalid(&c, "beta_2");
    }
    const float bad_eps[] = {0.0f, -1e-7f, NAN, INFINITY};
    const nn_OptKind eps_kinds[] = {NN_OPT_ADAGRAD, NN_OPT_RMSPROP, NN_OPT_ADAM, NN_OPT_ADAMW};
    for (size_t j = 0; j < sizeof bad_eps / sizeof bad_eps[0]; j++) {
        for (size_t k = 0; k < sizeof eps_kinds / sizeof eps_kinds[0]; k++) {
            nn_OptConfig c = config(eps_kinds[k]);
            c.epsilon = bad_eps[j];
            expect_invalid(&c, "epsilon");
        }
    }
    nn_OptConfig c = config(NN_OPT_ADAGRAD);
    c.initial_accumulator = -0.1f;
    expect_invalid(&c, "initial_accumulator_value");
    c.initial_accumulator = NAN;
    expect_invalid(&c, "initial_accumulator_value");
    c = config(NN_OPT_ADAMW);
    c.weight_decay = -0.004f;
    expect_invalid(&c, "weight_decay");
    c.weight_decay = INFINITY;
    expect_invalid(&c, "weight_decay");
    c = config(NN_OPT_SGD);
    c.kind = NN_OPT_COUNT;
    expect_invalid(&c, "optimizer");

    /* schedules */
    c = config(NN_OPT_SGD);
    c.schedule = sched(NN_SCHED_STEP, 0, 0.5f, 0, 0.0f);
    expect_invalid(&c, "decay_steps");
    c.schedule = sched(NN_SCHED_EXPONENTIAL, -3, 0.5f, 0, 0.0f);
    expect_invalid(&c, "decay_steps");
    c.schedule = sched(NN_SCHED_COSINE, 0, 0.0f, 0, 0.0f);
    expect_invalid(&c, "decay_steps");
    const float bad_rate[] = {0.0f, -0.5f, 1.5f, NAN, INFINITY};
    for (size_t j = 0; j < sizeof bad_rate / sizeof bad_rate[0]; j++) {
        c.schedule = sched(NN_SCHED_EXPONENTIAL, 10, bad_rate[j], 0, 0.0f);
        expect_invalid(&c, "decay_rate");
        c.schedule = sched(NN_SCHED_STEP, 10, bad_rate[j], 0, 0.0f);
        expect_invalid(&c, "decay_rate");
    }
    const float bad_alpha[] = {-0.1f, 1.5f, NAN};
    for (size_t j = 0; j < sizeof bad_alpha / sizeof bad_alpha[0]; j++) {
        c.schedule = sched(NN_SCHED_COSINE, 10, 0.0f, 0, bad_alpha[j]);
        expect_invalid(&c, "alpha");
    }
    c.schedule = sched(NN_SCHED_COUNT, 10, 0.5f, 0, 0.0f);
    expect_invalid(&c, "schedule");
    assert_int_equal(nn_opt_config_validate(NULL, NULL, 0), NN_ERR_INVALID_ARG);

    /* edges that are valid */
    c = config(NN_OPT_MOMENTUM);
    c.momentum = 0.0f;
    expect_valid(&c);
    c = config(NN_OPT_RMSPROP);
    c.rho = 0.0f;
    expect_valid(&c);
    c = config(NN_OPT_ADAGRAD);
    c.initial_accumulator = 0.0f;
    expect_valid(&c);
    c = config(NN_OPT_ADAMW);
    c.weight_decay = 0.0f;
    expect_valid(&c);
    c.schedule = sched(NN_SCHED_CONSTANT, 0, 0.0f, 0, 0.0f); /* needs no decay_steps */
    expect_valid(&c);
    c.schedule = sched(NN_SCHED_COSINE, 1, 0.0f, 0, 1.0f);
    expect_valid(&c);
    c.schedule = sched(NN_SCHED_EXPONENTIAL, 1, 1.0f, 1, 0.0f);
    expect_valid(&c);
}

/* ------------------------------------------------------------------------ */
/* Size                                                                     */
/* ------------------------------------------------------------------------ */

/* Four million parameters (plus a tail) for every rule: the last element is
 * updated like the first, and the step allocates nothing. */
static void test_huge_n_no_allocation(void **state)
{
    (void)state;
    const size_t n = ((size_t)1 << 22) + 5;
    float *w = malloc(n * sizeof *w), *g = malloc(n * sizeof *g), *d = malloc(n * sizeof *d);
    assert_true(w && g && d);
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_OptConfig c = config((nn_OptKind)k);
        nn_Optimizer *opt = make(&c, n), *small = make(&c, N5);
        float ws[N5], ds[N5];
        memcpy(ws, W0, sizeof ws);
        for (size_t i = 0; i < n; i++)
            w[i] = W0[i % N5];
        for (int step = 0; step < 2; step++) {
            for (size_t i = 0; i < n; i++)
                g[i] = G[step][i % N5];
#ifdef NN_TEST_COUNT_ALLOCS
            allocations = 0;
            counting = 1;
#endif
            nn_opt_step(opt, w, g, d);
#ifdef NN_TEST_COUNT_ALLOCS
            counting = 0;
            assert_int_equal(allocations, 0);
#endif
            nn_opt_step(small, ws, G[step], ds);
        }
        const size_t probe[] = {0, 1, 4, n / 2, n - 6, n - 5, n - 1};
        for (size_t j = 0; j < sizeof probe / sizeof probe[0]; j++) {
            size_t i = probe[j];
            assert_true(w[i] == ws[i % N5]);
            assert_true(d[i] == ds[i % N5]);
        }
        assert_int_equal(opt->iterations, 2);
        nn_opt_destroy(opt);
        nn_opt_destroy(small);
    }
    free(w);
    free(g);
    free(d);
}

#ifdef NN_TEST_COUNT_ALLOCS
/* The counter itself works, so a zero above means something. */
static void test_allocation_counter_counts(void **state)
{
    (void)state;
    allocations = 0;
    counting = 1;
    nn_Optimizer *opt = NULL;
    nn_OptConfig c = config(NN_OPT_ADAM);
    nn_Status st = nn_opt_create(&opt, &c, 8, NULL, 0);
    counting = 0;
    assert_int_equal(st, NN_OK);
    assert_true(allocations >= 1);
    nn_opt_destroy(opt);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sgd),
        cmocka_unit_test(test_momentum),
        cmocka_unit_test(test_nesterov),
        cmocka_unit_test(test_adagrad),
        cmocka_unit_test(test_rmsprop),
        cmocka_unit_test(test_rmsprop_momentum),
        cmocka_unit_test(test_adam),
        cmocka_unit_test(test_adamw),
        cmocka_unit_test(test_adamw_strong_decay),
        cmocka_unit_test(test_adamw_is_decay_then_adam),
        cmocka_unit_test(test_adamw_crossing_zero),
        cmocka_unit_test(test_adam_epsilon_outside_sqrt),
        cmocka_unit_test(test_adagrad_rmsprop_epsilon_inside_sqrt),
        cmocka_unit_test(test_blocks_and_tail_agree),
        cmocka_unit_test(test_defaults_match_keras),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_slot_names),
        cmocka_unit_test(test_create_slots_and_initial_values),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_iterations_and_reset),
        cmocka_unit_test(test_schedule_constant),
        cmocka_unit_test(test_schedule_step),
        cmocka_unit_test(test_schedule_exponential),
        cmocka_unit_test(test_schedule_cosine),
        cmocka_unit_test(test_schedule_piecewise),
        cmocka_unit_test(test_schedule_piecewise_validate),
        cmocka_unit_test(test_step_uses_scheduled_lr),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_huge_n_no_allocation),
#ifdef NN_TEST_COUNT_ALLOCS
        cmocka_unit_test(test_allocation_counter_counts),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
