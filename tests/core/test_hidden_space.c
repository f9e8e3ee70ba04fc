/* test_hidden_space.c - a hidden layer's space: the three steps x·W,
 * x·W + b and f(x·W + b) of two chosen units, for grid points and data
 * rows, against the products written out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/hidden_space.h"
#include "engine/activation.h"
#include "engine/rng.h"

/* A 2-3-2-1 network (tanh, relu, sigmoid) with small distinct weights. */
static nn_Model *make_model(void)
{
    nn_Arch a = {.n_layers = 3, .sizes = {2, 3, 2, 1}, .act = {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SIGMOID}};
    nn_Model *m = NULL;
    char err[128];
    assert_int_equal(nn_model_create(&m, &a, NN_LOSS_BCE, err, sizeof err), NN_OK);
    for (size_t k = 0; k < m->n_params; k++)
        m->params[k] = 0.3f * sinf(1.7f * (float)k + 0.4f);
    return m;
}

static nn_Dataset *make_data(void)
{
    nn_Rng rng;
    nn_rng_seed(&rng, 5);
    nn_Dataset *d = NULL;
    char err[128];
    assert_int_equal(nn_data_playground(&d, NN_PG_XOR, 40, 0, &rng, err, sizeof err), NN_OK);
    return d;
}

/* The hand computation: layer l's z of unit u for plane point (x1, x2). */
static double ref_z(const nn_Model *m, int layer, int u, float x1, float x2)
{
    double in[8] = {x1, x2}, out[8];
    int n_in = 2;
    for (int l = 0; l <= layer; l++) {
        int n_out = m->arch.sizes[l + 1];
        for (int j = 0; j < n_out; j++) {
            double z = m->b[l][j];
            for (int i = 0; i < n_in; i++)
                z += in[i] * m->W[l][i * n_out + j];
            if (l == layer && j == u)
                return z;
            out[j] = nn_act_scalar(m->arch.act[l], (float)z);
        }
        memcpy(in, out, sizeof out);
        n_in = n_out;
    }
    return NAN;
}

static void check_layer(const nn_Model *m, const nn_Dataset *d, app_HSpace *h, int layer, int u1,
                        int u2)
{
    const float dom[4] = {-6, 6, -6, 6};
    char err[160];
    assert_int_equal(app_hspace_compute(h, m, 0, dom, d, layer, u1, u2, err, sizeof err), 0);
    assert_int_equal(h->n_points, d->n);
    int us[2] = {u1, u2};
    /* a grid point in the middle of a line, and every data row */
    for (int pass = 0; pass < 2; pass++) {
        int n = pass ? d->n : APP_HS_GRID_POINTS;
        for (int k = 0; k < n; k += pass ? 1 : 37) {
            const float *plane = pass ? h->pts[APP_HS_PLANE] : h->grid[APP_HS_PLANE];
            float x1 = plane[2 * k], x2 = plane[2 * k + 1];
            if (pass) {
                assert_true(x1 == nn_dataset_x(d, k, 0));
                assert_true(x2 == nn_dataset_x(d, k, 1));
            }
            for (int c = 0; c < 2; c++) {
                double z = ref_z(m, layer, us[c], x1, x2);
                const float *lin = pass ? h->pts[APP_HS_LINEAR] : h->grid[APP_HS_LINEAR];
                const float *bia = pass ? h->pts[APP_HS_BIASED] : h->grid[APP_HS_BIASED];
                const float *act = pass ? h->pts[APP_HS_ACTIVATED] : h->grid[APP_HS_ACTIVATED];
                assert_float_equal(bia[2 * k + c], z, 1e-5);
                assert_float_equal(lin[2 * k + c], z - m->b[layer][us[c]], 1e-5);
                assert_float_equal(act[2 * k + c], nn_act_scalar(m->arch.act[layer], (float)z), 1e-5);
            }
        }
    }
}

static void test_stages_match_the_hand_computation(void **state)
{
    (void)state;
    nn_Model *m = make_model();
    nn_Dataset *d = make_data();
    app_HSpace h;
    memset(&h, 0, sizeof h);
    check_layer(m, d, &h, 0, 0, 2);
    check_layer(m, d, &h, 1, 1, 0); /* the second hidden layer: through the first */
    app_hspace_free(&h);
    nn_dataset_destroy(d);
    nn_model_destroy(m);
}

/* The grid covers the domain: the first line starts at its corner and the
 * last point of the last line ends at the opposite one. */
static void test_grid_spans_the_plane(void **state)
{
    (void)state;
    nn_Model *m = make_model();
    nn_Dataset *d = make_data();
    app_HSpace h;
    memset(&h, 0, sizeof h);
    const float dom[4] = {-2, 3, -1, 4};
    char err[160];
    assert_int_equal(app_hspace_compute(&h, m, 0, dom, d, 0, 0, 1, err, sizeof err), 0);
    const float *g = h.grid[APP_HS_PLANE];
    assert_float_equal(g[0], -2, 1e-6);
    assert_float_equal(g[1], -1, 1e-6);
    int last = APP_HS_GRID_POINTS - 1;
    assert_float_equal(g[2 * last], 3, 1e-6);
    assert_float_equal(g[2 * last + 1], 4, 1e-6);
    app_hspace_free(&h);
    nn_dataset_destroy(d);
    nn_model_destroy(m);
}

/* Between stages the points move linearly; at a stage they are exactly it,
 * and the box follows the stages' extents. */
static void test_interpolation(void **state)
{
    (void)state;
    nn_Model *m = make_model();
    nn_Dataset *d = make_data();
    app_HSpace h;
    memset(&h, 0, sizeof h);
    const float dom[4] = {-6, 6, -6, 6};
    char err[160];
    assert_int_equal(app_hspace_compute(&h, m, 0, dom, d, 0, 1, 2, err, sizeof err), 0);
    float x, y;
    for (int s = 0; s < APP_HS_STAGES; s++) {
        app_hspace_at(&h, 1, 3, (float)s, &x, &y);
        assert_true(x == h.pts[s][6] && y == h.pts[s][7]);
    }
    app_hspace_at(&h, 1, 3, 1.5f, &x, &y);
    assert_float_equal(x, 0.5f * (h.pts[1][6] + h.pts[2][6]), 1e-5);
    float lo[2], hi[2];
    app_hspace_box(&h, 3.0f, lo, hi);
    assert_true(lo[0] == h.lo[3][0] && hi[1] == h.hi[3][1]);
    /* the activated stage of tanh lies in [-1, 1] (plus the frame's margin) */
    assert_true(h.lo[3][0] >= -1.2f && h.hi[3][0] <= 1.2f);
    /* each stage is framed on the data: every point inside, a margin round it */
    for (int s = 0; s < APP_HS_STAGES; s++)
        for (int i = 0; i < h.n_points; i++)
            for (int c = 0; c < 2; c++) {
                assert_true(h.pts[s][2 * i + c] > h.lo[s][c]);
                assert_true(h.pts[s][2 * i + c] < h.hi[s][c]);
            }
    app_hspace_free(&h);
    nn_dataset_destroy(d);
    nn_model_destroy(m);
}

/* The guard: an output layer, a unit out of range and data off the plane
 * are refused with a message; the hand reference tells units apart. */
static void test_refusals_and_guard(void **state)
{
    (void)state;
    nn_Model *m = make_model();
    nn_Dataset *d = make_data();
    app_HSpace h;
    memset(&h, 0, sizeof h);
    const float dom[4] = {-6, 6, -6, 6};
    char err[160] = "";
    assert_int_equal(app_hspace_compute(&h, m, 0, dom, d, 2, 0, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a hidden layer"));
    assert_int_equal(app_hspace_compute(&h, m, 0, dom, d, 0, 0, 3, err, sizeof err), -1);
    assert_non_null(strstr(err, "has 3 neurons"));
    assert_true(fabs(ref_z(m, 0, 0, 1.0f, 2.0f) - ref_z(m, 0, 1, 1.0f, 2.0f)) > 1e-3);
    app_hspace_free(&h);
    nn_dataset_destroy(d);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages_match_the_hand_computation),
        cmocka_unit_test(test_grid_spans_the_plane),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_refusals_and_guard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
