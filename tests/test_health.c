/* test_health.c - training health: the figures of a small known network
 * against a direct computation in double, and the vanishing gradient of a
 * deep sigmoid network against relu. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "health.h"
#include "session.h"

/* ---- a known network: 1 -> 4 relu -> 3 sigmoid -> 1 linear, mse, 4 rows ---- */

#define ROWS 4
static const float xs[ROWS] = {-1.0f, -0.5f, 0.5f, 1.0f};
static const float ys[ROWS] = {0.3f, -0.2f, 0.9f, 0.1f};
/* relu layer: units 2 and 3 are dead (negative for every row) */
static const float W0[4] = {1.0f, -1.0f, 0.1f, -0.2f}, b0[4] = {0.0f, 0.0f, -5.0f, -3.0f};
/* sigmoid layer (4 in, 3 out): unit 0 saturates where relu unit 0 is
 * large, unit 1 never, unit 2 always */
static const float W1[4 * 3] = {20.0f, 0.3f, 0.0f, /* from relu unit 0 */
                                -2.0f, 0.5f, 1.0f, /* from relu unit 1 */
                                1.0f, 1.0f, 1.0f,  3.0f, 3.0f, 3.0f};
static const float b1[3] = {0.0f, 0.0f, -10.0f};
static const float W2[3] = {0.7f, -1.2f, 0.4f}, b2[1] = {0.05f};

static double sigm(double z) { return 1.0 / (1.0 + exp(-z)); }

typedef struct {
    double grad_norm[3];
    double dead0, saturated1;
    double a1[ROWS][3]; /* the sigmoid layer's outputs */
} Direct;

/* Forward and backward in double, written out for this network only. */
static void direct(Direct *d)
{
    double dW0[4] = {0}, dW1[12] = {0}, dW2[3] = {0};
    int active[4] = {0}, sat = 0;
    for (int r = 0; r < ROWS; r++) {
        double a0[4], z1[3], a1[3], y = b2[0];
        for (int j = 0; j < 4; j++) {
            double z = (double)xs[r] * W0[j] + b0[j];
            a0[j] = z > 0 ? z : 0;
            active[j] |= a0[j] != 0.0;
        }
        for (int k = 0; k < 3; k++) {
            z1[k] = b1[k];
            for (int j = 0; j < 4; j++)
                z1[k] += a0[j] * W1[j * 3 + k];
            a1[k] = sigm(z1[k]);
            d->a1[r][k] = a1[k];
            sat += fabs(2.0 * a1[k] - 1.0) >= 0.99;
            y += a1[k] * W2[k];
        }
        double dy = 2.0 * (y - ys[r]) / ROWS; /* mse: mean over rows of (y - t)^2 */
        double d1[3], d0[4];
        for (int k = 0; k < 3; k++) {
            dW2[k] += a1[k] * dy;
            d1[k] = dy * W2[k] * a1[k] * (1.0 - a1[k]);
        }
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                dW1[j * 3 + k] += a0[j] * d1[k];
                s += W1[j * 3 + k] * d1[k];
            }
            d0[j] = a0[j] > 0 ? s : 0.0;
            dW0[j] += xs[r] * d0[j];
        }
    }
    double n0 = 0, n1 = 0, n2 = 0;
    for (int i = 0; i < 4; i++)
        n0 += dW0[i] * dW0[i];
    for (int i = 0; i < 12; i++)
        n1 += dW1[i] * dW1[i];
    for (int i = 0; i < 3; i++)
        n2 += dW2[i] * dW2[i];
    d->grad_norm[0] = sqrt(n0), d->grad_norm[1] = sqrt(n1), d->grad_norm[2] = sqrt(n2);
    int dead = 0;
    for (int j = 0; j < 4; j++)
        dead += !active[j];
    d->dead0 = dead / 4.0;
    d->saturated1 = sat / (double)(ROWS * 3);
}

static void test_known_network(void **state)
{
    (void)state;
    char err[256];
    nn_Dataset *data = NULL;
    assert_int_equal(nn_dataset_create(&data, NN_TASK_REGRESS, ROWS, 1, 1, 0, 0, err, sizeof err),
                     NN_OK);
    memcpy(data->x, xs, sizeof xs);
    memcpy(data->y, ys, sizeof ys);
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = 1, arch.sizes[1] = 4, arch.sizes[2] = 3, arch.sizes[3] = 1;
    arch.act[0] = NN_ACT_RELU, arch.act[1] = NN_ACT_SIGMOID, arch.act[2] = NN_ACT_LINEAR;
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &arch, NN_LOSS_MSE, err, sizeof err), NN_OK);
    memcpy(m->W[0], W0, sizeof W0), memcpy(m->b[0], b0, sizeof b0);
    memcpy(m->W[1], W1, sizeof W1), memcpy(m->b[1], b1, sizeof b1);
    memcpy(m->W[2], W2, sizeof W2), memcpy(m->b[2], b2, sizeof b2);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_SGD);
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = ROWS;
    tc.threads = 1;
    nn_rng_seed(&tc.rng, 1);
    nn_Trainer *t = NULL;
    assert_int_equal(nn_trainer_create(&t, m, opt, data, &tc, err, sizeof err), NN_OK);

    nn_HealthSample h;
    assert_int_equal(nn_health_measure(t, &h), NN_ERR_INVALID_ARG); /* no batch yet */
    Direct d;
    direct(&d); /* from the weights before the update */
    assert_int_equal(nn_trainer_step_batch(t), NN_OK);
    assert_int_equal(nn_health_measure(t, &h), NN_OK);
    assert_int_equal(h.step, 1);
    assert_int_equal(h.n_layers, 3);
    for (int l = 0; l < 3; l++) {
        assert_true(d.grad_norm[l] > 1e-6); /* the check can fail: nothing is zero */
        assert_close(h.grad_norm[l], d.grad_norm[l], 1e-5 * d.grad_norm[l] + 1e-7);
    }
    assert_close(h.dead[0], 0.5, 0.0);
    assert_close(h.dead[1], 0.0, 0.0); /* not a relu layer */
    assert_true(d.saturated1 > 0.0 && d.saturated1 < 1.0);
    assert_close(h.saturated[1], d.saturated1, 1e-6);
    assert_close(h.saturated[0], 0.0, 0.0); /* relu does not saturate */
    /* the histogram of the sigmoid layer: 12 outputs over [0, 1] */
    assert_close(h.hist_lo[1], 0.0, 0.0);
    assert_close(h.hist_hi[1], 1.0, 0.0);
    double count[NN_HEALTH_BINS] = {0}, total = 0;
    for (int r = 0; r < ROWS; r++)
        for (int k = 0; k < 3; k++) {
            int b = (int)(d.a1[r][k] * NN_HEALTH_BINS);
            count[b < NN_HEALTH_BINS ? b : NN_HEALTH_BINS - 1] += 1.0 / 12.0;
        }
    for (int b = 0; b < NN_HEALTH_BINS; b++) {
        assert_close(h.hist[1][b], count[b], 1e-6);
        total += h.hist[1][b];
    }
    assert_close(total, 1.0, 1e-6);

    nn_trainer_destroy(t);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
    nn_dataset_destroy(data);
}

/* ---- vanishing gradients: 8 dense layers of sigmoid against relu ---- */

/* Median over the first batches of grad_norm[first] / grad_norm[last]. */
static double first_over_last(nn_Act act)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.samples = 200;
    e.n_hidden = 7;
    for (int l = 0; l < 7; l++) {
        e.hidden[l] = 16;
        e.hidden_act[l] = act;
    }
    e.init = NN_INIT_GLOROT_UNIFORM;
    e.epochs = 1;
    nn_Session *s = NULL;
    char err[256];
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    double r[15];
    for (int i = 0; i < 15; i++) {
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        nn_HealthSample h;
        assert_int_equal(nn_health_measure(s->trainer, &h), NN_OK);
        assert_int_equal(h.n_layers, 8);
        r[i] = h.grad_norm[0] / h.grad_norm[7];
    }
    nn_session_destroy(s);
    for (int i = 1; i < 15; i++) /* insertion sort for the median */
        for (int j = i; j > 0 && r[j] < r[j - 1]; j--) {
            double x = r[j];
            r[j] = r[j - 1], r[j - 1] = x;
        }
    return r[7];
}

static void test_deep_sigmoid_vanishes(void **state)
{
    (void)state;
    double sig = first_over_last(NN_ACT_SIGMOID), relu = first_over_last(NN_ACT_RELU);
    print_message("first/last layer gradient norm: sigmoid %.3g, relu %.3g\n", sig, relu);
    assert_true(sig < 1e-3);  /* orders of magnitude below the last layer */
    assert_true(relu > 1e-2); /* and not so for relu: the check can tell them apart */
    assert_true(relu / sig > 100.0);
}

static void test_ranges(void **state)
{
    (void)state;
    float lo, hi;
    nn_health_range(NN_ACT_TANH, -0.2f, 0.3f, &lo, &hi);
    assert_true(lo == -1.0f && hi == 1.0f);
    nn_health_range(NN_ACT_RELU, 0.0f, 4.0f, &lo, &hi);
    assert_true(lo == 0.0f && hi == 4.0f);
    nn_health_range(NN_ACT_RELU, 0.0f, 0.0f, &lo, &hi); /* all dead: still a range */
    assert_true(hi > lo);
    nn_health_range(NN_ACT_LINEAR, -3.0f, 2.0f, &lo, &hi);
    assert_true(lo == -3.0f && hi == 2.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_network),
        cmocka_unit_test(test_deep_sigmoid_vanishes),
        cmocka_unit_test(test_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
